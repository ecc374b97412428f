"""The `Nhiệm vụ` sheet: one row per task; import creates or updates tasks, all or nothing.

``Lặp lại`` reads ``Hằng tháng; ngày 10; đến 31/12/2025`` (the due day counted from the start
of each period, 1 = first day). ``Trạng thái`` and ``Ngày hoàn thành`` are computed and only
exported (for a recurring task: the current occurrence); import ignores them. A code used
twice for the same assigning unit in the sheet is refused, naming both rows.
"""

import re
from collections.abc import Iterable
from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.formats import format_date_short, parse_date
from nghiquyet.core.text import fold
from nghiquyet.core.workbook import (
    CREATED,
    UNCHANGED,
    UPDATED,
    Catalog,
    CellError,
    Column,
    ImportContext,
    Row,
    SheetSpec,
    WorkbookError,
    collect_errors,
)
from nghiquyet.documents.citations import CitationError
from nghiquyet.documents.models import Document
from nghiquyet.documents.selectors import document_resolve_text
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.tasks import selectors, services
from nghiquyet.tasks.models import Recurrence, Section, Task

SHEET = "Nhiệm vụ"
COLUMNS = [
    Column("code", "Mã", required=True, width=12),
    Column("title", "Nội dung", required=True, width=50),
    Column("document", "Văn bản nguồn", width=20),
    Column("section", "Nhóm", width=30),
    Column("assigning", "Đơn vị giao", required=True, width=14),
    Column("lead", "Đơn vị chủ trì", required=True, width=14),
    Column("coordinating_units", "Đơn vị phối hợp", width=22),
    Column("start_date", "Bắt đầu", required=True, width=12),
    Column("deadline", "Hạn", width=12),
    Column("recurrence", "Lặp lại", width=30),
    Column("status", "Trạng thái", width=20),
    Column("done_on", "Ngày hoàn thành", width=14),
]
_KINDS = Catalog("Lặp lại", [(value, label) for value, label in Recurrence.choices if value])
_REPEAT = re.compile(r"^(?P<kind>[^;]+);\s*ngày\s+(?P<day>\d{1,3});\s*đến\s+(?P<until>.+)$", re.I)


def _org(ctx: ImportContext, row: Row, key: str, code: str) -> Organisation:
    try:
        return org_get(ctx.actor, code)
    except NotFoundError as exc:
        raise row.error(key, exc.message) from None


def _document(ctx: ImportContext, row: Row) -> Document | None:
    text = row.text("document")
    try:
        return document_resolve_text(ctx.actor, text) if text else None
    except (CitationError, NotFoundError) as exc:
        raise row.error("document", exc.message) from None


def _section(ctx: ImportContext, row: Row, document: Document | None) -> Section | None:
    name = row.text("section")
    if not name:
        return None
    if document is None:
        raise row.error("section", "Có nhóm thì phải có văn bản nguồn.")
    found = selectors.sections_of(ctx.actor, document.pk).filter(name__iexact=name).first()
    if found is None:
        raise row.error("section", f"Văn bản nguồn không có nhóm “{name}”.")
    return found


def _recurrence(row: Row) -> tuple[str, int, Any]:
    text = row.text("recurrence")
    if not text or fold(text) == fold(str(Recurrence.KHONG.label)):
        return "", 0, None
    match = _REPEAT.match(text)
    kind = _KINDS.get(match["kind"]) if match else None
    if match is None or kind is None:
        raise row.error("recurrence", "Ghi theo mẫu “Hằng tháng; ngày 10; đến 31/12/2025”.")
    try:
        until = parse_date(match["until"])
    except ValueError as exc:
        raise row.error("recurrence", str(exc)) from None
    return kind, max(int(match["day"]) - 1, 0), until


def _parse(ctx: ImportContext, row: Row) -> services.TaskInput:
    document = _document(ctx, row)
    kind, offset, until = _recurrence(row)
    coordinating = [c.strip() for c in row.text("coordinating_units").split(";") if c.strip()]
    return services.TaskInput(
        code=row.text("code", required=True, label="mã"),
        title=row.text("title", required=True, label="nội dung"),
        assigning=_org(
            ctx, row, "assigning", row.text("assigning", required=True, label="đơn vị giao")
        ),
        lead=_org(ctx, row, "lead", row.text("lead", required=True, label="đơn vị chủ trì")),
        coordinating_units=[_org(ctx, row, "coordinating_units", c) for c in coordinating],
        start_date=row.date("start_date", required=True, label="ngày bắt đầu"),  # type: ignore[arg-type]
        deadline=row.date("deadline"),
        recurrence=kind,
        recurrence_offset=offset,
        recurrence_until=until,
        document=document,
        section=_section(ctx, row, document),
    )


