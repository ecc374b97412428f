"""The requirements heat map in Chromium: the leader reads each status in words, drills from a
cell into the commune and keeps the period and the document (issue 12, item 5)."""

import pytest

from nghiquyet.documents.tests.conftest import make_doc, terms  # noqa: F401  # shared fixtures
from nghiquyet.web.tests.test_dashboard_compliance import resolution  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_drills_from_the_province_heat_map_into_a_commune(page, login, resolution):  # noqa: F811
    login("tinhuy")
    page.goto(page.base_url + "/ket-qua/T-DT/ban-do-nhiet/?ky=2025")
    page.get_by_role("link", name="Yêu cầu", exact=True).click()
    page.wait_for_load_state()
    page.get_by_label("Văn bản").select_option(str(resolution.pk))
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    table = page.locator("table.heat-req")
    assert "Quá hạn" in table.inner_text() and "1/2 đơn vị · 1 quá hạn" in table.inner_text()
    page.locator("td.heat-qua_han a", has_text="1/2 đơn vị").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/ket-qua/P-CL/ban-do-nhiet/yeu-cau/?ky=2025&van_ban={resolution.pk}")
    assert "Bản đồ nhiệt thực hiện yêu cầu — Đảng ủy phường Cao Lãnh" in page.content()
    assert page.locator("td.heat-tre_han").inner_text().startswith("Trễ hạn")
    # A phone shows the page without scrolling sideways (the table scrolls inside its card).
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
