"""The Excel workbook: every app contributes sheets; import is all or nothing.

An app's ``workbook.py`` exposes ``SHEETS``: a list of :class:`SheetSpec`. Import reads each
known sheet in app order, calls its ``load`` inside one transaction, and rolls everything
back if any cell is wrong. Errors read ``Sheet!A12: reason``. Headers match ignoring case,
accents and spaces. Export writes the same sheets, so an exported file imports again.
"""

import datetime as dt
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from defusedxml import DefusedXmlException
from django.conf import settings
from django.db import transaction
from lxml.etree import LxmlError
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from nghiquyet.core.actors import AnyUser
from nghiquyet.core.contrib import app_modules
from nghiquyet.core.errors import InvalidInputError, ServiceError
from nghiquyet.core.formats import format_number, parse_date, parse_decimal
from nghiquyet.core.text import fold, fold_compact

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class CellError(Exception):
    """One bad cell. ``where`` is ``Sheet!A12``."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class WorkbookError(Exception):
    """The import failed; ``errors`` lists every bad cell found. Nothing was saved."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class Row:
    """One data row: values by column key, and where each cell is, for error messages."""

    sheet: str
    number: int
    values: dict[str, Any]
    columns: dict[str, str]

    def where(self, key: str) -> str:
        letter = self.columns.get(key, "A")
        return f"{self.sheet}!{letter}{self.number}"

    def error(self, key: str, message: str) -> CellError:
        return CellError(self.where(key), message)

    def text(self, key: str, *, required: bool = False, label: str = "") -> str:
        value = self.values.get(key)
        text = unquote("" if value is None else str(value).strip())
        if required and not text:
            raise self.error(key, f"Thiếu {label or key}.")
        return text

    def decimal(self, key: str, *, required: bool = False, label: str = "") -> Decimal | None:
        value = self.values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.error(key, f"Thiếu {label or key}.")
            return None
        try:
            return parse_decimal(value if not isinstance(value, bool) else str(value))
        except ValueError as exc:
            raise self.error(key, str(exc)) from None

    def date(self, key: str, *, required: bool = False, label: str = "") -> dt.date | None:
        value = self.values.get(key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if value is None or not str(value).strip():
            if required:
                raise self.error(key, f"Thiếu {label or key}.")
            return None
        try:
            return parse_date(str(value))
        except ValueError as exc:
            raise self.error(key, str(exc)) from None

    def yes_no(self, key: str, default: bool = False) -> bool:
        text = fold(self.text(key))
        if not text:
            return default
        if text in {"co", "x", "1", "true", "yes"}:
            return True
        if text in {"khong", "0", "false", "no"}:
            return False
        raise self.error(key, "Chỉ nhận “có” hoặc “không”.")


@dataclass
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 18


@dataclass
class ImportContext:
    actor: AnyUser
    dry_run: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)

    def count(self, sheet: str, n: int = 1) -> None:
        self.counts[sheet] = self.counts.get(sheet, 0) + n


@dataclass
class SheetSpec:
    """A sheet: its columns, how to load its rows, and how to export them.

    ``load(ctx, rows)`` raises CellError (or WorkbookError for several) on bad input and
    calls services for the writes. ``export(actor)`` yields rows in column order.
    """

    name: str
    columns: list[Column]
    load: Callable[[ImportContext, list[Row]], None]
    export: Callable[[AnyUser], Iterable[list[Any]]]


def registered_sheets() -> list[SheetSpec]:
    return [spec for module in app_modules("workbook") for spec in getattr(module, "SHEETS", [])]


def unquote(text: str) -> str:
    """Undo the export's formula guard: a leading apostrophe before a trigger character."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def safe_cell(value: Any) -> Any:
    """Cell value for export: user text never becomes a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Limits:
    """What one import may hold, checked before and while parsing (issue 8 items 3 and 4).

    ``uncompressed`` is the total inflated size of the .xlsx parts in bytes (a 4 MB file can
    inflate to 1 GB); ``rows`` and ``columns`` bound each sheet, declared or actual. Defaults
    come from the settings ``NGHIQUYET_WORKBOOK_MAX_UNCOMPRESSED``, ``..._MAX_ROWS`` and
    ``..._MAX_COLUMNS``.
    """

    uncompressed: int
    rows: int
    columns: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            uncompressed=settings.NGHIQUYET_WORKBOOK_MAX_UNCOMPRESSED,
            rows=settings.NGHIQUYET_WORKBOOK_MAX_ROWS,
            columns=settings.NGHIQUYET_WORKBOOK_MAX_COLUMNS,
        )


