"""Reads for reporting: forms, submissions, and completeness and timeliness per level.

A unit counts as *submitted* for a period once it has sent its report at least once
(``first_submitted_at``), whatever happened after (approved, returned, unlocked); it is *on
time* when that first sending fell on or before the last day of grace, in local dates. The
units that never sent are *missing*: that is the reminder list.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.core.errors import NotFoundError, PermissionDeniedError
from nghiquyet.core.paths import is_under
from nghiquyet.core.periods import Period
from nghiquyet.indicators.models import IndicatorValue
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.selectors import org_get
from nghiquyet.reporting.locks import lock_exception_active
from nghiquyet.reporting.models import (
    LockException,
    Reminder,
    ReportingForm,
    ReportingFormQuerySet,
    Submission,
    SubmissionQuerySet,
)
from nghiquyet.reporting.rules import (
    LOCAL_TZ,
    can_approve,
    deadline,
    has_started,
    is_on_time,
    last_day,
    parse_form_period,
    periods_within,
    reports_form,
)


def form_visible(user: AnyUser, action: str = "view") -> ReportingFormQuerySet:
    return ReportingForm.objects.visible_to(user, action).select_related("owner")


def form_get(user: AnyUser, code: str, action: str = "view") -> ReportingForm:
    form = form_visible(user, action).filter(code__iexact=code).first()
    if form is None:
        raise NotFoundError(f"Không tìm thấy biểu mẫu “{code}” trong phạm vi của bạn.")
    return form


def forms_for_unit(user: AnyUser, org: Organisation) -> list[ReportingForm]:
    """Active forms that ``org`` must report."""
    candidates = form_visible(user).filter(is_active=True, owner__path__in=_up_paths(org))
    kinds_or_listed = [
        f
        for f in candidates.prefetch_related("units")
        if org in f.units.all() or (f.owner_id != org.pk and org.kind in (f.org_kinds or []))
    ]
    return kinds_or_listed


def _up_paths(org: Organisation) -> list[str]:
    return [*org.ancestor_paths, org.path]


def submission_visible(user: AnyUser, action: str = "view") -> SubmissionQuerySet:
    return Submission.objects.visible_to(user, action).select_related("form", "organisation")


def submission_get(user: AnyUser, pk: int, action: str = "view") -> Submission:
    submission = submission_visible(user, action).filter(pk=pk).first()
    if submission is None:
        raise NotFoundError("Không tìm thấy báo cáo trong phạm vi của bạn.")
    return submission


def submission_find(form: ReportingForm, org: Organisation, period: Period) -> Submission | None:
    return Submission.objects.filter(form=form, organisation=org, period_code=period.code).first()


def submissions_of_form(
    user: AnyUser, form: ReportingForm, period: Period, root: Organisation | None = None
) -> SubmissionQuerySet:
    qs = submission_visible(user).filter(form=form, period_code=period.code)
    return qs.within(root) if root else qs


# --- Completeness and timeliness -------------------------------------------------------------


@dataclass
class UnitState:
    org: Organisation
    submission: Submission | None
    state: str  # "dung_han", "tre_han" or "chua_gui"
    overdue: bool = False
    reminders: int = 0


@dataclass
class Completeness:
    form: ReportingForm
    period: Period
    deadline: dt.date
    last_day: dt.date
    units: list[UnitState] = field(default_factory=list)

    @property
    def missing(self) -> list[UnitState]:
        return [u for u in self.units if u.state == "chua_gui"]


def expected_units(form: ReportingForm, root: Organisation, period: Period) -> list[Organisation]:
    """Units under ``root`` that must report ``form`` for ``period`` (active at its end)."""
    unit_ids = list(form.units.values_list("pk", flat=True))
    by_kind = Q(kind__in=form.org_kinds or []) & ~Q(pk=form.owner_id)
    qs = (
        Organisation.objects.subtree_of(root)
        .filter(path__under=form.owner.path)
        .active_at(period.end)
        .filter(by_kind | Q(pk__in=unit_ids))
    )
    return list(qs.order_by("path"))


def completeness(
    form: ReportingForm, root: Organisation, period: Period, today: dt.date | None = None
) -> Completeness:
    today = today or timezone.localdate()
    result = Completeness(form, period, deadline(form, period), last_day(form, period))
    units = expected_units(form, root, period)
    subs = {
        s.organisation_id: s
        for s in Submission.objects.filter(
            form=form, period_code=period.code, organisation__in=units
        )
    }
    reminded = _reminder_counts(form, period, units)
    for org in units:
        state = _state(form, period, subs.get(org.pk))
        overdue = state == "chua_gui" and today > result.last_day
        result.units.append(UnitState(org, subs.get(org.pk), state, overdue, reminded[org.pk]))
    return result


def _reminder_counts(
    form: ReportingForm, period: Period, units: list[Organisation]
) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for org_id in Reminder.objects.filter(
        form=form, period_code=period.code, organisation__in=units
    ).values_list("organisation_id", flat=True):
        counts[org_id] += 1
    return counts


def _state(form: ReportingForm, period: Period, submission: Submission | None) -> str:
    if submission is None or submission.first_submitted_at is None:
        return "chua_gui"
    return "dung_han" if is_on_time(form, period, submission.first_submitted_at) else "tre_han"


def _tally(units: list[UnitState]) -> dict[str, Any]:
    expected = len(units)
    on_time = sum(u.state == "dung_han" for u in units)
    late = sum(u.state == "tre_han" for u in units)
    submitted = on_time + late
    return {
        "expected": expected,
        "submitted": submitted,
        "on_time": on_time,
        "late": late,
        "missing": expected - submitted,
        # Not sent, but the last day (deadline and grace) has not passed: not yet a failure.
        "not_yet_due": sum(u.state == "chua_gui" and not u.overdue for u in units),
        "approved": sum(bool(u.submission and u.submission.status == "da_duyet") for u in units),
        "returned": sum(bool(u.submission and u.submission.status == "tra_lai") for u in units),
        "completeness_pct": _pct(submitted, expected),
        "on_time_pct": _pct(on_time, expected),
    }


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def tally_by_level(units: list[UnitState], root: Organisation) -> list[dict[str, Any]]:
    """Counts per depth below ``root`` (level 0 is ``root`` itself), with the kinds found."""
    levels: dict[int, list[UnitState]] = defaultdict(list)
    for unit in units:
        levels[unit.org.depth - root.depth].append(unit)
    return [
        {
            "level": level,
            "kinds": sorted({OrgKind(u.org.kind).label for u in members}),
            **_tally(members),
        }
        for level, members in sorted(levels.items())
    ]


def completeness_for(
    user: AnyUser, root: Organisation, period: Period, today: dt.date | None = None
) -> list[Completeness]:
    """Every active visible form's completeness for its periods inside ``period``."""
    today = today or timezone.localdate()
    out: list[Completeness] = []
    for form in form_visible(user).filter(is_active=True).order_by("code"):
        if not (is_under(root.path, form.owner.path) or is_under(form.owner.path, root.path)):
            continue
        for sub_period in periods_within(form, period):
            if sub_period.start <= today:
                out.append(completeness(form, root, sub_period, today))
    return out


