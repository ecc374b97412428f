"""Register endpoints: models and movements, surveys, public-investment projects."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from nghiquyet.access.tokens import actor_of
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.core.periods import Period
from nghiquyet.documents.models import Document
from nghiquyet.documents.selectors import document_get
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.registers import selectors, services
from nghiquyet.registers.models import Movement, Project, Survey
from nghiquyet.registers.report import sections

PREFIX = "/registers"
router = Router(tags=["Mô hình, khảo sát, dự án"])


class MovementIn(Schema):
    organisation: str
    name: str
    kind: str
    start_date: dt.date
    status: str = "dang_hoat_dong"
    description: str = ""
    participants: int | None = None
    as_of: dt.date | None = None


class CountIn(Schema):
    as_of: dt.date
    participants: int


class MovementOut(Schema):
    id: int
    organisation: str
    name: str
    kind: str
    start_date: dt.date
    status: str
    counts: list[CountIn]


class AnswerIn(Schema):
    question: str
    answer: str
    count: int


class SurveyIn(Schema):
    organisation: str
    topic: str
    conducted_on: dt.date
    forms_issued: int
    forms_returned: int
    document: int | None = None
    summary: str = ""
    answers: list[AnswerIn] = []


class SurveyOut(SurveyIn):
    id: int


class ProjectIn(Schema):
    organisation: str
    code: str
    name: str
    plan_start: int
    plan_end: int
    total_investment: Decimal


class AllocationIn(Schema):
    year: int
    amount: Decimal


class DisbursementIn(Schema):
    period: str
    amount: Decimal


class ProjectOut(ProjectIn):
    id: int
    allocations: list[AllocationIn]
    disbursements: list[DisbursementIn]


class SummaryOut(Schema):
    org: str
    period: str
    models: dict[str, int]
    surveys: dict[str, int]
    projects: dict[str, Any]


def _org(request: HttpRequest, code: str, field: str) -> Organisation:
    try:
        return org_get(actor_of(request), code)
    except NotFoundError as exc:
        raise InvalidInputError.single(field, exc.message) from None


def _doc(request: HttpRequest, pk: int | None) -> Document | None:
    if pk is None:
        return None
    try:
        return document_get(actor_of(request), pk)
    except NotFoundError as exc:
        raise InvalidInputError.single("document", exc.message) from None


def movement_out(m: Movement) -> dict[str, Any]:
    return {
        "id": m.pk,
        "organisation": m.organisation.code,
        "name": m.name,
        "kind": m.kind,
        "start_date": m.start_date,
        "status": m.status,
        "counts": [{"as_of": c.as_of, "participants": c.participants} for c in m.counts.all()],
    }


def survey_out(s: Survey) -> dict[str, Any]:
    return {
        "id": s.pk,
        "organisation": s.organisation.code,
        "topic": s.topic,
        "conducted_on": s.conducted_on,
        "forms_issued": s.forms_issued,
        "forms_returned": s.forms_returned,
        "document": s.document_id,
        "summary": s.summary,
        "answers": [
            {"question": a.question, "answer": a.answer, "count": a.count} for a in s.answers.all()
        ],
    }


def project_out(p: Project) -> dict[str, Any]:
    return {
        "id": p.pk,
        "organisation": p.organisation.code,
        "code": p.code,
        "name": p.name,
        "plan_start": p.plan_start,
        "plan_end": p.plan_end,
        "total_investment": p.total_investment,
        "allocations": [{"year": a.year, "amount": a.amount} for a in p.allocations.all()],
        "disbursements": [{"period": d.period, "amount": d.amount} for d in p.disbursements.all()],
    }


@router.get("/movements", response=list[MovementOut], summary="Mô hình, phong trào")
def list_movements(
    request: HttpRequest,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict[str, Any]]:
    qs = selectors.movements_visible(actor_of(request)).prefetch_related("counts")
    return [movement_out(m) for m in qs[offset : offset + limit]]


@router.post("/movements", response={201: MovementOut}, summary="Ghi nhận mô hình, phong trào")
def create_movement(request: HttpRequest, payload: MovementIn) -> Status[dict]:
    data = payload.dict()
    data["organisation"] = _org(request, payload.organisation, "organisation")
    movement = services.movement_create(actor=actor_of(request), **data)
    return Status(201, movement_out(movement))


@router.put("/movements/{pk}/counts", response=MovementOut, summary="Số người tham gia")
def set_count(request: HttpRequest, pk: int, payload: CountIn) -> dict[str, Any]:
    user = actor_of(request)
    movement = selectors.movement_get(user, pk)
    services.movement_count_set(actor=user, movement=movement, **payload.dict())
    return movement_out(movement)


@router.get("/surveys", response=list[SurveyOut], summary="Khảo sát dư luận")
def list_surveys(
    request: HttpRequest,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict[str, Any]]:
    qs = selectors.surveys_visible(actor_of(request)).prefetch_related("answers")
    return [survey_out(s) for s in qs[offset : offset + limit]]


@router.post("/surveys", response={201: SurveyOut}, summary="Ghi nhận khảo sát")
def create_survey(request: HttpRequest, payload: SurveyIn) -> Status[dict]:
    survey = services.survey_create(
        actor=actor_of(request),
        organisation=_org(request, payload.organisation, "organisation"),
        topic=payload.topic,
        conducted_on=payload.conducted_on,
        forms_issued=payload.forms_issued,
        forms_returned=payload.forms_returned,
        document=_doc(request, payload.document),
        summary=payload.summary,
        answers=[services.Answer(a.question, a.answer, a.count) for a in payload.answers],
    )
    return Status(201, survey_out(survey))


@router.get("/projects", response=list[ProjectOut], summary="Dự án đầu tư công")
def list_projects(
    request: HttpRequest,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict[str, Any]]:
    qs = selectors.projects_visible(actor_of(request)).prefetch_related(
        "allocations", "disbursements"
    )
    return [project_out(p) for p in qs[offset : offset + limit]]


@router.post("/projects", response={201: ProjectOut}, summary="Ghi nhận dự án")
def create_project(request: HttpRequest, payload: ProjectIn) -> Status[dict]:
    data = payload.dict()
    data["organisation"] = _org(request, payload.organisation, "organisation")
    return Status(201, project_out(services.project_create(actor=actor_of(request), **data)))


@router.put("/projects/{pk}/allocations", response=ProjectOut, summary="Vốn giao theo năm")
def set_allocation(request: HttpRequest, pk: int, payload: AllocationIn) -> dict[str, Any]:
    user = actor_of(request)
    project = selectors.project_get(user, pk)
    services.allocation_set(actor=user, project=project, **payload.dict())
    return project_out(project)


@router.put("/projects/{pk}/disbursements", response=ProjectOut, summary="Giải ngân theo kỳ")
def set_disbursement(request: HttpRequest, pk: int, payload: DisbursementIn) -> dict[str, Any]:
    user = actor_of(request)
    project = selectors.project_get(user, pk)
    services.disbursement_set(actor=user, project=project, **payload.dict())
    return project_out(project)


@router.get("/summary", response=SummaryOut, summary="Số liệu tổng hợp theo đơn vị và kỳ")
def summary(request: HttpRequest, org: str, period: str) -> dict[str, Any]:
    user = actor_of(request)
    unit = org_get(user, org)
    try:
        p = Period.parse(period)
    except ValueError as exc:
        raise InvalidInputError.single("period", str(exc)) from None
    return {"org": unit.code, "period": p.code} | sections(org=unit, period=p, actor=user)[
        "registers"
    ]
