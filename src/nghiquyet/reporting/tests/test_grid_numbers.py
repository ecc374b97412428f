"""Issue 9 §4: numbers in the data-entry grid as officials type them, and their ranges."""

from decimal import Decimal

import pytest

from nghiquyet.indicators.models import IndicatorValue

GRID = "/bao-cao/BC-QUY-XA/P-CL/2025Q3/"


def _post(client, indicators, **fields):
    """``fields`` like ``value_1="99,5%"`` address indicator 1's value input."""
    data = {"action": "save", "loai": "chinh_thuc"}
    for key, text in fields.items():
        name, index = key.rsplit("_", 1)
        data[f"{name}-{indicators[int(index)].pk}"] = text
    return client.post(GRID, data)


def _value(indicator):
    return IndicatorValue.objects.get(indicator=indicator).value


def test_percentage_field_accepts_the_percent_sign(cast, client_for, form, indicators):
    response = _post(client_for("xa"), indicators, value_0="12", value_1="99,5%")
    assert response.status_code == 302
    assert _value(indicators[1]) == Decimal("99.5")


def test_count_field_accepts_thousands_with_a_dot_and_its_own_unit(
    cast, client_for, form, indicators
):
    response = _post(client_for("xa"), indicators, value_0="1.061 đảng viên")
    assert response.status_code == 302
    assert _value(indicators[0]) == 1061


def test_point_983_in_a_percentage_is_asked_about_never_read_as_983(
    cast, client_for, form, indicators
):
    response = _post(client_for("xa"), indicators, value_0="12", value_1="0.983")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nếu là 98,3% thì nhập 98,3" in html
    assert "nếu là 0,983% thì nhập 0,983" in html
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value_1": "100,5"}, "Tỷ lệ phải từ 0 đến 100%; đã nhập 100,5%."),
        ({"value_1": "-1%"}, "Tỷ lệ phải từ 0 đến 100%; đã nhập -1%."),
        ({"value_1": "1.100"}, "Tỷ lệ “1.100” không rõ"),
        ({"value_1": "1.100,5"}, "Tỷ lệ phải từ 0 đến 100%; đã nhập 1.100,5%."),
        ({"value_1": "99,5‰"}, "“‰” không phải đơn vị của nó (chỉ tiêu tính bằng “%”)"),
        ({"value_0": "12%"}, "“%” không phải đơn vị của nó (chỉ tiêu tính bằng “đảng viên”)"),
        ({"value_0": "-1.100"}, "Số lượng không được âm."),
    ],
)
def test_out_of_range_numbers_are_refused_with_formatted_numbers(
    cast, client_for, form, indicators, fields, message
):
    response = _post(client_for("xa"), indicators, **fields)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_inline_check_says_the_same(cast, client_for, form, indicators):
    """The htmx check of one cell uses the same rules as the save."""
    ratio = indicators[1]
    client = client_for("xa")
    ok = client.post(f"{GRID}o/{ratio.pk}/", {f"value-{ratio.pk}": "99,5%"})
    bad = client.post(f"{GRID}o/{ratio.pk}/", {f"value-{ratio.pk}": "0.983"})
    assert ok.status_code == bad.status_code == 200
    assert "không" not in ok.content.decode()
    assert "Nếu là 98,3% thì nhập 98,3" in bad.content.decode()
