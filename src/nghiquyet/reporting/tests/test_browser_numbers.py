"""Issue 9 §4 in Chromium: the grid takes ``99,5%`` and asks about ``0.983``."""

from decimal import Decimal

import pytest

from nghiquyet.indicators.models import IndicatorValue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
GRID = "/bao-cao/BC-QUY-XA/P-CL/2025Q3/"


def test_grid_accepts_percent_sign_and_asks_about_point_983(page, login, form, indicators):
    members, ratio = indicators[0], indicators[1]
    login("xa")
    page.goto(page.base_url + GRID)
    cell = page.locator(f"#value-{ratio.pk}")
    cell.fill("0.983")
    cell.press("Tab")
    page.locator(f"#fb-{ratio.pk}").get_by_text("Nếu là 98,3% thì nhập 98,3").wait_for()

    cell.fill("99,5%")
    page.locator(f"#value-{members.pk}").fill("1.061")
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_load_state()
    saved = IndicatorValue.objects.get(indicator=ratio, organisation__code="P-CL")
    assert saved.value == Decimal("99.5")
    assert IndicatorValue.objects.get(indicator=members).value == 1061
