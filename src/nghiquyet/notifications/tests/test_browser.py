"""In Chromium: xa's start page lists the returned report (with the province's reason) and
the requirement given to all communes, each with its deadline (issue 10 acceptance)."""

import datetime as dt

import pytest

from nghiquyet.core.periods import Period
from nghiquyet.notifications.tests.conftest import REASON, build_scenario
from nghiquyet.reporting.rules import deadline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_xa_start_page_lists_the_returned_report_and_the_new_requirement(page, login, cast, terms):
    scenario = build_scenario(cast)
    login("xa")
    page.goto(page.base_url + "/")
    section = page.get_by_role("region", name="Việc cần làm")
    rows = section.locator("tbody tr")
    assert rows.count() == 2
    period = Period.parse(scenario.submission.period_code)
    report, requirement = rows.nth(0), rows.nth(1)
    assert period.label in report.inner_text()
    assert f"Lý do: {REASON}" in report.inner_text()
    assert "Bị trả lại" in report.inner_text()
    assert deadline(scenario.form, period).strftime("%d/%m/%Y") in report.inner_text()
    due = scenario.today + dt.timedelta(days=14)
    assert "Ban hành kế hoạch" in requirement.inner_text()
    assert due.strftime("%d/%m/%Y") in requirement.inner_text()
    assert "Chưa đến hạn" in requirement.inner_text()
