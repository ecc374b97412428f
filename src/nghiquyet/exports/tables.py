"""Spreadsheets for people from any table page ("Xuất Excel"): one shared builder.

``table_workbook(title_block, columns, rows)`` writes a title block (unit, period, date made),
one bold, filled, frozen header row, the rows with numbers stored as numbers under Vietnamese
number formats, and A4 print settings (landscape, fit to width, header row repeated). User
text goes through ``core.workbook.safe_cell`` so that no cell starts a formula. Pages give unit
names, not codes, in their rows; an indicator × unit matrix is simply one column per unit.
"""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nghiquyet.core.formats import format_date_short
from nghiquyet.core.workbook import safe_cell
from nghiquyet.exports.xlsx_render import BOLD, BOX, PLAIN, number_format

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """A column: its header, its width in characters, and for numbers the decimals shown
    (None for text) and a suffix such as ``"%"``."""

    label: str
    width: int = 14
    places: int | None = None
    suffix: str = ""


@dataclass(frozen=True)
class Number:
    """A cell whose decimals differ from its column's (an indicator × unit matrix, where each
    row is an indicator with its own decimals)."""

    value: Decimal | int | float | None
    places: int = 0
    suffix: str = ""


@dataclass(frozen=True)
class TitleBlock:
    """What the sheet is about: the title, the unit's name, the period in words."""

    title: str
    unit: str
    period: str = ""
    made: dt.date | None = None

    def lines(self) -> list[str]:
        made = format_date_short(self.made or timezone.localdate())
        return [x for x in (self.unit, self.title, self.period, f"Ngày lập: {made}") if x]


def table_workbook(
    title_block: TitleBlock, columns: Sequence[Column], rows: Sequence[Sequence[Any]]
) -> bytes:
    """The XLSX bytes of one sheet. ``rows`` are sequences as long as ``columns``; a cell is
    text, a number (int, float, Decimal: stored as a number, with the column's decimals), a
    ``Number`` (its own decimals) or None (empty). Raises
    ValueError when a row does not have one value per column."""
    book = Workbook()
    ws = book.active
    assert ws is not None  # noqa: S101 - a new workbook always has a sheet
    ws.title = title_block.title[:31].translate(str.maketrans("[]:*?/\\", "       "))
    header = _title(ws, title_block, len(columns))
    _header(ws, header, columns)
    for r, values in enumerate(rows, start=header + 1):
        if len(values) != len(columns):
            raise ValueError(f"Dòng {r} có {len(values)} ô, bảng có {len(columns)} cột.")
        for c, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
            _cell(ws.cell(row=r, column=c), value, column)
    _print(ws, header)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title(ws: Any, block: TitleBlock, width: int) -> int:
    """Writes the title block; returns the header row (one blank row after the block)."""
    for r, line in enumerate(block.lines(), start=1):
        cell = ws.cell(row=r, column=1, value=safe_cell(line))
        cell.font = Font(name="Times New Roman", bold=r <= 2, size=14 if r == 1 else 12)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=max(width, 1))
    return len(block.lines()) + 2


def _header(ws: Any, row: int, columns: Sequence[Column]) -> None:
    for c, column in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=c, value=safe_cell(column.label))
        cell.font, cell.border = BOLD, BOX
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = column.width
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _cell(cell: Any, value: Any, column: Column) -> None:
    if isinstance(value, Number):
        column = Column(column.label, column.width, value.places, value.suffix)
        value = value.value
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    cell.value = safe_cell(value)
    cell.font, cell.border = PLAIN, BOX
    cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str))
    if isinstance(value, int | float) and not isinstance(value, bool):
        suffix = f'"{column.suffix}"' if column.suffix else ""
        cell.number_format = number_format(column.places or 0, suffix)


def _print(ws: Any, header: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header}:{header}"
