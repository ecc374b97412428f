"""The deadline calendar and the recommendation thread on a 390 px phone (issue 10 §8)."""

import datetime as dt

import pytest
from django.utils import timezone

from nghiquyet.tasks.services import recommendation_forward, recommendation_raise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_calendar_and_recommendation_fit_a_phone(page, login, cast, make_task):
    today = timezone.localdate()
    long_title = "Hoàn thành kiện toàn tổ chức bộ máy sau sắp xếp đơn vị hành chính " * 3
    task = make_task("NV-LICH", today - dt.timedelta(days=10), today, title=long_title)
    rec = recommendation_raise(
        actor=cast.root, unit=cast.cell, title="Thiếu kinh phí", text="Chi bộ thiếu kinh phí"
    )
    recommendation_forward(actor=cast.root, recommendation=rec, text="Kính chuyển Tỉnh ủy")
    page.set_viewport_size(PHONE)
    login("xa")
    page.goto(page.base_url + "/nhiem-vu/lich/")
    link = page.get_by_role("link", name="NV-LICH", exact=False)
    assert link.is_visible() and "hôm nay" in page.locator("ol.calendar").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    link.click()
    page.wait_for_url(f"**/nhiem-vu/{task.pk}/**")
    page.goto(f"{page.base_url}/nhiem-vu/kien-nghi/{rec.pk}/")
    thread = page.locator("main").inner_text()
    assert "Kiến nghị" in thread and "Chuyển cấp trên" in thread
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
