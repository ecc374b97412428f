"""The reporting rules that services, selectors and locks share: who approves, who reports, when.

**Who approves.** A submission is approved (or returned, or unlocked) by a user holding the
``approve`` action on a *strict* ancestor of the reporting unit, or by a superuser. Holding
``approve`` on the unit itself is not enough: nobody approves their own unit's report.

**Deadlines.** The deadline is ``deadline_days`` after the period's last day; the grace period
adds ``grace_days``. A report is on time when it was first sent on or before the last day of
grace, counted in local dates of Asia/Ho_Chi_Minh (23:59 on that day is on time, 00:01 the
next day is late).
"""

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, grant_paths, is_everywhere
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.paths import is_under
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.orgs.models import Organisation

if TYPE_CHECKING:
    from nghiquyet.reporting.models import ReportingForm

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def can_approve(user: AnyUser, org: Organisation) -> bool:
    """Approve on a strict ancestor of ``org`` (or superuser)."""
    if is_everywhere(user):
        return True
    return any(is_under(org.path, p) and org.path != p for p in grant_paths(user, Action.APPROVE))


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LOCAL_TZ).date()


def local_today() -> dt.date:
    """Today's date in Vietnam (Asia/Ho_Chi_Minh), whatever the server's zone."""
    return timezone.localtime(timezone.now(), LOCAL_TZ).date()


def has_started(period: Period, today: dt.date | None = None) -> bool:
    """Whether ``period`` has begun on ``today`` (default: today in Vietnam)."""
    return period.start <= (today or local_today())


def future_closed_message(period: Period) -> str:
    """Why figures of a period that has not begun are refused, naming it ("Quý III/2026")."""
    return (
        f"Kỳ {period.label} chưa bắt đầu (bắt đầu từ ngày {period.start:%d/%m/%Y}); "
        "chưa được nhập hoặc gửi số liệu chính thức cho kỳ này."
    )


def require_started(
    form: "ReportingForm", period: Period, value_type: str, field: str = "period"
) -> None:
    """Refuse official figures (and any figures unless the form allows estimates) for a period
    that has not begun: a report states what has happened, so a future period stays closed
    until its first day. Raises InvalidInputError on ``field`` with the period named.
    """
    if has_started(period):
        return
    if value_type == "uoc" and form.future_estimates:
        return
    message = future_closed_message(period)
    if value_type == "uoc":
        message += f" Biểu mẫu {form.code} không cho nhập số ước trước kỳ."
    raise InvalidInputError.single(field, message)


def deadline(form: "ReportingForm", period: Period) -> dt.date:
    return period.end + dt.timedelta(days=form.deadline_days)


def last_day(form: "ReportingForm", period: Period) -> dt.date:
    """The last local day a report counts as on time: the deadline plus the grace days."""
    return deadline(form, period) + dt.timedelta(days=form.grace_days)


def is_on_time(form: "ReportingForm", period: Period, sent_at: dt.datetime) -> bool:
    return local_date(sent_at) <= last_day(form, period)


def parse_form_period(form: "ReportingForm", code: str, field: str = "period") -> Period:
    """The period ``code`` if it is of the form's period type; InvalidInputError otherwise."""
    try:
        period = Period.parse(code)
    except ValueError as exc:
        raise InvalidInputError.single(field, str(exc)) from None
    if period.kind != PeriodKind(form.period_type):
        raise InvalidInputError.single(
            field,
            f"Biểu mẫu {form.code} báo cáo theo kỳ {form.get_period_type_display().lower()}, "
            f"không nhận kỳ “{period.code}”.",
        )
    return period


def periods_within(form: "ReportingForm", period: Period) -> list[Period]:
    """The form's reporting periods that lie inside ``period`` (itself if the kinds match)."""
    kind = PeriodKind(form.period_type)
    if period.kind is kind:
        return [period]
    if kind is PeriodKind.QUARTER:
        return period.quarters()
    if kind is PeriodKind.MONTH:
        months = [Period(kind, y.year, m) for y in period.years() for m in range(1, 13)]
        return [m for m in months if period.contains(m)]
    if kind is PeriodKind.YEAR:
        return [y for y in period.years() if period.contains(y)]
    candidates = [Period(kind, y.year, i) for y in period.years() for i in (0, 1, 2)]
    return [c for c in candidates if _valid(c) and period.contains(c)]


def _valid(period: Period) -> bool:
    try:
        return Period.parse(period.code) == period
    except ValueError:
        return False


def reports_form(form: "ReportingForm", org: Organisation, unit_ids: set[int]) -> bool:
    """Whether ``org`` is one of the units that must report ``form`` (``unit_ids``: listed)."""
    if not is_under(org.path, form.owner.path):
        return False
    if org.pk in unit_ids:
        return True
    return org.pk != form.owner_id and org.kind in (form.org_kinds or [])
