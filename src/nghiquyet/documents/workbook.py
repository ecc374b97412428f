"""The `Văn bản` sheet: the register, one document per row, upserted by its symbol.

Rows are matched on (issuing unit, scheme, type code, number, term or year), so importing
the same sheet twice changes nothing. "Cụ thể hóa" holds the parent's symbol; links are made
after every row is saved, so a parent may appear anywhere in the sheet; the links of the rows
that saved are checked even when other rows failed, so every error shows in one run.
"""

from collections.abc import Iterable
from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import InvalidInputError, NotFoundError
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
from nghiquyet.documents import selectors, services
from nghiquyet.documents.citations import Citation, CitationError, parse_symbol
from nghiquyet.documents.doctypes import DocType
from nghiquyet.documents.models import Document, DocumentRelation, RelationKind, Status
from nghiquyet.documents.numbering import sequence_for
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get

SHEET = "Văn bản"
COLUMNS = [
    Column("symbol", "Số ký hiệu", width=18),
    Column("doc_type", "Loại", required=True, width=14),
    Column("issue_date", "Ngày ban hành", width=14),
    Column("organisation", "Đơn vị ban hành", required=True, width=16),
    Column("title", "Trích yếu", required=True, width=60),
    Column("concretizes", "Cụ thể hóa", width=18),
    Column("status", "Trạng thái", width=14),
]
_TYPES = Catalog("Loại văn bản", DocType.choices)
_STATUSES = Catalog("Trạng thái", Status.choices)


def _choice(row: Row, key: str, table: Catalog, default: str = "") -> str:
    return table.read(row, key, default=default)


def _org(ctx: ImportContext, row: Row) -> Organisation:
    code = row.text("organisation", required=True, label="đơn vị ban hành")
    try:
        return org_get(ctx.actor, code, "edit")
    except NotFoundError:
        raise row.error(
            "organisation", f"Không tìm thấy đơn vị “{code}” trong phạm vi bạn được cập nhật."
        ) from None


def _symbol(row: Row, status: str) -> Citation | None:
    text = row.text("symbol")
    if not text:
        if status in (Status.BAN_HANH, Status.HET_HIEU_LUC):
            raise row.error("symbol", "Văn bản đã ban hành phải có số, ký hiệu.")
        return None
    try:
        return parse_symbol(text)
    except CitationError as exc:
        raise row.error("symbol", exc.message) from None


def _existing(org: Organisation, c: Citation | None, row: Row, data: Any) -> Document | None:
    if c is None:
        return Document.objects.filter(
            organisation=org, title=data.title, status__in=[Status.DU_THAO, Status.LAY_Y_KIEN]
        ).first()
    if data.issue_date is None:
        raise row.error("issue_date", "Thiếu ngày ban hành.")
    same = Document.objects.filter(
        organisation=org,
        scheme=c.scheme,
        type_code=c.type_code,
        number=c.number,
        issue_date=data.issue_date,
    ).first()
    if same is not None:
        # The document is already registered: re-importing it must change nothing, even when
        # its unit has since moved (e.g. merged in 2025) and today's ancestors no longer hold
        # the term its number belongs to.
        return same
    try:
        key = sequence_for(c.scheme, org, data.issue_date).key
    except InvalidInputError as exc:
        raise row.error("issue_date", exc.message) from None
    return Document.objects.filter(
        organisation=org, scheme=c.scheme, type_code=c.type_code, number=c.number, sequence_key=key
    ).first()


def _load_row(ctx: ImportContext, row: Row) -> None:
    status = _choice(row, "status", _STATUSES, Status.BAN_HANH)
    org = _org(ctx, row)
    c = _symbol(row, status)
    data = services.DocumentInput(
        scheme=c.scheme if c else "dang",
        doc_type=_choice(row, "doc_type", _TYPES),
        title=row.text("title", required=True, label="trích yếu"),
        type_code=c.type_code if c else None,
        body_code=c.body_code if c else None,
        number=c.number if c else None,
        issue_date=row.date("issue_date"),
        status=status,
        year_in_symbol=bool(c and c.year),
    )
    existing = _existing(org, c, row, data)
    if existing is None:
        services.document_create(actor=ctx.actor, organisation=org, data=data)
        ctx.count(SHEET, outcome=CREATED)
    else:
        ctx.count(SHEET, outcome=UPDATED if _update(ctx, existing, data) else UNCHANGED)


def _update(ctx: ImportContext, doc: Document, data: services.DocumentInput) -> bool:
    wanted = {"doc_type": data.doc_type, "title": data.title, "status": data.status}
    changed = {k: v for k, v in wanted.items() if getattr(doc, k) != v}
    if changed:
        services.document_update(actor=ctx.actor, document=doc, **changed)
    return bool(changed)


def _link_row(ctx: ImportContext, row: Row) -> None:
    parent_text = row.text("concretizes")
    if not parent_text:
        return
    child = _child(ctx, row)
    try:
        parent = selectors.document_resolve_text(ctx.actor, parent_text, near=child.organisation)
    except (CitationError, NotFoundError) as exc:
        raise row.error("concretizes", exc.message) from None
    exists = DocumentRelation.objects.filter(
        source=child, target=parent, kind=RelationKind.CU_THE_HOA
    ).exists()
    if not exists:
        services.relation_add(
            actor=ctx.actor, source=child, target=parent, kind=RelationKind.CU_THE_HOA
        )


def _child(ctx: ImportContext, row: Row) -> Document:
    status = _choice(row, "status", _STATUSES, Status.BAN_HANH)
    org = _org(ctx, row)
    data = services.DocumentInput(
        scheme="dang",
        doc_type="",
        title=row.text("title"),
        issue_date=row.date("issue_date"),
    )
    doc = _existing(org, _symbol(row, status), row, data)
    if doc is None:  # The first pass saved it; only a bad row gets here, already reported.
        raise row.error("symbol", "Không tìm thấy văn bản của dòng này.")
    return doc


def load(ctx: ImportContext, rows: list[Row]) -> None:
    """Save every row, then link the rows that saved; raise the errors of both passes."""
    errors: list[CellError] = []
    saved: list[Row] = []
    for row in rows:
        try:
            collect_errors([row], lambda row: _load_row(ctx, row))
            saved.append(row)
        except WorkbookError as exc:
            errors.extend(exc.errors)
    try:
        collect_errors(saved, lambda row: _link_row(ctx, row))
    except WorkbookError as exc:
        errors.extend(exc.errors)
    if errors:
        raise WorkbookError(errors)


def export(actor: AnyUser) -> Iterable[list[Any]]:
    docs = (
        selectors.document_visible(actor)
        .select_related("organisation")
        .order_by("organisation__path", "issue_date", "pk")
    )
    parents = dict(
        DocumentRelation.objects.filter(kind=RelationKind.CU_THE_HOA, source__in=docs)
        .select_related("target")
        .values_list("source_id", "target_id")
    )
    symbols = {d.pk: d.symbol for d in Document.objects.filter(pk__in=parents.values())}
    for doc in docs:
        yield [
            doc.symbol,
            doc.get_doc_type_display(),
            doc.issue_date,
            doc.organisation.code,
            doc.title,
            symbols.get(parents.get(doc.pk, 0), ""),
            doc.get_status_display(),
        ]


SHEETS = [SheetSpec(name=SHEET, columns=COLUMNS, load=load, export=export, blame="organisation")]
