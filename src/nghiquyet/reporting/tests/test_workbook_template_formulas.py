"""The per-form template: a formula saved without its computed value (a file written by a
program that does not calculate) is refused on its cell, not read as an empty input."""

from nghiquyet.indicators.models import IndicatorValue
from nghiquyet.reporting.tests.test_template_workbook import _download, _row_of, _upload


def test_a_formula_without_its_value_is_named_on_its_cell(cast, client_for, form, indicators):
    client = client_for("xa")
    book = _download(client)
    ws = book["Nhập liệu"]
    row = _row_of(ws, "KN-DV")
    ws.cell(row, 7).value = "=5+7"
    response = _upload(client, book)
    assert response.status_code == 422
    expected = (
        f"Nhập liệu!G{row}: Ô G{row} chứa công thức chưa có giá trị tính sẵn; "
        "mở tệp trong Excel và lưu lại."
    )
    assert expected in response.content.decode()
    assert not IndicatorValue.objects.exists()
