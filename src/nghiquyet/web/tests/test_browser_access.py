"""In Chromium: a read-only user is offered no write action on any page, and the start page and
the data-entry grid work on a 390 px phone (issue 9 §6)."""

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from nghiquyet.web.tests.walk import local_path, offers_in, personal_paths, walk
from nghiquyet.web.work import latest_ended

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# The elements that reach past the right edge of the screen, to say what overflows.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"""


def _browser_fetch(page):
    def fetch(path: str) -> tuple[int, str]:
        try:
            response = page.goto(page.base_url + path)
        except PlaywrightError as error:
            # A file link (an Excel or DOCX export) starts a download instead of a page: its
            # status is what counts, read without the browser's navigation.
            if "Download is starting" not in str(error):
                raise
            return page.request.get(page.base_url + path).status, ""
        status = response.status if response else 0
        return status, page.content() if status == 200 else ""

    return fetch


def test_read_only_leader_walks_every_page_and_meets_no_refusal(page, login, commune_form):
    """lanhdao opens every page reachable from the navigation (and the detail pages its lists
    link to, two of each kind); no page answers 403, no link, form or htmx address on them
    answers 403, and no page holds a form that would write."""
    login("lanhdao")
    personal = personal_paths()
    pages, refused, writes = 0, [], []
    for path, status, offers in walk(_browser_fetch(page), per_shape=2, limit=80):
        pages += 1
        if status == 403:
            refused.append(("page", path))
        for offer in offers:
            target = local_path(offer.url)
            if target is None:
                continue
            if offer.kind == "post" and target.split("?")[0] not in personal:
                writes.append((target, path))
            elif offer.kind != "post" and page.request.get(page.base_url + target).status == 403:
                refused.append((offer.kind, target, path))
    assert pages > 20
    assert refused == []
    assert writes == []


def test_start_page_fits_a_phone(page, login, commune_form):
    page.set_viewport_size(PHONE)
    login("tinhuy")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.get_by_role("heading", name="Báo cáo đơn vị tổng hợp từ cấp dưới").is_visible()
    # Every page of the navigation fits as well.
    links = [o.url for o in offers_in(page.content(), "/") if o.page == "/"]
    nav = page.locator("nav.mainnav a").evaluate_all("links => links.map(a => a.pathname)")
    for path in nav:
        page.goto(page.base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(WIDEST)
        assert width <= PHONE["width"], (path, width, wide)
    assert links


def test_grid_input_is_reachable_on_a_phone(page, login, commune_form):
    page.set_viewport_size(PHONE)
    login("xa")
    period = latest_ended(commune_form, timezone.localdate())
    page.goto(f"{page.base_url}/bao-cao/{commune_form.code}/P-CL/{period.code}/")
    field = page.get_by_label("Giá trị: Kết nạp đảng viên mới trong kỳ")
    assert field.is_visible()
    box = field.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    field.fill("1.061")
    assert field.input_value() == "1.061"
