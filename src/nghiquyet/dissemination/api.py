"""Study-session endpoints: thin wrappers over the selectors and services."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from nghiquyet.access.tokens import actor_of
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.dissemination import selectors, services
from nghiquyet.dissemination.models import StudySession
from nghiquyet.documents.models import Document
from nghiquyet.documents.selectors import document_get
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get

PREFIX = "/dissemination"
router = Router(tags=["Học tập, quán triệt"])


class CountIn(Schema):
    group: str
    expected: int = Field(ge=0)
    actual: int = Field(ge=0)
    point: str = Field(default="", description="Mã điểm cầu; để trống là đơn vị tổ chức")


class SessionIn(Schema):
    organisation: str
    title: str
    documents: list[int]
    start_date: dt.date
    end_date: dt.date | None = None
    format: str
    connected_units: list[str] = []
    counts: list[CountIn] = []
    location: str = ""


class RateOut(Schema):
    group: str
    label: str
    expected: int
    actual: int
    rate: float | None


class SessionOut(Schema):
    id: int
    title: str
    organisation: str
    documents: list[int]
    start_date: dt.date
    end_date: dt.date
    format: str
    connected_units: list[str]
    rates: list[RateOut]


class PointIn(Schema):
    point: str
    group: str
    expected: int = Field(ge=0)
    actual: int = Field(ge=0)


class CoverageOut(Schema):
    org: str
    sessions: int
    groups: list[RateOut]
    children: list["CoverageOut"] = []


class PlanIn(Schema):
    document: int
    organisation: str
    classes: int
    groups: list[str]
    deadline: dt.date
    note: str = ""


class PlanOut(Schema):
    id: int
    document: int
    organisation: str
    classes: int
    groups: list[str]
    deadline: dt.date
    held_on_time: int
    held_late: int
    progress: str


def _org(request: HttpRequest, code: str, field: str) -> Organisation:
    try:
        return org_get(actor_of(request), code)
    except NotFoundError as exc:
        raise InvalidInputError.single(field, exc.message) from None


def _doc(request: HttpRequest, pk: int, field: str) -> Document:
    try:
        return document_get(actor_of(request), pk)
    except NotFoundError as exc:
        raise InvalidInputError.single(field, exc.message) from None


def rate_out(g: selectors.GroupRate) -> dict[str, Any]:
    rate = float(round(g.rate, 2)) if g.rate is not None else None
    return {
        "group": g.group,
        "label": g.label,
        "expected": g.expected,
        "actual": g.actual,
        "rate": rate,
    }


def session_out(s: StudySession) -> dict[str, Any]:
    return {
        "id": s.pk,
        "title": s.title,
        "organisation": s.organisation.code,
        "documents": sorted(d.pk for d in s.documents.all()),
        "start_date": s.start_date,
        "end_date": s.end_date,
        "format": s.format,
        "connected_units": sorted(u.code for u in s.connected_units.all()),
        "rates": [rate_out(g) for g in selectors.session_rates(s)],
    }


@router.get("/sessions", response=list[SessionOut], summary="Danh sách hội nghị")
def list_sessions(
    request: HttpRequest,
    document: int | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict[str, Any]]:
    qs = selectors.session_visible(actor_of(request)).select_related("organisation")
    if document is not None:
        qs = qs.filter(documents=document)
    return [session_out(s) for s in qs[offset : offset + limit]]


@router.get("/sessions/{pk}", response=SessionOut, summary="Chi tiết hội nghị")
def get_session(request: HttpRequest, pk: int) -> dict[str, Any]:
    return session_out(selectors.session_get(actor_of(request), pk))


@router.post("/sessions", response={201: SessionOut}, summary="Ghi nhận hội nghị")
def create_session(request: HttpRequest, payload: SessionIn) -> Status[dict]:
    counts = [
        services.Count(
            c.group, c.expected, c.actual, _org(request, c.point, "point") if c.point else None
        )
        for c in payload.counts
    ]
    session = services.session_create(
        actor=actor_of(request),
        organisation=_org(request, payload.organisation, "organisation"),
        title=payload.title,
        documents=[_doc(request, pk, "documents") for pk in payload.documents],
        start_date=payload.start_date,
        end_date=payload.end_date,
        format=payload.format,
        connected_units=[_org(request, c, "connected_units") for c in payload.connected_units],
        counts=counts,
        location=payload.location,
    )
    return Status(201, session_out(session))


@router.put("/sessions/{pk}/attendance", response=SessionOut, summary="Số người dự tại điểm cầu")
def set_attendance(request: HttpRequest, pk: int, payload: PointIn) -> dict[str, Any]:
    session = selectors.session_get(actor_of(request), pk)
    services.attendance_set(
        actor=actor_of(request),
        session=session,
        point=_org(request, payload.point, "point"),
        group=payload.group,
        expected=payload.expected,
        actual=payload.actual,
    )
    return session_out(session)


def coverage_out(c: selectors.Coverage) -> dict[str, Any]:
    return {"org": c.org.code, "sessions": c.sessions, "groups": [rate_out(g) for g in c.groups]}


@router.get("/coverage", response=CoverageOut, summary="Tỷ lệ học tập theo đơn vị")
def coverage(request: HttpRequest, org: str, document: int | None = None) -> dict[str, Any]:
    user = actor_of(request)
    doc = document_get(user, document) if document is not None else None
    result = selectors.coverage_for(user, org, doc)
    children = selectors.coverage_children(user, result.org, doc)
    return coverage_out(result) | {"children": [coverage_out(c) for c in children]}


def plan_out(p: selectors.PlanProgress) -> dict[str, Any]:
    return {
        "id": p.plan.pk,
        "document": p.plan.document_id,
        "organisation": p.plan.organisation.code,
        "classes": p.plan.classes,
        "groups": p.plan.groups,
        "deadline": p.plan.deadline,
        "held_on_time": p.held_on_time,
        "held_late": p.held_late,
        "progress": p.text,
    }


@router.get("/plans", response=list[PlanOut], summary="Kế hoạch học tập và tiến độ")
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    plans = selectors.plans_visible(actor_of(request))[:500]
    return [plan_out(selectors.plan_progress(p)) for p in plans]


@router.post("/plans", response={201: PlanOut}, summary="Lập kế hoạch học tập")
def create_plan(request: HttpRequest, payload: PlanIn) -> Status[dict]:
    plan = services.plan_create(
        actor=actor_of(request),
        document=_doc(request, payload.document, "document"),
        organisation=_org(request, payload.organisation, "organisation"),
        classes=payload.classes,
        groups=payload.groups,
        deadline=payload.deadline,
        note=payload.note,
    )
    return Status(201, plan_out(selectors.plan_progress(plan)))


# --- Corrections (issue 9 §4): edit, withdraw, delete where history allows -----------------


class SessionPatch(Schema):
    title: str = Field(max_length=300)
    start_date: dt.date
    end_date: dt.date | None = None
    location: str = Field("", max_length=200)


class WithdrawIn(Schema):
    reason: str = Field(max_length=2000)


class PlanPatch(Schema):
    classes: int
    groups: list[str]
    deadline: dt.date
    note: str = Field("", max_length=500)


@router.put("/sessions/{pk}", response=SessionOut, summary="Sửa hội nghị")
def update_session(request: HttpRequest, pk: int, payload: SessionPatch) -> dict[str, Any]:
    user = actor_of(request)
    session = services.session_update(
        actor=user, session=selectors.session_get(user, pk), **payload.dict()
    )
    return session_out(session)


@router.post("/sessions/{pk}/withdraw", response={204: None}, summary="Thu hồi hội nghị")
def withdraw_session(request: HttpRequest, pk: int, payload: WithdrawIn) -> Status:
    user = actor_of(request)
    services.session_withdraw(
        actor=user, session=selectors.session_get(user, pk), reason=payload.reason
    )
    return Status(204, None)


@router.delete("/sessions/{pk}", response={204: None}, summary="Xóa hội nghị ghi nhầm")
def delete_session(request: HttpRequest, pk: int) -> Status:
    user = actor_of(request)
    services.session_delete(actor=user, session=selectors.session_get(user, pk))
    return Status(204, None)


@router.put("/plans/{pk}", response=PlanOut, summary="Sửa kế hoạch học tập")
def update_plan(request: HttpRequest, pk: int, payload: PlanPatch) -> dict[str, Any]:
    user = actor_of(request)
    plan = services.plan_update(actor=user, plan=selectors.plan_get(user, pk), **payload.dict())
    return plan_out(selectors.plan_progress(plan))


@router.post("/plans/{pk}/withdraw", response={204: None}, summary="Thu hồi kế hoạch học tập")
def withdraw_plan(request: HttpRequest, pk: int, payload: WithdrawIn) -> Status:
    user = actor_of(request)
    services.plan_withdraw(actor=user, plan=selectors.plan_get(user, pk), reason=payload.reason)
    return Status(204, None)