def _header_positions(header: tuple[Any, ...], spec: SheetSpec) -> dict[str, int]:
    wanted = {fold_compact(c.header): c for c in spec.columns}
    position: dict[str, int] = {}
    for index, title in enumerate(header):
        column = wanted.get(fold_compact(str(title or "")))
        if column is not None:
            position[column.key] = index
    missing = [c.header for c in spec.columns if c.required and c.key not in position]
    if missing:
        raise WorkbookError(
            [CellError(f"{spec.name}!1", f"Thiếu cột “{h}” ở dòng tiêu đề.") for h in missing]
        )
    return position


def _declared_size(ws: Worksheet, limits: Limits) -> int | None:
    """The sheet's declared last row (its ``<dimension>``), refused when beyond the limits."""
    rows, columns = ws.max_row, ws.max_column
    if (rows or 0) > limits.rows or (columns or 0) > limits.columns:
        raise WorkbookError(
            [
                CellError(
                    ws.title,
                    f"Trang tính khai báo {format_number(rows or 0)} dòng × "
                    f"{format_number(columns or 0)} cột, vượt giới hạn "
                    f"{format_number(limits.rows)} dòng × {format_number(limits.columns)} cột "
                    "của một lần nhập. Hãy chia nhỏ tệp.",
                )
            ]
        )
    return rows


def _read_rows(ws: Worksheet, spec: SheetSpec, limits: Limits) -> list[Row]:
    """Every non-empty data row of ``ws``, never trusting the declared ``<dimension>``.

    Raises WorkbookError when the sheet holds more rows or columns than ``limits`` allow, or
    more rows than its ``<dimension>`` declares (a file whose dimension is stale would
    otherwise import silently truncated).
    """
    declared = _declared_size(ws, limits)
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True)
    header: tuple[Any, ...] = next(rows, ())
    position = _header_positions(header, spec)
    letters = {key: get_column_letter(i + 1) for key, i in position.items()}
    out, last = [], 1
    for number, values in enumerate(rows, start=2):
        _check_row_bounds(ws.title, number, len(values), limits)
        if not any(v not in (None, "") for v in values):
            continue
        last = number
        data = {key: values[i] if i < len(values) else None for key, i in position.items()}
        out.append(Row(spec.name, number, data, letters))
    if declared is not None and last > declared:
        raise WorkbookError([_stale_dimension(ws.title, declared, last)])
    return out


def _check_row_bounds(sheet: str, number: int, width: int, limits: Limits) -> None:
    if number > limits.rows:
        raise WorkbookError(
            [CellError(f"{sheet}!A{number}", f"Quá {format_number(limits.rows)} dòng.")]
        )
    if width > limits.columns:
        raise WorkbookError(
            [CellError(f"{sheet}!A{number}", f"Quá {format_number(limits.columns)} cột.")]
        )


def _stale_dimension(sheet: str, declared: int, last: int) -> CellError:
    return CellError(
        sheet,
        f"Tệp khai báo vùng dữ liệu đến dòng {format_number(declared)} nhưng thực có dữ liệu "
        f"đến dòng {format_number(last)}; tệp có thể bị phần mềm khác ghi sai. Hãy mở và lưu "
        "lại bằng Excel hoặc LibreOffice rồi nhập lại.",
    )


def _sheets_in(book: Any) -> Iterator[tuple[SheetSpec, Worksheet]]:
    by_name = {fold_compact(ws.title): ws for ws in book.worksheets}
    for spec in registered_sheets():
        ws = by_name.get(fold_compact(spec.name))
        if ws is not None:
            yield spec, ws


class _DryRunRollbackError(Exception):
    pass


def _file_error(message: str) -> WorkbookError:
    return WorkbookError([CellError("Tệp", message)])


def _check_archive(source: str | Path | IO[bytes], limits: Limits) -> None:
    """Refuse a file that is not a zip, or inflates beyond ``limits.uncompressed`` bytes,
    before openpyxl parses anything."""
    try:
        with zipfile.ZipFile(source) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _file_error(
            "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải .xlsx."
        ) from None
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    if inflated > limits.uncompressed:
        raise _file_error(
            f"Tệp giải nén ra {format_number(inflated // 2**20)} MB, vượt giới hạn "
            f"{format_number(limits.uncompressed // 2**20)} MB của một lần nhập."
        )


