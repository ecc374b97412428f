import datetime as dt

import pytest

from nghiquyet.core.periods import Period, PeriodKind, period_containing


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "Năm 2024"),
        ("2024Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31), "Quý I/2024"),
        ("2024Q4", dt.date(2024, 10, 1), dt.date(2024, 12, 31), "Quý IV/2024"),
        ("2024S1", dt.date(2024, 1, 1), dt.date(2024, 6, 30), "6 tháng đầu năm 2024"),
        ("2024S2", dt.date(2024, 7, 1), dt.date(2024, 12, 31), "6 tháng cuối năm 2024"),
        ("2024N9", dt.date(2024, 1, 1), dt.date(2024, 9, 30), "9 tháng năm 2024"),
        ("2024M02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "Tháng 02/2024"),
        ("2020-2025", dt.date(2021, 1, 1), dt.date(2025, 12, 31), "Nhiệm kỳ 2020-2025"),
    ],
)
def test_period_codes_parse_to_date_ranges_and_round_trip(code, start, end, label):
    period = Period.parse(code)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.code == code
    assert Period.parse(period.code) == period


@pytest.mark.parametrize(
    "code", ["2024Q5", "2024S3", "2024M13", "2024M1", "24", "2025-2020", "", "Q1"]
)
def test_bad_period_codes_are_refused_in_vietnamese(code):
    with pytest.raises(ValueError, match="không hợp lệ"):
        Period.parse(code)


def test_year_nine_months_and_term_know_their_quarters():
    assert [q.code for q in Period.parse("2024N9").quarters()] == ["2024Q1", "2024Q2", "2024Q3"]
    assert len(Period.parse("2024").quarters()) == 4
    assert len(Period.parse("2020-2025").quarters()) == 20
    assert Period.parse("2024S2").quarters()[0].code == "2024Q3"
    assert Period.parse("2024M05").quarters() == []


def test_contains_and_neighbours():
    year = Period.parse("2024")
    assert year.contains(Period.parse("2024Q2"))
    assert not year.contains(Period.parse("2025Q1"))
    assert Period.parse("2024Q1").previous().code == "2023Q4"
    assert Period.parse("2024M01").previous().code == "2023M12"
    assert Period.parse("2024S1").previous().code == "2023S2"
    assert Period.parse("2024Q3").same_period_last_year().code == "2023Q3"
    assert Period.parse("2020-2025").previous().code == "2015-2020"
    assert Period.parse("2020-2025").same_period_last_year() is None


def test_period_containing_a_day():
    day = dt.date(2024, 8, 15)
    assert period_containing(day, PeriodKind.QUARTER).code == "2024Q3"
    assert period_containing(day, PeriodKind.HALF).code == "2024S2"
    assert period_containing(day, PeriodKind.MONTH).code == "2024M08"


@pytest.mark.parametrize("code", ["9999Q4", "9999", "0999", "1899M12", "2101S1", "2095-2105"])
def test_period_years_are_bounded_in_vietnamese(code):
    with pytest.raises(ValueError, match=r"1900–2100|không hợp lệ"):
        Period.parse(code)


def test_period_years_at_the_bounds_still_parse():
    assert Period.parse("1900").start == dt.date(1900, 1, 1)
    assert Period.parse("2100Q4").end == dt.date(2100, 12, 31)
