"""Document endpoints: thin wrappers over the selectors and services."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from nghiquyet.access.tokens import actor_of
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.documents import schemas, selectors, services
from nghiquyet.documents.citations import Citation, CitationError, find_citations
from nghiquyet.documents.compliance import Matrix, Tally
from nghiquyet.documents.models import Document, Requirement
from nghiquyet.documents.numbering import next_number
from nghiquyet.documents.symbols import symbol
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get

PREFIX = "/documents"
SEARCH_MAX_LENGTH = 200  # characters of a search string

router = Router(tags=["Văn bản"])


def doc_out(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.pk,
        "symbol": doc.symbol,
        "number_line": doc.number_line,
        "scheme": doc.scheme,
        "doc_type": doc.doc_type,
        "doc_type_label": doc.get_doc_type_display(),
        "type_code": doc.type_code,
        "body_code": doc.body_code,
        "number": doc.number,
        "sequence": doc.sequence_key,
        "issue_date": doc.issue_date,
        "title": doc.title,
        "organisation": doc.organisation.code,
        "co_issuers": [o.code for o in doc.co_issuers.all()],
        "status": doc.status,
        "signer": doc.signer,
        "field_groups": doc.field_groups,
    }


def requirement_out(req: Requirement) -> dict[str, Any]:
    return {
        "id": req.pk,
        "action": req.action,
        "label": req.label,
        "doc_type": req.doc_type,
        "rule": req.rule,
        "target_kind": req.target_kind,
        "assigned_on": req.assigned_on,
        "deadline": req.deadline,
        "targets": sorted(o.code for o in req.targets.all()),
    }


def _detail(request: HttpRequest, doc: Document) -> dict[str, Any]:
    relations = selectors.relations_of(actor_of(request), doc)
    return doc_out(doc) | {
        "concretizes": [{"kind": r.kind, "document": doc_out(r.target)} for r in relations["out"]],
        "concretized_by": [
            {"kind": r.kind, "document": doc_out(r.source)} for r in relations["in"]
        ],
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "size": a.size,
                "content_type": a.content_type,
                "url": reverse("api:documents_attachment", args=[a.pk]),
            }
            for a in doc.attachments.all()
        ],
        "requirements": [requirement_out(r) for r in doc.requirements.all()],
    }


def _org(request: HttpRequest, code: str, field: str) -> Organisation:
    try:
        return org_get(actor_of(request), code)
    except NotFoundError as exc:
        raise InvalidInputError.single(field, exc.message) from None


def _cited(request: HttpRequest, text: str, field: str) -> Document | None:
    if not text.strip():
        return None
    try:
        return selectors.document_resolve_text(actor_of(request), text)
    except (CitationError, NotFoundError) as exc:
        raise InvalidInputError.single(field, exc.message) from None


@router.get("/", response=list[schemas.DocumentOut], summary="Tìm văn bản")
def list_documents(
    request: HttpRequest,
    q: str = Query("", max_length=SEARCH_MAX_LENGTH),
    doc_type: str = "",
    status: str = "",
    year: int | None = Query(None, ge=1900, le=2100),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict[str, Any]]:
    result = selectors.document_search(
        actor_of(request), q, doc_type=doc_type, status=status, year=year
    )
    docs = result.documents.prefetch_related("co_issuers")[offset : offset + limit]
    return [doc_out(d) for d in docs]


@router.post("/citations/parse", response=schemas.ParseOut, summary="Đọc trích dẫn văn bản")
def parse_citations(request: HttpRequest, payload: schemas.ParseIn) -> dict[str, Any]:
    scan = find_citations(payload.text)
    return {
        "citations": [_citation_out(c) for c in scan.citations],
        "errors": [{"raw": e.raw, "message": e.message} for e in scan.errors],
    }


def _citation_out(c: Citation) -> dict[str, Any]:
    return {
        "raw": c.raw,
        "symbol": c.symbol,
        "complete": c.complete,
        "scheme": c.scheme,
        "number": c.number,
        "type_code": c.type_code,
        "body_code": c.body_code,
        "doc_type": c.doc_type,
        "year": c.year,
        "issue_date": c.issue_date,
        "issuer": c.issuer,
        "inferred": list(c.inferred),
        "joint_bodies": list(c.joint_bodies),
    }


@router.get("/next-number", response=schemas.NextNumberOut, summary="Số tiếp theo")
def suggest_number(
    request: HttpRequest,
    organisation: str,
    type_code: str,
    scheme: str = "dang",
    on: dt.date | None = None,
    body_code: str = Query("", max_length=60),
) -> dict[str, Any]:
    org = org_get(actor_of(request), organisation, "edit")
    body = body_code.strip() or org.body_code
    day = on or timezone.localdate()
    number = next_number(scheme=scheme, org=org, type_code=type_code, day=day, body_code=body)
    text = symbol(scheme=scheme, number=number, type_code=type_code, body_code=body)
    return {"number": number, "symbol": text}


@router.get("/attachments/{pk}", url_name="documents_attachment", summary="Tải tệp đính kèm")
def download(request: HttpRequest, pk: int) -> FileResponse:
    att = selectors.attachment_get(actor_of(request), pk)
    response = FileResponse(
        att.file.open("rb"),
        as_attachment=True,
        filename=att.original_name,
        content_type=att.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/{pk}", response=schemas.DocumentDetailOut, summary="Chi tiết văn bản")
def get_document(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _detail(request, selectors.document_get(actor_of(request), pk))


@router.post("/", response={201: schemas.DocumentDetailOut}, summary="Đăng ký văn bản")
def create_document(request: HttpRequest, payload: schemas.DocumentIn) -> Status[dict]:
    data = payload.dict()
    org = _org(request, data.pop("organisation"), "organisation")
    co = [_org(request, c, "co_issuers") for c in data.pop("co_issuers")]
    parent = _cited(request, data.pop("concretizes"), "concretizes")
    doc = services.document_create(
        actor=actor_of(request),
        organisation=org,
        data=services.DocumentInput(**data),
        co_issuers=co,
        concretizes=parent,
    )
    return Status(201, _detail(request, doc))


@router.patch("/{pk}", response=schemas.DocumentDetailOut, summary="Sửa văn bản")
def update_document(request: HttpRequest, pk: int, payload: schemas.DocumentPatch) -> dict:
    doc = selectors.document_get(actor_of(request), pk, "edit")
    changes = payload.dict(exclude_unset=True)
    services.document_update(actor=actor_of(request), document=doc, **changes)
    return _detail(request, doc)


@router.post("/{pk}/issue", response=schemas.DocumentDetailOut, summary="Ban hành dự thảo")
def issue_document(request: HttpRequest, pk: int, payload: schemas.IssueIn) -> dict:
    doc = selectors.document_get(actor_of(request), pk, "edit")
    services.document_issue(actor=actor_of(request), document=doc, **payload.dict())
    return _detail(request, doc)


@router.post("/{pk}/relations", response={201: schemas.DocumentDetailOut}, summary="Liên kết")
def add_relation(request: HttpRequest, pk: int, payload: schemas.RelationIn) -> Status[dict]:
    doc = selectors.document_get(actor_of(request), pk, "edit")
    target = _cited(request, payload.citation, "citation")
    if target is None:
        raise InvalidInputError.single("citation", "Chưa nhập văn bản liên quan.")
    services.relation_add(actor=actor_of(request), source=doc, target=target, kind=payload.kind)
    return Status(201, _detail(request, doc))


@router.post("/{pk}/attachments", response={201: schemas.AttachmentOut}, summary="Đính kèm tệp")
def upload(request: HttpRequest, pk: int, file: File[UploadedFile]) -> Status[dict]:
    doc = selectors.document_get(actor_of(request), pk, "edit")
    att = services.attachment_add(
        actor=actor_of(request), document=doc, name=file.name or "", stream=file
    )
    return Status(
        201,
        {
            "id": att.pk,
            "name": att.original_name,
            "size": att.size,
            "content_type": att.content_type,
            "url": reverse("api:documents_attachment", args=[att.pk]),
        },
    )


def tally_out(t: Tally) -> dict[str, Any]:
    return {
        "level": t.level,
        "total": t.total,
        "done": t.done,
        "counts": t.counts,
        "percent": float(round(t.percent, 2)),
        "sentence": t.sentence,
    }


def matrix_out(m: Matrix) -> dict[str, Any]:
    rows = []
    for unit, cells in m.rows():
        rows.append(
            {
                "unit": unit.code,
                "name": unit.name,
                "cells": [
                    {
                        "requirement": r.pk,
                        "status": c.status,
                        "done_on": c.evidence.day if c.evidence else None,
                        "evidence": c.evidence.label if c.evidence else "",
                        "via": c.via.code if c.via else None,
                    }
                    for r, c in zip(m.requirements, cells, strict=True)
                    if c is not None
                ],
            }
        )
    return {
        "today": m.today,
        "requirements": [requirement_out(r) for r in m.requirements],
        "tallies": {str(r.pk): [tally_out(t) for t in m.tallies(r)] for r in m.requirements},
        "rows": rows,
    }


@router.get("/{pk}/matrix", response=schemas.MatrixOut, summary="Ma trận thực hiện")
def matrix(request: HttpRequest, pk: int, on: dt.date | None = None) -> dict[str, Any]:
    user = actor_of(request)
    return matrix_out(selectors.document_matrix(user, selectors.document_get(user, pk), on))


@router.post("/{pk}/requirements", response={201: schemas.RequirementOut}, summary="Giao yêu cầu")
def add_requirement(request: HttpRequest, pk: int, payload: schemas.RequirementIn) -> Status[dict]:
    doc = selectors.document_get(actor_of(request), pk, "edit")
    data = payload.dict()
    units = [_org(request, c, "units") for c in data.pop("units")]
    req = services.requirement_create(actor=actor_of(request), document=doc, units=units, **data)
    return Status(201, requirement_out(req))


def _tree(user: Any, doc: Document, depth: int) -> list[dict[str, Any]]:
    levels = selectors.cascade_tree(user, doc, depth)

    def below(pk: int, left: int) -> list[dict[str, Any]]:
        return [
            {
                "document": doc_out(node.document),
                "compliance": [tally_out(t) for t in node.tallies],
                "children": below(node.document.pk, left - 1) if left > 1 else [],
            }
            for node in levels.get(pk, [])
        ]

    return below(doc.pk, depth)


@router.get("/{pk}/cascade", response=schemas.CascadeNodeOut, summary="Cây cụ thể hóa")
def cascade(request: HttpRequest, pk: int, depth: int = Query(1, ge=1, le=8)) -> dict:
    user = actor_of(request)
    doc = selectors.document_get(user, pk)
    root = selectors.cascade_root(doc)
    return {
        "document": doc_out(doc),
        "compliance": [tally_out(t) for t in root.tallies],
        "children": _tree(user, doc, depth),
    }


def consultation_out(consultation: Any, viewer: Any) -> dict[str, Any]:
    return {
        "id": consultation.pk,
        "document": consultation.document_id,
        "deadline": consultation.deadline,
        "recipients": [
            {"name": s.name, "answered": s.answered, "comments": [c.text for c in s.comments]}
            for s in selectors.consultation_status(consultation, viewer)
        ],
    }


@router.post(
    "/{pk}/consultations", response={201: schemas.ConsultationOut}, summary="Lấy ý kiến dự thảo"
)
def open_consultation(
    request: HttpRequest, pk: int, payload: schemas.ConsultationIn
) -> Status[dict]:
    user = actor_of(request)
    doc = selectors.document_get(user, pk, "edit")
    users = list(User.objects.filter(username__in=payload.users))
    if len(users) != len(set(payload.users)):
        raise InvalidInputError.single("users", "Có tên đăng nhập không tồn tại.")
    units = [_org(request, c, "units") for c in payload.units]
    consultation = services.consultation_open(
        actor=user,
        document=doc,
        deadline=payload.deadline,
        users=users,
        units=units,
        note=payload.note,
    )
    return Status(201, consultation_out(consultation, user))


@router.get("/consultations/{pk}", response=schemas.ConsultationOut, summary="Tình hình góp ý")
def get_consultation(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = actor_of(request)
    return consultation_out(selectors.consultation_get(user, pk), user)


@router.post(
    "/consultations/{pk}/comments", response={201: schemas.ConsultationOut}, summary="Góp ý"
)
def add_comment(request: HttpRequest, pk: int, payload: schemas.CommentIn) -> Status[dict]:
    user = actor_of(request)
    consultation = selectors.consultation_get(user, pk)
    services.comment_add(actor=user, consultation=consultation, text=payload.text)
    return Status(201, consultation_out(consultation, user))


# --- Corrections (issue 9 §4): withdraw, delete where history allows, links, attachments,
# requirements. The services check permission and what history allows, and audit.


class WithdrawIn(Schema):
    reason: str = Field(max_length=2000)


class WithdrawnOut(Schema):
    id: int
    withdrawn_at: dt.datetime
    withdraw_reason: str


class RelationKindIn(Schema):
    kind: str


class RequirementPatch(Schema):
    deadline: dt.date
    note: str = Field("", max_length=500)


def _withdrawn(item: Document | Requirement) -> dict[str, Any]:
    return {
        "id": item.pk,
        "withdrawn_at": item.withdrawn_at,
        "withdraw_reason": item.withdraw_reason,
    }


@router.post("/{pk}/withdraw", response=WithdrawnOut, summary="Thu hồi văn bản")
def withdraw_document(request: HttpRequest, pk: int, payload: WithdrawIn) -> dict[str, Any]:
    doc = selectors.document_get(actor_of(request), pk, "edit")
    services.document_withdraw(actor=actor_of(request), document=doc, reason=payload.reason)
    return _withdrawn(doc)


@router.delete("/{pk}", response={204: None}, summary="Xóa dự thảo chưa có gì phụ thuộc")
def delete_document(request: HttpRequest, pk: int) -> Status:
    doc = selectors.document_get(actor_of(request), pk, "edit")
    services.document_delete(actor=actor_of(request), document=doc)
    return Status(204, None)


@router.patch(
    "/{pk}/relations/{rid}", response=schemas.DocumentDetailOut, summary="Sửa loại liên kết"
)
def update_relation(request: HttpRequest, pk: int, rid: int, payload: RelationKindIn) -> dict:
    doc = selectors.document_get(actor_of(request), pk, "edit")
    relation = selectors.relation_get(actor_of(request), doc, rid)
    services.relation_update(actor=actor_of(request), relation=relation, kind=payload.kind)
    return _detail(request, doc)


@router.delete("/{pk}/relations/{rid}", response={204: None}, summary="Xóa liên kết")
def remove_relation(request: HttpRequest, pk: int, rid: int) -> Status:
    doc = selectors.document_get(actor_of(request), pk, "edit")
    relation = selectors.relation_get(actor_of(request), doc, rid)
    services.relation_remove(actor=actor_of(request), relation=relation)
    return Status(204, None)


@router.delete("/{pk}/attachments/{aid}", response={204: None}, summary="Gỡ tệp đính kèm")
def remove_attachment(request: HttpRequest, pk: int, aid: int) -> Status:
    doc = selectors.document_get(actor_of(request), pk, "edit")
    attachment = selectors.attachment_get(actor_of(request), aid)
    if attachment.document_id != doc.pk:
        raise NotFoundError("Tệp này không đính kèm văn bản này.")
    services.attachment_remove(actor=actor_of(request), attachment=attachment)
    return Status(204, None)


@router.patch(
    "/requirements/{rid}", response=schemas.RequirementOut, summary="Sửa yêu cầu thực hiện"
)
def update_requirement(request: HttpRequest, rid: int, payload: RequirementPatch) -> dict:
    req = selectors.requirement_get(actor_of(request), rid)
    services.requirement_update(actor=actor_of(request), requirement=req, **payload.dict())
    return requirement_out(req)


@router.post(
    "/requirements/{rid}/withdraw", response=WithdrawnOut, summary="Thu hồi yêu cầu thực hiện"
)
def withdraw_requirement(request: HttpRequest, rid: int, payload: WithdrawIn) -> dict[str, Any]:
    req = selectors.requirement_get(actor_of(request), rid)
    services.requirement_withdraw(actor=actor_of(request), requirement=req, reason=payload.reason)
    return _withdrawn(req)
