"""Reads: indicators, targets and values through ``visible_to``, and the figures of a unit for a
period (own report, roll-up, or combined from shorter periods) with their achievement."""

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q
from django.db.models.query import ModelIterable

from nghiquyet.access.scoping import AnyUser
from nghiquyet.audit import generations
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.formats import format_number, format_with_unit, quantize
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.indicators import predecessors
from nghiquyet.indicators.achievement import TAM_TINH, Achievement, change_pct, evaluate
from nghiquyet.indicators.coverage import Coverage, coverage_for, leaf_coverage
from nghiquyet.indicators.figures import (
    BAO_CAO,
    DAMAGED,
    TONG_HOP,
    Figure,
    Stored,
    combine,
    is_damaged,
    ratio,
    stored_number,
)
from nghiquyet.indicators.models import (
    Aggregate,
    Combine,
    Indicator,
    IndicatorKind,
    IndicatorQuerySet,
    IndicatorValue,
    IndicatorValueQuerySet,
    Target,
    TargetQuerySet,
    ValueType,
)
from nghiquyet.indicators.targets import ParsedTarget
from nghiquyet.orgs.models import Organisation

FigureKey = tuple[int, str]


def indicator_visible(user: AnyUser) -> IndicatorQuerySet:
    return Indicator.objects.visible_to(user).select_related("organisation")


def indicator_get(user: AnyUser, code: str) -> Indicator:
    found = indicator_visible(user).filter(code__iexact=(code or "").strip()).first()
    if found is None:
        raise NotFoundError(f"Không tìm thấy chỉ tiêu “{code}” trong phạm vi của bạn.")
    return found


def indicators_for(user: AnyUser, org: Organisation) -> list[Indicator]:
    """The visible indicators that apply to ``org`` (system-wide or owned above or at it)."""
    owners = [*org.ancestor_paths, org.path]
    condition = Q(organisation__isnull=True) | Q(organisation__path__in=owners)
    return list(indicator_visible(user).filter(condition))


def targets_visible(user: AnyUser) -> TargetQuerySet:
    return Target.objects.visible_to(user).select_related("indicator", "organisation")


VALUE_NUMBERS = ("value", "numerator", "denominator", "stated")


class _StoredValueIterable(ModelIterable):  # type: ignore[type-arg]  # not generic at run time
    """Values whose numbers were read through ``Stored``: a damaged one (saved before input
    was bounded) reads as None with a warning instead of failing the whole page."""

    def __iter__(self) -> Iterator[IndicatorValue]:
        for value in super().__iter__():
            raw = [getattr(value, f"stored_{n}") for n in VALUE_NUMBERS]
            for name, number in zip(VALUE_NUMBERS, raw, strict=True):
                setattr(value, name, stored_number(number))
            if any(is_damaged(n) for n in raw):
                value.warning = DAMAGED
            yield value


def read_numbers_safely(qs: IndicatorValueQuerySet) -> IndicatorValueQuerySet:
    """``qs`` reading its numbers so that a damaged one shows as missing (with a warning)
    instead of raising. Filter and order the result as usual; do not ``only()`` it."""
    qs = qs.defer(*VALUE_NUMBERS).annotate(**{f"stored_{n}": Stored(n) for n in VALUE_NUMBERS})
    qs._iterable_class = _StoredValueIterable
    return qs


def values_visible(user: AnyUser) -> IndicatorValueQuerySet:
    """The values ``user`` may read, with their related indicator and unit (numbers read by
    ``read_numbers_safely``)."""
    visible = IndicatorValue.objects.visible_to(user).select_related("indicator", "organisation")
    return read_numbers_safely(visible)


UNITS_PER_PAGE = 20
_PATH_RE = re.compile(r"^(?:[0-9a-z]{6}/)+$")


@dataclass
class ValuesPage:
    """One page of an indicator's values, unit by unit in tree order (newest period first
    within a unit). ``next_after`` is the path to pass as ``after`` for the next page (None on
    the last page)."""

    values: list[IndicatorValue]
    next_after: str | None


