"""Completeness and timeliness: deadline and grace in Vietnam local dates, per level."""

import datetime as dt

import pytest

from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import OrgKind
from nghiquyet.reporting import services
from nghiquyet.reporting.models import ReportingForm
from nghiquyet.reporting.report import sections
from nghiquyet.reporting.selectors import completeness, completeness_for, summary
from nghiquyet.reporting.tests.conftest import local
from nghiquyet.testing import Cast

Q3 = Period.parse("2025Q3")  # ends 30/9/2025; deadline_days=15 gives 15/10/2025.
AFTER = dt.date(2025, 12, 1)


def _send_at(cast: Cast, form: ReportingForm, org, moment: dt.datetime) -> None:
    actor = cast.xa if org == cast.commune else cast.tinhuy
    services.submission_submit(
        actor=actor, form=form, organisation=org, period_code=Q3.code, now=moment
    )


def _state(form: ReportingForm, cast: Cast, org) -> str:
    result = completeness(form, cast.province, Q3, today=AFTER)
    return next(u.state for u in result.units if u.org == org)


def test_sent_at_2359_local_on_deadline_is_on_time(cast: Cast, form: ReportingForm) -> None:
    # 23:59 in Vietnam is 16:59 UTC the same day.
    _send_at(cast, form, cast.commune, local(2025, 10, 15, 23, 59))
    assert _state(form, cast, cast.commune) == "dung_han"


def test_sent_at_0001_local_day_after_deadline_is_late(cast: Cast, form: ReportingForm) -> None:
    # 00:01 on 16/10 in Vietnam is still 15/10 in UTC: the local date decides.
    _send_at(cast, form, cast.commune, local(2025, 10, 16, 0, 1))
    assert _state(form, cast, cast.commune) == "tre_han"


def test_grace_days_extend_the_last_day(cast: Cast, form: ReportingForm) -> None:
    services.form_update(actor=cast.tinhuy, form=form, grace_days=2)
    _send_at(cast, form, cast.commune, local(2025, 10, 17, 23, 59))
    _send_at(cast, form, cast.other_commune, local(2025, 10, 18, 0, 1))
    assert _state(form, cast, cast.commune) == "dung_han"
    assert _state(form, cast, cast.other_commune) == "tre_han"


def test_counts_and_missing_list(cast: Cast, form: ReportingForm) -> None:
    _send_at(cast, form, cast.commune, local(2025, 10, 1, 9, 0))
    result = completeness(form, cast.province, Q3, today=AFTER)
    assert [u.org.code for u in result.units] == ["P-CL", "X-MH"]
    assert [u.org.code for u in result.missing] == ["X-MH"]
    assert result.missing[0].overdue is True
    data = summary([result], cast.province)
    assert data["totals"] | {} == {
        "expected": 2,
        "submitted": 1,
        "on_time": 1,
        "late": 0,
        "missing": 1,
        "not_yet_due": 0,
        "approved": 0,
        "returned": 0,
        "completeness_pct": 50.0,
        "on_time_pct": 50.0,
    }
    assert data["missing"] == [
        {
            "code": "X-MH",
            "name": "Đảng ủy xã Mỹ Hiệp",
            "form": "BC-QUY-XA",
            "form_name": "Báo cáo quý của cấp xã",
            "period": "2025Q3",
            "last_day": "2025-10-15",
            "overdue": True,
            "status": None,
            "reminders": 0,
        }
    ]


def test_missing_before_last_day_is_not_overdue(cast: Cast, form: ReportingForm) -> None:
    result = completeness(form, cast.province, Q3, today=dt.date(2025, 10, 15))
    assert [u.overdue for u in result.units] == [False, False]


def test_returned_report_still_counts_as_sent_on_time(cast: Cast, form: ReportingForm) -> None:
    _send_at(cast, form, cast.commune, local(2025, 10, 2, 8, 0))
    sub = form.submissions.get()
    services.submission_return(actor=cast.tinhuy, submission=sub, reason="Sai tử số")
    _send_at(cast, form, cast.commune, local(2025, 10, 20, 8, 0))
    assert _state(form, cast, cast.commune) == "dung_han"


def test_levels_split_by_depth(cast: Cast, indicators) -> None:
    form = services.form_create(
        actor=cast.tinhuy,
        owner=cast.province,
        code="BC-2CAP",
        name="Báo cáo hai cấp",
        period_type="quy",
        indicators=indicators,
        org_kinds=[OrgKind.DANG_UY_XA, OrgKind.CHI_BO_CO_SO],
        deadline_days=10,
    )
    services.submission_submit(
        actor=cast.chibo,
        form=form,
        organisation=cast.other_cell,
        period_code="2025Q3",
        now=local(2025, 10, 20, 8, 0),
    )
    data = summary(completeness_for(cast.tinhuy, cast.province, Q3, today=AFTER), cast.province)
    levels = {row["level"]: row for row in data["levels"]}
    assert (levels[1]["expected"], levels[1]["submitted"]) == (2, 0)
    assert (levels[2]["expected"], levels[2]["submitted"], levels[2]["late"]) == (2, 1, 1)
    assert levels[2]["kinds"] == ["Chi bộ cơ sở"]


def test_subtree_root_limits_expected_units(cast: Cast, form: ReportingForm) -> None:
    result = completeness(form, cast.other_commune, Q3, today=AFTER)
    assert [u.org.code for u in result.units] == ["X-MH"]


def test_units_not_active_at_period_end_are_not_expected(cast: Cast, form: ReportingForm) -> None:
    # The cast's units start on 1/7/2025, so they did not exist at the end of 2025Q2.
    result = completeness(form, cast.province, Period.parse("2025Q2"), today=AFTER)
    assert result.units == []


@pytest.mark.parametrize("period", ["2025", "2025S2", "2025Q3"])
def test_report_section_covers_form_periods_inside_report_period(
    cast: Cast, form: ReportingForm, period: str
) -> None:
    _send_at(cast, form, cast.commune, local(2025, 10, 1, 9, 0))
    data = sections(org=cast.province, period=Period.parse(period), actor=cast.tinhuy)
    forms = data["submissions"]["forms"]
    q3 = next(f for f in forms if f["period"] == "2025Q3")
    assert (q3["expected"], q3["on_time"], q3["missing"]) == (2, 1, 1)
