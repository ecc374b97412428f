"""The `Học tập quán triệt` sheet: one row per session, unit and audience group.

Rows with the same documents, unit, date and format form one session. A unit connected to an
online session that already exists on that date records its own point's figures instead of
creating a new session, so a broadcast stays one session. Re-importing changes nothing.
"""

from collections.abc import Iterable
from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import NotFoundError
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
from nghiquyet.dissemination import selectors, services
from nghiquyet.dissemination.models import Attendance, Audience, Format, StudySession
from nghiquyet.documents.citations import CitationError
from nghiquyet.documents.models import Document
from nghiquyet.documents.selectors import document_resolve_text
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get

SHEET = "Học tập quán triệt"
COLUMNS = [
    Column("documents", "Văn bản", required=True, width=22),
    Column("organisation", "Đơn vị", required=True, width=16),
    Column("start_date", "Ngày", required=True, width=12),
    Column("format", "Hình thức", required=True, width=14),
    Column("group", "Đối tượng", width=22),
    Column("expected", "Số phải dự", width=12),
    Column("actual", "Số dự", width=10),
]
_FORMATS = Catalog(
    "Hình thức",
    Format.choices,
    {"trực tiếp": Format.TRUC_TIEP, "trực tuyến": Format.TRUC_TUYEN, "online": Format.TRUC_TUYEN},
)
_GROUPS = Catalog("Đối tượng", Audience.choices)


def _documents(ctx: ImportContext, row: Row) -> list[Document]:
    text = row.text("documents", required=True, label="văn bản")
    try:
        return [document_resolve_text(ctx.actor, part) for part in text.split(";") if part.strip()]
    except (CitationError, NotFoundError) as exc:
        raise row.error("documents", exc.message) from None


def _org(ctx: ImportContext, row: Row) -> Organisation:
    code = row.text("organisation", required=True, label="đơn vị")
    try:
        return org_get(ctx.actor, code)
    except NotFoundError as exc:
        raise row.error("organisation", exc.message) from None


def _lookup(row: Row, key: str, table: Catalog) -> str:
    return table.read(row, key)


def _count(row: Row) -> services.Count | None:
    if not row.text("group"):
        return None
    expected, actual = row.decimal("expected"), row.decimal("actual")
    for key, value in (("expected", expected), ("actual", actual)):
        if value is None or value != int(value) or value < 0:
            raise row.error(key, "Phải là số nguyên không âm.")
    return services.Count(_lookup(row, "group", _GROUPS), int(expected), int(actual))  # type: ignore[arg-type]


def _parse(ctx: ImportContext, row: Row) -> tuple[tuple, services.Count | None]:
    docs = _documents(ctx, row)
    org = _org(ctx, row)
    day = row.date("start_date", required=True, label="ngày")
    fmt = _lookup(row, "format", _FORMATS)
    key = (tuple(sorted(d.pk for d in docs)), org.pk, day, fmt)
    ctx.state.setdefault("objects", {})[key] = (docs, org)
    return key, _count(row)


def _existing(docs: list[Document], org: Organisation, day: Any, fmt: str) -> tuple:
    """The session this group of rows belongs to, and the point it speaks for."""
    doc_ids = sorted(d.pk for d in docs)
    on_day = StudySession.objects.filter(start_date=day, documents__in=doc_ids).distinct()
    for session in on_day.filter(organisation=org, format=fmt):
        if sorted(session.documents.values_list("pk", flat=True)) == doc_ids:
            return session, org
    connected = on_day.filter(connected_units=org).first()
    return (connected, org) if connected else (None, org)


def _load_group(ctx: ImportContext, key: tuple, counts: list[services.Count], row: Row) -> None:
    docs, org = ctx.state["objects"][key]
    _, _, day, fmt = key
    session, point = _existing(docs, org, day, fmt)
    if session is None:
        title = "Học tập, quán triệt " + "; ".join(d.symbol or d.title[:40] for d in docs)
        services.session_create(
            actor=ctx.actor,
            organisation=org,
            title=title,
            documents=docs,
            start_date=day,
            format=fmt,
            counts=counts,
        )
        ctx.count(SHEET, outcome=CREATED)
    else:
        changed = _set_points(ctx, session, point, counts)
        ctx.count(SHEET, outcome=UPDATED if changed else UNCHANGED)


def _set_points(
    ctx: ImportContext, session: StudySession, point: Organisation, counts: list[services.Count]
) -> bool:
    current = {
        a.group: (a.expected, a.actual)
        for a in Attendance.objects.filter(session=session, organisation=point)
    }
    changed = [c for c in counts if current.get(c.group) != (c.expected, c.actual)]
    for c in changed:
        services.attendance_set(
            actor=ctx.actor,
            session=session,
            point=point,
            group=c.group,
            expected=c.expected,
            actual=c.actual,
        )
    return bool(changed)


def load(ctx: ImportContext, rows: list[Row]) -> None:
    groups: dict[tuple, list[tuple[Row, services.Count | None]]] = {}
    errors: list[CellError] = []
    for row in rows:
        try:
            key, count = _parse(ctx, row)
        except CellError as exc:
            errors.append(exc)
            continue
        groups.setdefault(key, []).append((row, count))
    firsts = []
    for key, members in groups.items():
        counts = [c for _, c in members if c is not None]
        firsts.append((members[0][0], key, counts))
    by_row = {id(r): (k, c) for r, k, c in firsts}
    try:
        collect_errors(
            [r for r, _, _ in firsts], lambda row: _load_group(ctx, *by_row[id(row)], row)
        )
    except WorkbookError as exc:
        errors.extend(exc.errors)
    if errors:
        raise WorkbookError(errors)


def export(actor: AnyUser) -> Iterable[list[Any]]:
    sessions = (
        selectors.session_visible(actor).prefetch_related("documents").order_by("start_date", "pk")
    )
    for session in sessions:
        symbols = "; ".join(d.symbol for d in session.documents.all())
        rows = session.attendance.select_related("organisation").order_by(
            "organisation__path", "group"
        )
        if not rows:
            yield [
                symbols,
                session.organisation.code,
                session.start_date,
                session.get_format_display(),
                "",
                None,
                None,
            ]
        for a in rows:
            yield [
                symbols,
                a.organisation.code,
                session.start_date,
                session.get_format_display(),
                a.get_group_display(),
                a.expected,
                a.actual,
            ]


SHEETS = [SheetSpec(name=SHEET, columns=COLUMNS, load=load, export=export, blame="organisation")]
