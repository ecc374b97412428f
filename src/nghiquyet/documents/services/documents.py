"""Registering, correcting and issuing documents, and linking them to each other."""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record, snapshot
from nghiquyet.core import hooks
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.lengths import check_lengths
from nghiquyet.core.text import fold
from nghiquyet.documents.audit_actions import DocumentsAudit
from nghiquyet.documents.doctypes import Scheme, default_code, is_allowed
from nghiquyet.documents.models import (
    ISSUED,
    Document,
    DocumentRelation,
    FieldGroup,
    RelationKind,
    Status,
)
from nghiquyet.documents.numbering import (
    next_number,
    sequence_filter,
    sequence_for,
    sequence_label,
)
from nghiquyet.orgs.models import Organisation

CODE_RE = re.compile(r"^[A-Za-zÀ-ỹĐđ][0-9A-Za-zÀ-ỹĐđ]*$")
BODY_RE = re.compile(r"^[A-Za-zÀ-ỹĐđ][0-9A-Za-zÀ-ỹĐđ]*(?:-[A-Za-zÀ-ỹĐđ][0-9A-Za-zÀ-ỹĐđ]*)*$")
AUDITED = (
    "scheme",
    "doc_type",
    "type_code",
    "body_code",
    "organisation",
    "number",
    "sequence_key",
    "issue_date",
    "title",
    "field_groups",
    "signer",
    "signer_title",
    "status",
    "year_in_symbol",
)
EDITABLE = (
    "doc_type",
    "type_code",
    "body_code",
    "number",
    "issue_date",
    "title",
    "field_groups",
    "signer",
    "signer_title",
    "status",
    "year_in_symbol",
)


@dataclass
class DocumentInput:
    """The fields a user types; services clean them into a Document."""

    scheme: str
    doc_type: str
    title: str
    type_code: str | None = None
    body_code: str | None = None
    number: int | None = None
    issue_date: dt.date | None = None
    status: str = Status.BAN_HANH
    signer: str = ""
    signer_title: str = ""
    field_groups: Sequence[str] = field(default_factory=list)
    year_in_symbol: bool = False


def require_edit(actor: AnyUser, org: Organisation) -> None:
    if not can(actor, Action.EDIT, org):
        raise PermissionDeniedError(f"Bạn không có quyền cập nhật văn bản của {org.name}.")


