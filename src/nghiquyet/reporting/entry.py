"""The data-entry grid of one unit, form and period: what each row shows and how input is checked.

Each row shows the target, the previous period and the same period last year beside the
inputs (read through the indicators app's selectors). Input is Vietnamese text. The checks:

- the indicators app's value rules (``indicators/rules.py``), with the same messages the API
  and the workbook give: bounded Vietnamese numbers (``1.061``; a value may carry its own unit,
  ``99,5%``), proportions within 0–100 (‰ 0–1.000) and ``0.983`` asked about rather than read
  as 983, numerator ≤ denominator, no negative counts or amounts unless the indicator allows
  them, milestones 0 or 1, quarters no more than the year, and the warning when a stated
  ratio disagrees with its numerator and denominator;
- the grid's own warning (not an error) when the value moves from the previous period by more
  than the form's ``outlier_pct``.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from nghiquyet.core.formats import format_number, format_with_unit
from nghiquyet.core.periods import Period
from nghiquyet.indicators import rules
from nghiquyet.indicators.models import Indicator, IndicatorKind, IndicatorValue, Target
from nghiquyet.indicators.predecessors import Comparison
from nghiquyet.indicators.selectors import (
    UnitFigures,
    display,
    load_figures,
    pick_target,
    predecessor_comparisons,
    read_numbers_safely,
    resolve,
)
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting.models import ReportingForm

FIELDS = ("value", "numerator", "denominator", "text")


@dataclass
class Row:
    """One indicator of the grid: reference figures, the raw input and its check results."""

    indicator: Indicator
    target: str = ""
    previous: str = ""
    last_year: str = ""
    # Why the same period is shown from predecessors, or missing (a unit formed by merger).
    last_year_note: str = ""
    raw: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_ratio(self) -> bool:
        return self.indicator.kind == IndicatorKind.TY_LE

    @property
    def is_text(self) -> bool:
        return self.indicator.kind == IndicatorKind.DINH_TINH

    @property
    def is_empty(self) -> bool:
        return not any(v.strip() for v in self.raw.values())

    @property
    def error_text(self) -> str:
        return " ".join(self.errors.values())


@dataclass
class Context:
    """What the checks need to know besides the input: the unit's figures around the period."""

    form: ReportingForm
    org: Organisation
    period: Period
    figures: UnitFigures
    targets: dict[int, list[Target]]
    # Same-period figures from the unit's predecessors, by indicator id (issue 9, §5).
    comparisons: dict[int, Comparison] = field(default_factory=dict)


def load_context(
    form: ReportingForm, org: Organisation, period: Period, indicators: list[Indicator]
) -> Context:
    previous, last = period.previous(), period.same_period_last_year() or period.previous()
    start = min(previous.start, last.start)
    end = max(period.end, period.year_period().end)
    inds = {i.pk: i for i in indicators}
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(
        organisation=org,
        indicator_id__in=list(inds),
        period_start__lte=period.start,
        period_end__gte=period.end,
    ):
        targets.setdefault(target.indicator_id, []).append(target)
    same = period.same_period_last_year()
    comparisons = predecessor_comparisons(org, same, indicators) if same else {}
    figures = load_figures(org, start, end, inds)
    return Context(form, org, period, figures, targets, comparisons)


def form_indicators(form: ReportingForm) -> list[Indicator]:
    return list(form.indicators.order_by("field_group", "position", "code"))


def stored_inputs(
    org: Organisation, period: Period, value_type: str, indicators: list[Indicator]
) -> dict[int, dict[str, str]]:
    """The unit's saved values of this type, as the text the inputs show."""
    out: dict[int, dict[str, str]] = {}
    saved = IndicatorValue.objects.filter(
        organisation=org, period_code=period.code, value_type=value_type, indicator__in=indicators
    ).select_related("indicator")
    for v in read_numbers_safely(saved):
        ind = v.indicator
        shown = v.stated if ind.is_ratio and v.numerator is not None else v.value
        out[ind.pk] = {
            "value": _as_input(shown, ind.decimals if ind.is_ratio else None),
            "numerator": _as_input(v.numerator),
            "denominator": _as_input(v.denominator),
            "text": v.text,
        }
    return out


def _as_input(value: Decimal | None, places: int | None = None) -> str:
    if value is None:
        return ""
    if places is None:
        normal = value.normalize()
        exponent = normal.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(value, places)


def build_row(ctx: Context, ind: Indicator, raw: dict[str, str]) -> Row:
    target = pick_target(ctx.targets.get(ind.pk, []), ctx.period)
    last = ctx.period.same_period_last_year()
    row = Row(
        ind,
        target=target.text if target else "",
        previous=display(ind, resolve(ind, ctx.period.previous(), ctx.figures)),
        raw={f: (raw.get(f) or "").strip() for f in FIELDS},
    )
    own = resolve(ind, last, ctx.figures) if last else None
    row.last_year = display(ind, own)
    comparison = ctx.comparisons.get(ind.pk)
    if own is None and comparison is not None:
        row.last_year, row.last_year_note = display(ind, comparison.figure), comparison.note
    return row


def check(ctx: Context, row: Row) -> Decimal | None:
    """Fill ``row.errors`` and ``row.warnings``; return the value the row would store."""
    if row.is_empty:
        return None
    ind = row.indicator
    numbers = {
        f: rules.parse_number(row.raw.get(f), f, row.errors, ind) for f in rules.NUMBER_FIELDS
    }
    if row.errors:
        return None
    checked = rules.check_figure(
        ind,
        numbers["value"],
        numbers["numerator"],
        numbers["denominator"],
        row.raw.get("text", ""),
        row.errors,
    )
    if checked.warning:
        row.warnings.append(checked.warning)
    value = checked.value
    if row.errors or value is None:
        return None
    figures = {code: f.value for (ind_id, code), f in ctx.figures.own.items() if ind_id == ind.pk}
    year = rules.year_quarters_check(ind, ctx.period, value, figures)
    if year.error:
        row.errors["value"] = year.error
    elif year.warning:
        row.warnings.append(year.warning)
    _check_outlier(ctx, ind, value, row)
    return value


def _check_outlier(ctx: Context, ind: Indicator, value: Decimal, row: Row) -> None:
    if ind.kind in (IndicatorKind.MOC, IndicatorKind.DINH_TINH):
        return
    previous = resolve(ind, ctx.period.previous(), ctx.figures)
    if previous is None or previous.value is None or previous.value == 0:
        return
    change = (value - previous.value) / abs(previous.value) * 100
    if abs(change) > ctx.form.outlier_pct:
        verb = "Tăng" if change > 0 else "Giảm"
        row.warnings.append(
            f"{verb} {format_number(abs(change), 1)}% so với kỳ trước "
            f"({_fmt(ind, previous.value)}); ngưỡng cảnh báo "
            f"{format_number(ctx.form.outlier_pct, 0)}%. Đề nghị kiểm tra lại."
        )


def _fmt(ind: Indicator, value: Decimal) -> str:
    return format_with_unit(value, ind.decimals, ind.unit)


def value_row_fields(row: Row) -> dict[str, Any]:
    """The fields for the indicators' ``ValueRow`` (text as typed; the service parses it)."""
    if row.is_text:
        return {"text": row.raw.get("text", "")}
    fields: dict[str, Any] = {"value": row.raw.get("value") or None}
    if row.is_ratio:
        fields["numerator"] = row.raw.get("numerator") or None
        fields["denominator"] = row.raw.get("denominator") or None
    return fields
