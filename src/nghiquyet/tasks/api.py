"""Task endpoints: thin wrappers over the task selectors and services.

A task outside the caller's scope answers 404, an action the caller's role does not allow
403, bad input 422 with Vietnamese messages by field.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from nghiquyet.access.tokens import actor_of
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.core.periods import Period
from nghiquyet.documents.models import Document
from nghiquyet.documents.selectors import document_get
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.reporting.models import Submission
from nghiquyet.tasks import selectors, services
from nghiquyet.tasks.models import Extension, Occurrence, Recommendation, Task

PREFIX = "/tasks"
router = Router(tags=["Nhiệm vụ"])


class TaskIn(Schema):
    code: str
    title: str
    description: str = ""
    assigning: str
    lead: str
    coordinating_units: list[str] = []
    start_date: dt.date
    deadline: dt.date | None = None
    recurrence: str = ""
    # Days from the start of each period; the form's bound (tasks/forms.py).
    recurrence_offset: int = Field(0, ge=0, le=364)
    recurrence_until: dt.date | None = None
    document: int | None = None
    section: int | None = None
    parent: int | None = None
    phase: str = ""
    expected_doc_type: str = ""


class OccurrenceOut(Schema):
    id: int
    opens_on: dt.date
    due_date: dt.date
    effective_deadline: dt.date
    done_on: dt.date | None
    status: str
    status_label: str


class TaskOut(Schema):
    id: int
    code: str
    title: str
    description: str
    assigning: str
    lead: str
    coordinating_units: list[str]
    start_date: dt.date
    deadline: dt.date | None
    recurrence: str
    recurrence_offset: int
    recurrence_until: dt.date | None
    document: int | None
    section: int | None
    parent: int | None
    phase: str
    expected_doc_type: str
    occurrences: list[OccurrenceOut]


class ProgressIn(Schema):
    occurrence: int | None = None
    percent: int
    text: str
    documents: list[int] = []


class ProgressOut(Schema):
    id: int
    occurrence: int
    percent: int
    text: str
    documents: list[int]
    posted_at: dt.datetime


class CompleteIn(Schema):
    occurrence: int | None = None
    note: str = ""
    documents: list[int] = []
    at: dt.datetime | None = None


class DecisionIn(Schema):
    occurrence: int | None = None
    reason: str = ""


class ReportOut(Schema):
    id: int
    occurrence: int
    done_on: dt.date
    decision: str
    reason: str


class ExtensionIn(Schema):
    occurrence: int | None = None
    new_date: dt.date
    reason: str


class ExtensionDecisionIn(Schema):
    note: str = ""


class ExtensionOut(Schema):
    id: int
    occurrence: int
    new_date: dt.date
    reason: str
    decision: str
    note: str


class CommentIn(Schema):
    text: str


class CommentOut(Schema):
    id: int
    author: str
    text: str
    created_at: dt.datetime


class DocumentOfIn(Schema):
    document: int


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


def _linked(request: HttpRequest, payload: TaskIn) -> dict[str, Any]:
    user = actor_of(request)
    section = parent = None
    if payload.section is not None:
        section = selectors.sections_visible(user).filter(pk=payload.section).first()
        if section is None:
            raise InvalidInputError.single("section", "Không tìm thấy nhóm nhiệm vụ.")
    if payload.parent is not None:
        parent = selectors.task_visible(user).filter(pk=payload.parent).first()
        if parent is None:
            raise InvalidInputError.single("parent", "Không tìm thấy nhiệm vụ cha.")
    document = _doc(request, payload.document, "document") if payload.document else None
    return {"section": section, "parent": parent, "document": document}


def _task_input(request: HttpRequest, payload: TaskIn) -> services.TaskInput:
    data = payload.dict(exclude={"assigning", "lead", "coordinating_units", "document"})
    data |= _linked(request, payload)
    return services.TaskInput(
        **data,
        assigning=_org(request, payload.assigning, "assigning"),
        lead=_org(request, payload.lead, "lead"),
        coordinating_units=[
            _org(request, c, "coordinating_units") for c in payload.coordinating_units
        ],
    )


def occurrence_out(occ: Any) -> dict[str, Any]:
    return {
        "id": occ.pk,
        "opens_on": occ.opens_on,
        "due_date": occ.due_date,
        "effective_deadline": occ.effective_deadline,
        "done_on": occ.done_on,
        "status": occ.status,
        "status_label": selectors.status_label(occ.status),
    }


def task_out(task: Task, occurrences: list[Any] | None = None) -> dict[str, Any]:
    rows = selectors.occurrences_with_status(task) if occurrences is None else occurrences
    return {
        "id": task.pk,
        "code": task.code,
        "title": task.title,
        "description": task.description,
        "assigning": task.assigning.code,
        "lead": task.lead.code,
        "coordinating_units": sorted(u.code for u in task.coordinating_units.all()),
        "start_date": task.start_date,
        "deadline": task.deadline,
        "recurrence": task.recurrence,
        "recurrence_offset": task.recurrence_offset,
        "recurrence_until": task.recurrence_until,
        "document": task.document_id,
        "section": task.section_id,
        "parent": task.parent_id,
        "phase": task.phase,
        "expected_doc_type": task.expected_doc_type,
        "occurrences": [occurrence_out(o) for o in rows],
    }


@router.get("", response=list[TaskOut], summary="Danh sách nhiệm vụ")
def list_tasks(
    request: HttpRequest,
    lead: str = "",
    status: str = "",
    phase: str = "",
    document: int | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict[str, Any]]:
    """Tasks with their occurrences due so far and the next one; ``status`` keeps the tasks
    with an occurrence in that status (and only those occurrences)."""
    user = actor_of(request)
    unit = org_get(user, lead) if lead else None
    rows = selectors.occurrence_list(
        user, selectors.OccurrenceFilter(lead=unit, status=status, phase=phase, document=document)
    )
    by_task: dict[int, list[Any]] = {}
    tasks: dict[int, Task] = {}
    for occ in rows:
        by_task.setdefault(occ.task_id, []).append(occ)
        tasks.setdefault(occ.task_id, occ.task)
    chosen = list(tasks)[offset : offset + limit]
    return [task_out(tasks[pk], by_task[pk]) for pk in chosen]


@router.get("/statistics", summary="Thống kê nhiệm vụ theo kỳ")
def statistics(
    request: HttpRequest,
    org: str,
    period: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[str, Any]:
    """Counts for the unit's subtree over ``period`` (e.g. 2025Q1) or ``start``–``end``,
    overall, per lead unit and per source document."""
    user = actor_of(request)
    unit = org_get(user, org)
    first, last = _range(period, start, end)
    return selectors.statistics_payload(user=user, org=unit, start=first, end=last)


def _range(period: str, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    if period:
        try:
            parsed = Period.parse(period)
        except ValueError as exc:
            raise InvalidInputError.single("period", str(exc)) from None
        return parsed.start, parsed.end
    if start is None or end is None:
        raise InvalidInputError.single("period", "Chọn kỳ (ví dụ 2025Q1) hoặc từ ngày, đến ngày.")
    if end < start:
        raise InvalidInputError.single("end", "Đến ngày không được trước từ ngày.")
    return start, end


@router.get("/{int:pk}", response=TaskOut, summary="Chi tiết nhiệm vụ")
def get_task(request: HttpRequest, pk: int) -> dict[str, Any]:
    return task_out(selectors.task_get(actor_of(request), pk))


@router.post("", response={201: TaskOut}, summary="Giao nhiệm vụ")
def create_task(request: HttpRequest, payload: TaskIn) -> Status[dict]:
    task = services.task_create(actor=actor_of(request), data=_task_input(request, payload))
    return Status(201, task_out(task))


@router.put("/{int:pk}", response=TaskOut, summary="Sửa nhiệm vụ")
def update_task(request: HttpRequest, pk: int, payload: TaskIn) -> dict[str, Any]:
    task = selectors.task_get(actor_of(request), pk)
    services.task_update(actor=actor_of(request), task=task, data=_task_input(request, payload))
    return task_out(selectors.task_get(actor_of(request), pk))


def _occurrence(request: HttpRequest, pk: int, occurrence: int | None) -> Occurrence:
    task = selectors.task_get(actor_of(request), pk)
    return selectors.occurrence_get(task, occurrence)


@router.post("/{int:pk}/progress", response={201: ProgressOut}, summary="Cập nhật tiến độ")
def post_progress(request: HttpRequest, pk: int, payload: ProgressIn) -> Status[dict]:
    update = services.progress_post(
        actor=actor_of(request),
        occurrence=_occurrence(request, pk, payload.occurrence),
        percent=payload.percent,
        text=payload.text,
        documents=[_doc(request, d, "documents") for d in payload.documents],
    )
    out = {
        "id": update.pk,
        "occurrence": update.occurrence_id,
        "percent": update.percent,
        "text": update.text,
        "documents": sorted(d.pk for d in update.documents.all()),
        "posted_at": update.posted_at,
    }
    return Status(201, out)


def report_out(report: Any) -> dict[str, Any]:
    return {
        "id": report.pk,
        "occurrence": report.occurrence_id,
        "done_on": report.done_on,
        "decision": report.decision,
        "reason": report.reason,
    }


@router.post("/{int:pk}/complete", response={201: ReportOut}, summary="Báo cáo hoàn thành")
def complete(request: HttpRequest, pk: int, payload: CompleteIn) -> Status[dict]:
    report = services.completion_report(
        actor=actor_of(request),
        occurrence=_occurrence(request, pk, payload.occurrence),
        note=payload.note,
        documents=[_doc(request, d, "documents") for d in payload.documents],
        at=payload.at,
    )
    return Status(201, report_out(report))


@router.post(
    "/{int:pk}/complete-by-document", response={201: ReportOut}, summary="Hoàn thành bằng văn bản"
)
def complete_by_document(request: HttpRequest, pk: int, payload: DocumentOfIn) -> Status[dict]:
    task = selectors.task_get(actor_of(request), pk)
    document = _doc(request, payload.document, "document")
    report = services.task_complete_by_document(
        actor=actor_of(request), task=task, document=document
    )
    return Status(201, report_out(report))


@router.post("/{int:pk}/confirm", response=ReportOut, summary="Xác nhận hoàn thành")
def confirm(request: HttpRequest, pk: int, payload: DecisionIn) -> dict[str, Any]:
    occ = _occurrence(request, pk, payload.occurrence)
    return report_out(services.completion_confirm(actor=actor_of(request), occurrence=occ))


@router.post("/{int:pk}/return", response=ReportOut, summary="Trả lại báo cáo hoàn thành")
def return_report(request: HttpRequest, pk: int, payload: DecisionIn) -> dict[str, Any]:
    occ = _occurrence(request, pk, payload.occurrence)
    report = services.completion_return(
        actor=actor_of(request), occurrence=occ, reason=payload.reason
    )
    return report_out(report)


def extension_out(ext: Extension) -> dict[str, Any]:
    return {
        "id": ext.pk,
        "occurrence": ext.occurrence_id,
        "new_date": ext.new_date,
        "reason": ext.reason,
        "decision": ext.decision,
        "note": ext.note,
    }


@router.post("/{int:pk}/extensions", response={201: ExtensionOut}, summary="Đề nghị gia hạn")
def request_extension(request: HttpRequest, pk: int, payload: ExtensionIn) -> Status[dict]:
    ext = services.extension_request(
        actor=actor_of(request),
        occurrence=_occurrence(request, pk, payload.occurrence),
        new_date=payload.new_date,
        reason=payload.reason,
    )
    return Status(201, extension_out(ext))


def _extension(request: HttpRequest, pk: int, ext: int) -> Extension:
    task = selectors.task_get(actor_of(request), pk)
    found = Extension.objects.filter(occurrence__task=task, pk=ext).first()
    if found is None:
        raise NotFoundError("Không tìm thấy đề nghị gia hạn.")
    found.occurrence.task = task
    return found


@router.post(
    "/{int:pk}/extensions/{int:ext}/approve", response=ExtensionOut, summary="Chấp thuận gia hạn"
)
def approve_extension(
    request: HttpRequest, pk: int, ext: int, payload: ExtensionDecisionIn
) -> dict[str, Any]:
    found = _extension(request, pk, ext)
    return extension_out(
        services.extension_approve(actor=actor_of(request), extension=found, note=payload.note)
    )


@router.post(
    "/{int:pk}/extensions/{int:ext}/refuse",
    response=ExtensionOut,
    summary="Không chấp thuận gia hạn",
)
def refuse_extension(
    request: HttpRequest, pk: int, ext: int, payload: ExtensionDecisionIn
) -> dict[str, Any]:
    found = _extension(request, pk, ext)
    return extension_out(
        services.extension_refuse(actor=actor_of(request), extension=found, note=payload.note)
    )


def comment_out(comment: Any) -> dict[str, Any]:
    author = comment.author.get_username() if comment.author else ""
    return {
        "id": comment.pk,
        "author": author,
        "text": comment.text,
        "created_at": comment.created_at,
    }


@router.get("/{int:pk}/comments", response=list[CommentOut], summary="Ý kiến về nhiệm vụ")
def list_comments(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    task = selectors.task_get(actor_of(request), pk)
    return [comment_out(c) for c in task.comments.select_related("author")]


@router.post("/{int:pk}/comments", response={201: CommentOut}, summary="Góp ý về nhiệm vụ")
def add_comment(request: HttpRequest, pk: int, payload: CommentIn) -> Status[dict]:
    task = selectors.task_get(actor_of(request), pk)
    comment = services.comment_add(actor=actor_of(request), task=task, text=payload.text)
    return Status(201, comment_out(comment))


# Briefings -----------------------------------------------------------------------------------


class BriefingIn(Schema):
    chair: str
    held_on: dt.date
    agenda: str
    participants: list[str] = []
    notice: int | None = None
    conclusions: list[str] = []


class ConclusionOut(Schema):
    position: int
    text: str
    task: int | None


class BriefingOut(Schema):
    id: int
    chair: str
    held_on: dt.date
    agenda: str
    participants: list[str]
    notice: int | None
    notice_symbol: str
    conclusions: list[ConclusionOut]


def briefing_out(b: Any) -> dict[str, Any]:
    return {
        "id": b.pk,
        "chair": b.chair.code,
        "held_on": b.held_on,
        "agenda": b.agenda,
        "participants": sorted(u.code for u in b.participants.all()),
        "notice": b.notice_id,
        "notice_symbol": b.notice.symbol if b.notice else "",
        "conclusions": [
            {"position": c.position, "text": c.text, "task": c.task_id} for c in b.conclusions.all()
        ],
    }


@router.get("/briefings", response=list[BriefingOut], summary="Danh sách giao ban")
def list_briefings(
    request: HttpRequest,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict[str, Any]]:
    rows = selectors.briefing_visible(actor_of(request)).prefetch_related("conclusions")
    return [briefing_out(b) for b in rows[offset : offset + limit]]


@router.post("/briefings", response={201: BriefingOut}, summary="Ghi nhận cuộc giao ban")
def create_briefing(request: HttpRequest, payload: BriefingIn) -> Status[dict]:
    notice = _doc(request, payload.notice, "notice") if payload.notice else None
    briefing = services.briefing_create(
        actor=actor_of(request),
        chair=_org(request, payload.chair, "chair"),
        held_on=payload.held_on,
        agenda=payload.agenda,
        participants=[_org(request, c, "participants") for c in payload.participants],
        notice=notice,
        conclusions=payload.conclusions,
    )
    return Status(201, briefing_out(briefing))


@router.get("/briefings/{int:pk}", response=BriefingOut, summary="Chi tiết cuộc giao ban")
def get_briefing(request: HttpRequest, pk: int) -> dict[str, Any]:
    return briefing_out(selectors.briefing_get(actor_of(request), pk))


@router.post(
    "/briefings/{int:pk}/conclusions/{int:position}/assign",
    response={201: TaskOut},
    summary="Giao kết luận thành nhiệm vụ",
)
def assign_conclusion(
    request: HttpRequest, pk: int, position: int, payload: TaskIn
) -> Status[dict]:
    conclusion = selectors.conclusion_get(actor_of(request), pk, position)
    task = services.conclusion_assign(
        actor=actor_of(request), conclusion=conclusion, data=_task_input(request, payload)
    )
    return Status(201, task_out(task))


# Difficulties and recommendations -------------------------------------------------------------


class RecommendationIn(Schema):
    unit: str
    title: str
    text: str
    task: int | None = None
    submission: int | None = None


class MessageOut(Schema):
    step: str
    organisation: str
    text: str
    created_at: dt.datetime


class RecommendationOut(Schema):
    id: int
    raised_by: str
    addressed_to: str
    title: str
    text: str
    task: int | None
    submission: int | None
    state: str
    raised_on: dt.date
    closed_on: dt.date | None
    age_days: int
    assigned_task: int | None
    messages: list[MessageOut]
    files: list[str]


class ReplyIn(Schema):
    text: str


def recommendation_out(rec: Recommendation) -> dict[str, Any]:
    messages = rec.messages.select_related("organisation")
    return {
        "id": rec.pk,
        "raised_by": rec.raised_by.code,
        "addressed_to": rec.addressed_to.code,
        "title": rec.title,
        "text": rec.text,
        "task": rec.task_id,
        "submission": rec.submission_id,
        "state": rec.state,
        "raised_on": rec.raised_on,
        "closed_on": rec.closed_on,
        "age_days": rec.age(timezone.localdate()),
        "assigned_task": rec.assigned_task_id,
        "messages": [
            {
                "step": m.step,
                "organisation": m.organisation.code,
                "text": m.text,
                "created_at": m.created_at,
            }
            for m in messages
        ],
        "files": [f.original_name for f in rec.files.all()],
    }


@router.get(
    "/recommendations", response=list[RecommendationOut], summary="Khó khăn, vướng mắc, kiến nghị"
)
def list_recommendations(
    request: HttpRequest,
    org: str = "",
    box: str = "",
    state: str = "",
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict[str, Any]]:
    """``box`` ``gui`` (raised by ``org``'s subtree) or ``nhan`` (addressed to ``org``)."""
    user = actor_of(request)
    unit = org_get(user, org) if org else None
    rows = selectors.recommendations_of(user, unit, box=box, state=state)
    return [recommendation_out(r) for r in rows[offset : offset + limit]]


@router.post("/recommendations", response={201: RecommendationOut}, summary="Gửi kiến nghị")
def raise_recommendation(request: HttpRequest, payload: RecommendationIn) -> Status[dict]:
    user = actor_of(request)
    task = submission = None
    if payload.task is not None:
        task = selectors.task_visible(user).filter(pk=payload.task).first()
        if task is None:
            raise InvalidInputError.single("task", "Không tìm thấy nhiệm vụ.")
    if payload.submission is not None:
        submission = Submission.objects.visible_to(user).filter(pk=payload.submission).first()
        if submission is None:
            raise InvalidInputError.single("submission", "Không tìm thấy báo cáo.")
    rec = services.recommendation_raise(
        actor=user,
        unit=_org(request, payload.unit, "unit"),
        title=payload.title,
        text=payload.text,
        task=task,
        submission=submission,
    )
    return Status(201, recommendation_out(rec))


@router.get("/recommendations/{int:pk}", response=RecommendationOut, summary="Chi tiết kiến nghị")
def get_recommendation(request: HttpRequest, pk: int) -> dict[str, Any]:
    return recommendation_out(selectors.recommendation_get(actor_of(request), pk))


@router.post(
    "/recommendations/{int:pk}/answer", response=RecommendationOut, summary="Trả lời kiến nghị"
)
def answer_recommendation(request: HttpRequest, pk: int, payload: ReplyIn) -> dict[str, Any]:
    rec = selectors.recommendation_get(actor_of(request), pk)
    done = services.recommendation_answer(
        actor=actor_of(request), recommendation=rec, text=payload.text
    )
    return recommendation_out(done)


@router.post(
    "/recommendations/{int:pk}/forward",
    response=RecommendationOut,
    summary="Chuyển kiến nghị lên cấp trên",
)
def forward_recommendation(request: HttpRequest, pk: int, payload: ReplyIn) -> dict[str, Any]:
    rec = selectors.recommendation_get(actor_of(request), pk)
    done = services.recommendation_forward(
        actor=actor_of(request), recommendation=rec, text=payload.text
    )
    return recommendation_out(done)


@router.post(
    "/recommendations/{int:pk}/assign",
    response={201: TaskOut},
    summary="Giao kiến nghị thành nhiệm vụ",
)
def assign_recommendation(request: HttpRequest, pk: int, payload: TaskIn) -> Status[dict]:
    rec = selectors.recommendation_get(actor_of(request), pk)
    task = services.recommendation_assign(
        actor=actor_of(request), recommendation=rec, data=_task_input(request, payload)
    )
    return Status(201, task_out(task))
