"""The per-form data-entry template: an .xlsx a unit downloads, fills in offline and uploads.

Sheet ``Nhập liệu`` has one row per indicator of the form, with the target and the reference
figures beside the input columns; sheet ``Thông tin`` names the form, unit, period and value
type so that a file cannot be uploaded to the wrong report. Upload is all or nothing through
the same service as the grid; each error reads ``Sheet!G12: reason``.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from nghiquyet.core.text import fold_compact
from nghiquyet.core.workbook import (
    WorkbookError,
    formula_cells,
    safe_cell,
    uncached_formula_message,
    unquote,
)
from nghiquyet.reporting import entry
from nghiquyet.reporting.selectors import EntryPage

DATA_SHEET = "Nhập liệu"
INFO_SHEET = "Thông tin"
COLUMNS = [
    ("code", "Mã chỉ tiêu", 14),
    ("name", "Tên chỉ tiêu", 48),
    ("unit", "Đơn vị tính", 14),
    ("target", "Chỉ tiêu giao", 18),
    ("previous", "Kỳ trước", 16),
    ("last_year", "Cùng kỳ năm trước", 18),
    ("value", "Giá trị", 16),
    ("numerator", "Tử số", 14),
    ("denominator", "Mẫu số", 14),
    ("text", "Nội dung (chỉ tiêu định tính)", 40),
]
INPUT_KEYS = {"value", "numerator", "denominator", "text"}
INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")


class TemplateError(Exception):
    """Cells that are wrong, each as ``Sheet!A12: reason``. Nothing was saved."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def build(page: EntryPage, rows: list[entry.Row], value_type: str) -> Workbook:
    book = Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    ws.append([title for _, title, _ in COLUMNS])
    for i, (_key, _, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        ws.cell(row=1, column=i).font = Font(bold=True)
    for row in rows:
        ws.append([safe_cell(v) for v in _line(row)])
        for i, (key, _, _) in enumerate(COLUMNS, start=1):
            if key in INPUT_KEYS:
                ws.cell(row=ws.max_row, column=i).fill = INPUT_FILL
    ws.freeze_panes = "C2"
    info = book.create_sheet(INFO_SHEET)
    for label, value in _info(page, value_type):
        info.append([label, safe_cell(value)])
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 50
    return book


def _line(row: entry.Row) -> list[Any]:
    ind = row.indicator
    return [
        ind.code,
        ind.name,
        ind.unit,
        row.target,
        row.previous,
        row.last_year,
        row.raw.get("value", ""),
        row.raw.get("numerator", ""),
        row.raw.get("denominator", ""),
        row.raw.get("text", ""),
    ]


def _info(page: EntryPage, value_type: str) -> list[tuple[str, str]]:
    return [
        ("Biểu mẫu", page.form.code),
        ("Đơn vị", page.org.code),
        ("Kỳ", page.period.code),
        ("Loại số", value_type),
        ("Tên biểu mẫu", page.form.name),
        ("Tên đơn vị", page.org.name),
        ("Kỳ báo cáo", page.period.label),
    ]


@dataclass
class Parsed:
    entries: dict[int, dict[str, str]]
    where: dict[tuple[str, str], str]  # (indicator code, field) -> "Nhập liệu!G5"
    value_type: str


def parse(source: IO[bytes], page: EntryPage) -> Parsed:
    """Read a filled template for ``page``; TemplateError lists every wrong cell.

    The archive is bounded first (the workbook import's limits); an input cell holding a
    formula without its computed value is refused by name, never read as empty.
    """
    try:
        formulas = formula_cells(source, DATA_SHEET)
    except WorkbookError as exc:
        raise TemplateError([str(e) for e in exc.errors]) from None
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for a file that is not xlsx.
        raise TemplateError([f"Tệp: Không đọc được tệp Excel (.xlsx): {exc}"]) from None
    sheets = {fold_compact(ws.title): ws for ws in book.worksheets}
    data, info = sheets.get(fold_compact(DATA_SHEET)), sheets.get(fold_compact(INFO_SHEET))
    if data is None or info is None:
        raise TemplateError([f"Tệp: Thiếu trang tính “{DATA_SHEET}” hoặc “{INFO_SHEET}”."])
    value_type = _check_info(info, page)
    return _read_data(data, page, value_type, formulas)


def _check_info(ws: Any, page: EntryPage) -> str:
    found = {fold_compact(str(r[0] or "")): (n, r[1]) for n, r in _rows(ws, 1, 2)}
    errors = []
    for label, expected in _info(page, "")[:3]:
        number, value = found.get(fold_compact(label), (0, None))
        if str(value or "").strip().upper() != expected.upper():
            where = f"{INFO_SHEET}!B{number}" if number else f"{INFO_SHEET}!A1"
            errors.append(f"{where}: Tệp không phải mẫu của {label.lower()} {expected}.")
    _, value_type = found.get(fold_compact("Loại số"), (0, "chinh_thuc"))
    if errors:
        raise TemplateError(errors)
    return str(value_type or "chinh_thuc").strip()


def _rows(ws: Any, first: int, width: int) -> list[tuple[int, tuple[Any, ...]]]:
    out = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if number >= first and any(v not in (None, "") for v in values[:width]):
            out.append((number, tuple(values[:width]) + (None,) * (width - len(values))))
    return out


def _read_data(ws: Any, page: EntryPage, value_type: str, formulas: set[tuple[int, int]]) -> Parsed:
    header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    wanted = {fold_compact(title): key for key, title, _ in COLUMNS}
    position = {
        wanted[fold_compact(str(t or ""))]: i
        for i, t in enumerate(header)
        if fold_compact(str(t or "")) in wanted
    }
    if "code" not in position:
        raise TemplateError([f"{DATA_SHEET}!A1: Thiếu cột “Mã chỉ tiêu” ở dòng tiêu đề."])
    by_code = {i.code.upper(): i for i in entry.form_indicators(page.form)}
    parsed = Parsed({}, {}, value_type)
    errors: list[str] = []
    for number, values in _rows(ws, 2, len(header)):
        code = _text(values[position["code"]]).upper()
        indicator = by_code.get(code)
        if indicator is None:
            letter = get_column_letter(position["code"] + 1)
            errors.append(
                f"{DATA_SHEET}!{letter}{number}: Chỉ tiêu “{code}” không có trong biểu mẫu."
            )
            continue
        raw = {}
        for key in INPUT_KEYS & set(position):
            cell = f"{get_column_letter(position[key] + 1)}{number}"
            raw[key] = _text(values[position[key]])
            parsed.where[(indicator.code, key)] = f"{DATA_SHEET}!{cell}"
            if not raw[key] and (number, position[key] + 1) in formulas:
                errors.append(f"{DATA_SHEET}!{cell}: {uncached_formula_message(cell)}")
        parsed.entries[indicator.pk] = raw
    if errors:
        raise TemplateError(errors)
    return parsed


def _text(value: Any) -> str:
    """Cell content as the text a user would type; numbers keep their exact decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        return f"{number:f}".replace(".", ",")
    return unquote(str(value).strip())


def cell_errors(exc_errors: dict[str, list[str]], parsed: Parsed) -> list[str]:
    """Service errors (``CODE.field``) as ``Sheet!G12: reason``."""
    out: list[str] = []
    for key, messages in exc_errors.items():
        code, _, field = key.rpartition(".")
        fallback = f"{INFO_SHEET}!B4" if key == "value_type" else f"{DATA_SHEET}!A1"
        where = parsed.where.get((code, field), fallback)
        out.extend(f"{where}: {m}" for m in messages)
    return out
