"""End-to-end checks in Debian's Chromium, driven by Playwright (no downloaded browser).

Skipped only when /usr/bin/chromium is absent and NGHIQUYET_REQUIRE_BROWSER is unset; CI sets
it, so a missing browser fails there instead of passing silently.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = os.environ.get("NGHIQUYET_REQUIRE_BROWSER") == "1"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server, cast, request, monkeypatch):
    if not CHROMIUM.exists():
        if REQUIRED:
            pytest.fail("Chromium không có ở /usr/bin/chromium (cài gói chromium).")
        pytest.skip("Chromium chưa được cài; CI đặt NGHIQUYET_REQUIRE_BROWSER=1.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # live server's fixtures are still synchronous and safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
        pg = context.new_page()
        pg.base_url = live_server.url
        yield pg
        shots = os.environ.get("NGHIQUYET_SCREENSHOTS")
        if shots:
            pg.screenshot(path=str(Path(shots) / f"{request.node.name}.png"), full_page=True)
        browser.close()


def login(page, username):
    page.goto(page.base_url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("mat-khau-kiem-thu")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(page.base_url + "/")


def test_tree_branch_expands_through_htmx(page):
    login(page, "lanhdao")
    page.goto(page.base_url + "/to-chuc/")
    assert page.get_by_role("link", name="Đảng ủy xã Mỹ Hiệp").count() == 0
    page.get_by_role("button", name="Mở").first.click()
    page.get_by_role("link", name="Đảng ủy xã Mỹ Hiệp").wait_for()
    assert page.get_by_role("button", name="Mở").first.get_attribute("aria-expanded") == "true"


def test_switcher_finds_units_without_accents_and_switches(page):
    login(page, "lanhdao")
    page.get_by_label("Đơn vị đang làm việc").fill("my hiep")
    page.get_by_role("button", name="Đảng ủy xã Mỹ Hiệp X-MH").click()
    page.wait_for_load_state()
    assert "Đảng ủy xã Mỹ Hiệp" in page.locator("nav.breadcrumb").inner_text()


def test_keyboard_user_reaches_main_content_first(page):
    login(page, "xa")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Bỏ qua" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_admin_adds_a_cell_and_sees_the_error_for_a_duplicate_code(page):
    login(page, "tinhuy")
    page.goto(page.base_url + "/to-chuc/P-CL/them-truc-thuoc/")
    page.get_by_label("Mã đơn vị").fill("P-CL-CB1")
    page.get_by_label("Tên đơn vị").fill("Chi bộ trùng mã")
    page.get_by_label("Loại đơn vị").select_option("chi_bo_co_so")
    page.get_by_role("button", name="Lưu").click()
    assert "đã được dùng" in page.locator(".field.has-error").first.inner_text()
    page.get_by_label("Mã đơn vị").fill("P-CL-CB2")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/to-chuc/P-CL-CB2/")
    assert page.get_by_role("heading", level=1).inner_text() == "Chi bộ trùng mã"
