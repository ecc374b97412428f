import datetime as dt
from decimal import Decimal

import pytest

from nghiquyet.core.formats import (
    format_date_long,
    format_date_short,
    format_number,
    format_with_unit,
    parse_date,
    parse_decimal,
)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("10612.3"), 1, "10.612,3"),
        (Decimal("45010.45"), 2, "45.010,45"),
        (8151, 0, "8.151"),
        (Decimal("99.585"), 2, "99,59"),  # half up, as officials round by hand
        (Decimal("-1234.5"), 1, "-1.234,5"),
        (Decimal("0.4"), 0, "0"),
        (1000000, 0, "1.000.000"),
        (Decimal("6"), 1, "6,0"),
    ],
)
def test_format_number_uses_vietnamese_separators(value, places, expected):
    assert format_number(value, places) == expected


def test_format_with_unit_attaches_percent_without_space_and_words_with_space():
    assert format_with_unit(Decimal("99.5912"), 2, "%") == "99,59%"
    assert format_with_unit(Decimal("9.5"), 1, "‰") == "9,5‰"
    assert format_with_unit(8151, 0, "tỷ đồng") == "8.151 tỷ đồng"
    assert format_with_unit(None, 0, "%") == ""


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),
        (dt.date(2018, 2, 20), "ngày 20 tháng 02 năm 2018"),
        (dt.date(2024, 11, 15), "ngày 15 tháng 11 năm 2024"),
        (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
    ],
)
def test_format_date_long_pads_day_below_10_and_month_below_3(day, expected):
    assert format_date_long(day) == expected


def test_format_date_short_is_day_padded_month_unpadded():
    assert format_date_short(dt.date(2018, 5, 7)) == "07/05/2018"


@pytest.mark.parametrize(
    "text",
    ["7-8-2020", "07/8/2020", "7/8/2020", "07.08.2020", "2020-08-07", "ngày 7 tháng 8 năm 2020"],
)
def test_parse_date_accepts_the_forms_officials_type(text):
    assert parse_date(text) == dt.date(2020, 8, 7)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31-2-2020", "không tồn tại"),
        ("7/8/20", "không đúng dạng"),
        ("", "Chưa nhập"),
        ("abc", "không đúng"),
    ],
)
def test_parse_date_rejects_bad_dates_in_vietnamese(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.223", Decimal("1223")),
        ("99,58", Decimal("99.58")),
        ("8.151", Decimal("8151")),
        ("10.612,3", Decimal("10612.3")),
        ("4.37", Decimal("4.37")),
        ("4,37", Decimal("4.37")),
        ("1,223.5", Decimal("1223.5")),
        ("1.000.000", Decimal("1000000")),
        ("-12,5", Decimal("-12.5")),
        (" 653 ", Decimal("653")),
        (3, Decimal(3)),
    ],
)
def test_parse_decimal_is_tolerant_of_vietnamese_and_unambiguous_english(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["abc", "1.22.3", "12,34,5", "", "1e5", "5%"])
def test_parse_decimal_rejects_malformed_numbers(text):
    with pytest.raises(ValueError, match=r"số|phân cách"):
        parse_decimal(text)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("12345678901234567890123456789", "quá lớn"),
        ("1.000.000.000.000", "quá lớn"),
        (1e300, "quá lớn"),
        (Decimal("-1E+13"), "quá lớn"),
        (float("nan"), "không phải là số"),
        (float("inf"), "không phải là số"),
        (Decimal("Infinity"), "không phải là số"),
        (Decimal("NaN"), "không phải là số"),
        (1e-30, "quá 6 chữ số thập phân"),
        ("0,0000001", "quá 6 chữ số thập phân"),
        ("999.999.999.999,9999", "quá 15 chữ số"),
    ],
)
def test_parse_decimal_refuses_what_the_columns_cannot_hold(raw, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_decimal(raw, label="Giá trị")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("-0", Decimal(0)),
        (Decimal("-0.00"), Decimal(0)),
        ("999.999.999.999", Decimal("999999999999")),
        ("0,000001", Decimal("0.000001")),
        ("1,5000000", Decimal("1.5")),
    ],
)
def test_parse_decimal_accepts_the_edges_it_can_hold(raw, expected):
    number = parse_decimal(raw)
    assert number == expected and not number.is_signed()
