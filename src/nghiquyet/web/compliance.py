"""Compliance on the dashboards (issue 12, item 5): the heat map of units × requirements of one
document and the start page's compliance tile.

Both read the documents app's compliance matrix through its selectors (``document_matrix_on``,
``requirements_matrix``, grouped by ``compliance_by_branch``) and never decide a cell
themselves: a cell is what ``documents.compliance`` says (Quy định on implementing resolutions:
done on time, late, overdue, not yet due). Queries: a fixed number per requirement (the
matrix's), none per unit.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.paths import is_under
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.documents.compliance import Cell
from nghiquyet.documents.models import Document, Requirement
from nghiquyet.documents.selectors import (
    BranchCell,
    compliance_by_branch,
    document_matrix_on,
    requirements_in_force,
    requirements_matrix,
)
from nghiquyet.orgs.models import Organisation

Row = tuple[Organisation, list[BranchCell | None]]


def as_of(period: Period, today: dt.date | None = None) -> dt.date:
    """The day the compliance of ``period`` is read on: its last day, or today while it runs."""
    return min(period.end, today or timezone.localdate())


def heat_map_url(org: Organisation, period: Period, document: Document) -> str:
    """The requirements heat map of ``org`` for ``document``, keeping ``period``."""
    query = urlencode({"ky": period.code, "van_ban": document.pk})
    return f"{reverse('web:heat_map_requirements', args=[org.code])}?{query}"


@dataclass
class RequirementHeatMap:
    """Units × requirements of ``document`` as of ``on``: ``own`` is ``org``'s own row (None
    when no requirement obliges it), ``rows`` one per unit directly below ``org`` whose branch
    is obliged, ``free`` the units below ``org`` whose branch is obliged by none."""

    org: Organisation
    period: Period
    on: dt.date
    document: Document
    requirements: list[Requirement]
    own: list[BranchCell | None] | None
    rows: list[Row]
    free: list[Organisation]


def requirement_heat_map(
    user: AnyUser, org: Organisation, period: Period, document: Document
) -> RequirementHeatMap:
    """The requirements of ``document`` set by the end of ``period`` that oblige ``org`` or a
    unit below it (columns), for ``org`` itself and each unit directly below it that ``user``
    sees (rows): active at that day, or ended with an obligation still on its row. Each cell is
    a ``BranchCell``; None where the row's branch is not obliged by that requirement. Units
    whose branch is obliged by none are listed apart (``free``)."""
    on = as_of(period)
    matrix = document_matrix_on(user, document, on)
    own, branches = compliance_by_branch(matrix, org)
    keep = [
        i
        for i in range(len(matrix.requirements))
        if own[i] or any(cells[i] for cells in branches.values())
    ]
    units = _row_units(user, org, on, list(branches))
    rows = [(u, [branches[u.path][i] for i in keep]) for u in units if u.path in branches]
    free = [u for u in units if u.path not in branches]
    mine = [own[i] for i in keep]
    reqs = [matrix.requirements[i] for i in keep]
    return RequirementHeatMap(
        org, period, on, document, reqs, mine if any(mine) else None, rows, free
    )


def _row_units(
    user: AnyUser, org: Organisation, on: dt.date, paths: list[str]
) -> list[Organisation]:
    """The units directly under ``org`` that ``user`` sees, active on ``on`` or at one of
    ``paths`` (a unit ended by a merger keeps its obligations on its row). One query."""
    below = Organisation.objects.visible_to(user).filter(parent=org)
    return list((below.active_at(on) | below.filter(path__in=paths)).order_by("path"))


@dataclass(frozen=True)
class ComplianceLine:
    """One document's open requirements for a subtree: ``total`` oblige a unit in it, ``done``
    of them are fulfilled by every such unit, ``overdue`` have at least one unit overdue."""

    document: Document
    total: int
    done: int
    overdue: int
    url: str


@dataclass(frozen=True)
class ComplianceTile:
    """The start page's compliance tile: "x/y yêu cầu đã thực hiện", the number overdue, and
    one line per document, each drilling into its heat map."""

    period: Period
    on: dt.date
    lines: list[ComplianceLine]

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

    @property
    def done(self) -> int:
        return sum(line.done for line in self.lines)

    @property
    def overdue(self) -> int:
        return sum(line.overdue for line in self.lines)

    @property
    def sentence(self) -> str:
        return f"{self.done}/{self.total} yêu cầu đã thực hiện"

    @property
    def overdue_label(self) -> str:
        return f"{self.overdue} yêu cầu quá hạn" if self.overdue else "Không có yêu cầu quá hạn"

    @property
    def badge(self) -> str:
        return "bad" if self.overdue else "ok"


def compliance_tile(user: AnyUser, org: Organisation, today: dt.date) -> ComplianceTile:
    """The open requirements (``requirements_in_force``) addressed to ``org`` or a unit below it
    as of ``today``: a requirement counts as done when every obliged unit of the subtree that
    ``user`` sees has fulfilled it (on time or late), as overdue when one of them is overdue."""
    matrix = requirements_matrix(user, requirements_in_force(user, org, today), today)
    period = Period(PeriodKind.YEAR, today.year)
    mine = {u.pk for u in matrix.units if is_under(u.path, org.path)}
    # One pass over the cells that exist (each obliged unit once), not requirements × units.
    by_requirement: dict[int, list[Cell]] = {}
    for (req_pk, unit_pk), cell in matrix.cells.items():
        if unit_pk in mine:
            by_requirement.setdefault(req_pk, []).append(cell)
    found: dict[int, list[BranchCell]] = {}
    documents: dict[int, Document] = {}
    for req in matrix.requirements:
        if cells := by_requirement.get(req.pk, []):
            found.setdefault(req.document_id, []).append(BranchCell(cells))
            documents[req.document_id] = req.document
    lines = [
        ComplianceLine(
            documents[pk],
            len(branch),
            sum(b.done == b.total for b in branch),
            sum(b.overdue > 0 for b in branch),
            heat_map_url(org, period, documents[pk]),
        )
        for pk, branch in found.items()
    ]
    return ComplianceTile(period, today, lines)
