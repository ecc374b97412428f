"""Same period last year for a unit formed by the 2025 reform, from its predecessors (issue 9).

A unit formed by merger on 1/7/2025 has no figures of its own before that date, yet every 2026
report compares with the same period of 2025. Its comparison figure is then built from the
predecessors' figures (orgs ``Succession``, decisions 0006 and 0007):

- a predecessor that merged wholly into the unit (its only successor) counts in full;
- a predecessor split between several successors counts by the share recorded on the succession
  (``Succession.share``, % of the predecessor); without a share there is no comparison, and the
  note says why;
- only indicators that add up across units (counts, amounts, ratios: ``ADDITIVE_KINDS``) can
  be combined; ratios sum numerators and denominators, so a predecessor that gave only a
  percentage leaves no comparison, as does a predecessor with no figure for the period.

The unit's own figure (own report, roll-up or combined), where it exists, always wins.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from nghiquyet.core.periods import Period
from nghiquyet.indicators.figures import TONG_HOP, Figure, ratio
from nghiquyet.indicators.models import ADDITIVE_KINDS, Indicator
from nghiquyet.orgs.models import Organisation, Succession

OWN = "own"
PREDECESSORS = "predecessors"
NOTE = "cùng kỳ tính theo các đơn vị tiền thân"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Share:
    """A predecessor and the part of it (0–1) that passed to the unit; None when unknown."""

    predecessor: Organisation
    part: Decimal | None


@dataclass(frozen=True)
class Comparison:
    """A same-period figure built from predecessors, or the reason there is none."""

    figure: Figure | None
    note: str


def shares_of(org: Organisation, period: Period) -> list[Share]:
    """The predecessors of ``org`` that still existed when ``period`` began, with their parts."""
    successions = Succession.objects.filter(successor=org, effective__gt=period.start)
    shares = []
    for succession in successions.select_related("predecessor"):
        heirs = Succession.objects.filter(predecessor_id=succession.predecessor_id).count()
        part: Decimal | None = Decimal(1)
        if heirs > 1:
            part = None if succession.share is None else succession.share / HUNDRED
        shares.append(Share(succession.predecessor, part))
    return shares


def from_predecessors(
    ind: Indicator, figures: dict[int, Figure | None], shares: list[Share]
) -> Comparison:
    """Sum the predecessors' ``figures`` (by predecessor id) weighted by their shares."""
    if ind.kind not in ADDITIVE_KINDS:
        return Comparison(None, "không có số cùng kỳ: chỉ tiêu không cộng được từ đơn vị tiền thân")
    unknown = [s.predecessor.name for s in shares if s.part is None]
    if unknown:
        return Comparison(
            None,
            "không có số cùng kỳ: chưa ghi tỷ lệ chia tách của " + ", ".join(unknown),
        )
    missing = [s.predecessor.name for s in shares if figures.get(s.predecessor.pk) is None]
    if missing:
        return Comparison(None, "không có số cùng kỳ: thiếu số liệu của " + ", ".join(missing))
    bare = [s.predecessor.name for s in shares if ind.is_ratio and not _has_parts(figures, s)]
    if bare:
        return Comparison(
            None,
            "không có số cùng kỳ: chỉ có tỷ lệ, không có tử số và mẫu số của " + ", ".join(bare),
        )
    return Comparison(_weighted_sum(ind, figures, shares), NOTE)


def _has_parts(figures: dict[int, Figure | None], share: Share) -> bool:
    figure = figures.get(share.predecessor.pk)
    return figure is not None and bool(figure.denominator)


def _weighted_sum(ind: Indicator, figures: dict[int, Figure | None], shares: list[Share]) -> Figure:
    value = numerator = denominator = Decimal(0)
    for share in shares:
        figure, part = figures[share.predecessor.pk], share.part or Decimal(0)
        if figure is None:  # the caller has checked; keeps the type checker informed
            continue
        value += (figure.value or 0) * part
        numerator += (figure.numerator or 0) * part
        denominator += (figure.denominator or 0) * part
    base = Figure(value=value, source=TONG_HOP)
    if ind.is_ratio:
        return replace(
            base,
            value=ratio(numerator, denominator, ind.factor or 100),
            numerator=numerator,
            denominator=denominator,
        )
    return base
