"""The locking contract the indicator value services call before every write.

``check_writable`` refuses a change to a unit's values for a period when

- a submission of that unit and period covering one of the indicators is approved
  (``da_duyet``), unless a lock exception for that unit and period is still running; or
- such a submission has been sent (``da_gui``) and the actor cannot approve it: values under
  review are frozen for data entry, while the reviewing approver may still correct them.
"""

from collections.abc import Mapping

from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting.models import LockException, Submission, SubmissionStatus
from nghiquyet.reporting.rules import LOCAL_TZ, can_approve


def normalise_period(code: str) -> str:
    try:
        return Period.parse(code).code
    except ValueError:
        return (code or "").strip().upper()


def lock_exception_active(organisation: Organisation, period_code: str) -> bool:
    today = timezone.localtime(timezone.now(), LOCAL_TZ).date()
    return LockException.objects.filter(
        organisation=organisation,
        period_code=normalise_period(period_code),
        until__gte=today,
        revoked_at__isnull=True,
    ).exists()


def check_writable(
    *, actor: AnyUser, organisation: Organisation, period_code: str, indicator_ids: list[int]
) -> None:
    """Raise PermissionDeniedError (Vietnamese) if these values are locked for ``actor``."""
    if not indicator_ids:
        return
    code = normalise_period(period_code)
    blocking = (
        Submission.objects.filter(
            organisation=organisation,
            period_code=code,
            status__in=[SubmissionStatus.DA_DUYET, SubmissionStatus.DA_GUI],
            form__indicators__id__in=list(indicator_ids),
        )
        .values_list("status", "form__code")
        .distinct()
    )
    for status, form_code in sorted(blocking):
        _refuse_if_locked(actor, organisation, code, status, form_code)


def check_writable_many(
    *, actor: AnyUser, cells: Mapping[tuple[Organisation, str], list[int]]
) -> None:
    """``check_writable`` for many (unit, period) pairs at once, in one query.

    ``cells`` maps (organisation, period code) to the indicator ids written there. Bulk imports
    of thousands of units use this instead of one query per pair.
    """
    wanted = {
        (org.pk, normalise_period(code)): set(ids) for (org, code), ids in cells.items() if ids
    }
    if not wanted:
        return
    orgs = {org.pk: org for org, _code in cells}
    blocking = (
        Submission.objects.filter(
            organisation_id__in={o for o, _ in wanted},
            period_code__in={c for _, c in wanted},
            status__in=[SubmissionStatus.DA_DUYET, SubmissionStatus.DA_GUI],
            form__indicators__id__in=set().union(*wanted.values()),
        )
        .values_list(
            "organisation_id", "period_code", "status", "form__code", "form__indicators__id"
        )
        .distinct()
    )
    hits = sorted(
        (org_id, code, status, form_code)
        for org_id, code, status, form_code, ind_id in blocking
        if ind_id in wanted.get((org_id, code), ())
    )
    for org_id, code, status, form_code in hits:
        _refuse_if_locked(actor, orgs[org_id], code, status, form_code)


def _refuse_if_locked(
    actor: AnyUser, organisation: Organisation, code: str, status: str, form_code: str
) -> None:
    label = _label(code)
    if status == SubmissionStatus.DA_DUYET and not lock_exception_active(organisation, code):
        raise PermissionDeniedError(
            f"Số liệu {label} của {organisation.name} đã được duyệt (biểu mẫu {form_code}) "
            "nên đã khóa. Cần người phê duyệt cấp trên mở khóa trước khi sửa."
        )
    if status == SubmissionStatus.DA_GUI and not can_approve(actor, organisation):
        raise PermissionDeniedError(
            f"Báo cáo {label} của {organisation.name} (biểu mẫu {form_code}) đã gửi và đang "
            "chờ duyệt; không sửa được số liệu cho đến khi được trả lại hoặc mở khóa."
        )


def _label(code: str) -> str:
    try:
        label = Period.parse(code).label
    except ValueError:
        return f"kỳ {code}"
    return label[0].lower() + label[1:]
