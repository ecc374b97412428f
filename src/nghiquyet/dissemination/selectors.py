"""Reads for study sessions: visible sessions, attendance rates and coverage up the tree."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.formats import format_date_short
from nghiquyet.dissemination.models import Attendance, Audience, Plan, StudySession
from nghiquyet.documents.compliance import percent_text
from nghiquyet.documents.models import Document
from nghiquyet.orgs.models import Organisation


def session_visible(user: AnyUser) -> QuerySet[StudySession]:
    """Sessions organised in the user's subtree, or broadcast to a unit in it."""
    return StudySession.objects.visible_to(user)


def session_get(user: AnyUser, pk: int) -> StudySession:
    found = session_visible(user).select_related("organisation").filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Không tìm thấy hội nghị trong phạm vi của bạn.")
    return found


def sessions_in(org: Organisation, document: Document | None = None) -> QuerySet[StudySession]:
    """Distinct sessions relevant to ``org``'s subtree: organised there or connected there."""
    qs = StudySession.objects.linked_to(org)
    if document is not None:
        qs = qs.filter(documents=document)
    return qs


@dataclass
class GroupRate:
    group: str
    label: str
    expected: int
    actual: int

    @property
    def rate(self) -> Decimal | None:
        return Decimal(self.actual * 100) / self.expected if self.expected else None

    @property
    def rate_text(self) -> str:
        return percent_text(self.rate) if self.rate is not None else "—"


@dataclass
class Coverage:
    org: Organisation
    sessions: int
    groups: list[GroupRate] = field(default_factory=list)

    @property
    def total(self) -> GroupRate:
        return GroupRate(
            "",
            "Tổng cộng",
            sum(g.expected for g in self.groups),
            sum(g.actual for g in self.groups),
        )


def rates_of(rows: QuerySet[Attendance]) -> list[GroupRate]:
    sums = {
        r["group"]: r
        for r in rows.values("group").annotate(e=Sum("expected"), a=Sum("actual")).order_by()
    }
    return [
        GroupRate(value, str(label), sums[value]["e"] or 0, sums[value]["a"] or 0)
        for value, label in Audience.choices
        if value in sums
    ]


def session_rates(session: StudySession) -> list[GroupRate]:
    return rates_of(Attendance.objects.filter(session=session))


def coverage(org: Organisation, document: Document | None = None) -> Coverage:
    """Σ actual / Σ expected by group over the attendance points in ``org``'s subtree.

    Each point records its own figures, so a broadcast is never added twice, and the session
    itself is counted once however many connected units lie in the subtree.
    """
    rows = Attendance.objects.within(org)
    if document is not None:
        rows = rows.filter(session__documents=document)
    return Coverage(org=org, sessions=sessions_in(org, document).count(), groups=rates_of(rows))


def coverage_children(
    user: AnyUser, org: Organisation, document: Document | None
) -> list[Coverage]:
    children = Organisation.objects.visible_to(user).filter(parent=org).order_by("path")
    return [coverage(child, document) for child in children]


def coverage_for(user: AnyUser, org_code: str, document: Document | None) -> Coverage:
    org = Organisation.objects.visible_to(user).filter(code__iexact=org_code).first()
    if org is None:
        raise NotFoundError(f"Không tìm thấy đơn vị “{org_code}” trong phạm vi của bạn.")
    return coverage(org, document)


@dataclass
class PlanProgress:
    plan: Plan
    held_on_time: int
    held_late: int

    @property
    def held(self) -> int:
        return self.held_on_time + self.held_late

    @property
    def text(self) -> str:
        """``8/11 lớp (hạn 30/09/2020)``."""
        return f"{self.held}/{self.plan.classes} lớp (hạn {format_date_short(self.plan.deadline)})"

    @property
    def done(self) -> bool:
        return self.held >= self.plan.classes


def plan_progress(plan: Plan) -> PlanProgress:
    """Classes the planning unit itself held on the document, before and after the deadline."""
    held = StudySession.objects.filter(organisation=plan.organisation, documents=plan.document)
    on_time = held.filter(start_date__lte=plan.deadline).count()
    return PlanProgress(plan=plan, held_on_time=on_time, held_late=held.count() - on_time)


def plans_visible(user: AnyUser) -> QuerySet[Plan]:
    return Plan.objects.visible_to(user).select_related("document", "organisation")


def plan_get(user: AnyUser, pk: int) -> Plan:
    """A plan (not withdrawn) ``user`` can see; NotFoundError otherwise."""
    plan = plans_visible(user).filter(pk=pk).first()
    if plan is None:
        raise NotFoundError("Không tìm thấy kế hoạch học tập trong phạm vi của bạn.")
    return plan
