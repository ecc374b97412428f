from decimal import Decimal

import pytest

from nghiquyet.core.formats import parse_decimal
from nghiquyet.indicators.achievement import (
    CHUA_CO_SO_LIEU,
    CHUA_DAT,
    DAT,
    KHONG_DAT,
    VUOT,
    change_pct,
    change_text,
    evaluate,
)
from nghiquyet.indicators.targets import ParsedTarget, parse_target


@pytest.mark.parametrize(
    ("text", "kind", "op", "low", "high"),
    [
        ("233", "diem", "eq", Decimal("233"), None),
        ("4,37%", "diem", "eq", Decimal("4.37"), None),
        ("1.223", "diem", "eq", Decimal("1223"), None),
        ("6,0-7,0", "khoang", "range", Decimal("6.0"), Decimal("7.0")),
        ("6,0 - 7,0 %", "khoang", "range", Decimal("6.0"), Decimal("7.0")),
        ("≥ 90", "nguong", "ge", Decimal("90"), None),
        (">= 90%", "nguong", "ge", Decimal("90"), None),
        ("tối thiểu 90", "nguong", "ge", Decimal("90"), None),
        ("từ 25 trở lên", "nguong", "ge", Decimal("25"), None),
        ("từ 25 đảng viên trở lên", "nguong", "ge", Decimal("25"), None),
        ("dưới 4", "nguong", "lt", Decimal("4"), None),
        ("dưới 4%", "nguong", "lt", Decimal("4"), None),
        ("trên 10", "nguong", "gt", Decimal("10"), None),
        ("≤ 1,5", "nguong", "le", Decimal("1.5"), None),
        ("bình quân 10,5%/năm", "binh_quan", "eq", Decimal("10.5"), None),
        ("Bình quân 10,5 %/năm", "binh_quan", "eq", Decimal("10.5"), None),
    ],
)
def test_each_target_form_parses(text, kind, op, low, high):
    parsed = parse_target(text)
    assert (parsed.kind, parsed.op, parsed.low, parsed.high) == (kind, op, low, high)


@pytest.mark.parametrize("text", ["", "khoảng chừng", "abc 12", "7,0-6,0", "1.22.3", "≥"])
def test_unparseable_target_raises_vietnamese_error(text):
    with pytest.raises(ValueError, match=r"chỉ tiêu|Chưa nhập|Khoảng|phân cách|không phải"):
        parse_target(text)


def _eval(text, value, direction="tang", decimals=0, partial=False):
    return evaluate(
        value=None if value is None else parse_decimal(value),
        target=parse_target(text),
        direction=direction,
        decimals=decimals,
        partial=partial,
    )


@pytest.mark.parametrize(
    ("text", "direction", "value", "status"),
    [
        # Points, higher is better, then lower is better.
        ("233", "tang", "240", VUOT),
        ("233", "tang", "233", DAT),
        ("233", "tang", "232", KHONG_DAT),
        ("1,67%", "giam", "1,5", VUOT),
        ("1,67%", "giam", "1,67", DAT),
        ("1,67%", "giam", "1,8", KHONG_DAT),
        # Ranges.
        ("6,0-7,0", "tang", "7,1", VUOT),
        ("6,0-7,0", "tang", "6,0", DAT),
        ("6,0-7,0", "tang", "7,0", DAT),
        ("6,0-7,0", "tang", "5,9", KHONG_DAT),
        ("3-4", "giam", "2,9", VUOT),
        ("3-4", "giam", "4", DAT),
        ("3-4", "giam", "4,1", KHONG_DAT),
        # Non-strict thresholds: met at equality.
        ("≥ 90", "tang", "95", VUOT),
        ("≥ 90", "tang", "90", DAT),
        ("≥ 90", "tang", "89", KHONG_DAT),
        ("tối thiểu 90", "tang", "90", DAT),
        ("từ 25 trở lên", "tang", "25", DAT),
        ("từ 25 trở lên", "tang", "30", VUOT),
        ("từ 25 trở lên", "tang", "24", KHONG_DAT),
        ("≤ 4", "giam", "4", DAT),
        ("≤ 4", "giam", "3", VUOT),
        ("≤ 4", "giam", "5", KHONG_DAT),
        # Strict thresholds: not met at equality.
        ("trên 10", "tang", "10", KHONG_DAT),
        ("trên 10", "tang", "10,5", VUOT),
        ("trên 10", "tang", "9", KHONG_DAT),
        ("dưới 4", "giam", "4", KHONG_DAT),
        ("dưới 4", "giam", "3,9", VUOT),
        ("dưới 4", "giam", "4,2", KHONG_DAT),
        # Per-year averages.
        ("bình quân 10,5%/năm", "tang", "11", VUOT),
        ("bình quân 10,5%/năm", "tang", "10,5", DAT),
        ("bình quân 10,5%/năm", "tang", "9", KHONG_DAT),
        ("bình quân 1,41%/năm", "giam", "1,2", VUOT),
        ("bình quân 1,41%/năm", "giam", "1,41", DAT),
        ("bình quân 1,41%/năm", "giam", "1,6", KHONG_DAT),
    ],
)
def test_status_for_each_form_and_direction(text, direction, value, status):
    assert _eval(text, value, direction, decimals=2).status == status


def test_half_year_140_against_233_is_not_yet_met_at_60_09_percent():
    result = _eval("233", "140", partial=True)
    assert result.status == CHUA_DAT
    assert result.percent == Decimal("60.09")


def test_full_year_final_140_against_233_is_not_met():
    result = _eval("233", "140", partial=False)
    assert result.status == KHONG_DAT
    assert result.percent == Decimal("60.09")


def test_partial_value_already_beyond_target_is_exceeded():
    assert _eval("233", "240", partial=True).status == VUOT


def test_lower_is_better_percent_is_target_over_value():
    assert _eval("4", "5", "giam").percent == Decimal("80.00")


def test_range_percent_uses_lower_bound_and_upper_for_lower_is_better():
    assert _eval("6,0-7,0", "6,6", decimals=1).percent == Decimal("110.00")
    assert _eval("3-4", "5", "giam").percent == Decimal("80.00")


def test_value_compared_at_display_precision():
    target = ParsedTarget("diem", "eq", Decimal("99.59"))
    result = evaluate(value=Decimal("99.591169"), target=target, direction="tang", decimals=2)
    assert result.status == DAT


def test_no_value_is_no_data():
    assert _eval("233", None).status == CHUA_CO_SO_LIEU
    assert _eval("233", None).percent is None


def test_change_against_same_period_last_year():
    assert change_pct(Decimal("120"), Decimal("100")) == Decimal("20.00")
    assert change_text(change_pct(Decimal("120"), Decimal("100"))) == "tăng 20% so với cùng kỳ"
    assert change_text(change_pct(Decimal("90"), Decimal("100"))) == "giảm 10% so với cùng kỳ"
    assert change_pct(Decimal("5"), None) is None
