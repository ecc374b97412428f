"""The Excel workbook: every app contributes sheets; import is all or nothing.

An app's ``workbook.py`` exposes ``SHEETS``: a list of :class:`SheetSpec`. Import reads each
known sheet in app order, calls its ``load`` inside one transaction, and rolls everything
back if any cell is wrong. Errors read ``Sheet!A12: reason``. Headers match ignoring case,
accents and spaces. Export writes the same sheets, so an exported file imports again.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.contrib import app_modules
from nghiquyet.core.errors import InvalidInputError, ServiceError
from nghiquyet.core.formats import parse_date, parse_decimal
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


def _read_rows(ws: Worksheet, spec: SheetSpec) -> list[Row]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
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
    letters = {key: get_column_letter(i + 1) for key, i in position.items()}
    out = []
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        data = {key: values[i] if i < len(values) else None for key, i in position.items()}
        out.append(Row(spec.name, number, data, letters))
    return out


def _sheets_in(book: Any) -> Iterator[tuple[SheetSpec, Worksheet]]:
    by_name = {fold_compact(ws.title): ws for ws in book.worksheets}
    for spec in registered_sheets():
        ws = by_name.get(fold_compact(spec.name))
        if ws is not None:
            yield spec, ws


class _DryRunRollbackError(Exception):
    pass


def import_workbook(
    source: str | Path | IO[bytes], *, actor: AnyUser, dry_run: bool = False
) -> ImportContext:
    """Load every known sheet. Raise WorkbookError listing bad cells; nothing is then saved."""
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt or non-xlsx file.
        raise WorkbookError(
            [CellError("Tệp", f"Không đọc được tệp Excel (.xlsx): {exc}")]
        ) from None
    ctx = ImportContext(actor=actor, dry_run=dry_run)
    try:
        with transaction.atomic():
            _load_all(book, ctx)
            if dry_run:
                raise _DryRunRollbackError
    except _DryRunRollbackError:
        pass
    return ctx


def _load_all(book: Any, ctx: ImportContext) -> None:
    errors: list[CellError] = []
    found = False
    for spec, ws in _sheets_in(book):
        found = True
        try:
            spec.load(ctx, _read_rows(ws, spec))
        except CellError as exc:
            errors.append(exc)
        except WorkbookError as exc:
            errors.extend(exc.errors)
    if not found:
        names = ", ".join(s.name for s in registered_sheets())
        errors.append(CellError("Tệp", f"Không có trang tính nào đúng tên ({names})."))
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