def summary(results: list[Completeness], root: Organisation) -> dict[str, Any]:
    """The report JSON's ``submissions`` section."""
    everything = [u for r in results for u in r.units]
    return {
        "totals": _tally(everything),
        "levels": tally_by_level(everything, root),
        "forms": [_form_summary(r, root) for r in results],
        "missing": [_missing_row(r, u) for r in results for u in r.units if u.state == "chua_gui"],
    }


def _form_summary(result: Completeness, root: Organisation) -> dict[str, Any]:
    return {
        "form": result.form.code,
        "name": result.form.name,
        "period": result.period.code,
        "deadline": result.deadline.isoformat(),
        "last_day": result.last_day.isoformat(),
        **_tally(result.units),
        "levels": tally_by_level(result.units, root),
    }


def _missing_row(result: Completeness, unit: UnitState) -> dict[str, Any]:
    return {
        "code": unit.org.code,
        "name": unit.org.name,
        "form": result.form.code,
        "form_name": result.form.name,
        "period": result.period.code,
        "last_day": result.last_day.isoformat(),
        "overdue": unit.overdue,
        "status": unit.submission.status if unit.submission else None,
        "reminders": unit.reminders,
    }


def submission_by_key(
    user: AnyUser, form: ReportingForm, org: Organisation, period_code: str
) -> Submission | None:
    period = parse_form_period(form, period_code)
    return (
        submission_visible(user)
        .filter(form=form, organisation=org, period_code=period.code)
        .first()
    )