def _clean(data: DocumentInput, lead: Organisation, co: Sequence[Organisation]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if data.scheme not in Scheme.values:
        errors["scheme"] = "Hệ văn bản phải là văn bản của Đảng hoặc văn bản nhà nước."
    elif not is_allowed(data.scheme, data.doc_type):
        errors["doc_type"] = f"Loại văn bản “{data.doc_type}” không thuộc hệ văn bản đã chọn."
    title = (data.title or "").strip()
    if not title:
        errors["title"] = "Chưa nhập trích yếu."
    elif len(title) > 1000:
        errors["title"] = "Trích yếu dài quá 1.000 ký tự."
    type_code = _type_code(data, errors)
    body_code = (data.body_code or "").strip() or "-".join(o.body_code for o in [lead, *co])
    if not BODY_RE.match(body_code):
        errors["body_code"] = (
            f"Ký hiệu cơ quan ban hành “{body_code}” không hợp lệ (ví dụ TU, ThU, BTCTU-BDVTU)."
        )
    if data.status not in Status.values:
        errors["status"] = "Trạng thái không hợp lệ."
    bad_groups = [g for g in data.field_groups if g not in FieldGroup.values]
    if bad_groups:
        errors["field_groups"] = f"Lĩnh vực “{bad_groups[0]}” không hợp lệ."
    _check_issue(data, errors)
    if errors:
        raise InvalidInputError(errors)
    return {
        "scheme": data.scheme,
        "doc_type": data.doc_type,
        "type_code": type_code,
        "body_code": body_code,
        "title": title,
        "status": data.status,
        "signer": data.signer.strip(),
        "signer_title": data.signer_title.strip(),
        "field_groups": list(dict.fromkeys(data.field_groups)),
        "year_in_symbol": bool(data.year_in_symbol and data.scheme == Scheme.NHA_NUOC),
        "issue_date": data.issue_date,
        "number": data.number,
    }


def _type_code(data: DocumentInput, errors: dict[str, str]) -> str:
    if data.type_code is None:
        return default_code(data.scheme, data.doc_type)
    code = data.type_code.strip()
    if code and not CODE_RE.match(code):
        errors["type_code"] = f"Ký hiệu loại “{code}” chỉ gồm chữ và số (ví dụ KH, QĐi, CTHĐ)."
    if not code and data.scheme == Scheme.DANG:
        errors["type_code"] = "Văn bản của Đảng phải có ký hiệu loại (ví dụ KH, NQ, CV)."
    return code


# A register's numbers restart each year or term (Hướng dẫn 36-HD/VPTW): five digits is far
# beyond any register, and far inside the column (issue 8: a 2^63 number answered 500).
MAX_NUMBER = 99_999


def _check_issue(data: DocumentInput, errors: dict[str, str]) -> None:
    if data.number is not None and not 1 <= data.number <= MAX_NUMBER:
        errors["number"] = f"Số văn bản phải từ 01 đến {MAX_NUMBER:,}.".replace(",", ".")
    if data.status not in ISSUED:
        return
    if data.issue_date is None:
        errors["issue_date"] = "Văn bản đã ban hành phải có ngày ban hành."
    elif data.issue_date > timezone.localdate():
        errors["issue_date"] = "Ngày ban hành không được sau ngày hôm nay."


def _co_issuers(
    actor: AnyUser, lead: Organisation, co: Iterable[Organisation]
) -> list[Organisation]:
    out = []
    for org in co:
        if org.pk == lead.pk:
            continue
        if not can(actor, Action.VIEW, org):
            raise InvalidInputError.single(
                "co_issuers", f"Đơn vị “{org.name}” không thuộc phạm vi của bạn."
            )
        out.append(org)
    return out


def _number_and_sequence(doc: Document) -> None:
    """Fill the sequence, the term or year, and (for an issued document) the number."""
    if doc.issue_date is None:
        doc.sequence_key, doc.term, doc.year = "", None, None
        return
    seq = sequence_for(doc.scheme, doc.organisation, doc.issue_date, doc.body_code)
    doc.sequence_key, doc.term, doc.year = seq.key, seq.term, seq.year
    if doc.number is None and doc.status in ISSUED:
        doc.number = next_number(
            scheme=doc.scheme,
            org=doc.organisation,
            type_code=doc.type_code,
            day=doc.issue_date,
            body_code=doc.body_code,
        )
    if doc.number is not None:
        _refuse_duplicate(doc)


def _refuse_duplicate(doc: Document) -> None:
    clash = (
        Document.objects.filter(
            **sequence_filter(
                scheme=doc.scheme,
                org=doc.organisation,
                type_code=doc.type_code,
                key=doc.sequence_key,
            ),
            number=doc.number,
        )
        .exclude(pk=doc.pk or 0)
        .first()
    )
    if clash is not None:
        raise InvalidInputError.single("number", _duplicate_message(doc, clash))


def _duplicate_message(doc: Document, clash: Document) -> str:
    within = sequence_label(doc.scheme, doc.sequence_key)
    return (
        f"Số {doc.symbol} đã được dùng trong {within} cho văn bản “{clash.title[:80]}”. "
        f"Số tiếp theo còn trống là {_free(doc):02d}."
    )


def _free(doc: Document) -> int:
    day = doc.issue_date or timezone.localdate()
    return next_number(
        scheme=doc.scheme,
        org=doc.organisation,
        type_code=doc.type_code,
        day=day,
        body_code=doc.body_code,
    )


def search_text_of(doc: Document, co: Iterable[Organisation] = ()) -> str:
    names = " ".join(o.name for o in [doc.organisation, *co])
    parts = [doc.symbol, doc.get_doc_type_display(), doc.title, names, doc.signer]
    return fold(" ".join(p for p in parts if p))


def _save(doc: Document) -> None:
    check_lengths(doc)
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError:
        raise InvalidInputError.single(
            "number", f"Số {doc.symbol} vừa được dùng cho một văn bản khác; hãy lấy số mới."
        ) from None


@transaction.atomic
def document_create(
    *,
    actor: AnyUser,
    organisation: Organisation,
    data: DocumentInput,
    co_issuers: Iterable[Organisation] = (),
    concretizes: Document | None = None,
) -> Document:
    """Register a document (a draft, or one already issued). Numbers it if issued unnumbered."""
    require_edit(actor, organisation)
    co = _co_issuers(actor, organisation, co_issuers)
    cleaned = _clean(data, organisation, co)
    if concretizes is not None:
        _check_visible_target(actor, concretizes, "concretizes")
    doc = Document(organisation=organisation, created_by=_user(actor), **cleaned)
    _number_and_sequence(doc)
    doc.search_text = search_text_of(doc, co)
    _save(doc)
    doc.co_issuers.set(co)
    if concretizes is not None:
        DocumentRelation.objects.create(
            source=doc, target=concretizes, kind=RelationKind.CU_THE_HOA
        )
    audit_record(
        actor=actor,
        action=DocumentsAudit.DOCUMENT_CREATE,
        target=doc,
        organisation=organisation,
        after=snapshot(doc, AUDITED) | {"concretizes": concretizes.pk if concretizes else None},
    )
    _registered(actor, doc)
    return doc


@transaction.atomic
def document_update(*, actor: AnyUser, document: Document, **changes: Any) -> Document:
    """Correct a document's fields; the number is re-checked in its (possibly new) sequence."""
    require_edit(actor, document.organisation)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInputError({f: "Trường này không sửa được." for f in sorted(unknown)})
    before = snapshot(document, AUDITED)
    current = {f: getattr(document, f) for f in EDITABLE}
    data = DocumentInput(scheme=document.scheme, **(current | changes))
    co = list(document.co_issuers.all())
    for name, value in _clean(data, document.organisation, co).items():
        setattr(document, name, value)
    _number_and_sequence(document)
    document.search_text = search_text_of(document, co)
    _save(document)
    audit_record(
        actor=actor,
        action=DocumentsAudit.DOCUMENT_UPDATE,
        target=document,
        organisation=document.organisation,
        before=before,
        after=snapshot(document, AUDITED),
    )
    if before.get("status") not in ISSUED:
        _registered(actor, document)
    return document


@transaction.atomic
def document_issue(
    *,
    actor: AnyUser,
    document: Document,
    issue_date: dt.date,
    number: int | None = None,
    signer: str = "",
    signer_title: str = "",
) -> Document:
    """Move a draft to "đã ban hành": it takes the next number unless one is given."""
    if document.status in ISSUED:
        raise InvalidInputError.single("status", "Văn bản này đã được ban hành.")
    return document_update(
        actor=actor,
        document=document,
        status=Status.BAN_HANH,
        issue_date=issue_date,
        number=number,
        signer=signer or document.signer,
        signer_title=signer_title or document.signer_title,
    )


def _check_visible_target(actor: AnyUser, target: Document, field_name: str) -> None:
    if not Document.objects.visible_to(actor).filter(pk=target.pk).exists():
        raise InvalidInputError.single(
            field_name, "Văn bản được liên kết không thuộc phạm vi bạn được xem."
        )


@transaction.atomic
def relation_add(
    *, actor: AnyUser, source: Document, target: Document, kind: str
) -> DocumentRelation:
    require_edit(actor, source.organisation)
    if kind not in RelationKind.values:
        raise InvalidInputError.single("kind", "Loại quan hệ không hợp lệ.")
    if source.pk == target.pk:
        raise InvalidInputError.single("target", "Văn bản không thể liên kết với chính nó.")
    _check_visible_target(actor, target, "target")
    if kind == RelationKind.CU_THE_HOA and _is_below(target, source):
        raise InvalidInputError.single(
            "target", "Liên kết này tạo vòng lặp: văn bản đích đang cụ thể hóa văn bản này."
        )
    relation, created = DocumentRelation.objects.get_or_create(
        source=source, target=target, kind=kind
    )
    if not created:
        raise InvalidInputError.single("target", "Hai văn bản đã có quan hệ này.")
    audit_record(
        actor=actor,
        action=DocumentsAudit.RELATION_ADD,
        target=relation,
        organisation=source.organisation,
        after={"source": source.pk, "target": target.pk, "kind": kind},
    )
    _registered(actor, source)
    return relation


def _is_below(candidate: Document, root: Document) -> bool:
    """Whether ``candidate`` concretizes ``root``, directly or through a chain."""
    frontier = {root.pk}
    seen: set[int] = set()
    while frontier:
        if candidate.pk in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                DocumentRelation.objects.filter(
                    kind=RelationKind.CU_THE_HOA, target_id__in=frontier
                ).values_list("source_id", flat=True)
            )
            - seen
        )
    return False


@transaction.atomic
def relation_remove(*, actor: AnyUser, relation: DocumentRelation) -> None:
    require_edit(actor, relation.source.organisation)
    audit_record(
        actor=actor,
        action=DocumentsAudit.RELATION_REMOVE,
        target=relation,
        organisation=relation.source.organisation,
        before={"source": relation.source_id, "target": relation.target_id, "kind": relation.kind},
    )
    relation.delete()


def _registered(actor: AnyUser, doc: Document) -> None:
    """Tell the other apps an issued document now exists (``core.hooks.document_registered``)."""
    if doc.status in ISSUED:
        hooks.document_registered(actor=actor, document=doc)


def _user(actor: AnyUser) -> Any:
    return actor if actor.is_authenticated else None
