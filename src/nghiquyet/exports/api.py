"""Report draft endpoints: thin wrappers over the selectors and services."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from nghiquyet.access.tokens import actor_of
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.exports import selectors, services
from nghiquyet.exports.models import NARRATIVE_MAX, DraftVersion, ReportDraft
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get

PREFIX = "/exports"
router = Router(tags=["Báo cáo"])


class DraftIn(Schema):
    organisation: str = Field(description="Mã đơn vị")
    period: str = Field(description="Kỳ: 2025, 2025Q3, 2025S1, 2025N9, 2020-2025")
    kind: str = Field("dinh_ky", description="dinh_ky, so_ket hoặc tong_ket")


class VersionIn(Schema):
    limitations: str | None = Field(None, max_length=NARRATIVE_MAX)
    directions: str | None = Field(None, max_length=NARRATIVE_MAX)
    doc_number: int | None = Field(None, ge=1, le=99_999)
    report_date: dt.date | None = None
    refresh: bool = False


class VersionOut(Schema):
    number: int
    limitations: str
    directions: str
    doc_number: int | None
    report_date: dt.date
    created_at: dt.datetime
    files: list[dict[str, Any]]


class DraftOut(Schema):
    id: int
    organisation: str
    period: str
    kind: str
    versions: int
    latest: VersionOut
    report: dict[str, Any]


def version_out(v: DraftVersion) -> dict[str, Any]:
    files = [{"format": f.fmt, "filename": f.filename, "sha256": f.sha256} for f in v.files.all()]
    return {
        "number": v.number,
        "limitations": v.limitations,
        "directions": v.directions,
        "doc_number": v.doc_number,
        "report_date": v.report_date,
        "created_at": v.created_at,
        "files": files,
    }


def draft_out(d: ReportDraft) -> dict[str, Any]:
    latest = selectors.version_get(d)
    return {
        "id": d.pk,
        "organisation": d.organisation.code,
        "period": d.period_code,
        "kind": d.kind,
        "versions": d.versions.count(),
        "latest": version_out(latest),
        "report": latest.snapshot,
    }


def _org(request: HttpRequest, code: str) -> Organisation:
    try:
        return org_get(actor_of(request), code)
    except NotFoundError as exc:
        raise InvalidInputError.single("organisation", exc.message) from None


@router.get("/drafts", response=list[DraftOut], summary="Dự thảo báo cáo của một đơn vị")
def list_drafts(request: HttpRequest, org: str) -> list[dict[str, Any]]:
    user = actor_of(request)
    return [draft_out(d) for d in selectors.drafts_of(user, org_get(user, org))[:100]]


@router.post("/drafts", response={201: DraftOut}, summary="Lập dự thảo báo cáo")
def create_draft(request: HttpRequest, payload: DraftIn) -> Status:
    org = _org(request, payload.organisation)
    draft = services.draft_create(
        actor=actor_of(request), org=org, period=payload.period, kind=payload.kind
    )
    return Status(201, draft_out(draft))


@router.get("/drafts/{pk}", response=DraftOut, summary="Một dự thảo và phiên bản mới nhất")
def get_draft(request: HttpRequest, pk: int) -> dict[str, Any]:
    return draft_out(selectors.draft_get(actor_of(request), pk))


@router.post("/drafts/{pk}/versions", response={201: VersionOut}, summary="Lưu phiên bản mới")
def save_version(request: HttpRequest, pk: int, payload: VersionIn) -> Status:
    user = actor_of(request)
    draft = selectors.draft_get(user, pk)
    changes = payload.dict(exclude_unset=True)
    version = services.draft_update(actor=user, draft=draft, **changes)
    return Status(201, version_out(version))


@router.get("/drafts/{pk}/file", summary="Tải tệp DOCX, XLSX hoặc PDF của dự thảo")
def download(
    request: HttpRequest, pk: int, fmt: str = "docx", version: int | None = None
) -> HttpResponse:
    user = actor_of(request)
    draft = selectors.draft_get(user, pk)
    _row, exported = services.draft_export(actor=user, draft=draft, fmt=fmt, version=version)
    response = HttpResponse(exported.data, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