# --- Data-entry page -------------------------------------------------------------------------


@dataclass
class EntryPage:
    """Everything the grid page needs about one unit, form and period."""

    form: ReportingForm
    org: Organisation
    period: Period
    submission: Submission | None
    can_edit: bool
    can_decide: bool
    deadline: dt.date
    last_day: dt.date

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else "nhap"

    @property
    def editable(self) -> bool:
        """Whether the inputs are open (the locks still decide on save)."""
        if self.status in ("nhap", "tra_lai"):
            return self.can_edit
        if self.status == "da_gui":
            return self.can_decide and self.can_edit
        return self.can_edit and lock_exception_active(self.org, self.period.code)

    @property
    def started(self) -> bool:
        """Whether the period has begun; before that it takes no official figures."""
        return has_started(self.period)

    def open_for(self, value_type: str) -> bool:
        """``editable`` for this value type: a period not yet begun is closed to official
        figures, and to estimates unless the form allows them (``rules.require_started``)."""
        if not self.started and not (value_type == "uoc" and self.form.future_estimates):
            return False
        return self.editable


def entry_page(user: AnyUser, form_code: str, org_code: str, period_code: str) -> EntryPage:
    """The page of a unit that reports the form; NotFoundError for anything out of sight."""
    form = form_get(user, form_code)
    org = org_get(user, org_code)
    try:
        period = Period.parse(period_code)
    except ValueError as exc:
        raise NotFoundError(str(exc)) from None
    unit_ids = set(form.units.values_list("pk", flat=True))
    if period.kind.value != form.period_type or not reports_form(form, org, unit_ids):
        raise NotFoundError(f"{org.name} không báo cáo biểu mẫu {form.code} cho kỳ này.")
    return EntryPage(
        form,
        org,
        period,
        submission_find(form, org, period),
        can(user, Action.EDIT, org),
        can_approve(user, org),
        deadline(form, period),
        last_day(form, period),
    )


def default_value_type(page: EntryPage) -> str:
    """``chinh_thuc`` unless the unit has only estimates (``uoc``) for the form and period."""
    types = set(
        IndicatorValue.objects.filter(
            organisation=page.org,
            period_code=page.period.code,
            indicator__in=page.form.indicators.all(),
        ).values_list("value_type", flat=True)
    )
    return "uoc" if types == {"uoc"} else "chinh_thuc"


def form_can_issue(user: AnyUser) -> bool:
    """Whether ``user`` manages some unit, and so may issue reporting forms for it."""
    return Organisation.objects.visible_to(user, Action.MANAGE).exists()


def form_get_to_manage(user: AnyUser, code: str) -> ReportingForm:
    """The form if visible (else NotFoundError) and ``user`` manages its issuer (else 403)."""
    form = form_get(user, code)
    if not can(user, Action.MANAGE, form.owner):
        raise PermissionDeniedError("Bạn không có quyền quản lý biểu mẫu báo cáo của đơn vị này.")
    return form


def lock_exceptions_running(user: AnyUser, root: Organisation) -> list[tuple[LockException, str]]:
    """Lock exceptions still in force for units at or below ``root`` that ``user`` can see,
    each with its period's label."""
    today = timezone.localtime(timezone.now(), LOCAL_TZ).date()
    found = (
        LockException.objects.visible_to(user)
        .within(root)
        .filter(until__gte=today, revoked_at__isnull=True)
    )
    ordered = found.select_related("organisation", "granted_by").order_by(
        "until", "organisation__path", "period_code"
    )
    return [(e, _period_label(e.period_code)) for e in ordered]


def lock_exception_get(user: AnyUser, pk: int) -> LockException:
    """A lock exception ``user`` can see (revoked or not); NotFoundError otherwise."""
    found = LockException.objects.visible_to(user).select_related("organisation").filter(pk=pk)
    exception = found.first()
    if exception is None:
        raise NotFoundError("Không tìm thấy ngoại lệ sửa số liệu.")
    return exception


def _period_label(code: str) -> str:
    try:
        return Period.parse(code).label
    except ValueError:
        return code