def values_by_units(
    user: AnyUser, indicator: Indicator, after: str = "", units: int = UNITS_PER_PAGE
) -> ValuesPage:
    """The values of ``indicator`` of the next ``units`` visible units after the unit whose
    path is ``after`` (the first page when empty or not a path). Two queries that read only
    the units shown: the units by path, then their values through the value table's unique
    index (organisation, indicator, ...), so that an indicator with 50.000 values is never
    read whole to show one page (issue 13)."""
    orgs = Organisation.objects.visible_to(user)
    scope = indicator.organisation
    if scope is not None:
        orgs = orgs.filter(path__under=scope.path)
    if _PATH_RE.match(after):
        orgs = orgs.filter(path__gt=after)
    page = list(orgs.order_by("path").values_list("pk", "path")[: units + 1])
    shown = page[:units]
    values = values_visible(user).filter(
        indicator=indicator, organisation__in=[pk for pk, _ in shown]
    )
    ordered = values.order_by("organisation__path", "-period_end", "period_code", "value_type")
    return ValuesPage(list(ordered), shown[-1][1] if len(page) > units else None)


@dataclass
class UnitFigures:
    """Own figures and aggregates of one unit over a span, by (indicator, period code)."""

    own: dict[FigureKey, Figure] = field(default_factory=dict)
    agg: dict[FigureKey, Figure] = field(default_factory=dict)


def load_figures(
    org: Organisation, start: dt.date, end: dt.date, inds: dict[int, Indicator]
) -> UnitFigures:
    """The own figures and aggregates of ``org`` for the periods inside ``start``..``end``
    (dates, inclusive) of the indicators ``inds`` (by id): two queries, one ``Figure`` built
    per row read (the dashboard reads about a thousand rows per call, so the per-row work is
    what the dashboard query costs; issue 13)."""
    span = Q(organisation=org, period_start__gte=start, period_end__lte=end)
    figures = UnitFigures()
    rows = IndicatorValue.objects.filter(span, indicator_id__in=list(inds)).values_list(
        "indicator_id", "period_code", "period_end", "value_type", "text", "warning", *_STORED
    )
    own = figures.own
    for ind_id, code, p_end, vtype, text, warning, *raw in rows:
        key = (ind_id, code)
        estimate = vtype == ValueType.UOC
        if estimate and key in own:
            continue
        own[key] = _figure(raw, estimate, BAO_CAO, p_end, text, warning)
    aggs = Aggregate.objects.filter(span, contributors__gt=0, indicator_id__in=list(inds))
    for ind_id, code, p_end, *raw in aggs.values_list(
        "indicator_id", "period_code", "period_end", *_STORED
    ):
        figures.agg[(ind_id, code)] = _figure(raw, False, TONG_HOP, p_end, ratio_of=inds[ind_id])
    return figures


_STORED = (Stored("value"), Stored("numerator"), Stored("denominator"))


def _figure(
    raw: list[Decimal | None],
    estimate: bool,
    source: str,
    covered_end: dt.date,
    text: str = "",
    warning: str = "",
    ratio_of: Indicator | None = None,
) -> Figure:
    """A figure from the stored (value, numerator, denominator); a damaged figure keeps none
    of them and says so, so pages show "—" instead of failing. With ``ratio_of`` (a ratio
    indicator's aggregate), the value is recomputed from the summed numerator and
    denominator."""
    if any(is_damaged(n) for n in raw):
        return Figure(None, None, None, estimate, source, covered_end, text, DAMAGED, True)
    value, num, den = (None if n is None else quantize(Decimal(n), 6) for n in raw)
    if ratio_of is not None and ratio_of.is_ratio and num is not None and den is not None:
        value = ratio(num, den, ratio_of.factor or 100)
    return Figure(value, num, den, estimate, source, covered_end, text, warning)


def resolve(ind: Indicator, period: Period, figures: UnitFigures) -> Figure | None:
    """The unit's figure for ``period``: its own report, else the roll-up, else combined."""
    key = (ind.pk, period.code)
    if key in figures.own:
        return figures.own[key]
    if ind.rolls_up and key in figures.agg:
        return figures.agg[key]
    if period.kind in (PeriodKind.QUARTER, PeriodKind.MONTH):
        return None
    parts = period.years() if period.kind is PeriodKind.TERM else period.quarters()
    if ind.kind in (IndicatorKind.DINH_TINH,):
        return None
    return combine(ind, [f for p in parts if (f := resolve(ind, p, figures)) is not None])


def pick_target(targets: list[Target], period: Period) -> Target | None:
    """The target of the shortest period that contains ``period``."""
    covering = [t for t in targets if t.period_start <= period.start and t.period_end >= period.end]
    return min(covering, key=lambda t: (t.period_end - t.period_start, t.pk), default=None)


