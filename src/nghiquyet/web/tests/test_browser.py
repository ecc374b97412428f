"""End-to-end checks of the shell in Chromium (fixtures `page` and `login` in conftest.py)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tree_branch_expands_through_htmx(page, login):
    login("lanhdao")
    page.goto(page.base_url + "/to-chuc/")
    assert page.get_by_role("link", name="Đảng ủy xã Mỹ Hiệp").count() == 0
    page.get_by_role("button", name="Mở").first.click()
    page.get_by_role("link", name="Đảng ủy xã Mỹ Hiệp").wait_for()
    assert page.get_by_role("button", name="Mở").first.get_attribute("aria-expanded") == "true"


def test_switcher_finds_units_without_accents_and_switches(page, login):
    login("lanhdao")
    page.get_by_label("Đơn vị đang làm việc").fill("my hiep")
    page.get_by_role("button", name="Đảng ủy xã Mỹ Hiệp X-MH").click()
    page.wait_for_load_state()
    assert "Đảng ủy xã Mỹ Hiệp" in page.locator("nav.breadcrumb").inner_text()


def test_keyboard_user_reaches_main_content_first(page, login):
    login("xa")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Bỏ qua" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_admin_adds_a_cell_and_sees_the_error_for_a_duplicate_code(page, login):
    login("tinhuy")
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
