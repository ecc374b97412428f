"""The compliance matrix: for each unit and requirement, done on time, late, overdue or not due.

Dates are local dates in Asia/Ho_Chi_Minh (``timezone.localdate``). A cell is:

- ``dung_han`` when the unit fulfilled it on or before the deadline;
- ``tre_han`` when it fulfilled it after the deadline;
- ``qua_han`` when nothing is registered and the deadline has passed (today > deadline);
- ``chua_den_han`` when nothing is registered and the deadline is today or later.

Registrations dated after "today" are ignored, so a matrix as of a past date (the report of an
earlier period) shows what was known then. A unit fulfils a cell by registering: an issued
document (of the required type, if any) that concretizes the document; a study session
covering the document that it organised or was connected to (an online broadcast counts for
every connected unit); or an issued report (Báo cáo) related to the document.

**Mergers.** The obliged units are fixed when the requirement is created. A unit that ends
by merger or split before fulfilling its obligation passes it to its successor(s): the cell
stays on the predecessor's row and is fulfilled by the successor's registration made on or
after the succession date. A predecessor's own fulfilment before it ended stays its own; it
is not copied to the successor's row (the successor is usually not an obliged unit at all).

**Units formed later** (issue 9, §7). A requirement set by a rule ("all communes", "all units
directly below", "all cells") also reaches every unit the rule names that was formed after the
requirement was set (every unit formed by the 2025 mergers), from its first day. Its deadline
gives it the same time as the others, or the requirement's own deadline, whichever is later
(``deadline_for``). A requirement naming units one by one reaches only those units.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.formats import format_number
from nghiquyet.documents.doctypes import DocType
from nghiquyet.documents.models import (
    ISSUED,
    Action,
    Document,
    RelationKind,
    Requirement,
    TargetRule,
)
from nghiquyet.documents.services.requirements import resolve_targets
from nghiquyet.orgs.models import (
    PARTY_CELL_KINDS,
    PARTY_COMMITTEE_KINDS,
    Organisation,
    OrganisationQuerySet,
    Succession,
)


class CellStatus(models.TextChoices):
    DUNG_HAN = "dung_han", "Đúng hạn"
    TRE_HAN = "tre_han", "Trễ hạn"
    QUA_HAN = "qua_han", "Quá hạn"
    CHUA_DEN_HAN = "chua_den_han", "Chưa đến hạn"


DONE = (CellStatus.DUNG_HAN, CellStatus.TRE_HAN)
VERBS: dict[str, str] = {
    Action.BAN_HANH: "ban hành",
    Action.HOC_TAP: "tổ chức học tập",
    Action.BAO_CAO: "báo cáo",
}


@dataclass(frozen=True)
class Evidence:
    day: dt.date
    label: str


@dataclass
class Cell:
    unit: Organisation
    status: str
    evidence: Evidence | None = None
    via: Organisation | None = None
    # The unit's own deadline when it differs from the requirement's (a unit formed later).
    deadline: dt.date | None = None

    @property
    def label(self) -> str:
        return str(CellStatus(self.status).label)


@dataclass
class Tally:
    """Counts for one requirement at one level (or overall)."""

    level: str
    action: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CellStatus.values, 0))
    party_only: bool = True

    @property
    def done(self) -> int:
        return self.counts[CellStatus.DUNG_HAN] + self.counts[CellStatus.TRE_HAN]

    @property
    def percent(self) -> Decimal:
        return Decimal(0) if not self.total else Decimal(self.done * 100) / self.total

    @property
    def percent_text(self) -> str:
        return percent_text(self.percent)

    @property
    def sentence(self) -> str:
        """``51/51 tổ chức đảng đã ban hành``."""
        noun = "tổ chức đảng" if self.party_only else "đơn vị"
        return f"{self.done}/{self.total} {noun} đã {VERBS.get(self.action, 'thực hiện')}"


def percent_text(value: Decimal) -> str:
    places = 0 if value == value.to_integral_value() else 2
    return f"{format_number(value, places)}%"


@dataclass
class Matrix:
    requirements: list[Requirement]
    units: list[Organisation]
    cells: dict[tuple[int, int], Cell]
    today: dt.date

    def cell(self, requirement: Requirement, unit: Organisation) -> Cell | None:
        return self.cells.get((requirement.pk, unit.pk))

    def rows(self) -> list[tuple[Organisation, list[Cell | None]]]:
        return [(u, [self.cell(r, u) for r in self.requirements]) for u in self.units]

    def tallies(self, requirement: Requirement) -> list[Tally]:
        """One tally per level (kind of unit), then the total."""
        by_level: dict[str, Tally] = {}
        total = Tally(level="Tổng cộng", action=requirement.action)
        for unit in self.units:
            cell = self.cell(requirement, unit)
            if cell is None:
                continue
            level = str(unit.get_kind_display())
            tally = by_level.setdefault(level, Tally(level=level, action=requirement.action))
            for t in (tally, total):
                t.total += 1
                t.counts[cell.status] += 1
                t.party_only &= unit.kind in PARTY_COMMITTEE_KINDS | PARTY_CELL_KINDS
        return [*by_level.values(), total]

    def overall(self, requirement: Requirement) -> Tally:
        return self.tallies(requirement)[-1]


def status_of(deadline: dt.date, done_on: dt.date | None, today: dt.date) -> str:
    if done_on is not None:
        return CellStatus.DUNG_HAN if done_on <= deadline else CellStatus.TRE_HAN
    return CellStatus.QUA_HAN if today > deadline else CellStatus.CHUA_DEN_HAN


def _keep_earliest(found: dict[int, Evidence], org_id: int, evidence: Evidence) -> None:
    if org_id not in found or evidence.day < found[org_id].day:
        found[org_id] = evidence


def _document_evidence(requirement: Requirement) -> dict[int, Evidence]:
    """Earliest issued document per issuing unit that answers the requirement (a withdrawn
    document answers nothing)."""
    docs = Document.objects.filter(
        status__in=ISSUED, relations_out__target=requirement.document, withdrawn_at__isnull=True
    ).prefetch_related("co_issuers")
    if requirement.action == Action.BAN_HANH:
        docs = docs.filter(relations_out__kind=RelationKind.CU_THE_HOA)
        if requirement.doc_type:
            docs = docs.filter(doc_type=requirement.doc_type)
    else:
        docs = docs.filter(doc_type=DocType.BAO_CAO)
    found: dict[int, Evidence] = {}
    for doc in docs.distinct():
        if doc.issue_date is None:  # Issued documents always have a date (constraint).
            continue
        evidence = Evidence(doc.issue_date, f"{doc.get_doc_type_display()} số {doc.symbol}")
        for org_id in {doc.organisation_id, *(o.pk for o in doc.co_issuers.all())}:
            _keep_earliest(found, org_id, evidence)
    return found


def _session_evidence(requirement: Requirement) -> dict[int, Evidence]:
    """Earliest study session per unit that organised it or was connected to it."""
    if not apps.is_installed("nghiquyet.dissemination"):
        return {}
    session_model = apps.get_model("dissemination", "StudySession")
    sessions = session_model.objects.filter(documents=requirement.document).prefetch_related(
        "connected_units"
    )
    found: dict[int, Evidence] = {}
    for session in sessions.distinct():
        evidence = Evidence(session.start_date, f"Hội nghị {session.start_date:%d/%m/%Y}")
        units = {session.organisation_id, *(u.pk for u in session.connected_units.all())}
        for org_id in units:
            _keep_earliest(found, org_id, evidence)
    return found


def evidence_for(requirement: Requirement) -> dict[int, Evidence]:
    if requirement.action == Action.HOC_TAP:
        return _session_evidence(requirement)
    return _document_evidence(requirement)


def _successors(unit: Organisation) -> list[tuple[Organisation, dt.date]]:
    """Every unit that took over from ``unit`` (through chains), with the date it did."""
    out: list[tuple[Organisation, dt.date]] = []
    frontier = [(unit, dt.date.min)]
    seen = {unit.pk}
    while frontier:
        current, since = frontier.pop()
        for s in Succession.objects.filter(predecessor=current).select_related("successor"):
            if s.successor_id not in seen:
                seen.add(s.successor_id)
                step = (s.successor, max(since, s.effective))
                out.append(step)
                frontier.append(step)
    return out


def deadline_for(requirement: Requirement, unit: Organisation) -> dt.date:
    """The deadline of ``unit``: the requirement's, or for a unit formed after the requirement
    was set, its first day plus the time the others had, if that is later (issue 9, §7)."""
    first = unit.valid_from
    if first is None or first <= requirement.assigned_on:
        return requirement.deadline
    return max(requirement.deadline, first + (requirement.deadline - requirement.assigned_on))


def later_units(requirement: Requirement, today: dt.date) -> list[Organisation]:
    """Units formed after ``requirement`` was set (up to ``today``) that its rule names on
    their first day; none for a requirement naming units one by one."""
    if requirement.rule == TargetRule.DANH_SACH:
        return []
    below = Organisation.objects.subtree_of(requirement.document.organisation, include_self=False)
    newer = below.filter(valid_from__gt=requirement.assigned_on, valid_from__lte=today)
    found: list[Organisation] = []
    days = {day for day in newer.values_list("valid_from", flat=True) if day is not None}
    for day in sorted(days):
        named = resolve_targets(
            document=requirement.document,
            rule=requirement.rule,
            day=day,
            kind=requirement.target_kind,
        )
        found += [u for u in named if u.valid_from == day]
    return found


def _cell(
    requirement: Requirement, unit: Organisation, found: dict[int, Evidence], today: dt.date
) -> Cell:
    own = found.get(unit.pk)
    deadline = deadline_for(requirement, unit)
    if own is not None or unit.valid_to is None:
        status = status_of(deadline, own.day if own else None, today)
        mine = deadline if deadline != requirement.deadline else None
        return Cell(unit, status, own, deadline=mine)
    best: tuple[Evidence, Organisation] | None = None
    for successor, since in _successors(unit):
        evidence = found.get(successor.pk)
        if evidence and evidence.day >= since and (best is None or evidence.day < best[0].day):
            best = (evidence, successor)
    if best is None:
        return Cell(unit, status_of(requirement.deadline, None, today))
    return Cell(unit, status_of(requirement.deadline, best[0].day, today), best[0], best[1])


def _targets(
    req: Requirement, visible: OrganisationQuerySet | None, today: dt.date
) -> list[Organisation]:
    """The units obliged by ``req`` (fixed, then formed later) that the viewer may see."""
    fixed = req.targets.all()
    later = later_units(req, today)
    if visible is not None:
        fixed = fixed.filter(pk__in=visible.values("pk"))
        seen = set(visible.filter(pk__in=[u.pk for u in later]).values_list("pk", flat=True))
        later = [u for u in later if u.pk in seen]
    units = list(fixed)
    known = {u.pk for u in units}
    return units + [u for u in later if u.pk not in known]


def build_matrix(
    requirements: Iterable[Requirement],
    *,
    viewer: AnyUser | None = None,
    today: dt.date | None = None,
) -> Matrix:
    """The matrix for ``requirements``, with rows limited to the units ``viewer`` may see."""
    today = today or timezone.localdate()
    reqs = list(requirements)
    visible = Organisation.objects.visible_to(viewer) if viewer is not None else None
    cells: dict[tuple[int, int], Cell] = {}
    units: dict[int, Organisation] = {}
    for req in reqs:
        targets = _targets(req, visible, today)
        # Nothing registered after "today" counts.
        found = {k: v for k, v in evidence_for(req).items() if v.day <= today}
        for unit in targets:
            units[unit.pk] = unit
            cells[(req.pk, unit.pk)] = _cell(req, unit, found, today)
    ordered = sorted(units.values(), key=lambda u: u.path)
    return Matrix(requirements=reqs, units=ordered, cells=cells, today=today)


def document_summary(document: Document, *, today: dt.date | None = None) -> list[Tally]:
    """One overall tally per requirement of ``document`` (for the cascade view)."""
    reqs = list(document.requirements.all())
    if not reqs:
        return []
    matrix = build_matrix(reqs, today=today)
    return [matrix.overall(r) for r in reqs]
