"""Periods and dates as officials write them (issue 9 §3)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nghiquyet.core.formats import format_date_short, parse_date
from nghiquyet.core.periods import Period, PeriodKind, parse_period_text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Quý 3/2026", "2026Q3"),
        ("quý III năm 2026", "2026Q3"),
        ("Quý IV/2025", "2025Q4"),
        ("quy 1 nam 2024", "2024Q1"),
        ("6 tháng đầu năm 2024", "2024S1"),
        ("6 tháng cuối năm 2024", "2024S2"),
        ("9 tháng 2024", "2024N9"),
        ("9 tháng đầu năm 2024", "2024N9"),
        ("tháng 3/2026", "2026M03"),
        ("Tháng 03 năm 2026", "2026M03"),
        ("năm 2025", "2025"),
        ("Năm 2025", "2025"),
        ("2024Q1", "2024Q1"),
        ("2024n9", "2024N9"),
        ("2020 - 2025", "2020-2025"),
        ("nhiệm kỳ 2020 – 2025", "2020-2025"),
        ("giai đoạn 2026-2030", "2026-2030"),
    ],
)
def test_periods_are_read_as_written(text, code):
    assert parse_period_text(text).code == code
    assert Period.parse(text).code == code  # Every period input goes through Period.parse.


def test_a_term_with_spaces_is_the_term():
    term = parse_period_text("2020 - 2025")
    assert (term.kind, term.start, term.end) == (
        PeriodKind.TERM,
        dt.date(2021, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert term.label == "Nhiệm kỳ 2020-2025"
    assert term.covered == "các năm 2021–2025 (5 năm)"


def test_a_four_year_span_is_a_plan_period_with_both_ends():
    plan = parse_period_text("2026-2030")
    assert (plan.start, plan.end) == (dt.date(2026, 1, 1), dt.date(2030, 12, 31))
    assert plan.is_plan_period
    assert plan.label == "Giai đoạn 2026-2030"
    assert plan.covered == "các năm 2026–2030 (5 năm)"
    assert [y.code for y in plan.years()] == ["2026", "2027", "2028", "2029", "2030"]
    assert plan.previous().code == "2021-2025"
    assert Period.parse(plan.code) == plan


def test_a_five_year_span_excludes_the_congress_year():
    term = parse_period_text("2025-2030")
    assert not term.is_plan_period
    assert [y.code for y in term.years()] == ["2026", "2027", "2028", "2029", "2030"]
    assert term.previous().code == "2020-2025"


@pytest.mark.parametrize(
    "text", ["quý 5/2026", "tháng 13/2026", "7 tháng 2024", "2024M1", "năm", "Q1", "abc"]
)
def test_unreadable_periods_are_refused_with_the_accepted_forms(text):
    with pytest.raises(ValueError, match="Quý 3/2026, quý III năm 2026, 6 tháng đầu năm 2024"):
        parse_period_text(text)


def test_a_reversed_span_is_refused_in_vietnamese():
    with pytest.raises(ValueError, match="năm cuối phải sau năm đầu"):
        parse_period_text("2025 - 2020")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_period_parser_raises_only_value_error(text):
    try:
        period = parse_period_text(text)
    except ValueError as exc:
        period, message = None, str(exc)
    else:
        message = "" if Period.parse(period.code) == period else "does not round-trip"
    assert message.startswith("Kỳ") if period is None else message == ""


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["Quý {q}/{y}", "quý {r} năm {y}", "{y}Q{q}", "Q{q} {y}"]),
    st.integers(1, 4),
    st.integers(1900, 2100),
)
def test_every_quarter_spelling_gives_the_quarter(template, quarter, year):
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]
    text = template.format(q=quarter, r=roman, y=year)
    assert parse_period_text(text) == Period(PeriodKind.QUARTER, year, quarter)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("ngày 15/12/2008", dt.date(2008, 12, 15)),
        ("Ngày 15-12-2008", dt.date(2008, 12, 15)),
        ("ngày 15.12.2008", dt.date(2008, 12, 15)),
        ("ngày15/12/2008", dt.date(2008, 12, 15)),
        ("NGÀY 05/3/2020", dt.date(2020, 3, 5)),
        ("ngày 05 tháng 3 năm 2020", dt.date(2020, 3, 5)),
        ("01-10-1997", dt.date(1997, 10, 1)),
        ("  7 / 8 / 2020 ", dt.date(2020, 8, 7)),
    ],
)
def test_dates_are_read_with_the_ngay_prefix_and_any_separator(text, day):
    assert parse_date(text) == day


def test_a_date_typed_wrong_lists_the_accepted_forms():
    with pytest.raises(ValueError, match="ngày 15/12/2008"):
        parse_date("ngày mười lăm")


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 7, 3), "03/07/2026"),
        (dt.date(2021, 1, 12), "12/01/2021"),
        (dt.date(2018, 5, 7), "07/05/2018"),
        (dt.date(2025, 12, 31), "31/12/2025"),
    ],
)
def test_numeric_dates_are_zero_padded_as_nd30_requires(day, text):
    assert format_date_short(day) == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_date_parser_raises_only_value_error(text):
    try:
        day = parse_date(text)
    except ValueError as exc:
        day, message = None, str(exc)
    assert isinstance(day, dt.date) or message.startswith(("Ngày", "Chưa nhập ngày"))


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_a_printed_date_reads_back(day):
    assert parse_date(format_date_short(day)) == day
    assert parse_date(f"ngày {format_date_short(day)}") == day
