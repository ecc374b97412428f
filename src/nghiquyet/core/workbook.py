"""The Excel workbook: every app contributes sheets; import is all or nothing.

An app's ``workbook.py`` exposes ``SHEETS``: a list of :class:`SheetSpec`. Import reads each
known sheet in app order, calls its ``load`` inside one transaction, and rolls everything
back if any cell is wrong. Errors read ``Sheet!A12: reason`` (the row number Excel shows) and
every error of every sheet is reported at once. Headers match ignoring case, accents and spaces;
catalog cells (``Catalog``) match ignoring case, accents, punctuation and Unicode form. A sheet
whose name is not known is named as ignored, with the nearest known name. Export writes the same
sheets, so an exported file imports again; a text longer than an Excel cell holds (32.767
characters) is marked as cut, and such a cell is refused on import.
"""

import datetime as dt
import difflib
import re
import zipfile
from collections.abc import Callable, Iterable
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
CELL_MAX_CHARS = 32767  # What one Excel cell holds (Excel specifications and limits).
CUT_MARK = " […đã cắt khi xuất: bản đầy đủ dài {length} ký tự]"
_CUT_MARK_RE = re.compile(r" \[…đã cắt khi xuất: bản đầy đủ dài [\d.]+ ký tự\]$")
UNCACHED_FORMULA = "chứa công thức chưa có giá trị tính sẵn; mở tệp trong Excel và lưu lại"
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


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


class LimitError(WorkbookError):
    """The file is beyond what one import may hold: reading stops at once."""


@dataclass
class Row:
    """One data row: values by column key, and where each cell is, for error messages."""

    sheet: str
    number: int
    values: dict[str, Any]
    columns: dict[str, str]
    blame: str = ""  # The column a row-level error without a field of its own is shown on.

    def where(self, key: str) -> str:
        letter = self.columns.get(key) or self.columns.get(self.blame) or _first(self.columns)
        return f"{self.sheet}!{letter}{self.number}"

    def error(self, key: str, message: str) -> CellError:
        return CellError(self.where(key), message)

    def text(self, key: str, *, required: bool = False, label: str = "") -> str:
        """The cell as text, stripped. Raises CellError when it is required and empty, longer
        than an Excel cell holds, or was cut by an earlier export."""
        value = self.values.get(key)
        text = unquote("" if value is None else str(value).strip())
        if required and not text:
            raise self.error(key, f"Thiếu {label or key}.")
        if len(text) > CELL_MAX_CHARS:
            raise self.error(
                key,
                f"Dài {format_number(len(text))} ký tự, quá {format_number(CELL_MAX_CHARS)} "
                "ký tự một ô Excel chứa được.",
            )
        if _CUT_MARK_RE.search(text):
            raise self.error(
                key,
                "Văn bản này đã bị cắt khi xuất vì dài quá một ô Excel; nhập lại sẽ làm mất "
                "phần bị cắt. Hãy sửa nội dung này trực tiếp trên hệ thống, hoặc xóa ô.",
            )
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

    def integer(self, key: str, *, required: bool = False, label: str = "") -> int | None:
        """The cell as a whole number ≥ 0, or None when empty and not required. Raises
        CellError for a fraction, a negative number or text that is not a number."""
        number = self.decimal(key, required=required, label=label)
        if number is None:
            return None
        if number != number.to_integral_value() or number < 0:
            raise self.error(key, f"{(label or key).capitalize()} phải là số nguyên không âm.")
        return int(number)

    def resolve(self, key: str, find: Callable[[str], Any], *, label: str = "") -> Any:
        """``find(text)`` of the (required) cell: an organisation code, a document symbol.
        A ServiceError it raises (not found, not in scope) becomes this cell's CellError."""
        text = self.text(key, required=True, label=label)
        try:
            return find(text)
        except ServiceError as exc:
            raise self.error(key, exc.message) from None

    def yes_no(self, key: str, default: bool = False) -> bool:
        text = fold(self.text(key))
        if not text:
            return default
        if text in {"co", "x", "1", "true", "yes"}:
            return True
        if text in {"khong", "0", "false", "no"}:
            return False
        raise self.error(key, "Chỉ nhận “có” hoặc “không”.")


