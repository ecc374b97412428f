"""National figures, summed at read time from the provinces' roll-up rows (issue 13).

Provinces are the roots of the organisation tree, and nothing above them is stored: a stored
national row would make every save a write across provinces and put the whole country behind
one lock (docs/scaling.md, step 3). The country's figure for an indicator is therefore read from
the roll-up rows (``Aggregate``) of the roots, a few dozen rows per indicator and period.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Max, Sum

from nghiquyet.core.periods import Period
from nghiquyet.indicators.figures import (
    DAMAGED,
    TONG_HOP,
    Figure,
    Stored,
    is_damaged,
    ratio,
    stored_number,
)
from nghiquyet.indicators.models import Aggregate, Indicator
from nghiquyet.indicators.selectors import UnitFigures, resolve
from nghiquyet.orgs.models import Organisation

ZERO = Decimal(0)


def national_totals(*, period: Period, indicators: Iterable[Indicator]) -> dict[int, Figure]:
    """The country's figure of each indicator that rolls up, for ``period``, by indicator id.

    The rule, per indicator and period code: counts and amounts are the sum of the roots'
    roll-up values; a ratio is Σ numerators ÷ Σ denominators × its factor (never an average of
    the provinces' ratios), with the sums kept in ``numerator`` and ``denominator``. A period
    longer than the rows stored (a year, a term, over quarterly data) is then combined from its
    parts by the indicator's own rule (``selectors.resolve``: the period's own rows first, else
    its quarters or years through ``figures.combine``). A province's figure counted here is its
    roll-up, i.e. what the units below it reported, not a figure the province committee entered
    for itself; and if only some provinces hold rows of the whole period (a year) while the others
    hold quarters, the period's own rows win, as for a single unit.

    Indicators that do not roll up (growth rates, milestones, text) and indicators no province
    has a figure for are absent from the result. Figures have ``source == "tong_hop"`` and
    ``covered_end`` the last day covered; a sum past the columns' range is returned as damaged
    (``value`` None, with the warning), like a damaged stored figure.

    One query (a GROUP BY over the roots' rows inside ``period``), whatever the number of
    indicators, provinces or periods. It takes no user: callers decide who sees the country.
    """
    rolling = {ind.pk: ind for ind in indicators if ind.rolls_up}
    if not rolling:
        return {}
    figures = UnitFigures()
    for row in _root_sums(period, list(rolling)):
        ind_id = row["indicator_id"]
        figures.agg[(ind_id, row["period_code"])] = _figure(rolling[ind_id], row)
    found = {pk: resolve(ind, period, figures) for pk, ind in rolling.items()}
    return {pk: figure for pk, figure in found.items() if figure is not None}


def _root_sums(period: Period, indicator_ids: list[int]) -> Iterable[dict]:
    roots = Organisation.objects.filter(parent__isnull=True).values("pk")
    rows = Aggregate.objects.filter(
        organisation_id__in=roots,
        indicator_id__in=indicator_ids,
        period_start__gte=period.start,
        period_end__lte=period.end,
        contributors__gt=0,
    )
    # Stored(): the sums are read as the database returns them, so that a sum past the
    # column's precision is reported as damaged instead of failing on SQLite.
    return (
        rows.values("indicator_id", "period_code")
        .annotate(
            end=Max("period_end"),
            total=Stored(Sum("value")),
            num=Stored(Sum("numerator")),
            den=Stored(Sum("denominator")),
            provinces=Count("id"),
        )
        .order_by()
    )


def _figure(ind: Indicator, row: dict) -> Figure:
    raw = [row["total"], row["num"], row["den"]]
    if any(is_damaged(n) for n in raw):
        return Figure(None, source=TONG_HOP, covered_end=row["end"], warning=DAMAGED, damaged=True)
    total, num, den = (stored_number(n) or ZERO for n in raw)
    if ind.is_ratio:
        value = ratio(num, den, ind.factor or 100)
        return Figure(value, num, den, source=TONG_HOP, covered_end=row["end"])
    return Figure(total, source=TONG_HOP, covered_end=row["end"])
