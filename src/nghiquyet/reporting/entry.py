"""The data-entry grid of one unit, form and period: what each row shows and how input is checked.

Each row shows the target, the previous period and the same period last year beside the
inputs (read through the indicators app's selectors). Input is Vietnamese text. The checks:

- numbers parse the Vietnamese way (``1.223``, ``99,58``);
- numerator ≤ denominator, denominator > 0, no negative counts, milestones 0 or 1;
- quarters agree with the year for additive ``tong`` indicators: the quarters of a year may
  not add up to more than the year's own figure;
- a warning (not an error) when the value moves from the previous period by more than the
  form's ``outlier_pct``, or when a stated ratio disagrees with its numerator and denominator.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from nghiquyet.core.formats import format_number, format_with_unit, parse_decimal, quantize
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.indicators.figures import ratio
from nghiquyet.indicators.models import Combine, Indicator, IndicatorKind, IndicatorValue, Target
from nghiquyet.indicators.selectors import UnitFigures, display, load_figures, pick_target, resolve
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting.models import ReportingForm

FIELDS = ("value", "numerator", "denominator", "text")
SUMMED_KINDS = (IndicatorKind.SO_LUONG, IndicatorKind.GIA_TRI)


@dataclass
class Row:
    """One indicator of the grid: reference figures, the raw input and its check results."""

    indicator: Indicator
    target: str = ""
    previous: str = ""
    last_year: str = ""
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
    return Context(form, org, period, load_figures(org, start, end, inds), targets)


def form_indicators(form: ReportingForm) -> list[Indicator]:
    return list(form.indicators.order_by("field_group", "position", "code"))


def stored_inputs(
    org: Organisation, period: Period, value_type: str, indicators: list[Indicator]
) -> dict[int, dict[str, str]]:
    """The unit's saved values of this type, as the text the inputs show."""
    out: dict[int, dict[str, str]] = {}
    for v in IndicatorValue.objects.filter(
        organisation=org, period_code=period.code, value_type=value_type, indicator__in=indicators
    ).select_related("indicator"):
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
        last_year=display(ind, resolve(ind, last, ctx.figures)) if last else "",
        raw={f: (raw.get(f) or "").strip() for f in FIELDS},
    )
    return row


def check(ctx: Context, row: Row) -> Decimal | None:
    """Fill ``row.errors`` and ``row.warnings``; return the value the row would store."""
    if row.is_empty:
        return None
    numbers = _parse(row)
    if row.errors:
        return None
    ind = row.indicator
    if row.is_ratio:
        value = _check_ratio(row, numbers)
    elif row.is_text:
        value = None
        if numbers.get("value") is not None:
            row.errors["value"] = "Chỉ tiêu định tính không nhập số."
    else:
        value = numbers.get("value")
        _check_plain(row, value)
    if row.errors or value is None:
        return None
    _check_year(ctx, ind, value, row)
    _check_outlier(ctx, ind, value, row)
    return value


def _parse(row: Row) -> dict[str, Decimal | None]:
    numbers: dict[str, Decimal | None] = {}
    for name in ("value", "numerator", "denominator"):
        text = row.raw.get(name, "")
        try:
            numbers[name] = parse_decimal(text) if text else None
        except ValueError as exc:
            row.errors[name] = str(exc)
    return numbers


def _check_ratio(row: Row, numbers: dict[str, Decimal | None]) -> Decimal | None:
    num, den, stated = numbers.get("numerator"), numbers.get("denominator"), numbers.get("value")
    if num is None and den is None:
        return stated
    if num is None or den is None:
        row.errors["numerator" if num is None else "denominator"] = "Phải nhập cả tử số và mẫu số."
    elif den <= 0:
        row.errors["denominator"] = "Mẫu số phải lớn hơn 0."
    elif num < 0:
        row.errors["numerator"] = "Tử số không được âm."
    elif num > den:
        row.errors["numerator"] = "Tử số không được lớn hơn mẫu số."
    if row.errors or num is None or den is None:
        return None
    computed = ratio(num, den, row.indicator.factor or 100)
    if stated is not None and computed is not None:
        _check_stated(row, stated, computed)
    return computed


def _check_stated(row: Row, stated: Decimal, computed: Decimal) -> None:
    exponent = stated.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    if quantize(computed, places) != stated:
        unit = row.indicator.unit
        row.warnings.append(
            f"Tỷ lệ ghi {format_with_unit(stated, places, unit)} không khớp với tử số/mẫu số "
            f"({format_with_unit(computed, max(places, 2), unit)})."
        )


def _check_plain(row: Row, value: Decimal | None) -> None:
    kind = row.indicator.kind
    if value is None:
        row.errors["value"] = "Chưa nhập giá trị."
    elif kind == IndicatorKind.SO_LUONG and value < 0:
        row.errors["value"] = "Số lượng không được âm."
    elif kind == IndicatorKind.MOC and value not in (0, 1):
        row.errors["value"] = "Chỉ tiêu mốc nhận 1 (đạt) hoặc 0 (chưa đạt)."


def _own_value(ctx: Context, ind: Indicator, period: Period) -> Decimal | None:
    figure = ctx.figures.own.get((ind.pk, period.code))
    return figure.value if figure else None


def _check_year(ctx: Context, ind: Indicator, value: Decimal, row: Row) -> None:
    """Quarters of a ``tong`` count or amount may not add up to more than the year's figure."""
    if ind.combine != Combine.TONG or ind.kind not in SUMMED_KINDS:
        return
    period = ctx.period
    if period.kind is PeriodKind.QUARTER:
        year = period.year_period()
        annual = _own_value(ctx, ind, year)
        others = [_own_value(ctx, ind, q) for q in year.quarters() if q != period]
        total = value + sum((v for v in others if v is not None), Decimal(0))
        if annual is not None and total > annual:
            row.errors["value"] = (
                f"Tổng các quý năm {year.year} ({_fmt(ind, total)}) vượt số cả năm "
                f"({_fmt(ind, annual)})."
            )
    elif period.kind is PeriodKind.YEAR:
        quarters = [v for q in period.quarters() if (v := _own_value(ctx, ind, q)) is not None]
        total = sum(quarters, Decimal(0))
        if quarters and value < total:
            row.errors["value"] = (
                f"Số cả năm ({_fmt(ind, value)}) nhỏ hơn tổng các quý đã nhập ({_fmt(ind, total)})."
            )


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
