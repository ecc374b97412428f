"""The report as an XLSX: the targets table and the statistics, numbers stored as numbers.

Every cell value is the JSON's figure itself (``83.28``, not ``"83,28"``); the number format
shows it the Vietnamese way under the Vietnamese locale tag ``[$-42A]`` (thousands ".",
decimals ","), with the decimals the JSON displays. User text goes through ``safe_cell`` so
that a name such as ``=1+1`` stays text.
"""

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from nghiquyet.core.formats import format_date_short
from nghiquyet.core.workbook import safe_cell
from nghiquyet.exports.content import ReportContent
from nghiquyet.exports.figures import TargetRow, met_sentence, natural_places, target_rows
from nghiquyet.exports.stats import Stat, statistics

LOCALE = "[$-42A]"
HEAD = (
    "TT",
    "Mã",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Kế hoạch",
    "Thực hiện",
    "Ước tính",
    "% kế hoạch",
    "Đánh giá",
    "Cùng kỳ năm trước",
    "So cùng kỳ (%)",
    "Ghi chú",
)
WIDTHS = (5, 14, 46, 14, 14, 14, 9, 12, 14, 16, 14, 40)
HEADER_ROW = 6
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True, size=12)
PLAIN = Font(name="Times New Roman", size=12)


def number_format(places: int | None, suffix: str = "") -> str:
    """``#,##0.0`` with ``places`` decimals, under the Vietnamese locale tag."""
    decimals = "." + "0" * places if places else ""
    return f"{LOCALE}#,##0{decimals}{suffix}"


def render_xlsx(content: ReportContent) -> bytes:
    book = Workbook()
    targets = book.active
    assert targets is not None  # noqa: S101 - a new workbook always has a sheet
    targets.title = "Chỉ tiêu"
    _targets_sheet(targets, content)
    _stats_sheet(book.create_sheet("Thống kê"), content)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title_block(ws: Worksheet, content: ReportContent, title: str, last_col: int) -> None:
    """Unit, report title and period, the day it was made (rows 1-4)."""
    lines = [
        (content.unit_name, Font(name="Times New Roman", bold=True, size=14)),
        (f"{title} — {content.period.label}", BOLD),
        (f"Ngày lập: {format_date_short(content.day)}", PLAIN),
        (met_sentence(content.data), PLAIN),
    ]
    for row, (value, font) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=safe_cell(value))
        cell.font = font
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)


def _print_setup(ws: Worksheet, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_margins.left = ws.page_margins.right = 0.5


def _header(ws: Worksheet, labels: tuple[str, ...], widths: tuple[int, ...]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=label)
        cell.font, cell.border = BOLD, BOX
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)


def _targets_sheet(ws: Worksheet, content: ReportContent) -> None:
    _title_block(ws, content, "Kết quả thực hiện các chỉ tiêu", len(HEAD))
    _header(ws, HEAD, WIDTHS)
    for i, row in enumerate(target_rows(content.data), start=1):
        _target_line(ws, HEADER_ROW + i, i, row)
    _print_setup(ws, landscape=True)


def _target_line(ws: Worksheet, r: int, i: int, row: TargetRow) -> None:
    value: Any = row.value if row.value is not None else row.value_text
    cells: list[tuple[Any, str | None]] = [
        (i, "0"),
        (row.code, None),
        (row.name, None),
        (row.unit, None),
        (row.plan, None),
        (value, number_format(row.places) if row.value is not None else None),
        ("ước" if row.estimate else "", None),
        (row.percent, _natural(row.percent, '"%"')),
        (row.status_label, None),
        (row.last_year, number_format(row.places if row.places is not None else 2)),
        (row.change, _natural(row.change)),
        (row.note_text, None),
    ]
    for col, (v, fmt) in enumerate(cells, start=1):
        cell = ws.cell(row=r, column=col, value=safe_cell(v))
        cell.font, cell.border = PLAIN, BOX
        cell.alignment = Alignment(wrap_text=col in (3, 12), vertical="top")
        if fmt and isinstance(v, int | float):
            cell.number_format = fmt


def _natural(value: float | int | None, suffix: str = "") -> str | None:
    return None if value is None else number_format(min(natural_places(value), 2), suffix)


def _stats_sheet(ws: Worksheet, content: ReportContent) -> None:
    _title_block(ws, content, "Số liệu thống kê", 3)
    _header(ws, ("Nội dung", "Số liệu", "Đơn vị tính"), (70, 14, 14))
    for r, stat in enumerate(statistics(content.data), start=HEADER_ROW + 1):
        _stat_line(ws, r, stat)
    _print_setup(ws, landscape=False)


def _stat_line(ws: Worksheet, r: int, stat: Stat) -> None:
    label = ws.cell(row=r, column=1, value=safe_cell(stat.label))
    label.font = BOLD if stat.heading else PLAIN
    label.alignment = Alignment(wrap_text=True, indent=0 if stat.heading else 1)
    if stat.heading:
        return
    value = ws.cell(row=r, column=2, value=stat.value)
    value.font = PLAIN
    if isinstance(stat.value, int | float):
        value.number_format = number_format(natural_places(stat.value))
    ws.cell(row=r, column=3, value=safe_cell(stat.unit)).font = PLAIN
    for col in (1, 2, 3):
        ws.cell(row=r, column=col).border = BOX