def read_workbook(
    source: str | Path | IO[bytes], limits: Limits | None = None
) -> list[tuple[SheetSpec, list[Row]]]:
    """Parse every known sheet into rows, outside any database transaction.

    Returns (sheet, rows) pairs in app order. Raises WorkbookError for a file that is not an
    .xlsx, inflates or extends beyond ``limits``, declares a stale ``<dimension>``, holds
    unsafe XML (entity declarations: the parser is defusedxml's), or has no known sheet.
    """
    limits = limits or Limits.from_settings()
    _check_archive(source, limits)
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt or non-xlsx file.
        raise _unreadable(exc) from None
    try:
        return _parse_sheets(book, limits)
    except (DefusedXmlException, LxmlError, SyntaxError) as exc:
        raise _unreadable(exc) from None
    finally:
        book.close()


def _unreadable(exc: BaseException) -> WorkbookError:
    """A Vietnamese message for a file openpyxl cannot read, unsafe XML told apart."""
    chain: BaseException | None = exc
    while chain is not None:
        if isinstance(chain, DefusedXmlException | LxmlError | SyntaxError):
            return _file_error(
                "Tệp Excel có nội dung XML không hợp lệ hoặc không an toàn "
                f"({type(chain).__name__}); không nhập. Hãy mở và lưu lại bằng Excel."
            )
        chain = chain.__cause__ or chain.__context__
    return _file_error("Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không đúng định dạng.")


def _parse_sheets(book: Any, limits: Limits) -> list[tuple[SheetSpec, list[Row]]]:
    errors: list[CellError] = []
    parsed: list[tuple[SheetSpec, list[Row]]] = []
    for spec, ws in _sheets_in(book):
        try:
            parsed.append((spec, _read_rows(ws, spec, limits)))
        except WorkbookError as exc:
            errors.extend(exc.errors)
    if not parsed and not errors:
        names = ", ".join(s.name for s in registered_sheets())
        errors.append(CellError("Tệp", f"Không có trang tính nào đúng tên ({names})."))
    if errors:
        raise WorkbookError(errors)
    return parsed


def import_workbook(
    source: str | Path | IO[bytes], *, actor: AnyUser, dry_run: bool = False
) -> ImportContext:
    """Load every known sheet, all or nothing. Raise WorkbookError listing bad cells.

    The file is parsed and bounded first (``read_workbook``), outside the write transaction,
    so a large or hostile file never holds the database's write lock while it is read.
    """
    sheets = read_workbook(source)
    ctx = ImportContext(actor=actor, dry_run=dry_run)
    try:
        with transaction.atomic():
            _load_all(sheets, ctx)
            if dry_run:
                raise _DryRunRollbackError
    except _DryRunRollbackError:
        pass
    return ctx


def _load_all(sheets: list[tuple[SheetSpec, list[Row]]], ctx: ImportContext) -> None:
    errors: list[CellError] = []
    for spec, rows in sheets:
        try:
            spec.load(ctx, rows)
        except CellError as exc:
            errors.append(exc)
        except WorkbookError as exc:
            errors.extend(exc.errors)
    if errors:
        raise WorkbookError(errors)


def export_workbook(*, actor: AnyUser, sheets: Iterable[str] | None = None) -> Workbook:
    """A workbook with every registered sheet (or those named), ready to save."""
    book = Workbook()
    book.remove(book.active)
    wanted = {fold_compact(s) for s in sheets} if sheets else None
    for spec in registered_sheets():
        if wanted is not None and fold_compact(spec.name) not in wanted:
            continue
        ws = book.create_sheet(spec.name)
        ws.append([c.header for c in spec.columns])
        for i, column in enumerate(spec.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        for values in spec.export(actor):
            ws.append([safe_cell(v) for v in values])
        ws.freeze_panes = "A2"
    return book


def collect_errors(rows: list[Row], load_one: Callable[[Row], None]) -> None:
    """Run ``load_one`` on each row (in a savepoint) and raise every bad cell together.

    A service's InvalidInputError is reported on the cell whose column key matches the
    field it names, so sheets use the services' field names as column keys.
    """
    errors: list[CellError] = []
    for row in rows:
        try:
            with transaction.atomic():
                load_one(row)
        except CellError as exc:
            errors.append(exc)
        except InvalidInputError as exc:
            errors.extend(row.error(f, m) for f, ms in exc.errors.items() for m in ms)
        except ServiceError as exc:
            errors.append(CellError(f"{row.sheet}!A{row.number}", exc.message))
    if errors:
        raise WorkbookError(errors)
