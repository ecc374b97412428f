"""Reads of the registers: visible rows, and the figures a unit's subtree adds up to.

Disbursement follows how reports state it ("giải ngân lũy kế đến hết quý IV đạt 100% kế
hoạch vốn giao"): over a period of a year, the capital disbursed is cumulative from 1 January
of that year to the end of the period, and the allocation is that year's; over a term, both
cover the whole term. The comparison with the same period last year is the growth of the
amount disbursed: (this year ÷ last year − 1) × 100. Percentages are exact Decimals rounded
half up to 2 places.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, OuterRef, QuerySet, Subquery, Sum

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.formats import quantize
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.orgs.models import Organisation
from nghiquyet.registers.models import (
    Allocation,
    Disbursement,
    Movement,
    MovementCount,
    MovementStatus,
    Project,
    Survey,
)

ZERO = Decimal(0)


def movements_visible(user: AnyUser) -> QuerySet[Movement]:
    return Movement.objects.visible_to(user).select_related("organisation")


def surveys_visible(user: AnyUser) -> QuerySet[Survey]:
    return Survey.objects.visible_to(user).select_related("organisation", "document")


def projects_visible(user: AnyUser) -> QuerySet[Project]:
    return Project.objects.visible_to(user).select_related("organisation")


def movement_get(user: AnyUser, pk: int) -> Movement:
    found = movements_visible(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Không tìm thấy mô hình, phong trào trong phạm vi của bạn.")
    return found


def survey_get(user: AnyUser, pk: int) -> Survey:
    found = surveys_visible(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Không tìm thấy cuộc khảo sát trong phạm vi của bạn.")
    return found


def project_get(user: AnyUser, pk: int) -> Project:
    found = projects_visible(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Không tìm thấy dự án trong phạm vi của bạn.")
    return found


def pct(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``, 2 decimals; ``None`` when ``whole`` is zero."""
    return quantize(part * 100 / whole, 2) if whole else None


def latest_participants(movements: QuerySet[Movement], day: dt.date) -> QuerySet[Movement]:
    """Annotate each movement with its latest participant count on or before ``day``."""
    latest = MovementCount.objects.filter(movement=OuterRef("pk"), as_of__lte=day).order_by(
        "-as_of"
    )
    return movements.annotate(participants=Subquery(latest.values("participants")[:1]))


@dataclass
class MovementFigures:
    count: int
    participants: int


def movement_figures(user: AnyUser, org: Organisation, day: dt.date) -> MovementFigures:
    """Models and movements of the subtree started by ``day`` and not ended, and the people
    taking part in them by their latest count up to ``day``."""
    qs = (
        Movement.objects.visible_to(user)
        .within(org)
        .filter(start_date__lte=day)
        .exclude(status=MovementStatus.KET_THUC)
    )
    rows = latest_participants(qs, day).values_list("participants", flat=True)  # type: ignore[misc]
    return MovementFigures(count=qs.count(), participants=sum(n or 0 for n in rows))


@dataclass
class SurveyFigures:
    count: int
    forms_issued: int
    forms_returned: int


def survey_figures(user: AnyUser, org: Organisation, period: Period) -> SurveyFigures:
    qs = (
        Survey.objects.visible_to(user)
        .within(org)
        .filter(conducted_on__gte=period.start, conducted_on__lte=period.end)
    )
    sums = qs.aggregate(i=Sum("forms_issued"), r=Sum("forms_returned"))
    return SurveyFigures(qs.count(), sums["i"] or 0, sums["r"] or 0)


def disbursement_window(period: Period) -> tuple[dt.date, dt.date, list[int]]:
    """The dates the disbursed amount covers and the years whose allocation it is measured
    against (see the module docstring)."""
    if period.kind is PeriodKind.TERM:
        return period.start, period.end, [y.year for y in period.years()]
    first = dt.date(period.start.year, 1, 1)
    return first, period.end, [period.start.year]


@dataclass
class ProjectFigures:
    count: int
    total_investment: Decimal
    allocated: Decimal
    disbursed: Decimal
    disbursed_last_year: Decimal | None

    @property
    def disbursed_pct(self) -> Decimal | None:
        return pct(self.disbursed, self.allocated)

    @property
    def change_vs_last_year_pct(self) -> Decimal | None:
        last = self.disbursed_last_year
        return pct(self.disbursed - last, last) if last else None


def _disbursed(projects: QuerySet[Project], start: dt.date, end: dt.date) -> Decimal:
    rows = Disbursement.objects.filter(project__in=projects, start__gte=start, end__lte=end)
    return rows.aggregate(s=Sum("amount"))["s"] or ZERO


def projects_in(user: AnyUser, org: Organisation, period: Period) -> QuerySet[Project]:
    """Visible projects of the subtree whose plan years meet the period."""
    return (
        Project.objects.visible_to(user)
        .within(org)
        .filter(plan_start__lte=period.end.year, plan_end__gte=period.start.year)
    )


def project_figures(user: AnyUser, org: Organisation, period: Period) -> ProjectFigures:
    projects = projects_in(user, org, period)
    start, end, years = disbursement_window(period)
    allocated = Allocation.objects.filter(project__in=projects, year__in=years).aggregate(
        s=Sum("amount")
    )["s"]
    last = period.same_period_last_year()
    disbursed_last = None
    if last is not None:
        last_start, last_end, _ = disbursement_window(last)
        disbursed_last = _disbursed(projects_in(user, org, last), last_start, last_end)
    return ProjectFigures(
        count=projects.count(),
        total_investment=projects.aggregate(s=Sum("total_investment"))["s"] or ZERO,
        allocated=allocated or ZERO,
        disbursed=_disbursed(projects, start, end),
        disbursed_last_year=disbursed_last,
    )


@dataclass
class ProjectLine:
    project: Project
    allocated: Decimal
    disbursed: Decimal

    @property
    def pct(self) -> Decimal | None:
        return pct(self.disbursed, self.allocated)


def project_lines(projects: QuerySet[Project], period: Period) -> list[ProjectLine]:
    """Per project: the period's allocation, disbursement and % disbursed."""
    start, end, years = disbursement_window(period)
    alloc = dict(
        Allocation.objects.filter(project__in=projects, year__in=years)
        .values("project")
        .annotate(s=Sum("amount"))
        .values_list("project", "s")
    )
    disb = dict(
        Disbursement.objects.filter(project__in=projects, start__gte=start, end__lte=end)
        .values("project")
        .annotate(s=Sum("amount"))
        .values_list("project", "s")
    )
    return [ProjectLine(p, alloc.get(p.pk) or ZERO, disb.get(p.pk) or ZERO) for p in projects]


def latest_register_year(user: AnyUser, org: Organisation, up_to: int) -> int:
    """The latest year, at most ``up_to``, in which ``org``'s subtree has capital allocated or
    disbursed or a survey that ``user`` sees; ``up_to`` when none. The registers page opens
    on it, so a finished plan (2021–2025) is not shown as empty figures of the next year."""
    projects = Project.objects.visible_to(user).within(org)
    years = [
        Allocation.objects.filter(project__in=projects, year__lte=up_to).aggregate(y=Max("year"))[
            "y"
        ],
        Disbursement.objects.filter(project__in=projects, end__year__lte=up_to).aggregate(
            y=Max("end__year")
        )["y"],
        Survey.objects.visible_to(user)
        .within(org)
        .filter(conducted_on__year__lte=up_to)
        .aggregate(y=Max("conducted_on__year"))["y"],
    ]
    return max((y for y in years if y is not None), default=up_to)
