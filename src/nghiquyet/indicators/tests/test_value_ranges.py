"""Issue 9 §4: value ranges and numbers typed with their unit, wherever a figure is entered."""

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nghiquyet.core.formats import parse_decimal
from nghiquyet.indicators import rules
from nghiquyet.indicators.models import Indicator, IndicatorValue

from .helpers import make_indicator

D = Decimal
PERCENT = Indicator(code="TL", kind="ty_le", factor=100, unit="%", decimals=2)
PER_MILLE = Indicator(code="TS", kind="ty_le", factor=1000, unit="‰", decimals=1)
COUNT = Indicator(code="DV", kind="so_luong", unit="người")
AMOUNT = Indicator(code="TN", kind="gia_tri", unit="tỷ đồng")
BALANCE = Indicator(code="CL", kind="gia_tri", unit="tỷ đồng", allows_negative=True)
GROWTH = Indicator(code="TT", kind="toc_do", unit="%")


def _check(ind, text):
    errors: dict[str, str] = {}
    value = rules.parse_number(text, "value", errors, ind)
    if value is not None:
        rules.check_figure(ind, value, None, None, "", errors)
    return value, errors.get("value", "")


@pytest.mark.parametrize(
    ("ind", "text", "value"),
    [
        (PERCENT, "99,5%", D("99.5")),
        (PERCENT, "99,5 %", D("99.5")),
        (PERCENT, "100", D(100)),
        (PERCENT, "0", D(0)),
        (PER_MILLE, "1000‰", D(1000)),
        (PER_MILLE, "9,5‰", D("9.5")),
        (COUNT, "1.061", D(1061)),
        (COUNT, "1.061 người", D(1061)),
        (AMOUNT, "10.612,3 tỷ đồng", D("10612.3")),
        (BALANCE, "-1.250,5", D("-1250.5")),
        (GROWTH, "-2,5%", D("-2.5")),
        (GROWTH, "150%", D(150)),
    ],
)
def test_numbers_as_typed_are_accepted(ind, text, value):
    assert _check(ind, text) == (value, "")


@pytest.mark.parametrize(
    ("ind", "text", "message"),
    [
        (PERCENT, "100,01", "Tỷ lệ phải từ 0 đến 100%; đã nhập 100,01%."),
        (PERCENT, "-0,5%", "Tỷ lệ phải từ 0 đến 100%; đã nhập -0,5%."),
        (PER_MILLE, "1.000,5", "Tỷ lệ phải từ 0 đến 1.000‰; đã nhập 1.000,5‰."),
        (COUNT, "-1", "Số lượng không được âm."),
        (AMOUNT, "-1.100", "Giá trị không được âm."),
        (COUNT, "5%", "“%” không phải đơn vị của nó (chỉ tiêu tính bằng “người”)"),
        (PERCENT, "99,5‰", "“‰” không phải đơn vị của nó (chỉ tiêu tính bằng “%”)"),
    ],
)
def test_out_of_range_values_are_refused(ind, text, message):
    assert message in _check(ind, text)[1]


@pytest.mark.parametrize(
    ("ind", "text", "asks"),
    [
        (PERCENT, "0.983", ["Nếu là 98,3% thì nhập 98,3", "nếu là 0,983% thì nhập 0,983"]),
        (PERCENT, "0.983%", ["Nếu là 98,3% thì nhập 98,3"]),
        (PER_MILLE, "0.125", ["Nếu là 125‰ thì nhập 125", "nếu là 0,125‰ thì nhập 0,125"]),
        (PERCENT, "1.061", ["Nếu là 1,061% thì nhập 1,061"]),
        (GROWTH, "2.125", ["Nếu là 2,125% thì nhập 2,125"]),
    ],
)
def test_dot_and_three_digits_in_a_proportion_is_asked_about(ind, text, asks):
    value, error = _check(ind, text)
    assert value is None
    assert "không rõ" in error
    for ask in asks:
        assert ask in error


def test_point_983_outside_a_proportion_is_a_decimal_not_983():
    assert parse_decimal("0.983") == D("0.983")
    assert parse_decimal("-0.983") == D("-0.983")
    assert parse_decimal("1.061") == 1061
    with pytest.raises(ValueError, match="phân cách hàng nghìn"):
        parse_decimal("0.123,5")


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(max_size=20), st.text(alphabet="0123456789.,-+% ‰người", max_size=14)),
    st.sampled_from([PERCENT, PER_MILLE, COUNT, AMOUNT, BALANCE, GROWTH]),
)
def test_parse_number_only_records_errors(text, ind):
    errors: dict[str, str] = {}
    value = rules.parse_number(text, "value", errors, ind)
    assert (value is None) or not errors
    if value is not None:
        rules.check_figure(ind, value, None, None, "", errors)


def test_api_accepts_percent_sign_and_refuses_ambiguous_ratio(cast, client_for):
    make_indicator(cast.root, "TL-BHYT", kind="ty_le")
    payload = {"indicator": "TL-BHYT", "org": "P-CL", "period": "2024", "value": "99,5%"}
    put = client_for("xa").put(
        "/api/v1/indicators/values", data=json.dumps(payload), content_type="application/json"
    )
    assert put.status_code == 200
    assert IndicatorValue.objects.get().value == D("99.5")
    payload["value"] = "0.983"
    put = client_for("xa").put(
        "/api/v1/indicators/values", data=json.dumps(payload), content_type="application/json"
    )
    assert put.status_code == 422
    assert "Nếu là 98,3%" in put.json()["errors"]["value"][0]


def test_allows_negative_is_set_through_the_indicator_service(cast):
    balance = make_indicator(cast.root, "CL-TC", kind="gia_tri", allows_negative=True)
    assert Indicator.objects.get(pk=balance.pk).allows_negative is True
    assert make_indicator(cast.root, "TN-NS", kind="gia_tri").allows_negative is False