def _duplicates(
    parsed: list[tuple[Row, services.TaskInput]],
) -> tuple[list[tuple[Row, services.TaskInput]], list[CellError]]:
    """The rows without the repeated ones, and an error for each repeat naming its first row."""
    seen: dict[tuple[int, str], Row] = {}
    errors: list[CellError] = []
    kept = []
    for row, data in parsed:
        key = (data.assigning.pk, data.code.strip().casefold())
        if key in seen:
            first = seen[key].number
            errors.append(
                row.error("code", f"Mã “{data.code}” trùng với dòng {first} (cùng đơn vị giao).")
            )
        else:
            seen[key] = row
            kept.append((row, data))
    return kept, errors


def _save(ctx: ImportContext, data: services.TaskInput) -> None:
    existing = Task.objects.filter(assigning=data.assigning, code__iexact=data.code.strip()).first()
    if existing is None:
        services.task_create(actor=ctx.actor, data=data)
        ctx.count(SHEET, outcome=CREATED)
        return
    data.description, data.phase = existing.description, existing.phase
    data.parent, data.expected_doc_type = existing.parent, existing.expected_doc_type
    changed = _differs(existing, data)
    if changed:
        services.task_update(actor=ctx.actor, task=existing, data=data)
    ctx.count(SHEET, outcome=UPDATED if changed else UNCHANGED)


def _differs(task: Task, data: services.TaskInput) -> bool:
    now = [getattr(task, name) for name in _COMPARED]
    new = [getattr(data, name) for name in _COMPARED]
    units = {u.pk for u in task.coordinating_units.all()} != {u.pk for u in data.coordinating_units}
    return now != new or units


_COMPARED = (
    "title",
    "lead",
    "start_date",
    "deadline",
    "recurrence",
    "recurrence_offset",
    "recurrence_until",
    "document",
    "section",
)


def load(ctx: ImportContext, rows: list[Row]) -> None:
    parsed: list[tuple[Row, services.TaskInput]] = []
    errors: list[CellError] = []
    for row in rows:
        try:
            parsed.append((row, _parse(ctx, row)))
        except CellError as exc:
            errors.append(exc)
    parsed, repeats = _duplicates(parsed)
    errors += repeats
    by_row = {id(row): data for row, data in parsed}
    try:
        collect_errors([r for r, _ in parsed], lambda row: _save(ctx, by_row[id(row)]))
    except WorkbookError as exc:
        errors += exc.errors
    if errors:
        raise WorkbookError(sorted(errors, key=_position))


def _position(error: CellError) -> tuple[int, str]:
    cell = error.where.rpartition("!")[2]
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits or 0), cell


def _repeat_text(task: Task) -> str:
    if not task.recurrence or task.recurrence_until is None:
        return ""
    label, until = task.get_recurrence_display(), format_date_short(task.recurrence_until)
    return f"{label}; ngày {task.recurrence_offset + 1}; đến {until}"


def export(actor: AnyUser) -> Iterable[list[Any]]:
    tasks = (
        selectors.task_visible(actor)
        .select_related("assigning", "lead", "document", "section")
        .prefetch_related("coordinating_units")
        .order_by("assigning__path", "code")
    )
    for task in tasks:
        occ = selectors.current_occurrence_with_status(task)
        yield [
            task.code,
            task.title,
            task.document.symbol if task.document else "",
            task.section.name if task.section else "",
            task.assigning.code,
            task.lead.code,
            "; ".join(sorted(u.code for u in task.coordinating_units.all())),
            task.start_date,
            task.deadline,
            _repeat_text(task),
            occ.status_label if occ else "",
            occ.done_on if occ else None,
        ]


SHEETS = [SheetSpec(name=SHEET, columns=COLUMNS, load=load, export=export, blame="assigning")]
