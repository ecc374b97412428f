"""Inspection, supervision and rating endpoints: thin wrappers over selectors and services.

A member-level record's details are listed only for the inspecting body and ``quan_tri``
users above it; ``/statistics`` gives everyone who sees the unit the counts.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from nghiquyet.access.tokens import actor_of
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.oversight import selectors, services
from nghiquyet.oversight.models import Inspection, MemberRating, OrgRating

PREFIX = "/oversight"
router = Router(tags=["Kiểm tra, giám sát, xếp loại"])


class ProgrammeIn(Schema):
    organisation: str
    year: int
    title: str
    note: str = ""


class ProgrammeOut(Schema):
    id: int
    organisation: str
    year: int
    title: str
    records: int


class InspectionIn(Schema):
    body: str
    kind: str
    content: str
    start_date: dt.date
    end_date: dt.date | None = None
    subject: str = Field("", description="Mã tổ chức đảng được kiểm tra, giám sát")
    member_name: str = ""
    member_card: str = ""
    member_unit: str = Field("", description="Mã chi bộ, đơn vị của đảng viên")
    review_period: str = ""
    programme: int | None = None
    code: str = ""


class RemedyIn(Schema):
    text: str
    deadline: dt.date


class ConclusionIn(Schema):
    result: str
    concluded_on: dt.date
    findings: str = ""
    discipline: str = ""
    remedies: list[RemedyIn] = []


class RemedyOut(Schema):
    id: int
    text: str
    deadline: dt.date
    task: int
    status: str


class InspectionOut(Schema):
    id: int
    code: str
    body: str
    kind: str
    subject: str | None
    member_name: str
    member_card: str
    member_unit: str | None
    content: str
    review_period: str
    start_date: dt.date
    end_date: dt.date | None
    status: str
    result: str
    findings: str
    discipline: str
    concluded_on: dt.date | None
    remedies: list[RemedyOut]


class TallyOut(Schema):
    records: int
    distinct: int
    by_body: list[dict[str, Any]]


class StatisticsOut(Schema):
    org: str
    period: str
    organisations: TallyOut
    members: TallyOut
    by_kind: dict[str, int]
    planned: int
    done: int
    results: dict[str, int]
    remedies: dict[str, int]


class OrgRatingIn(Schema):
    organisation: str
    year: int
    score: Decimal | None = None
    disqualified: bool = False
    not_rated_reason: str = ""
    cap_override_reason: str = ""


class OrgRatingOut(Schema):
    organisation: str
    year: int
    score: Decimal | None
    level: str
    not_rated_reason: str
    warnings: list[str]
    cap_override_reason: str


class MemberRatingIn(Schema):
    organisation: str
    year: int
    rated: int
    htxsnv: int
    httnv: int
    htnv: int
    khtnv: int
    not_rated: int = 0
    not_rated_reasons: dict[str, int] = {}
    cap_override_reason: str = ""


class MemberRatingOut(MemberRatingIn):
    pass


class CapIn(Schema):
    organisation: str
    percent: Decimal


class SummaryOut(Schema):
    org: str
    year: int
    organisations: dict[str, int]
    members: dict[str, int]
    organisations_good_or_better_pct: Decimal | None
    members_good_or_better_pct: Decimal | None
    cap_percent: Decimal


def _org(request: HttpRequest, code: str, field: str) -> Organisation:
    try:
        return org_get(actor_of(request), code)
    except NotFoundError as exc:
        raise InvalidInputError.single(field, exc.message) from None


def _period(code: str) -> Period:
    try:
        return Period.parse(code)
    except ValueError as exc:
        raise InvalidInputError.single("period", str(exc)) from None


def inspection_out(i: Inspection) -> dict[str, Any]:
    states = selectors.remedy_statuses(i.remedies.all(), timezone.localdate())
    return {
        "id": i.pk,
        "code": i.code,
        "body": i.body.code,
        "kind": i.kind,
        "subject": i.subject_org.code if i.subject_org else None,
        "member_name": i.member_name,
        "member_card": i.member_card,
        "member_unit": i.member_unit.code if i.member_unit else None,
        "content": i.content,
        "review_period": i.review_period,
        "start_date": i.start_date,
        "end_date": i.end_date,
        "status": i.status,
        "result": i.result,
        "findings": i.findings,
        "discipline": i.discipline,
        "concluded_on": i.concluded_on,
        "remedies": [
            {
                "id": r.pk,
                "text": r.text,
                "deadline": r.deadline,
                "task": r.task_id,
                "status": states.get(r.pk, ("open", None))[0],
            }
            for r in i.remedies.all()
        ],
    }


@router.get("/programmes", response=list[ProgrammeOut], summary="Chương trình kiểm tra, giám sát")
def list_programmes(request: HttpRequest) -> list[dict[str, Any]]:
    rows = selectors.programmes_visible(actor_of(request))[:500]
    return [
        {
            "id": p.pk,
            "organisation": p.organisation.code,
            "year": p.year,
            "title": p.title,
            "records": p.records.count(),
        }
        for p in rows
    ]


@router.post("/programmes", response={201: ProgrammeOut}, summary="Lập chương trình năm")
def create_programme(request: HttpRequest, payload: ProgrammeIn) -> Status[dict]:
    p = services.programme_create(
        actor=actor_of(request),
        organisation=_org(request, payload.organisation, "organisation"),
        year=payload.year,
        title=payload.title,
        note=payload.note,
    )
    out = {"id": p.pk, "organisation": p.organisation.code, "year": p.year, "title": p.title}
    return Status(201, out | {"records": 0})


@router.get("/inspections", response=list[InspectionOut], summary="Các cuộc kiểm tra, giám sát")
def list_inspections(
    request: HttpRequest,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict[str, Any]]:
    qs = selectors.inspection_visible(actor_of(request)).select_related(
        "body", "subject_org", "member_unit"
    )
    return [inspection_out(i) for i in qs[offset : offset + limit]]


@router.get("/inspections/{pk}", response=InspectionOut, summary="Chi tiết cuộc kiểm tra")
def get_inspection(request: HttpRequest, pk: int) -> dict[str, Any]:
    return inspection_out(selectors.inspection_get(actor_of(request), pk))


@router.post("/inspections", response={201: InspectionOut}, summary="Ghi nhận kiểm tra, giám sát")
def create_inspection(request: HttpRequest, payload: InspectionIn) -> Status[dict]:
    user = actor_of(request)
    member = None
    if payload.member_name:
        unit = _org(request, payload.member_unit, "member_unit")
        member = services.Member(payload.member_name, unit, payload.member_card)
    programme = None
    if payload.programme is not None:
        try:
            programme = selectors.programme_get(user, payload.programme)
        except NotFoundError as exc:
            raise InvalidInputError.single("programme", exc.message) from None
    record = services.inspection_create(
        actor=user,
        data=services.InspectionInput(
            body=_org(request, payload.body, "body"),
            kind=payload.kind,
            content=payload.content,
            start_date=payload.start_date,
            end_date=payload.end_date,
            subject_org=_org(request, payload.subject, "subject") if payload.subject else None,
            member=member,
            review_period=payload.review_period,
            programme=programme,
            code=payload.code,
        ),
    )
    return Status(201, inspection_out(record))


@router.post(
    "/inspections/{pk}/conclusion", response=InspectionOut, summary="Kết luận, yêu cầu khắc phục"
)
def conclude(request: HttpRequest, pk: int, payload: ConclusionIn) -> dict[str, Any]:
    user = actor_of(request)
    record = services.inspection_conclude(
        actor=user,
        inspection=selectors.inspection_get(user, pk),
        result=payload.result,
        concluded_on=payload.concluded_on,
        findings=payload.findings,
        discipline=payload.discipline,
        remedies=[services.RemedyInput(r.text, r.deadline) for r in payload.remedies],
    )
    return inspection_out(record)


@router.get("/statistics", response=StatisticsOut, summary="Thống kê kiểm tra, giám sát")
def statistics(request: HttpRequest, org: str, period: str) -> dict[str, Any]:
    user = actor_of(request)
    unit = org_get(user, org)
    p = _period(period)
    return {"org": unit.code, "period": p.code} | selectors.oversight_figures(
        user, unit, p
    ).as_dict()


def org_rating_out(r: OrgRating) -> dict[str, Any]:
    return {
        "organisation": r.organisation.code,
        "year": r.year,
        "score": r.score,
        "level": r.level,
        "not_rated_reason": r.not_rated_reason,
        "warnings": r.warnings,
        "cap_override_reason": r.cap_override_reason,
    }


def member_rating_out(r: MemberRating) -> dict[str, Any]:
    fields = ("year", "rated", "htxsnv", "httnv", "htnv", "khtnv", "not_rated")
    return {f: getattr(r, f) for f in fields} | {
        "organisation": r.organisation.code,
        "not_rated_reasons": r.not_rated_reasons,
        "cap_override_reason": r.cap_override_reason,
    }


@router.get("/ratings", response=SummaryOut, summary="Kết quả xếp loại, cộng dồn theo cây")
def rating_summary(request: HttpRequest, org: str, year: int) -> dict[str, Any]:
    user = actor_of(request)
    unit = org_get(user, org)
    orgs = selectors.org_rating_counts(user, unit, year)
    members = selectors.member_rating_counts(user, unit, year)
    return {
        "org": unit.code,
        "year": year,
        "organisations": orgs.as_dict(),
        "members": members.as_dict(),
        "organisations_good_or_better_pct": orgs.good_or_better_pct,
        "members_good_or_better_pct": members.good_or_better_pct,
        "cap_percent": services.cap_of(unit),
    }


@router.get("/ratings/organisations", response=list[OrgRatingOut], summary="Xếp loại tổ chức đảng")
def list_org_ratings(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    qs = selectors.org_ratings_visible(actor_of(request))
    if year is not None:
        qs = qs.filter(year=year)
    return [org_rating_out(r) for r in qs[:1000]]


@router.put("/ratings/organisations", response=OrgRatingOut, summary="Xếp loại một tổ chức đảng")
def set_org_rating(request: HttpRequest, payload: OrgRatingIn) -> dict[str, Any]:
    row = services.org_rating_set(
        actor=actor_of(request),
        organisation=_org(request, payload.organisation, "organisation"),
        year=payload.year,
        score=payload.score,
        disqualified=payload.disqualified,
        not_rated_reason=payload.not_rated_reason,
        cap_override_reason=payload.cap_override_reason,
    )
    return org_rating_out(row)


@router.get(
    "/ratings/members", response=list[MemberRatingOut], summary="Xếp loại đảng viên theo đơn vị"
)
def list_member_ratings(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    qs = selectors.member_ratings_visible(actor_of(request))
    if year is not None:
        qs = qs.filter(year=year)
    return [member_rating_out(r) for r in qs[:1000]]


@router.put("/ratings/members", response=MemberRatingOut, summary="Ghi kết quả xếp loại đảng viên")
def set_member_rating(request: HttpRequest, payload: MemberRatingIn) -> dict[str, Any]:
    data = payload.dict()
    data["organisation"] = _org(request, payload.organisation, "organisation")
    return member_rating_out(services.member_rating_set(actor=actor_of(request), **data))


@router.put("/caps", response=CapIn, summary="Đặt tỷ lệ xếp loại xuất sắc tối đa")
def set_cap(request: HttpRequest, payload: CapIn) -> dict[str, Any]:
    row = services.cap_set(
        actor=actor_of(request),
        organisation=_org(request, payload.organisation, "organisation"),
        percent=payload.percent,
    )
    return {"organisation": row.organisation.code, "percent": row.percent}
