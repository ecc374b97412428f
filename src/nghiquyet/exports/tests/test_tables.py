"""The shared "Xuất Excel" builder: title block, bold frozen header, numbers as numbers in
Vietnamese formats, formula guard on text, A4 print settings."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from nghiquyet.exports.tables import Column, TitleBlock, table_workbook

BLOCK = TitleBlock(
    "Kết quả thực hiện", "Tỉnh ủy Đồng Tháp", "quý III năm 2026", dt.date(2026, 10, 5)
)
COLUMNS = [
    Column("Đơn vị", 30),
    Column("Giá trị", places=1),
    Column("% kế hoạch", places=2, suffix="%"),
]


def _sheet(rows):
    return load_workbook(io.BytesIO(table_workbook(BLOCK, COLUMNS, rows))).active


def test_title_block_header_and_numbers():
    ws = _sheet([["Đảng ủy phường Cao Lãnh", Decimal("1234.5"), 96.41], ["=HYPERLINK(1)", None, 7]])
    assert [ws.cell(row=r, column=1).value for r in range(1, 5)] == [
        "Tỉnh ủy Đồng Tháp",
        "Kết quả thực hiện",
        "quý III năm 2026",
        "Ngày lập: 05/10/2026",
    ]
    head = [c.value for c in ws[6]]
    assert head == ["Đơn vị", "Giá trị", "% kế hoạch"] and all(c.font.bold for c in ws[6])
    assert ws.freeze_panes == "A7" and ws.print_title_rows == "$6:$6"
    value, share = ws["B7"], ws["C7"]
    assert value.value == 1234.5 and value.data_type == "n"
    assert value.number_format == "[$-42A]#,##0.0"
    assert share.number_format == '[$-42A]#,##0.00"%"'
    assert ws["A8"].value == "'=HYPERLINK(1)" and ws["B8"].value is None
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.page_setup.orientation == "landscape"


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="Dòng 7 có 2 ô, bảng có 3 cột"):
        table_workbook(BLOCK, COLUMNS, [["a", 1]])
