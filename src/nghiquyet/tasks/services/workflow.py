"""Carrying a task out: progress, completion and its confirmation, extensions, comments.

The lead unit reports; the assigning unit decides. Each write is audited. The times used are
the server's now, read as dates in the project's time zone (Asia/Ho_Chi_Minh).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.audit.actions import AuditAction
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.documents.models import Document
from nghiquyet.tasks.audit_actions import TasksAudit as A
from nghiquyet.tasks.models import (
    Comment,
    CompletionReport,
    Decision,
    Extension,
    Occurrence,
    ProgressUpdate,
    Task,
)
from nghiquyet.tasks.permissions import may_comment, may_decide, may_lead, require

MAX_TEXT = 5000
LEAD_ONLY = "Chỉ đơn vị chủ trì nhiệm vụ mới được thực hiện thao tác này."
ASSIGNER_ONLY = "Chỉ đơn vị giao nhiệm vụ mới được xác nhận hoặc quyết định gia hạn."


def _user(actor: AnyUser) -> Any:
    return actor if actor.is_authenticated else None


def _text(value: str, field: str, label: str, *, required: bool = True) -> str:
    text = value.strip()
    if required and not text:
        raise InvalidInputError.single(field, f"Chưa nhập {label}.")
    if len(text) > MAX_TEXT:
        raise InvalidInputError.single(field, f"{label.capitalize()} dài quá {MAX_TEXT} ký tự.")
    return text


def _evidence(actor: AnyUser, documents: Sequence[Document]) -> list[Document]:
    ids = {d.pk for d in documents}
    if len(Document.objects.visible_to(actor).filter(pk__in=ids)) != len(ids):
        raise InvalidInputError.single("documents", "Có văn bản không thuộc phạm vi bạn được xem.")
    return list(dict.fromkeys(documents))


def _done(occurrence: Occurrence) -> bool:
    return occurrence.completions.filter(decision=Decision.CHAP_THUAN).exists()


def _open(occurrence: Occurrence) -> None:
    if _done(occurrence):
        raise InvalidInputError.single(
            "occurrence", "Nhiệm vụ (kỳ này) đã được xác nhận hoàn thành."
        )


def _audit(actor: AnyUser, action: AuditAction, target: Any, task: Task, **after: Any) -> None:
    data = {"task": task.code, **{k: _plain(v) for k, v in after.items()}}
    audit_record(actor=actor, action=action, target=target, organisation=task.assigning, after=data)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def progress_post(
    *,
    actor: AnyUser,
    occurrence: Occurrence,
    percent: int,
    text: str,
    documents: Sequence[Document] = (),
) -> ProgressUpdate:
    """The lead unit reports progress (0–100 %) with optional evidence documents.

    Raises PermissionDeniedError outside the lead unit's subtree, InvalidInputError for a
    percentage outside 0–100, an empty text or an occurrence already confirmed done.
    """
    task = occurrence.task
    require(may_lead(actor, task), LEAD_ONLY)
    if not 0 <= percent <= 100:
        raise InvalidInputError.single("percent", "Tỷ lệ hoàn thành phải từ 0 đến 100%.")
    body = _text(text, "text", "nội dung tiến độ")
    docs = _evidence(actor, documents)
    _open(occurrence)
    now = timezone.now()
    update = ProgressUpdate.objects.create(
        occurrence=occurrence,
        percent=percent,
        text=body,
        posted_by=_user(actor),
        posted_at=now,
        posted_on=timezone.localdate(now),
    )
    update.documents.set(docs)
    _audit(actor, A.PROGRESS_POST, update, task, percent=percent, documents=[d.pk for d in docs])
    return update


@transaction.atomic
def completion_report(
    *,
    actor: AnyUser,
    occurrence: Occurrence,
    note: str = "",
    documents: Sequence[Document] = (),
    at: dt.datetime | None = None,
) -> CompletionReport:
    """The lead unit reports the work done at ``at`` (default now; never in the future).

    The completion date is ``at`` read in Asia/Ho_Chi_Minh. Raises InvalidInputError when a
    report already waits for confirmation, the occurrence is done, or the date is before the
    occurrence was assigned.
    """
    task = occurrence.task
    require(may_lead(actor, task), LEAD_ONLY)
    now = timezone.now()
    when = at or now
    body = _text(note, "note", "nội dung", required=False)
    docs = _evidence(actor, documents)
    _open(occurrence)
    if occurrence.completions.filter(decision=Decision.CHO_DUYET).exists():
        raise InvalidInputError.single("occurrence", "Đã có báo cáo hoàn thành đang chờ xác nhận.")
    done_on = timezone.localdate(when)
    if when > now:
        raise InvalidInputError.single("at", "Thời điểm hoàn thành không được sau hiện tại.")
    if done_on < occurrence.opens_on:
        raise InvalidInputError.single("at", "Ngày hoàn thành không được trước ngày giao.")
    report = CompletionReport.objects.create(
        occurrence=occurrence,
        done_on=done_on,
        reported_at=when,
        note=body,
        reported_by=_user(actor),
    )
    report.documents.set(docs)
    _audit(actor, A.COMPLETION_REPORT, report, task, done_on=done_on, due=occurrence.due_date)
    return report


def _pending_report(occurrence: Occurrence) -> CompletionReport:
    report = occurrence.completions.filter(decision=Decision.CHO_DUYET).first()
    if report is None:
        raise InvalidInputError.single("occurrence", "Không có báo cáo hoàn thành chờ xác nhận.")
    return report


@transaction.atomic
def completion_confirm(*, actor: AnyUser, occurrence: Occurrence) -> CompletionReport:
    """The assigning unit confirms the pending completion: the occurrence is done."""
    task = occurrence.task
    require(may_decide(actor, task), ASSIGNER_ONLY)
    report = _pending_report(occurrence)
    report.decision = Decision.CHAP_THUAN
    report.decided_by, report.decided_at = _user(actor), timezone.now()
    report.save(update_fields=["decision", "decided_by", "decided_at"])
    _audit(actor, A.COMPLETION_CONFIRM, report, task, done_on=report.done_on)
    return report


@transaction.atomic
def completion_return(*, actor: AnyUser, occurrence: Occurrence, reason: str) -> CompletionReport:
    """The assigning unit returns the pending completion with a reason; work goes on."""
    task = occurrence.task
    require(may_decide(actor, task), ASSIGNER_ONLY)
    why = _text(reason, "reason", "lý do trả lại")
    report = _pending_report(occurrence)
    report.decision, report.reason = Decision.TU_CHOI, why
    report.decided_by, report.decided_at = _user(actor), timezone.now()
    report.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    _audit(actor, A.COMPLETION_RETURN, report, task, reason=why)
    return report


def effective_deadline(occurrence: Occurrence) -> dt.date:
    """The original due date, or the latest approved extension."""
    approved = occurrence.extensions.filter(decision=Decision.CHAP_THUAN).order_by("-new_date")
    latest = approved.values_list("new_date", flat=True).first()
    return latest or occurrence.due_date


@transaction.atomic
def extension_request(
    *, actor: AnyUser, occurrence: Occurrence, new_date: dt.date, reason: str
) -> Extension:
    """The lead unit asks to move the deadline to ``new_date`` (not in the past, after the
    current deadline). Raises InvalidInputError on ``new_date``/``reason``, or when a request
    is already pending or the occurrence is done."""
    task = occurrence.task
    require(may_lead(actor, task), LEAD_ONLY)
    why = _text(reason, "reason", "lý do gia hạn")
    _open(occurrence)
    today, current = timezone.localdate(), effective_deadline(occurrence)
    if new_date < today:
        raise InvalidInputError.single("new_date", "Ngày gia hạn không được ở trong quá khứ.")
    if new_date <= current:
        raise InvalidInputError.single(
            "new_date", f"Ngày gia hạn phải sau thời hạn hiện tại ({current:%d/%m/%Y})."
        )
    if occurrence.extensions.filter(decision=Decision.CHO_DUYET).exists():
        raise InvalidInputError.single("new_date", "Đã có đề nghị gia hạn đang chờ xử lý.")
    ext = Extension.objects.create(
        occurrence=occurrence,
        new_date=new_date,
        reason=why,
        requested_by=_user(actor),
        requested_at=timezone.now(),
    )
    _audit(actor, A.EXTENSION_REQUEST, ext, task, new_date=new_date, due=current)
    return ext


def _decide(actor: AnyUser, extension: Extension, decision: str, note: str) -> Extension:
    task = extension.occurrence.task
    require(may_decide(actor, task), ASSIGNER_ONLY)
    if extension.decision != Decision.CHO_DUYET:
        raise InvalidInputError.single("extension", "Đề nghị gia hạn này đã được xử lý.")
    extension.decision, extension.note = decision, note
    extension.decided_by, extension.decided_on = _user(actor), timezone.localdate()
    extension.save(update_fields=["decision", "note", "decided_by", "decided_on"])
    action = A.EXTENSION_APPROVE if decision == Decision.CHAP_THUAN else A.EXTENSION_REFUSE
    _audit(actor, action, extension, task, new_date=extension.new_date, note=note)
    return extension


@transaction.atomic
def extension_approve(*, actor: AnyUser, extension: Extension, note: str = "") -> Extension:
    """The assigning unit approves: the occurrence's deadline becomes ``new_date``; the
    original due date is kept and a completion after it counts as on time, extended."""
    return _decide(
        actor, extension, Decision.CHAP_THUAN, _text(note, "note", "ý kiến", required=False)
    )


@transaction.atomic
def extension_refuse(*, actor: AnyUser, extension: Extension, note: str) -> Extension:
    """The assigning unit refuses, with a reason; the deadline stays."""
    return _decide(actor, extension, Decision.TU_CHOI, _text(note, "note", "lý do"))


@transaction.atomic
def comment_add(*, actor: AnyUser, task: Task, text: str) -> Comment:
    """A unit involved in the task (assigning, lead or coordinating) remarks on it."""
    require(may_comment(actor, task), "Bạn không có quyền góp ý về nhiệm vụ này.")
    body = _text(text, "text", "nội dung ý kiến")
    comment = Comment.objects.create(task=task, author=_user(actor), text=body)
    _audit(actor, A.COMMENT_ADD, comment, task, text=body[:200])
    return comment


def _check_output(task: Task, document: Document) -> None:
    if not task.expected_doc_type:
        raise InvalidInputError.single("document", "Nhiệm vụ không yêu cầu sản phẩm là văn bản.")
    if document.doc_type != task.expected_doc_type:
        raise InvalidInputError.single(
            "document", f"Sản phẩm phải là văn bản loại “{task.get_expected_doc_type_display()}”."
        )
    if document.organisation_id != task.lead_id:
        raise InvalidInputError.single("document", "Văn bản phải do đơn vị chủ trì ban hành.")
    if not document.is_issued or document.issue_date is None:
        raise InvalidInputError.single("document", "Văn bản chưa được ban hành.")


@transaction.atomic
def task_complete_by_document(
    *, actor: AnyUser, task: Task, document: Document, auto: bool = False
) -> CompletionReport:
    """Mark the task done by the document it asked for, issued by the lead unit.

    The earliest open occurrence assigned on or before the document's issue date is done on
    that date, confirmed at once (the document is the proof). Raises PermissionDeniedError
    outside the lead unit, InvalidInputError for a document of another type or unit, a draft,
    or when no occurrence is open.
    """
    require(may_lead(actor, task), LEAD_ONLY)
    _check_output(task, document)
    issued = document.issue_date or timezone.localdate()  # Set on every issued document.
    occurrence = _first_open(task, issued)
    now = timezone.now()
    report = CompletionReport.objects.create(
        occurrence=occurrence,
        done_on=min(issued, timezone.localdate(now)),
        reported_at=now,
        note=f"Hoàn thành bằng {document}.",
        reported_by=_user(actor),
        decision=Decision.CHAP_THUAN,
        decided_by=_user(actor),
        decided_at=now,
    )
    report.documents.set([document])
    action = A.COMPLETION_AUTO if auto else A.COMPLETION_BY_DOCUMENT
    _audit(actor, action, report, task, document=document.pk, done_on=issued)
    return report


def tasks_awaiting(document: Document) -> list[Task]:
    """The tasks ``document`` completes on registration: led by its issuing unit, expecting
    a document of its type, with an occurrence still open on its issue date, and whose source
    document it is linked to (it cites, concretizes, amends... the task's source document,
    e.g. a plan concretizing the resolution or the briefing notice the task came from)."""
    if not document.is_issued or document.issue_date is None:
        return []
    linked = document.relations_out.values("target")
    found = Task.objects.filter(
        lead_id=document.organisation_id,
        expected_doc_type=document.doc_type,
        document__in=linked,
        occurrences__opens_on__lte=document.issue_date,
    )
    return [t for t in found.distinct().order_by("pk") if _has_open(t, document.issue_date)]


def _has_open(task: Task, day: dt.date) -> bool:
    rows = task.occurrences.filter(opens_on__lte=day)
    return rows.exclude(completions__decision=Decision.CHAP_THUAN).exists()


def tasks_complete_on_registration(*, actor: AnyUser, document: Document) -> list[CompletionReport]:
    """Complete every task ``document`` is the expected output of (``tasks_awaiting``), each
    audited as ``tasks.completion.auto``; the registering user has edit rights on the issuing
    unit, which is the lead unit. Issue 10 §2: "Registering that document completes the task"."""
    return [
        task_complete_by_document(actor=actor, task=task, document=document, auto=True)
        for task in tasks_awaiting(document)
    ]


def _first_open(task: Task, day: dt.date) -> Occurrence:
    candidates = task.occurrences.filter(opens_on__lte=day).exclude(
        completions__decision=Decision.CHAP_THUAN
    )
    occurrence = candidates.order_by("due_date").first()
    if occurrence is None:
        raise InvalidInputError.single("document", "Không còn kỳ nào của nhiệm vụ chưa hoàn thành.")
    # A completion waiting for confirmation is superseded by the document itself.
    occurrence.completions.filter(decision=Decision.CHO_DUYET).update(
        decision=Decision.TU_CHOI, reason="Thay bằng văn bản sản phẩm."
    )
    return occurrence
