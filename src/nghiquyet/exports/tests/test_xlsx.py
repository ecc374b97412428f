"""The XLSX read back with openpyxl: numbers are numbers in Vietnamese formats, equal to the
JSON's figures cell by cell; text never becomes a formula; title block and print settings."""

from nghiquyet.exports.xlsx_render import HEAD, HEADER_ROW

from .helpers import xlsx_of


def _rows(ws):
    return list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=False))


def test_every_figure_equals_the_json_figure(cast, report_data):
    ws = xlsx_of(cast.province, report_data)["Chỉ tiêu"]
    assert tuple(c.value for c in ws[HEADER_ROW]) == HEAD
    rows = _rows(ws)
    assert len(rows) == len(report_data["indicators"]) == 4
    for row, entry in zip(rows, report_data["indicators"], strict=True):
        by_head = dict(zip(HEAD, row, strict=True))
        assert by_head["Thực hiện"].value == entry["value"]
        assert by_head["% kế hoạch"].value == entry["percent_of_target"]
        assert by_head["Cùng kỳ năm trước"].value == entry["same_period_last_year"]
        assert by_head["So cùng kỳ (%)"].value == entry["change_vs_last_year_pct"]
        assert by_head["Kế hoạch"].value == entry["target"]["text"]


def test_numeric_cells_are_numbers_with_vietnamese_formats(cast, report_data):
    ws = xlsx_of(cast.province, report_data)["Chỉ tiêu"]
    by_code = {row[1].value: dict(zip(HEAD, row, strict=True)) for row in _rows(ws)}
    money = by_code["THU-NS"]["Thực hiện"]
    assert money.data_type == "n" and isinstance(money.value, float)
    assert money.number_format == "[$-42A]#,##0.0"
    growth = by_code["GRDP"]["Thực hiện"]
    assert growth.number_format == "[$-42A]#,##0.00"
    share = by_code["THU-NS"]["% kế hoạch"]
    assert share.data_type == "n" and share.number_format == '[$-42A]#,##0.00"%"'


def test_formula_looking_name_is_text(cast, report_data):
    ws = xlsx_of(cast.province, report_data)["Chỉ tiêu"]
    names = [row[2] for row in _rows(ws)]
    (cell,) = [c for c in names if "chỉ tiêu thử" in str(c.value)]
    assert cell.data_type == "s" and not str(cell.value).startswith("=")


def test_title_block_frozen_header_and_a4(cast, report_data):
    book = xlsx_of(cast.province, report_data)
    ws = book["Chỉ tiêu"]
    assert ws["A1"].value == "Tỉnh ủy Đồng Tháp" and ws["A1"].font.b
    assert ws["A2"].value == "Kết quả thực hiện các chỉ tiêu — Năm 2025"
    assert str(ws["A3"].value).startswith("Ngày lập: ")
    assert ws["A4"].value == report_data["summary"]["sentence"]
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert all(c.font.b for c in ws[HEADER_ROW])
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # 9: A4
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_statistics_sheet_holds_numbers_and_unit_names(cast, report_data):
    ws = xlsx_of(cast.province, report_data)["Thống kê"]
    values = {r[0].value: r[1].value for r in ws.iter_rows(min_row=HEADER_ROW + 1)}
    summary = report_data["summary"]
    assert values["Chỉ tiêu có kế hoạch"] == summary["with_target"]
    assert values["Đạt và vượt"] == summary["met_or_exceeded"]
    assert isinstance(values["Đạt và vượt"], int)