def parsed(target: Target) -> ParsedTarget:
    return ParsedTarget(
        target.kind,
        target.op,
        target.low,  # type: ignore[arg-type]
        target.high,
        approximate=target.approximate,
        direction=target.direction,
    )


@dataclass
class Line:
    """One indicator of a unit for a period, ready for the dashboard and the report JSON."""

    indicator: Indicator
    target: Target | None
    figure: Figure | None
    own: Figure | None
    aggregate: Figure | None
    last_year: Figure | None
    achievement: Achievement | None
    change: Decimal | None
    flags: list[str]
    basis: Figure | None = None
    coverage: Coverage | None = None
    # The status the figure would have if enough units had reported (when ``tam_tinh``).
    indicative_status: str | None = None
    last_year_source: str = predecessors.OWN
    last_year_note: str = ""

    @property
    def display(self) -> str:
        return display(self.indicator, self.figure)

    @property
    def to_date(self) -> Figure | None:
        """The cumulative figure the status was judged on, when it is not the period's own."""
        return self.basis if self.basis is not None and self.basis is not self.figure else None

    @property
    def status(self) -> str | None:
        return self.achievement.status if self.achievement else None


def display(ind: Indicator, figure: Figure | None) -> str:
    if figure is None:
        return ""
    if figure.damaged:
        return "—"
    if ind.kind == IndicatorKind.DINH_TINH:
        return figure.text
    if ind.kind == IndicatorKind.MOC:
        return "Đạt" if figure.value == 1 else "Chưa đạt"
    return format_with_unit(figure.value, ind.decimals, ind.unit)


def unit_lines(*, org: Organisation, period: Period, indicators: list[Indicator]) -> list[Line]:
    """Every indicator with a target or a figure for ``org`` and ``period``."""
    inds = {i.pk: i for i in indicators}
    last = period.same_period_last_year()
    start = last.start if last else period.start
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(
        organisation=org,
        indicator_id__in=list(inds),
        period_start__lte=period.start,
        period_end__gte=period.end,
    ):
        targets.setdefault(target.indicator_id, []).append(target)
        start = min(start, target.period_start)
    figures = load_figures(org, start, period.end, inds)
    lines = [_line(ind, period, last, figures, targets.get(ind.pk, [])) for ind in indicators]
    lines = [line for line in lines if line.target is not None or line.figure is not None]
    _add_coverage(lines, org, period)
    if last is not None:
        _compare_with_predecessors(lines, org, last)
    return lines


# How long a cached dashboard may live even if no write moves its generation (a backstop for
# a process that died between a commit and the generation's increment: audit.generations).
DASHBOARD_CACHE_SECONDS = 600


def dashboard_lines(
    *, org: Organisation, period: Period, indicators: list[Indicator]
) -> list[Line]:
    """``unit_lines`` through the cache, for the pages that show a unit's dashboard (start page,
    results, indicator dashboard, report JSON): the same lines, recomputed only when an audited
    write to ``org``'s tree, or to every tree, has committed since they were cached (the key
    holds both generations, ``audit.generations.current``), or after
    ``DASHBOARD_CACHE_SECONDS``. Inside a transaction that has written, the cache is skipped, so
    a request always sees its own writes. One query (the generations) on a hit."""
    if generations.pending_here():
        return unit_lines(org=org, period=period, indicators=indicators)
    ids = ",".join(str(i.pk) for i in indicators)
    tree, every = generations.current(org)
    digest = hashlib.sha256(f"{org.pk}|{period.code}|{ids}|{tree}|{every}".encode()).hexdigest()
    key = f"dashboard-lines:{digest}"
    found: list[Line] | None = cache.get(key)
    if found is not None:
        return found
    lines = unit_lines(org=org, period=period, indicators=indicators)
    cache.set(key, lines, DASHBOARD_CACHE_SECONDS)
    return lines


def _add_coverage(lines: list[Line], org: Organisation, period: Period) -> None:
    """Say what each figure stands on; a roll-up below the form's threshold is "tạm tính"."""
    found = coverage_for(org, period, [line.indicator for line in lines])
    for line in lines:
        line.coverage = found.get(line.indicator.pk) or leaf_coverage(line.figure is not None)
        # The status stands on the cumulative figure when there is one (a quarter judged on
        # the months to date): a roll-up missing this period's units is provisional even when
        # none of them has reported yet and the period's own figure is empty.
        judged = line.basis if line.basis is not None else line.figure
        rolled = judged is not None and judged.source != BAO_CAO
        if line.achievement and rolled and not line.coverage.sufficient:
            line.indicative_status = line.achievement.status
            line.achievement = replace(line.achievement, status=TAM_TINH)


