"""Lines of many units at once (issue 12, item 5: children side by side, heat maps): the same
judgement as ``selectors.unit_lines`` for each unit, with a number of queries that does not grow
with the number of units."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from nghiquyet.core.periods import Period
from nghiquyet.indicators.figures import BAO_CAO, TONG_HOP, Figure, ratio
from nghiquyet.indicators.models import Aggregate, Indicator, IndicatorValue, Target, ValueType
from nghiquyet.indicators.selectors import Line, UnitFigures, _line, read_numbers_safely
from nghiquyet.orgs.models import Organisation


def lines_of_units(
    units: list[Organisation], indicators: list[Indicator], period: Period
) -> dict[int, dict[int, Line]]:
    """The line of each unit and indicator for ``period``, by unit id then indicator id, as
    ``unit_lines`` judges it (target, figure, status, % of plan) but without coverage and
    same-period comparison: three queries whatever the number of units (targets, values,
    roll-ups)."""
    inds = {i.pk: i for i in indicators}
    ids = [u.pk for u in units]
    targets: dict[int, dict[int, list[Target]]] = defaultdict(lambda: defaultdict(list))
    start = period.start
    for t in Target.objects.filter(
        organisation_id__in=ids,
        indicator_id__in=list(inds),
        period_start__lte=period.start,
        period_end__gte=period.end,
    ):
        targets[t.organisation_id][t.indicator_id].append(t)
        start = min(start, t.period_start)
    figures = _figures_of_many(ids, start, period.end, inds)
    return {
        u.pk: {i.pk: _line(i, period, None, figures[u.pk], targets[u.pk][i.pk]) for i in indicators}
        for u in units
    }


def _figures_of_many(
    ids: list[int], start: dt.date, end: dt.date, inds: dict[int, Indicator]
) -> dict[int, UnitFigures]:
    """``indicators.selectors.load_figures`` for many units at once (two queries)."""
    out: dict[int, UnitFigures] = defaultdict(UnitFigures)
    span = Q(organisation_id__in=ids, period_start__gte=start, period_end__lte=end)
    values = read_numbers_safely(
        IndicatorValue.objects.filter(span, indicator_id__in=list(inds))
    ).order_by("value_type")  # "chinh_thuc" before "uoc": the official figure wins
    for v in values:
        key = (v.indicator_id, v.period_code)
        own = out[v.organisation_id].own
        estimate = v.value_type == ValueType.UOC
        if estimate and key in own:
            continue
        own[key] = Figure(
            v.value, v.numerator, v.denominator, estimate, BAO_CAO, v.period_end, v.text, v.warning
        )
    aggs = Aggregate.objects.filter(span, contributors__gt=0, indicator_id__in=list(inds))
    for a in aggs:
        indicator = inds[a.indicator_id]
        value: Decimal | None = a.value
        if indicator.is_ratio and a.denominator and a.numerator is not None:
            value = ratio(a.numerator, a.denominator, indicator.factor or 100)
        out[a.organisation_id].agg[(a.indicator_id, a.period_code)] = Figure(
            value, a.numerator, a.denominator, source=TONG_HOP, covered_end=a.period_end
        )
    return out
