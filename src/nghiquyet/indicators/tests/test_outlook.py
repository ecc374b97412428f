"""Early warning (issue 12, item 5; decision 0012): the outlook of a year or term target from the
figures so far, as a pure rule and in the report JSON."""

from decimal import Decimal

import pytest

from nghiquyet.core.periods import Period
from nghiquyet.indicators.figures import Figure
from nghiquyet.indicators.models import Indicator, Target
from nghiquyet.indicators.outlook import CO_NGUY_CO, DUNG_TIEN_DO, KHONG_DAT_DUOC, outlook
from nghiquyet.indicators.report import sections
from nghiquyet.indicators.selectors import Line
from nghiquyet.indicators.services import target_set
from nghiquyet.indicators.targets import parse_target
from nghiquyet.indicators.tests.helpers import make_indicator
from nghiquyet.indicators.values import value_save


def _line(text: str, period_code: str, value: str | None, through: str, **ind: str) -> Line:
    """A line of an unsaved indicator with target ``text`` over ``period_code`` whose figure so
    far (``value``) covers up to the end of period ``through``."""
    fields = {"kind": "so_luong", "combine": "tong", "direction": "tang", "decimals": 0} | ind
    indicator = Indicator(code="X", name="X", unit="", **fields)
    span = Period.parse(period_code)
    p = parse_target(text)
    target = Target(
        indicator=indicator,
        text=text,
        kind=p.kind,
        op=p.op,
        low=p.low,
        high=p.high,
        approximate=p.approximate,
        direction=p.direction,
        period_code=span.code,
        period_start=span.start,
        period_end=span.end,
    )
    end = Period.parse(through).end
    figure = None if value is None else Figure(Decimal(value), covered_end=end)
    return Line(indicator, target, figure, None, None, None, None, None, [], basis=figure)


@pytest.mark.parametrize(
    ("value", "through", "expected"),
    [
        # 1.000 a year: 750 after nine months keeps the pace (projected 1.000).
        ("750", "2026N9", DUNG_TIEN_DO),
        # 680: 320 left in 3 months = 106,7/month against 75,6 so far (×1,41 ≤ 1,5).
        ("680", "2026N9", CO_NGUY_CO),
        # 600: 133,3/month needed against 66,7 so far (×2): out of reach.
        ("600", "2026N9", KHONG_DAT_DUOC),
        # Nothing done yet after a quarter of a positive target.
        ("0", "2026Q1", KHONG_DAT_DUOC),
        # The year is over: met or not.
        ("1000", "2026", DUNG_TIEN_DO),
        ("999", "2026", KHONG_DAT_DUOC),
    ],
)
def test_a_flow_is_judged_on_the_pace_needed_against_the_pace_so_far(value, through, expected):
    assert outlook(_line("1.000", "2026", value, through), Period.parse(through)) == expected


@pytest.mark.parametrize(
    ("value", "through", "expected"),
    [
        ("61", "2026Q3", DUNG_TIEN_DO),
        ("57", "2026Q3", CO_NGUY_CO),  # 95% of plan
        ("50", "2026Q1", CO_NGUY_CO),  # 83%, but three quarters of the year left
        ("50", "2026Q3", KHONG_DAT_DUOC),  # 83% with a quarter left
    ],
)
def test_a_level_is_judged_on_its_latest_figure_and_the_time_left(value, through, expected):
    line = _line("≥ 60", "2026", value, through, kind="ty_le", combine="cuoi_ky", decimals=2)
    assert outlook(line, Period.parse(through)) == expected


def test_lower_is_better_flow_warns_before_the_bound_and_fails_past_it():
    def judged(value: str) -> str | None:
        return outlook(_line("≤ 100", "2026", value, "2026S1"), Period.parse("2026S1"))

    assert judged("40") == DUNG_TIEN_DO  # 80 projected
    assert judged("60") == CO_NGUY_CO  # 120 projected, bound not yet passed
    assert judged("110") == KHONG_DAT_DUOC


def test_a_term_target_uses_the_months_of_the_term():
    # 2026-2030: after 2026 (12 of 60 months) 200 of 1.000 is on pace, 150 needs ×1,41.
    assert outlook(_line("1.000", "2026-2030", "200", "2026"), Period.parse("2026")) == (
        DUNG_TIEN_DO
    )
    assert outlook(_line("1.000", "2026-2030", "150", "2026"), Period.parse("2026")) == CO_NGUY_CO


def test_no_outlook_without_a_long_target_or_a_figure():
    assert outlook(_line("300", "2026Q3", "100", "2026Q3"), Period.parse("2026Q3")) is None
    assert outlook(_line("1.000", "2026", None, "2026Q3"), Period.parse("2026Q3")) is None


def test_the_report_json_carries_the_outlook_of_each_line(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    target_set(
        actor=cast.root, indicator=ind, organisation=cast.commune, period="2026", text="1.000"
    )
    for quarter, value in (("2026Q1", 200), ("2026Q2", 200), ("2026Q3", 200)):
        value_save(
            actor=cast.root,
            indicator=ind,
            organisation=cast.commune,
            period=quarter,
            value=Decimal(value),
        )
    lines = sections(org=cast.commune, period=Period.parse("2026Q3"), actor=cast.root)
    entry = {e["code"]: e for e in lines["indicators"]}["DV-MOI"]
    # 600 after nine months: 400 left in three months is twice the pace so far.
    assert entry["to_date"]["value"] == 600
    assert entry["outlook"] == KHONG_DAT_DUOC
    # 200 after one quarter: 800 left in nine months is 1,33 times the pace so far.
    first = sections(org=cast.commune, period=Period.parse("2026Q1"), actor=cast.root)
    assert {e["code"]: e for e in first["indicators"]}["DV-MOI"]["outlook"] == CO_NGUY_CO
