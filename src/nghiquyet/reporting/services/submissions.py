"""Writes for reporting forms, submissions, lock exceptions and reminders.

The submission state machine::

    nhap ──submit──▶ da_gui ──approve──▶ da_duyet ──unlock(reason)──▶ nhap
      ▲                │
      │             return(reason)
      │                ▼
      └──save draft── tra_lai ──submit──▶ da_gui
    da_gui ──recall (the unit)──▶ nhap

Submitting takes ``edit`` on the unit; approving, returning and unlocking take an approver of
a strict ancestor (see ``rules.can_approve``).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError, ServiceError
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting.audit_actions import ReportingAudit
from nghiquyet.reporting.locks import normalise_period
from nghiquyet.reporting.models import (
    LockException,
    Reminder,
    ReportingForm,
    Submission,
    SubmissionStatus,
)
from nghiquyet.reporting.rules import (
    can_approve,
    parse_form_period,
    reports_form,
    require_started,
)

S = SubmissionStatus


class TransitionError(ServiceError):
    """A submission cannot move from its current status by the requested step."""

    status_code = 409


# --- Submissions -----------------------------------------------------------------------------


def _require_reporter(form: ReportingForm, org: Organisation) -> None:
    unit_ids = set(form.units.values_list("pk", flat=True))
    if not reports_form(form, org, unit_ids):
        raise InvalidInputError.single(
            "organisation", f"{org.name} không thuộc diện báo cáo theo biểu mẫu {form.code}."
        )


def submission_open(
    *, actor: AnyUser, form: ReportingForm, organisation: Organisation, period_code: str
) -> Submission:
    """The submission of a unit, form and period, created as a draft the first time."""
    if not can(actor, Action.EDIT, organisation) and not can_approve(actor, organisation):
        raise PermissionDeniedError("Bạn không có quyền nhập báo cáo của đơn vị này.")
    period = parse_form_period(form, period_code)
    _require_reporter(form, organisation)
    submission, created = Submission.objects.select_for_update().get_or_create(
        form=form, organisation=organisation, period_code=period.code
    )
    if created:
        audit_record(
            actor=actor,
            action=ReportingAudit.SUBMISSION_CREATE,
            target=submission,
            organisation=organisation,
            after=submission.snapshot(),
        )
    return submission


def _transition(
    actor: AnyUser, submission: Submission, action: ReportingAudit, changes: dict[str, Any]
) -> Submission:
    before = submission.snapshot()
    for field, value in changes.items():
        setattr(submission, field, value)
    submission.save()
    audit_record(
        actor=actor,
        action=action,
        target=submission,
        organisation=submission.organisation,
        before=before,
        after=submission.snapshot(),
    )
    return submission


def _refuse(submission: Submission, step: str) -> TransitionError:
    return TransitionError(
        f"Không thể {step} báo cáo đang ở trạng thái “{submission.get_status_display()}”."
    )


def _require_reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise InvalidInputError.single("reason", "Phải nêu lý do.")
    return text


@transaction.atomic
def submission_submit(
    *,
    actor: AnyUser,
    form: ReportingForm,
    organisation: Organisation,
    period_code: str,
    now: dt.datetime | None = None,
) -> Submission:
    """Send the unit's report for review (from a draft or a returned report).

    A report is official figures: a period that has not begun cannot be sent (InvalidInputError
    on ``period``); TransitionError (409) unless the report is a draft or returned.
    """
    if not can(actor, Action.EDIT, organisation):
        raise PermissionDeniedError("Bạn không có quyền gửi báo cáo của đơn vị này.")
    require_started(form, parse_form_period(form, period_code), "chinh_thuc")
    submission = submission_open(
        actor=actor, form=form, organisation=organisation, period_code=period_code
    )
    if submission.status not in (S.NHAP, S.TRA_LAI):
        raise _refuse(submission, "gửi")
    moment = now or timezone.now()
    changes = {"status": S.DA_GUI, "submitted_at": moment, "submitted_by": _user(actor)}
    if submission.first_submitted_at is None:
        changes["first_submitted_at"] = moment
    return _transition(actor, submission, ReportingAudit.SUBMISSION_SUBMIT, changes)


def _user(actor: AnyUser) -> Any:
    return actor if actor.is_authenticated else None


def _require_approver(actor: AnyUser, submission: Submission) -> None:
    if not can_approve(actor, submission.organisation):
        raise PermissionDeniedError(
            "Chỉ người có quyền phê duyệt của cấp trên mới được duyệt, trả lại hoặc mở khóa "
            "báo cáo này."
        )


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("organisation", "form")
        .get(pk=submission.pk)
    )


@transaction.atomic
def submission_approve(*, actor: AnyUser, submission: Submission) -> Submission:
    """Approve a sent report; its values are locked from now on."""
    submission = _locked(submission)
    _require_approver(actor, submission)
    if submission.status != S.DA_GUI:
        raise _refuse(submission, "duyệt")
    changes = {"status": S.DA_DUYET, "decided_at": timezone.now(), "decided_by": _user(actor)}
    action = ReportingAudit.SUBMISSION_APPROVE
    return _transition(actor, submission, action, changes | {"reason": ""})


@transaction.atomic
def submission_return(*, actor: AnyUser, submission: Submission, reason: str) -> Submission:
    """Send a report back to the unit for corrections, saying why."""
    submission = _locked(submission)
    _require_approver(actor, submission)
    if submission.status != S.DA_GUI:
        raise _refuse(submission, "trả lại")
    text = _require_reason(reason)
    changes = {"status": S.TRA_LAI, "decided_at": timezone.now(), "decided_by": _user(actor)}
    action = ReportingAudit.SUBMISSION_RETURN
    return _transition(actor, submission, action, changes | {"reason": text})


@transaction.atomic
def submission_unlock(*, actor: AnyUser, submission: Submission, reason: str) -> Submission:
    """Reopen an approved report for corrections; the reason is kept in the audit log."""
    submission = _locked(submission)
    _require_approver(actor, submission)
    if submission.status != S.DA_DUYET:
        raise _refuse(submission, "mở khóa")
    text = _require_reason(reason)
    changes = {"status": S.NHAP, "decided_at": timezone.now(), "decided_by": _user(actor)}
    action = ReportingAudit.SUBMISSION_UNLOCK
    return _transition(actor, submission, action, changes | {"reason": text})


@transaction.atomic
def submission_recall(*, actor: AnyUser, submission: Submission, reason: str = "") -> Submission:
    """The unit takes back a sent report before it is decided: ``da_gui`` → ``nhap``.

    Needs ``edit`` on the unit (the same right as sending). ``first_submitted_at`` is kept, so
    the report's timeliness still counts from its first sending; the optional ``reason`` is
    kept in the audit log. TransitionError (409) once the report is approved or returned.
    """
    submission = _locked(submission)
    if not can(actor, Action.EDIT, submission.organisation):
        raise PermissionDeniedError("Bạn không có quyền rút lại báo cáo của đơn vị này.")
    if submission.status != S.DA_GUI:
        raise _refuse(submission, "rút lại")
    changes = {"status": S.NHAP, "reason": (reason or "").strip()}
    return _transition(actor, submission, ReportingAudit.SUBMISSION_RECALL, changes)


def submission_touch_draft(*, actor: AnyUser, submission: Submission) -> Submission:
    """After the unit edits a returned report, it is a draft again (the reason stays shown)."""
    if submission.status != S.TRA_LAI:
        return submission
    return _transition(actor, submission, ReportingAudit.SUBMISSION_REOPEN, {"status": S.NHAP})


# --- Lock exceptions and reminders -----------------------------------------------------------


@transaction.atomic
def lock_exception_grant(
    *,
    actor: AnyUser,
    organisation: Organisation,
    period_code: str,
    until: dt.date,
    reason: str,
) -> LockException:
    """Let one unit correct an approved period until ``until`` without unlocking it."""
    if not can_approve(actor, organisation):
        raise PermissionDeniedError("Chỉ người phê duyệt của cấp trên mới cho phép sửa ngoại lệ.")
    try:
        code = Period.parse(period_code).code
    except ValueError as exc:
        raise InvalidInputError.single("period", str(exc)) from None
    if until < timezone.localdate():
        raise InvalidInputError.single("until", "Ngày hết hạn ngoại lệ đã qua.")
    exception = LockException.objects.create(
        organisation=organisation,
        period_code=code,
        until=until,
        reason=_require_reason(reason),
        granted_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action=ReportingAudit.LOCK_EXCEPTION_GRANT,
        target=exception,
        organisation=organisation,
        after={"period": code, "until": until.isoformat(), "reason": exception.reason},
    )
    return exception


@transaction.atomic
def lock_exception_revoke(
    *, actor: AnyUser, exception: LockException, reason: str = ""
) -> LockException:
    """End a lock exception before its date; the row stays (revoked) for the history.

    Takes an approver of a strict ancestor, as granting does. TransitionError (409) if it was
    already revoked.
    """
    exception = LockException.objects.select_for_update().get(pk=exception.pk)
    if not can_approve(actor, exception.organisation):
        raise PermissionDeniedError("Chỉ người phê duyệt của cấp trên mới thu hồi được ngoại lệ.")
    if exception.revoked_at is not None:
        raise TransitionError("Ngoại lệ này đã được thu hồi trước đó.")
    exception.revoked_at = timezone.now()
    exception.revoked_by = _user(actor)
    exception.revoke_reason = (reason or "").strip()
    exception.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        action=ReportingAudit.LOCK_EXCEPTION_REVOKE,
        target=exception,
        organisation=exception.organisation,
        before={"period": exception.period_code, "until": exception.until.isoformat()},
        after={"revoked": True, "reason": exception.revoke_reason},
    )
    return exception


@transaction.atomic
def reminder_send(
    *,
    actor: AnyUser,
    form: ReportingForm,
    period_code: str,
    organisations: Sequence[Organisation],
) -> list[Reminder]:
    """Record a reminder to each unit (all must be in the actor's approval scope)."""
    code = normalise_period(period_code)
    for org in organisations:
        if not can_approve(actor, org):
            raise PermissionDeniedError(f"Bạn không có quyền nhắc nhở {org.name}.")
    reminders = []
    for org in organisations:
        reminder = Reminder.objects.create(
            form=form, organisation=org, period_code=code, sent_by=_user(actor)
        )
        audit_record(
            actor=actor,
            action=ReportingAudit.REMINDER_SEND,
            target=reminder,
            organisation=org,
            after={"form": form.code, "period": code},
        )
        reminders.append(reminder)
    return reminders


def reminder_send_missing(
    *,
    actor: AnyUser,
    form: ReportingForm,
    root: Organisation,
    period: Period,
    only: Sequence[str] | None = None,
) -> list[Reminder]:
    """Remind the units under ``root`` that have not sent ``form`` for ``period`` (or some)."""
    from nghiquyet.reporting.selectors import completeness

    if not can(actor, Action.APPROVE, root):
        raise PermissionDeniedError("Bạn không có quyền nhắc nhở các đơn vị này.")
    missing = {u.org.code.upper(): u.org for u in completeness(form, root, period).missing}
    wanted = [c.strip().upper() for c in only] if only is not None else list(missing)
    unknown = [c for c in wanted if c not in missing]
    if unknown:
        raise InvalidInputError.single(
            "units", f"Các đơn vị sau không nằm trong danh sách chưa nộp: {', '.join(unknown)}."
        )
    return reminder_send(
        actor=actor, form=form, period_code=period.code, organisations=[missing[c] for c in wanted]
    )
