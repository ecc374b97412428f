"""Difficulties and recommendations (khó khăn, vướng mắc, kiến nghị): a unit raises one to
the level above, which answers it, assigns it as a task to one of its own units, or forwards
it further up. Every step is a message of the thread; every write is audited."""

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from pathlib import PurePath
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.actions import AuditAction
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.text import FORBIDDEN_CHARACTERS_MESSAGE as FORBIDDEN
from nghiquyet.core.text import has_forbidden_characters
from nghiquyet.documents.services.attachments import CONTENT_TYPES, read_upload
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting.models import Submission
from nghiquyet.tasks.audit_actions import TasksAudit as A
from nghiquyet.tasks.models import (
    Recommendation,
    RecommendationFile,
    RecommendationMessage,
    RecState,
    Step,
    Task,
)
from nghiquyet.tasks.permissions import may_handle, require
from nghiquyet.tasks.services.tasks import TaskInput, task_create

MAX_TITLE, MAX_TEXT, MAX_FILES = 300, 10000, 10
HANDLER_ONLY = "Chỉ đơn vị nhận kiến nghị mới được trả lời, chuyển hoặc giao xử lý."

Upload = tuple[str, IO[bytes]]


def _user(actor: AnyUser) -> Any:
    return actor if actor.is_authenticated else None


def _text(value: str, field: str, label: str, limit: int = MAX_TEXT) -> str:
    text = value.strip()
    if not text:
        raise InvalidInputError.single(field, f"Chưa nhập {label}.")
    if has_forbidden_characters(text):
        raise InvalidInputError.single(field, f"{label.capitalize()}: {FORBIDDEN}")
    if len(text) > limit:
        raise InvalidInputError.single(field, f"{label.capitalize()} dài quá {limit} ký tự.")
    return text


def _message(
    actor: AnyUser,
    rec: Recommendation,
    step: str,
    org: Organisation,
    text: str,
    at: dt.datetime | None = None,
) -> None:
    RecommendationMessage.objects.create(
        recommendation=rec,
        step=step,
        organisation=org,
        author=_user(actor),
        text=text,
        created_at=at or timezone.now(),
    )


def _audit(actor: AnyUser, action: AuditAction, rec: Recommendation, **after: Any) -> None:
    audit_record(actor=actor, action=action, target=rec, organisation=rec.raised_by, after=after)


def _check_subject(
    actor: AnyUser, unit: Organisation, task: Task | None, submission: Submission | None
) -> None:
    if task is not None and not Task.objects.visible_to(actor).filter(pk=task.pk).exists():
        raise InvalidInputError.single("task", "Nhiệm vụ không thuộc phạm vi bạn được xem.")
    if submission is not None and submission.organisation_id != unit.pk:
        raise InvalidInputError.single("submission", "Báo cáo phải là báo cáo của đơn vị gửi.")


def _attach(rec: Recommendation, files: Sequence[Upload]) -> list[str]:
    if len(files) > MAX_FILES:
        raise InvalidInputError.single("files", f"Tối đa {MAX_FILES} tệp đính kèm.")
    names = []
    for name, stream in files:
        ext, data = read_upload(name, stream)
        item = RecommendationFile(
            recommendation=rec,
            original_name=PurePath(name).name[:255],
            content_type=CONTENT_TYPES[ext],
            size=len(data),
        )
        digest = hashlib.sha256(data).hexdigest()[:8]
        item.file.save(f"{uuid.uuid4().hex}-{digest}.{ext}", ContentFile(data), save=False)
        item.save()
        names.append(item.original_name)
    return names


