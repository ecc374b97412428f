"""Reporting endpoints: forms, submissions and their transitions, completeness, reminders."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from nghiquyet.access.tokens import actor_of
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.reporting import selectors, services
from nghiquyet.reporting.models import ReportingForm, Submission
from nghiquyet.reporting.rules import deadline as deadline_of
from nghiquyet.reporting.rules import is_on_time, last_day, parse_form_period
from nghiquyet.reporting.schemas import (
    CompletenessOut,
    EntriesIn,
    EntriesOut,
    FormIn,
    FormOut,
    FormPatch,
    LockExceptionIn,
    LockExceptionOut,
    LockExceptionRevokedOut,
    ReasonIn,
    RecallIn,
    ReminderIn,
    SubmissionOut,
)

PREFIX = "/reporting"
router = Router(tags=["Báo cáo định kỳ"])


def form_out(form: ReportingForm) -> dict[str, Any]:
    return {
        "code": form.code,
        "name": form.name,
        "owner": form.owner.code,
        "period_type": form.period_type,
        "deadline_days": form.deadline_days,
        "grace_days": form.grace_days,
        "outlier_pct": form.outlier_pct,
        "coverage_threshold_pct": form.coverage_threshold_pct,
        "is_active": form.is_active,
        "future_estimates": form.future_estimates,
        "org_kinds": list(form.org_kinds or []),
        "units": [u.code for u in form.units.order_by("path")],
        "indicators": [i.code for i in form.indicators.order_by("position", "code")],
    }


def submission_out(sub: Submission) -> dict[str, Any]:
    period = parse_form_period(sub.form, sub.period_code)
    sent = sub.first_submitted_at
    return {
        "id": sub.pk,
        "form": sub.form.code,
        "organisation": sub.organisation.code,
        "period": sub.period_code,
        "status": sub.status,
        "status_label": sub.get_status_display(),
        "first_submitted_at": sent,
        "submitted_at": sub.submitted_at,
        "decided_at": sub.decided_at,
        "reason": sub.reason,
        "deadline": deadline_of(sub.form, period),
        "last_day": last_day(sub.form, period),
        "on_time": is_on_time(sub.form, period, sent) if sent else None,
    }


def _scoped_orgs(request: HttpRequest, codes: list[str], field: str) -> list[Organisation]:
    try:
        return [org_get(actor_of(request), c) for c in codes]
    except NotFoundError as exc:
        raise InvalidInputError.single(field, exc.message) from None


def _indicators(request: HttpRequest, codes: list[str]) -> list[Any]:
    from nghiquyet.indicators.models import Indicator

    found = {
        i.code.upper(): i
        for i in Indicator.objects.visible_to(actor_of(request)).filter(
            code__in=[c.strip() for c in codes] + [c.strip().upper() for c in codes]
        )
    }
    missing = [c for c in codes if c.strip().upper() not in found]
    if missing:
        raise InvalidInputError.single(
            "indicators", f"Không tìm thấy chỉ tiêu: {', '.join(missing)}."
        )
    return [found[c.strip().upper()] for c in codes]


@router.get("/forms", response=list[FormOut], summary="Các biểu mẫu báo cáo")
def list_forms(request: HttpRequest) -> list[dict[str, Any]]:
    return [form_out(f) for f in selectors.form_visible(actor_of(request))]


@router.get("/forms/{code}", response=FormOut, summary="Chi tiết biểu mẫu")
def get_form(request: HttpRequest, code: str) -> dict[str, Any]:
    return form_out(selectors.form_get(actor_of(request), code))


@router.post("/forms", response={201: FormOut}, summary="Ban hành biểu mẫu báo cáo")
def create_form(request: HttpRequest, payload: FormIn) -> Status:
    data = payload.dict()
    data["owner"] = org_get(actor_of(request), data["owner"])
    data["units"] = _scoped_orgs(request, data["units"], "units")
    data["indicators"] = _indicators(request, data["indicators"])
    return Status(201, form_out(services.form_create(actor=actor_of(request), **data)))


@router.patch("/forms/{code}", response=FormOut, summary="Sửa biểu mẫu")
def update_form(request: HttpRequest, code: str, payload: FormPatch) -> dict[str, Any]:
    form = selectors.form_get(actor_of(request), code)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if "units" in changes:
        changes["units"] = _scoped_orgs(request, changes["units"], "units")
    if "indicators" in changes:
        changes["indicators"] = _indicators(request, changes["indicators"])
    return form_out(services.form_update(actor=actor_of(request), form=form, **changes))


@router.get("/forms/{code}/completeness", response=CompletenessOut, summary="Tình hình nộp báo cáo")
def form_completeness(request: HttpRequest, code: str, org: str, period: str) -> dict[str, Any]:
    user = actor_of(request)
    form = selectors.form_get(user, code)
    root = org_get(user, org)
    result = selectors.completeness(form, root, parse_form_period(form, period))
    return selectors.summary([result], root)


@router.post("/forms/{code}/reminders", response=CompletenessOut, summary="Nhắc đơn vị chưa nộp")
def send_reminders(request: HttpRequest, code: str, payload: ReminderIn) -> dict[str, Any]:
    user = actor_of(request)
    form = selectors.form_get(user, code)
    root = org_get(user, payload.organisation)
    period = parse_form_period(form, payload.period)
    services.reminder_send_missing(
        actor=user, form=form, root=root, period=period, only=payload.units
    )
    return selectors.summary([selectors.completeness(form, root, period)], root)


def _submission(request: HttpRequest, form: str, org: str, period: str) -> Submission:
    user = actor_of(request)
    found = selectors.submission_by_key(
        user, selectors.form_get(user, form), org_get(user, org), period
    )
    if found is None:
        raise NotFoundError("Đơn vị chưa có báo cáo cho kỳ này.")
    return found


@router.get("/submissions", response=list[SubmissionOut], summary="Các báo cáo của đơn vị")
def list_submissions(
    request: HttpRequest, form: str, period: str, org: str | None = None
) -> list[dict[str, Any]]:
    user = actor_of(request)
    the_form = selectors.form_get(user, form)
    root = org_get(user, org) if org else None
    parsed = parse_form_period(the_form, period)
    return [submission_out(s) for s in selectors.submissions_of_form(user, the_form, parsed, root)]


@router.get(
    "/submissions/{form}/{org}/{period}", response=SubmissionOut, summary="Báo cáo của đơn vị"
)
def get_submission(request: HttpRequest, form: str, org: str, period: str) -> dict[str, Any]:
    return submission_out(_submission(request, form, org, period))


@router.post(
    "/submissions/{form}/{org}/{period}/submit", response=SubmissionOut, summary="Gửi báo cáo"
)
def submit(request: HttpRequest, form: str, org: str, period: str) -> dict[str, Any]:
    user = actor_of(request)
    sub = services.submission_submit(
        actor=user,
        form=selectors.form_get(user, form),
        organisation=org_get(user, org),
        period_code=period,
    )
    return submission_out(sub)


@router.post(
    "/submissions/{form}/{org}/{period}/approve", response=SubmissionOut, summary="Duyệt báo cáo"
)
def approve(request: HttpRequest, form: str, org: str, period: str) -> dict[str, Any]:
    sub = _submission(request, form, org, period)
    return submission_out(services.submission_approve(actor=actor_of(request), submission=sub))


@router.post(
    "/submissions/{form}/{org}/{period}/return", response=SubmissionOut, summary="Trả lại báo cáo"
)
def return_(
    request: HttpRequest, form: str, org: str, period: str, payload: ReasonIn
) -> dict[str, Any]:
    sub = _submission(request, form, org, period)
    return submission_out(
        services.submission_return(actor=actor_of(request), submission=sub, reason=payload.reason)
    )


@router.post(
    "/submissions/{form}/{org}/{period}/unlock", response=SubmissionOut, summary="Mở khóa báo cáo"
)
def unlock(
    request: HttpRequest, form: str, org: str, period: str, payload: ReasonIn
) -> dict[str, Any]:
    sub = _submission(request, form, org, period)
    return submission_out(
        services.submission_unlock(actor=actor_of(request), submission=sub, reason=payload.reason)
    )


@router.post(
    "/submissions/{form}/{org}/{period}/recall",
    response=SubmissionOut,
    summary="Đơn vị rút lại báo cáo đã gửi (chưa duyệt)",
)
def recall(
    request: HttpRequest, form: str, org: str, period: str, payload: RecallIn
) -> dict[str, Any]:
    sub = _submission(request, form, org, period)
    return submission_out(
        services.submission_recall(actor=actor_of(request), submission=sub, reason=payload.reason)
    )


@router.post(
    "/lock-exceptions/{exception_id}/revoke",
    response=LockExceptionRevokedOut,
    summary="Thu hồi ngoại lệ sửa số liệu",
)
def revoke_lock_exception(
    request: HttpRequest, exception_id: int, payload: RecallIn
) -> dict[str, Any]:
    user = actor_of(request)
    found = selectors.lock_exception_get(user, exception_id)
    exc = services.lock_exception_revoke(actor=user, exception=found, reason=payload.reason)
    return {
        "id": exc.pk,
        "organisation": exc.organisation.code,
        "period": exc.period_code,
        "until": exc.until,
        "revoked_at": exc.revoked_at,
        "revoke_reason": exc.revoke_reason,
    }


@router.post("/lock-exceptions", response={201: LockExceptionOut}, summary="Cho phép sửa ngoại lệ")
def grant_lock_exception(request: HttpRequest, payload: LockExceptionIn) -> Status:
    org = org_get(actor_of(request), payload.organisation)
    exc = services.lock_exception_grant(
        actor=actor_of(request),
        organisation=org,
        period_code=payload.period,
        until=payload.until,
        reason=payload.reason,
    )
    return Status(
        201,
        {
            "id": exc.pk,
            "organisation": org.code,
            "period": exc.period_code,
            "until": exc.until,
            "reason": exc.reason,
        },
    )


@router.post(
    "/submissions/{form}/{org}/{period}/values",
    response=EntriesOut,
    summary="Lưu số liệu của báo cáo (tất cả hoặc không), có thể gửi luôn",
)
def save_entries(
    request: HttpRequest, form: str, org: str, period: str, payload: EntriesIn
) -> dict[str, Any]:
    user = actor_of(request)
    the_form = selectors.form_get(user, form)
    by_code = {i.code.upper(): i.pk for i in the_form.indicators.all()}
    unknown = [c for c in payload.entries if c.strip().upper() not in by_code]
    if unknown:
        raise InvalidInputError.single(
            "entries", f"Chỉ tiêu không có trong biểu mẫu: {', '.join(unknown)}."
        )
    entries = {by_code[c.strip().upper()]: v for c, v in payload.entries.items()}
    sub, rows = services.submission_save_entries(
        actor=user,
        form=the_form,
        organisation=org_get(user, org),
        period_code=period,
        entries=entries,
        value_type=payload.value_type,
        submit=payload.submit,
    )
    return {
        "submission": submission_out(sub),
        "rows": [
            {"indicator": r.indicator.code, "errors": r.errors, "warnings": r.warnings}
            for r in rows
        ],
    }
