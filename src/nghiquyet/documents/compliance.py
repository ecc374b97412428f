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
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.formats import format_number
from nghiquyet.documents.doctypes import DocType
from nghiquyet.documents.models import (
    ISSUED,
    Action,
    Document,
    DocumentRelation,
    RelationKind,
    Requirement,
    TargetRule,
)
from nghiquyet.orgs.models import (
    PARTY_CELL_KINDS,
    PARTY_COMMITTEE_KINDS,
    Organisation,
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


def _answers(requirement: Requirement, relation: DocumentRelation) -> bool:
    """Whether ``relation``'s (issued, not withdrawn) source answers ``requirement``: a
    concretizing document (of the required type, if any) for BAN_HANH, a report otherwise."""
    if relation.target_id != requirement.document_id:
        return False
    source = relation.source
    if requirement.action != Action.BAN_HANH:
        return source.doc_type == DocType.BAO_CAO
    kind_ok = relation.kind == RelationKind.CU_THE_HOA
    return kind_ok and (not requirement.doc_type or source.doc_type == requirement.doc_type)


def _document_evidence(reqs: list[Requirement]) -> dict[int, dict[int, Evidence]]:
    """Per requirement, the earliest issued document per issuing unit that answers it (a
    withdrawn document answers nothing). Two queries for any number of requirements."""
    relations = list(
        DocumentRelation.objects.filter(
            target_id__in={r.document_id for r in reqs},
            source__status__in=ISSUED,
            source__withdrawn_at__isnull=True,
            source__issue_date__isnull=False,  # issued documents always have a date
        )
        .select_related("source")
        .prefetch_related("source__co_issuers")
    )
    out: dict[int, dict[int, Evidence]] = {}
    for req in reqs:
        found = out.setdefault(req.pk, {})
        sources = {rel.source_id: rel.source for rel in relations if _answers(req, rel)}
        for doc in sources.values():
            day = doc.issue_date or dt.date.max  # never max: filtered above
            evidence = Evidence(day, f"{doc.get_doc_type_display()} số {doc.symbol}")
            for org_id in {doc.organisation_id, *(o.pk for o in doc.co_issuers.all())}:
                _keep_earliest(found, org_id, evidence)
    return out


def _session_evidence(reqs: list[Requirement]) -> dict[int, dict[int, Evidence]]:
    """Per requirement, the earliest study session per unit that organised it or was connected
    to it. Three queries for any number of requirements."""
    out: dict[int, dict[int, Evidence]] = {r.pk: {} for r in reqs}
    if not reqs or not apps.is_installed("nghiquyet.dissemination"):
        return out
    session_model = apps.get_model("dissemination", "StudySession")
    doc_ids = {r.document_id for r in reqs}
    sessions = (
        session_model.objects.filter(documents__in=doc_ids)
        .distinct()
        .prefetch_related(
            "connected_units", Prefetch("documents", queryset=Document.objects.only("pk"))
        )
    )
    for session in sessions:
        evidence = Evidence(session.start_date, f"Hội nghị {session.start_date:%d/%m/%Y}")
        covered = {d.pk for d in session.documents.all()}
        units = {session.organisation_id, *(u.pk for u in session.connected_units.all())}
        for req in reqs:
            if req.document_id in covered:
                for org_id in units:
                    _keep_earliest(out[req.pk], org_id, evidence)
    return out


def evidence_many(reqs: list[Requirement]) -> dict[int, dict[int, Evidence]]:
    """``evidence_for`` of every requirement in ``reqs`` (keyed by requirement pk), in a
    constant number of queries."""
    sessions = [r for r in reqs if r.action == Action.HOC_TAP]
    documents = [r for r in reqs if r.action != Action.HOC_TAP]
    found = _session_evidence(sessions) if sessions else {}
    return found | (_document_evidence(documents) if documents else {})


def evidence_for(requirement: Requirement) -> dict[int, Evidence]:
    """Earliest registration per unit that fulfils ``requirement``: ``{org pk: Evidence}``."""
    return evidence_many([requirement])[requirement.pk]


class Successions:
    """Every succession, loaded in one query the first time a chain is asked for."""

    def __init__(self) -> None:
        self._edges: dict[int, list[tuple[Organisation, dt.date]]] | None = None

    def _load(self) -> dict[int, list[tuple[Organisation, dt.date]]]:
        if self._edges is None:
            self._edges = {}
            for s in Succession.objects.select_related("successor").order_by("effective", "pk"):
                self._edges.setdefault(s.predecessor_id, []).append((s.successor, s.effective))
        return self._edges

    def of(self, unit: Organisation) -> list[tuple[Organisation, dt.date]]:
        """Every unit that took over from ``unit`` (through chains), with the date it did:
        a chain takes effect on its latest step."""
        edges = self._load()
        out: list[tuple[Organisation, dt.date]] = []
        frontier = [(unit, dt.date.min)]
        seen = {unit.pk}
        while frontier:
            current, since = frontier.pop()
            for successor, effective in edges.get(current.pk, []):
                if successor.pk not in seen:
                    seen.add(successor.pk)
                    step = (successor, max(since, effective))
                    out.append(step)
                    frontier.append(step)
        return out


def _successors(unit: Organisation) -> list[tuple[Organisation, dt.date]]:
    """Every unit that took over from ``unit`` (through chains), with the date it did."""
    return Successions().of(unit)


def deadline_for(requirement: Requirement, unit: Organisation) -> dt.date:
    """The deadline of ``unit``: the requirement's, or for a unit formed after the requirement
    was set, its first day plus the time the others had, if that is later (issue 9, §7)."""
    first = unit.valid_from
    if first is None or first <= requirement.assigned_on:
        return requirement.deadline
    return max(requirement.deadline, first + (requirement.deadline - requirement.assigned_on))


def _named_on_first_day(requirement: Requirement, unit: Organisation) -> bool:
    """Whether ``requirement``'s rule names ``unit`` on its first day (``resolve_targets``'s
    rules, applied to one unit formed after the requirement was set)."""
    base = requirement.document.organisation
    first = unit.valid_from
    if first is None or first <= requirement.assigned_on or unit.pk == base.pk:
        return False
    if not unit.path.startswith(base.path) or (unit.valid_to and unit.valid_to < first):
        return False
    if requirement.rule == TargetRule.TRUC_THUOC:
        return unit.parent_id == base.pk
    if requirement.rule == TargetRule.THEO_LOAI:
        return unit.kind == requirement.target_kind
    return unit.kind in PARTY_CELL_KINDS


def later_units_many(reqs: list[Requirement], today: dt.date) -> dict[int, list[Organisation]]:
    """``later_units`` of every requirement in ``reqs`` (keyed by requirement pk), in one
    query: the units formed after the earliest assignment, below any of the issuing units."""
    by_rule = [r for r in reqs if r.rule != TargetRule.DANH_SACH]
    out: dict[int, list[Organisation]] = {r.pk: [] for r in reqs}
    if not by_rule:
        return out
    under = Q()
    for path in {r.document.organisation.path for r in by_rule}:
        under |= Q(path__under=path)
    newer = Organisation.objects.filter(
        under,
        valid_from__gt=min(r.assigned_on for r in by_rule),
        valid_from__lte=today,
    ).order_by("valid_from", "path")
    units = list(newer)
    for req in by_rule:
        out[req.pk] = [u for u in units if _named_on_first_day(req, u)]
    return out


def later_units(requirement: Requirement, today: dt.date) -> list[Organisation]:
    """Units formed after ``requirement`` was set (up to ``today``) that its rule names on
    their first day; none for a requirement naming units one by one."""
    return later_units_many([requirement], today)[requirement.pk]


def _cell(
    requirement: Requirement,
    unit: Organisation,
    found: dict[int, Evidence],
    today: dt.date,
    successions: Successions,
) -> Cell:
    own = found.get(unit.pk)
    deadline = deadline_for(requirement, unit)
    if own is not None or unit.valid_to is None:
        status = status_of(deadline, own.day if own else None, today)
        mine = deadline if deadline != requirement.deadline else None
        return Cell(unit, status, own, deadline=mine)
    best: tuple[Evidence, Organisation] | None = None
    for successor, since in successions.of(unit):
        evidence = found.get(successor.pk)
        if evidence and evidence.day >= since and (best is None or evidence.day < best[0].day):
            best = (evidence, successor)
    if best is None:
        return Cell(unit, status_of(requirement.deadline, None, today))
    return Cell(unit, status_of(requirement.deadline, best[0].day, today), best[0], best[1])


def _targets(
    req: Requirement, later: list[Organisation], visible: set[int] | None
) -> list[Organisation]:
    """The units obliged by ``req`` (fixed, then formed later) that the viewer may see."""
    units = [u for u in req.targets.all() if visible is None or u.pk in visible]
    known = {u.pk for u in units}
    return units + [u for u in later if u.pk not in known and (visible is None or u.pk in visible)]


def build_matrix(
    requirements: Iterable[Requirement],
    *,
    viewer: AnyUser | None = None,
    today: dt.date | None = None,
) -> Matrix:
    """The matrix for ``requirements``, with rows limited to the units ``viewer`` may see.

    A constant number of queries whatever the number of requirements, units and ended units
    (issue 13): targets, units formed later, evidence and successions are each read once."""
    today = today or timezone.localdate()
    reqs = list(requirements)
    prefetch_related_objects(reqs, "targets", "document__organisation")
    later = later_units_many(reqs, today)
    visible = _visible_ids(viewer, reqs, later)
    evidence = evidence_many(reqs)
    successions = Successions()
    cells: dict[tuple[int, int], Cell] = {}
    units: dict[int, Organisation] = {}
    for req in reqs:
        # Nothing registered after "today" counts.
        found = {k: v for k, v in evidence[req.pk].items() if v.day <= today}
        for unit in _targets(req, later[req.pk], visible):
            units[unit.pk] = unit
            cells[(req.pk, unit.pk)] = _cell(req, unit, found, today, successions)
    ordered = sorted(units.values(), key=lambda u: u.path)
    return Matrix(requirements=reqs, units=ordered, cells=cells, today=today)


def _visible_ids(
    viewer: AnyUser | None, reqs: list[Requirement], later: dict[int, list[Organisation]]
) -> set[int] | None:
    """The pks, among every unit the requirements oblige, that ``viewer`` may see (one
    query); None when there is no viewer to limit to."""
    if viewer is None:
        return None
    fixed = Requirement.targets.through.objects.filter(requirement__in=[r.pk for r in reqs])
    formed_later = {u.pk for units in later.values() for u in units}
    obliged = Q(pk__in=fixed.values("organisation_id")) | Q(pk__in=formed_later)
    visible = Organisation.objects.visible_to(viewer).filter(obliged)
    return set(visible.values_list("pk", flat=True))


def document_summary(document: Document, *, today: dt.date | None = None) -> list[Tally]:
    """One overall tally per requirement of ``document`` (for the cascade view)."""
    reqs = list(document.requirements.all())
    if not reqs:
        return []
    matrix = build_matrix(reqs, today=today)
    return [matrix.overall(r) for r in reqs]
