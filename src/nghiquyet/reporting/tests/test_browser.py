"""The data-entry grid in Chromium: inline htmx checks, keyboard movement, save as draft."""

import pytest

from nghiquyet.indicators.models import IndicatorValue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
GRID = "/bao-cao/BC-QUY-XA/P-CL/2025Q3/"


def test_grid_checks_cells_inline_moves_on_enter_and_saves(page, login, form, indicators):
    members = indicators[0]  # KN-DV, a count: negative numbers are refused
    login("xa")
    page.goto(page.base_url + GRID)
    cell = page.locator(f"#value-{members.pk}")
    cell.fill("-5")
    cell.press("Enter")
    feedback = page.locator(f"#fb-{members.pk}")
    feedback.get_by_text("không được âm").wait_for()
    moved_to = page.evaluate("document.activeElement.id")
    assert moved_to.startswith(("value-", "numerator-", "denominator-", "stated-"))
    assert moved_to != f"value-{members.pk}"
    assert not IndicatorValue.objects.filter(indicator=members).exists()

    cell.fill("1.223")
    cell.press("Tab")
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_load_state()
    saved = IndicatorValue.objects.get(indicator=members, organisation__code="P-CL")
    assert saved.value == 1223
    assert page.locator(f"#value-{members.pk}").input_value() in {"1223", "1.223"}