def predecessor_comparisons(
    org: Organisation, last: Period, indicators: list[Indicator]
) -> dict[int, predecessors.Comparison]:
    """Same-period figures of ``indicators`` for ``org`` built from its predecessors, by
    indicator id (``predecessors.from_predecessors``); empty when ``org`` has none for
    ``last``. Callers use them only where the unit has no figure of its own."""
    shares = predecessors.shares_of(org, last) if indicators else []
    if not shares:
        return {}
    inds = {ind.pk: ind for ind in indicators}
    loaded = {
        s.predecessor.pk: load_figures(s.predecessor, last.start, last.end, inds) for s in shares
    }
    return {
        ind.pk: predecessors.from_predecessors(
            ind, {pk: resolve(ind, last, figs) for pk, figs in loaded.items()}, shares
        )
        for ind in indicators
    }


def _compare_with_predecessors(lines: list[Line], org: Organisation, last: Period) -> None:
    """Lines without a same-period figure of their own take it from the unit's predecessors."""
    missing = [line for line in lines if line.last_year is None and line.indicator.is_numeric]
    found = predecessor_comparisons(org, last, [line.indicator for line in missing])
    for line in missing:
        comparison = found.get(line.indicator.pk)
        if comparison is None:
            continue
        line.last_year_note = comparison.note
        if comparison.figure is not None:
            line.last_year, line.last_year_source = comparison.figure, predecessors.PREDECESSORS
            value = line.figure.value if line.figure else None
            line.change = change_pct(value, comparison.figure.value)


def _line(
    ind: Indicator,
    period: Period,
    last: Period | None,
    figures: UnitFigures,
    targets: list[Target],
) -> Line:
    figure = resolve(ind, period, figures)
    key = (ind.pk, period.code)
    own = figures.own.get(key)
    agg = figures.agg.get(key) if ind.rolls_up else None
    last_year = resolve(ind, last, figures) if last else None
    target = pick_target(targets, period)
    achievement, basis = None, figure
    if target is not None and ind.is_numeric:
        basis = to_date(ind, target, period, figures) or figure
        value = basis.value if basis else None
        partial = bool(basis and basis.covered_end and basis.covered_end < target.period_end)
        achievement = evaluate(
            value=value,
            target=parsed(target),
            direction=ind.direction,
            decimals=ind.decimals,
            partial=partial,
        )
    change = change_pct(figure.value if figure else None, last_year.value if last_year else None)
    flags = _flags(ind, own, agg)
    return Line(ind, target, figure, own, agg, last_year, achievement, change, flags, basis)


def to_date(ind: Indicator, target: Target, period: Period, figures: UnitFigures) -> Figure | None:
    """For a flow (``tong``) against a longer target: the total from the target's start to the
    end of ``period`` (a third-quarter report is judged on nine months against the year)."""
    if ind.combine != Combine.TONG or target.period_start >= period.start:
        return None
    parts: list[Figure | None] = []
    for year in range(target.period_start.year, period.end.year + 1):
        whole = Period(PeriodKind.YEAR, year)
        if whole.end <= period.end:
            parts.append(resolve(ind, whole, figures))
        else:
            parts += [resolve(ind, q, figures) for q in whole.quarters() if q.end <= period.end]
    return combine(ind, [p for p in parts if p is not None])


def _flags(ind: Indicator, own: Figure | None, agg: Figure | None) -> list[str]:
    flags = [own.warning] if own and own.warning else []
    if own and agg and own.value is not None and agg.value is not None:
        reported = quantize(own.value, ind.decimals)
        rolled = quantize(agg.value, ind.decimals)
        if reported != rolled:
            flags.append(
                f"Số báo cáo {format_with_unit(reported, ind.decimals, ind.unit)} khác số tổng "
                f"hợp từ cấp dưới {format_with_unit(rolled, ind.decimals, ind.unit)} (chênh "
                f"{format_number(reported - rolled, ind.decimals)})."
            )
    return flags