def _first(columns: dict[str, str]) -> str:
    return min(columns.values(), key=lambda letter: (len(letter), letter), default="A")


def _catalog_key(text: str) -> str:
    """Case, accents (either ``ủy`` or ``uỷ``, NFC or NFD), punctuation and spaces ignored."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(text)).split())


class Catalog:
    """A list of coded values that a cell may name by code or by name, as people write them.

    ``choices`` are (code, label) pairs (a Django ``TextChoices.choices``). Besides the code
    (as written) and the label, a cell may hold the label without its bracketed note (``Huyện
    ủy`` for "Huyện ủy (trước 7/2025)"), one of its ``/`` alternatives (``Tỉnh ủy`` for "Tỉnh
    ủy / Thành ủy trực thuộc Trung ương", ``Đảng ủy phường`` for "Đảng ủy xã / phường / đặc
    khu") or one of ``aliases`` (name → code). A short form two codes share is not accepted
    (ambiguous).
    """

    def __init__(
        self, label: str, choices: Iterable[tuple[str, Any]], aliases: dict[str, str] | None = None
    ) -> None:
        self.label = label
        self.names = [str(name) for _, name in choices]
        exact: dict[str, str] = {}
        short: dict[str, set[str]] = {}
        self.codes = {fold(str(code)): str(code) for code, _ in choices}
        for code, name in choices:
            exact[_catalog_key(str(name))] = str(code)
            for form in _short_forms(str(name)):
                short.setdefault(_catalog_key(form), set()).add(str(code))
        for alias, code in (aliases or {}).items():
            exact[_catalog_key(alias)] = code
        unique = {k: next(iter(codes)) for k, codes in short.items() if len(codes) == 1}
        self.table = unique | exact

    def get(self, text: str) -> str | None:
        """The code ``text`` names, or None. A code is taken only as written (``thanh_uy``),
        so that a name two entries could mean (``Thành ủy``) is never read as one of them."""
        return self.codes.get(fold(text)) or self.table.get(_catalog_key(text))

    def read(self, row: "Row", key: str, *, default: str = "") -> str:
        """The code in cell ``key``; ``default`` when empty (required when no default).

        Raises CellError listing the accepted names when the cell names nothing known.
        """
        text = row.text(key, required=not default, label=self.label.lower())
        if not text:
            return default
        code = self.get(text)
        if code is None:
            raise row.error(key, self.refusal(text))
        return code

    def refusal(self, text: str) -> str:
        return (
            f"{self.label} “{text}” không có trong danh mục; dùng một trong: "
            + "; ".join(f"“{name}”" for name in self.names)
            + "."
        )


def _short_forms(name: str) -> list[str]:
    plain = re.sub(r"\s*\([^)]*\)", "", name).strip()
    parts = [p.strip() for p in plain.split("/") if p.strip()]
    forms = [plain, *parts]
    if len(parts) > 1:
        head = parts[0].split()
        for part in parts[1:]:
            if len(part.split()) < len(head):
                forms.append(" ".join([*head[:-1], part]))
    return forms


@dataclass
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 18


@dataclass
class ImportContext:
    """What an import did. ``counts``: rows read per sheet; ``changes``: per sheet, rows
    ``created``, ``updated`` and ``unchanged``; ``sheets``: the sheets read, in order;
    ``ignored``: (sheet name, nearest known name or "") for sheets no app knows."""

    actor: AnyUser
    dry_run: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    changes: dict[str, dict[str, int]] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)

    def count(self, sheet: str, n: int = 1, outcome: str = UPDATED) -> None:
        """Record ``n`` rows of ``sheet`` as ``outcome`` (CREATED, UPDATED or UNCHANGED)."""
        self.counts[sheet] = self.counts.get(sheet, 0) + n
        tally = self.changes.setdefault(sheet, {CREATED: 0, UPDATED: 0, UNCHANGED: 0})
        tally[outcome] += n


@dataclass
class SheetSpec:
    """A sheet: its columns, how to load its rows, and how to export them.

    ``load(ctx, rows)`` raises CellError (or WorkbookError for several) on bad input and
    calls services for the writes. ``export(actor)`` yields rows in column order. ``blame`` is
    the column key a row-level error without a column of its own is shown on (a refused
    permission: the unit's column); the first column when empty.
    """

    name: str
    columns: list[Column]
    load: Callable[[ImportContext, list[Row]], None]
    export: Callable[[AnyUser], Iterable[list[Any]]]
    blame: str = ""


def registered_sheets() -> list[SheetSpec]:
    return [spec for module in app_modules("workbook") for spec in getattr(module, "SHEETS", [])]


def unquote(text: str) -> str:
    """Undo the export's formula guard: a leading apostrophe before a trigger character."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def safe_cell(value: Any) -> Any:
    """Cell value for export: user text never becomes a formula, and a text longer than a
    cell holds (``CELL_MAX_CHARS``) is cut visibly, ending with ``CUT_MARK`` (never silently:
    openpyxl would cut it without a word). Import refuses a marked cell."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        value = "'" + value
    if isinstance(value, str) and len(value) > CELL_MAX_CHARS:
        mark = CUT_MARK.format(length=format_number(len(value)))
        return value[: CELL_MAX_CHARS - len(mark)] + mark
    return value


def is_cut(value: Any) -> bool:
    """True when an exported cell value was cut by ``safe_cell``."""
    return isinstance(value, str) and _CUT_MARK_RE.search(value) is not None


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
        raise LimitError(
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


def _read_rows(
    ws: Worksheet,
    spec: SheetSpec,
    limits: Limits,
    formulas: set[tuple[int, int]],
    tick: Callable[[int], None] | None = None,
) -> list[Row]:
    """Every non-empty data row of ``ws``, never trusting the declared ``<dimension>``.

    ``formulas`` holds the (row, column) of the sheet's formula cells, both 1-based. Raises
    WorkbookError when the sheet holds more rows or columns than ``limits`` allow, or more rows
    than its ``<dimension>`` declares (a file whose dimension is stale would otherwise import
    silently truncated), or when a formula cell read has no cached value (a file written by a
    program that does not compute formulas: the cell would otherwise read as empty).
    ``tick(n)`` is called with the number of rows read so far, every PROGRESS_EVERY rows.
    """
    declared = _declared_size(ws, limits)
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True)
    header: tuple[Any, ...] = next(rows, ())
    position = _header_positions(header, spec)
    letters = {key: get_column_letter(i + 1) for key, i in position.items()}
    blame = spec.blame or spec.columns[0].key
    out, last, errors = [], 1, []
    for number, values in enumerate(rows, start=2):
        _check_row_bounds(ws.title, number, len(values), limits)
        if tick is not None and number % PROGRESS_EVERY == 0:
            tick(number - 1)
        if formulas:
            errors += _uncached(spec.name, number, values, position, formulas)
        if not any(v not in (None, "") for v in values):
            continue
        last = number
        data = {key: values[i] if i < len(values) else None for key, i in position.items()}
        out.append(Row(spec.name, number, data, letters, blame))
    if declared is not None and last > declared:
        errors.append(_stale_dimension(ws.title, declared, last))
    if errors:
        raise WorkbookError(errors)
    return out


def _uncached(
    sheet: str,
    number: int,
    values: tuple[Any, ...],
    position: dict[str, int],
    formulas: set[tuple[int, int]],
) -> list[CellError]:
    errors = []
    for i in sorted(position.values()):
        if (number, i + 1) in formulas and (i >= len(values) or values[i] is None):
            where = f"{get_column_letter(i + 1)}{number}"
            errors.append(CellError(f"{sheet}!{where}", uncached_formula_message(where)))
    return errors


def _formula_cells(book: Any, title: str, limits: Limits) -> set[tuple[int, int]]:
    """(row, column) of every formula cell of sheet ``title`` in ``book`` (opened a second
    time, with formulas, only for a file that holds some). Reads at most one row and column
    past ``limits``: the data pass then refuses the sheet."""
    found = set()
    rows = book[title].iter_rows(values_only=True, max_col=limits.columns + 1)
    for number, values in enumerate(rows, start=1):
        if number > limits.rows + 1:
            break
        for column, value in enumerate(values, start=1):
            if (isinstance(value, str) and value.startswith("=")) or _is_array(value):
                found.add((number, column))
    return found


def formula_cells(
    source: str | Path | IO[bytes], title: str, limits: Limits | None = None
) -> set[tuple[int, int]]:
    """(row, column), 1-based, of the formula cells of sheet ``title``; empty when the file
    holds no formula or no such sheet. Checks the archive first (``_check_archive``: raises
    WorkbookError for a file that is not an .xlsx or inflates beyond ``limits``). Callers that
    read with ``data_only=True`` use it to tell a formula without its value from an empty cell.
    """
    limits = limits or Limits.from_settings()
    if not _check_archive(source, limits):
        return set()
    book = _formulas_book(source)
    try:
        return _formula_cells(book, title, limits) if title in book.sheetnames else set()
    finally:
        book.close()
        if hasattr(source, "seek"):
            source.seek(0)


def uncached_formula_message(where: str) -> str:
    """``Ô G5 chứa công thức chưa có giá trị tính sẵn; mở tệp trong Excel và lưu lại.``"""
    return f"Ô {where} {UNCACHED_FORMULA}."


def _is_array(value: Any) -> bool:
    return type(value).__name__ in {"ArrayFormula", "DataTableFormula"}


def _check_row_bounds(sheet: str, number: int, width: int, limits: Limits) -> None:
    if number > limits.rows:
        raise LimitError(
            [CellError(f"{sheet}!A{number}", f"Quá {format_number(limits.rows)} dòng.")]
        )
    if width > limits.columns:
        raise LimitError(
            [CellError(f"{sheet}!A{number}", f"Quá {format_number(limits.columns)} cột.")]
        )


def _stale_dimension(sheet: str, declared: int, last: int) -> CellError:
    return CellError(
        sheet,
        f"Tệp khai báo vùng dữ liệu đến dòng {format_number(declared)} nhưng thực có dữ liệu "
        f"đến dòng {format_number(last)}; tệp có thể bị phần mềm khác ghi sai. Hãy mở và lưu "
        "lại bằng Excel hoặc LibreOffice rồi nhập lại.",
    )


def _sheets_in(book: Any) -> tuple[list[tuple[SheetSpec, Worksheet]], list[tuple[str, str]]]:
    """The known sheets of ``book`` in app order, and (name, nearest known name or "") for
    each sheet no app knows."""
    specs = registered_sheets()
    known = {fold_compact(spec.name): spec for spec in specs}
    by_name = {fold_compact(ws.title): ws for ws in book.worksheets}
    found = [(spec, by_name[key]) for key, spec in known.items() if key in by_name]
    ignored = [(ws.title, _nearest(ws.title, specs)) for k, ws in by_name.items() if k not in known]
    return found, ignored


def _nearest(title: str, specs: list[SheetSpec]) -> str:
    names = {fold(spec.name): spec.name for spec in specs}
    close = difflib.get_close_matches(fold(title), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else ""


def ignored_message(name: str, nearest: str) -> str:
    """How an unknown sheet is reported: ``Trang tính “Chi tieu” không được đọc…``."""
    hint = f" Có phải là “{nearest}”?" if nearest else ""
    return f"Trang tính “{name}” không có trong sổ nên bị bỏ qua, không nhập.{hint}"


class _DryRunRollbackError(Exception):
    pass


def _file_error(message: str) -> WorkbookError:
    return WorkbookError([CellError("Tệp", message)])


def _check_archive(source: str | Path | IO[bytes], limits: Limits) -> bool:
    """Refuse a file that is not a zip, or inflates beyond ``limits.uncompressed`` bytes,
    before openpyxl parses anything. Returns whether any worksheet holds a formula."""
    try:
        with zipfile.ZipFile(source) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
            formulas = inflated <= limits.uncompressed and _has_formulas(archive)
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
    return formulas


def _has_formulas(archive: zipfile.ZipFile) -> bool:
    """Whether a worksheet part holds an ``<f>`` element, read in chunks (bounded memory)."""
    for info in archive.infolist():
        if not info.filename.startswith("xl/worksheets/"):
            continue
        with archive.open(info) as part:
            tail = b""
            while chunk := part.read(1 << 20):
                data = tail + chunk
                if re.search(rb"<(?:\w+:)?f[ >/]", data):
                    return True
                tail = data[-16:]
    return False


@dataclass
class ReadResult:
    """The parsed sheets (in app order), the errors found while reading (every sheet's), and
    the sheets ignored as unknown: (name, nearest known name or "")."""

    sheets: list[tuple[SheetSpec, list[Row]]]
    errors: list[CellError]
    ignored: list[tuple[str, str]]


# Rows read between two calls of an import's ``progress`` callback.
PROGRESS_EVERY = 500

# ``progress(phase, sheet, rows_done, rows_total)``: phase READING while the file is parsed
# (rows counted across sheets; the total is the sum of the sheets' declared sizes), then SAVING
# once, just before the write transaction begins.
Progress = Callable[[str, str, int, int], None]
READING, SAVING = "reading", "saving"


def read_workbook(
    source: str | Path | IO[bytes], limits: Limits | None = None, progress: Progress | None = None
) -> ReadResult:
    """Parse every known sheet into rows, outside any database transaction.

    Raises WorkbookError for a file that is not an .xlsx, inflates or extends beyond
    ``limits``, holds unsafe XML (entity declarations: the parser is defusedxml's), or has no
    known sheet (a LimitError for a size beyond ``limits``: reading stops there). Errors of one
    sheet (a missing column, a stale ``<dimension>``, a formula without its value) are returned
    in ``errors`` so that the other sheets are still checked. ``progress`` (see Progress) is
    told of the rows read.
    """
    limits = limits or Limits.from_settings()
    formulas = _check_archive(source, limits)
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt or non-xlsx file.
        raise _unreadable(exc) from None
    try:
        return _parse_sheets(book, limits, source if formulas else None, progress)
    except (DefusedXmlException, LxmlError, SyntaxError) as exc:
        raise _unreadable(exc) from None
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        # openpyxl reading a corrupt cell: <v>NaN</v> in a number cell, a shared string index
        # past the table, a row number that is not a number (core/tests/test_hostile_workbooks).
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


def _parse_sheets(
    book: Any,
    limits: Limits,
    formula_source: str | Path | IO[bytes] | None,
    progress: Progress | None = None,
) -> ReadResult:
    result = ReadResult([], [], [])
    found, result.ignored = _sheets_in(book)
    if not found:
        names = ", ".join(s.name for s in registered_sheets())
        hints = "".join(" " + ignored_message(n, near) for n, near in result.ignored if near)
        raise WorkbookError(
            [CellError("Tệp", f"Không có trang tính nào đúng tên ({names}).{hints}")]
        )
    formulas_book = _formulas_book(formula_source)
    ticker = _Ticker(progress, sum(_data_rows(ws) for _, ws in found)) if progress else None
    try:
        for spec, ws in found:
            formulas = _formula_cells(formulas_book, ws.title, limits) if formulas_book else set()
            if ticker is not None:
                ticker.start(spec.name, _data_rows(ws))
            try:
                result.sheets.append((spec, _read_rows(ws, spec, limits, formulas, ticker)))
            except LimitError:
                raise
            except WorkbookError as exc:
                result.errors.extend(exc.errors)
    finally:
        if formulas_book is not None:
            formulas_book.close()
    return result


def _data_rows(ws: Worksheet) -> int:
    """The rows below the header the sheet declares (its ``<dimension>``; 0 when absent)."""
    return max((ws.max_row or 1) - 1, 0)


@dataclass
class _Ticker:
    """Turns one sheet's rows-read count into ``progress`` calls counted across sheets."""

    progress: Progress
    total: int
    base: int = 0
    size: int = 0
    sheet: str = ""

    def start(self, sheet: str, size: int) -> None:
        """Begin ``sheet`` (``size`` declared data rows) after the previous one."""
        self.base, self.size, self.sheet = self.base + self.size, size, sheet
        self(0)

    def __call__(self, read: int) -> None:
        self.progress(READING, self.sheet, self.base + min(read, self.size), self.total)


def _formulas_book(source: str | Path | IO[bytes] | None) -> Any:
    if source is None:
        return None
    if hasattr(source, "seek"):
        source.seek(0)
    return load_workbook(source, read_only=True, data_only=False)


def import_workbook(
    source: str | Path | IO[bytes],
    *,
    actor: AnyUser,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportContext:
    """Load every known sheet, all or nothing. Raise WorkbookError listing bad cells.

    The file is parsed and bounded first (``read_workbook``), outside the write transaction,
    so a large or hostile file never holds the database's write lock while it is read. Every
    sheet is checked even when another has errors, so one run reports every bad cell (the
    reading errors with the loading ones); then everything is rolled back. Returns the context:
    rows per sheet created, updated or unchanged, the sheets read and the sheets ignored.
    ``progress`` (see Progress) follows the reading, then is told once that saving begins.
    """
    read = read_workbook(source, progress=progress)
    ctx = ImportContext(actor=actor, dry_run=dry_run, ignored=read.ignored)
    ctx.sheets = [spec.name for spec, _ in read.sheets]
    if progress is not None:
        rows = sum(len(rows) for _, rows in read.sheets)
        progress(SAVING, "", rows, rows)
    try:
        with transaction.atomic():
            _load_all(read, ctx)
            if dry_run:
                raise _DryRunRollbackError
    except _DryRunRollbackError:
        pass
    return ctx


def _load_all(read: ReadResult, ctx: ImportContext) -> None:
    errors: list[CellError] = list(read.errors)
    for spec, rows in read.sheets:
        try:
            spec.load(ctx, rows)
        except CellError as exc:
            errors.append(exc)
        except WorkbookError as exc:
            errors.extend(exc.errors)
    if errors:
        raise WorkbookError(errors)


def export_workbook(
    *, actor: AnyUser, sheets: Iterable[str] | None = None, cut: list[str] | None = None
) -> Workbook:
    """A workbook with every registered sheet (or those named), ready to save.

    A text longer than a cell holds is cut visibly (``safe_cell``); its cell (``Sheet!E7``) is
    appended to ``cut`` when given, so the caller can say so.
    """
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
        for number, values in enumerate(spec.export(actor), start=2):
            cells = [safe_cell(v) for v in values]
            ws.append(cells)
            if cut is not None:
                cut.extend(
                    f"{spec.name}!{get_column_letter(i)}{number}"
                    for i, v in enumerate(cells, start=1)
                    if is_cut(v)
                )
        ws.freeze_panes = "A2"
    return book


def collect_errors(
    rows: list[Row], load_one: Callable[[Row], None], fields: dict[str, str] | None = None
) -> None:
    """Run ``load_one`` on each row (in a savepoint) and raise every bad cell together.

    A service's InvalidInputError is reported on the cell whose column key matches the field
    it names (``fields`` maps other service field names to column keys); any other service
    error, and a field no column holds, on the row's ``blame`` column (never a bare ``A``).
    """
    errors: list[CellError] = []
    for row in rows:
        try:
            with transaction.atomic():
                load_one(row)
        except CellError as exc:
            errors.append(exc)
        except InvalidInputError as exc:
            errors.extend(service_errors(row, exc, fields))
        except ServiceError as exc:
            errors.append(row.error(row.blame, exc.message))
    if errors:
        raise WorkbookError(errors)


def service_errors(
    row: Row, exc: InvalidInputError, fields: dict[str, str] | None = None
) -> list[CellError]:
    """A service's field errors as cells of ``row`` (see ``collect_errors``)."""
    fields = fields or {}
    return [row.error(fields.get(f, f), m) for f, ms in exc.errors.items() for m in ms]