@transaction.atomic
def recommendation_raise(
    *,
    actor: AnyUser,
    unit: Organisation,
    title: str,
    text: str,
    task: Task | None = None,
    submission: Submission | None = None,
    files: Sequence[Upload] = (),
    at: dt.datetime | None = None,
) -> Recommendation:
    """``unit`` raises a difficulty or recommendation to its parent unit, optionally about a
    task or one of its own report submissions, with files (PDF, DOCX, XLSX, PNG, JPG, the
    documents app's checks).

    Raises PermissionDeniedError without edit rights on ``unit``; InvalidInputError for an
    empty title or text, a top unit (no level above), a task outside scope, another unit's
    submission, or a refused file (field ``file``). ``at`` (loaders only: the demo and
    imports of earlier records; default now) is when it was raised, never in the future.
    """
    require(can(actor, Action.EDIT, unit), f"Bạn không có quyền kiến nghị thay {unit.name}.")
    heading = _text(title, "title", "tiêu đề", MAX_TITLE)
    body = _text(text, "text", "nội dung kiến nghị")
    if unit.parent is None:
        raise InvalidInputError.single("unit", f"{unit.name} không có cấp trên để gửi kiến nghị.")
    _check_subject(actor, unit, task, submission)
    when = at or timezone.now()
    if when > timezone.now():
        raise InvalidInputError.single("at", "Thời điểm kiến nghị không được sau hiện tại.")
    rec = Recommendation.objects.create(
        raised_by=unit,
        addressed_to=unit.parent,
        title=heading,
        text=body,
        task=task,
        submission=submission,
        raised_on=timezone.localdate(when),
        created_by=_user(actor),
    )
    _message(actor, rec, Step.KIEN_NGHI, unit, body, when)
    names = _attach(rec, files)
    _audit(actor, A.RECOMMENDATION_RAISE, rec, to=unit.parent.code, title=heading, files=names)
    return rec


def _open_for(actor: AnyUser, rec: Recommendation) -> Recommendation:
    locked = Recommendation.objects.select_for_update().get(pk=rec.pk)
    require(may_handle(actor, locked), HANDLER_ONLY)
    if locked.state != RecState.CHO_XU_LY:
        raise InvalidInputError.single("recommendation", "Kiến nghị này đã được xử lý.")
    return locked


def _close(rec: Recommendation, state: str, task: Task | None = None) -> None:
    rec.state, rec.closed_on, rec.assigned_task = state, timezone.localdate(), task
    rec.save(update_fields=["state", "closed_on", "assigned_task"])


@transaction.atomic
def recommendation_answer(
    *, actor: AnyUser, recommendation: Recommendation, text: str
) -> Recommendation:
    """The addressed unit answers: the recommendation is closed (``da_tra_loi``) today.

    Raises PermissionDeniedError outside the addressed unit, InvalidInputError for an empty
    answer or a recommendation already handled."""
    rec = _open_for(actor, recommendation)
    body = _text(text, "text", "nội dung trả lời")
    _message(actor, rec, Step.TRA_LOI, rec.addressed_to, body)
    _close(rec, RecState.DA_TRA_LOI)
    _audit(actor, A.RECOMMENDATION_ANSWER, rec, by=rec.addressed_to.code, text=body[:200])
    return rec


@transaction.atomic
def recommendation_forward(
    *, actor: AnyUser, recommendation: Recommendation, text: str
) -> Recommendation:
    """The addressed unit forwards it to its own parent with a note; it stays open and the
    thread keeps every step.

    Raises PermissionDeniedError outside the addressed unit, InvalidInputError for an empty
    note, a handled recommendation, or a top unit."""
    rec = _open_for(actor, recommendation)
    body = _text(text, "text", "ý kiến khi chuyển")
    here = rec.addressed_to
    if here.parent is None:
        raise InvalidInputError.single("recommendation", f"{here.name} không có cấp trên.")
    _message(actor, rec, Step.CHUYEN, here, body)
    rec.addressed_to = here.parent
    rec.save(update_fields=["addressed_to"])
    _audit(actor, A.RECOMMENDATION_FORWARD, rec, by=here.code, to=here.parent.code)
    return rec


@transaction.atomic
def recommendation_assign(
    *, actor: AnyUser, recommendation: Recommendation, data: TaskInput
) -> Task:
    """The addressed unit makes it a task for one of its own units: ``data.assigning`` must be
    the addressed unit (the task rules then keep the lead in its subtree). Closed as
    ``da_giao`` today, the task linked.

    Raises PermissionDeniedError outside the addressed unit, InvalidInputError for a handled
    recommendation, another assigning unit, or any task rule (``task_create``)."""
    rec = _open_for(actor, recommendation)
    if data.assigning.pk != rec.addressed_to_id:
        raise InvalidInputError.single(
            "assigning", f"Nhiệm vụ phải do {rec.addressed_to.name} giao."
        )
    task = task_create(actor=actor, data=data)
    note = f"Giao {task.lead.name} chủ trì thực hiện (nhiệm vụ {task.code})."
    _message(actor, rec, Step.GIAO, rec.addressed_to, note)
    _close(rec, RecState.DA_GIAO, task)
    _audit(actor, A.RECOMMENDATION_ASSIGN, rec, task=task.code, lead=task.lead.code)
    return task
