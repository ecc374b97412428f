"""What a unit's figure stands on: how many of the units below it reported (issue 9, §5 and §7).

An aggregate built from some of the units below says so ("tổng hợp từ 1/26 đơn vị"). The units
expected are the unit's direct children active at the end of the period; a child has reported
when it has its own figure, or an aggregate of its own, for the period or any shorter period
inside it. A ratio entered only as a percentage (no numerator, no denominator) cannot be summed,
so the roll-up leaves it out (decision 0007); it is counted apart ("2 đơn vị chỉ báo tỷ lệ, chưa
tính"). A leaf unit stands on itself: expected 1, reported 1 when it has a figure.

Below the coverage threshold of the reporting form (``ReportingForm.coverage_threshold_pct``,
100% by default) a status judged on a roll-up is provisional ("tạm tính").
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q

from nghiquyet.core import hooks
from nghiquyet.core.formats import format_number
from nghiquyet.core.periods import Period
from nghiquyet.indicators.models import Aggregate, Indicator, IndicatorValue
from nghiquyet.orgs.models import Organisation

FULL = Decimal(100)


@dataclass(frozen=True)
class Coverage:
    """``reported`` of ``expected`` units below stand behind a figure; ``percent_only`` more
    sent a bare percentage the roll-up cannot use. ``threshold`` is in % of ``expected``."""

    reported: int
    expected: int
    percent_only: int = 0
    threshold: Decimal = FULL
    leaf: bool = False

    @property
    def sufficient(self) -> bool:
        """Whether enough units reported for a status to be final (``reported/expected`` ≥
        threshold)."""
        return self.reported * FULL >= self.threshold * self.expected

    @property
    def sentence(self) -> str:
        """``tổng hợp từ 1/26 đơn vị; 2 đơn vị chỉ báo tỷ lệ, chưa tính`` ("" when complete)."""
        if self.leaf or (self.reported == self.expected and not self.percent_only):
            return ""
        parts = [f"tổng hợp từ {self.reported}/{self.expected} đơn vị"]
        if self.percent_only:
            parts.append(f"{format_number(self.percent_only)} đơn vị chỉ báo tỷ lệ, chưa tính")
        return "; ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "reported": self.reported,
            "expected": self.expected,
            "percent_only": self.percent_only,
            "threshold_pct": int(self.threshold)
            if self.threshold == self.threshold.to_integral_value()
            else float(self.threshold),
        }


def leaf_coverage(has_figure: bool) -> Coverage:
    return Coverage(reported=int(has_figure), expected=1, leaf=True)


def coverage_for(
    org: Organisation, period: Period, indicators: list[Indicator]
) -> dict[int, Coverage]:
    """Coverage of each rolling indicator of ``org`` for ``period``, by indicator id.

    Empty when ``org`` has no child active at the end of ``period`` (the caller then uses
    ``leaf_coverage``). The threshold comes from the reporting forms (``hooks``).
    """
    children = set(
        Organisation.objects.filter(parent=org).active_at(period.end).values_list("pk", flat=True)
    )
    rolling = [i.pk for i in indicators if i.rolls_up]
    if not children or not rolling:
        return {}
    full, bare = _reporting_children(children, rolling, period)
    thresholds = hooks.coverage_thresholds(org=org, indicator_ids=rolling)
    return {
        pk: Coverage(
            reported=len(full[pk]),
            expected=len(children),
            percent_only=len(bare[pk] - full[pk]),
            threshold=thresholds.get(pk, FULL),
        )
        for pk in rolling
    }


def _reporting_children(
    children: set[int], indicator_ids: list[int], period: Period
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Children whose figures enter the roll-up, and children with a bare percentage only."""
    span = Q(
        organisation_id__in=children,
        indicator_id__in=indicator_ids,
        period_start__gte=period.start,
        period_end__lte=period.end,
    )
    full: dict[int, set[int]] = defaultdict(set)
    bare: dict[int, set[int]] = defaultdict(set)
    is_bare = ExpressionWrapper(
        Q(indicator__kind="ty_le", numerator__isnull=True, denominator__isnull=True),
        output_field=BooleanField(),
    )
    rows = IndicatorValue.objects.filter(span).annotate(bare=is_bare)
    for ind_id, org_id, bare_only in rows.values_list("indicator_id", "organisation_id", "bare"):
        (bare if bare_only else full)[ind_id].add(org_id)
    summed = ~Q(indicator__kind="ty_le") | Q(denominator__gt=0)
    aggs = Aggregate.objects.filter(span, summed, contributors__gt=0)
    for ind_id, org_id in aggs.values_list("indicator_id", "organisation_id"):
        full[ind_id].add(org_id)
    return full, bare
