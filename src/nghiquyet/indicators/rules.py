"""The rules a reported figure must follow, in one place (STYLE.md §16).

The value service (API, workbook, demo), and the reporting grid call these functions, so a
rule fires with the same message wherever the figure was typed. Errors go into a
``{field: message}`` dict; the callers key it as they need (``rows.3.value``, ``KN-DV.value``).

Bounds (issue 8): every number is parsed by ``core.formats.parse_decimal``, which holds it to
12 integer digits and 6 decimals. Figures are stored in ``DecimalField(max_digits=24,
decimal_places=6)`` columns, which hold 18 integer digits; the roll-up (``Aggregate``, same
columns) sums the figures of a whole tree. The largest realistic tree is the national one:
about 5,5 million party members in well under a million units (some 52.000 grassroots
organisations and their cells), so a sum of at most 10⁶ leaf figures below 10¹² stays below
10¹⁸ and always fits. Numerators and denominators are summed the same way; a ratio itself is
at most its factor (10.000) because the numerator may not exceed the denominator.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from nghiquyet.core.formats import format_number, parse_decimal, quantize
from nghiquyet.core.periods import Period
from nghiquyet.indicators import year_rule
from nghiquyet.indicators.figures import ratio
from nghiquyet.indicators.models import Indicator, IndicatorKind

Number = Decimal | int | float | str | None
NUMBER_FIELDS = {"value": "Giá trị", "numerator": "Tử số", "denominator": "Mẫu số"}
SUMMED_KINDS = frozenset({IndicatorKind.SO_LUONG, IndicatorKind.GIA_TRI})


@dataclass(frozen=True)
class Checked:
    """What a row stores once checked: the value (for a ratio, computed from numerator and
    denominator), the ratio as stated in the report, and a data-quality warning (or "")."""

    value: Decimal | None
    stated: Decimal | None = None
    warning: str = ""


def parse_number(raw: Number, field: str, errors: dict[str, str]) -> Decimal | None:
    """Parse one input (``value``, ``numerator`` or ``denominator``); blank gives None.

    A bad number is recorded in ``errors[field]`` (Vietnamese, naming the field) and gives None.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return parse_decimal(raw, label=NUMBER_FIELDS.get(field, "Số"))
    except ValueError as exc:
        errors[field] = str(exc)
        return None


def check_figure(
    ind: Indicator,
    value: Decimal | None,
    num: Decimal | None,
    den: Decimal | None,
    text: str,
    errors: dict[str, str],
) -> Checked:
    """Check parsed inputs against the indicator's kind; errors go into ``errors``."""
    if ind.kind == IndicatorKind.TY_LE:
        return check_ratio(ind, value, num, den, errors)
    check_plain(ind, value, num, den, text, errors)
    return Checked(value)


def check_ratio(
    ind: Indicator,
    value: Decimal | None,
    num: Decimal | None,
    den: Decimal | None,
    errors: dict[str, str],
) -> Checked:
    """A ratio is given by numerator and denominator (0 ≤ numerator ≤ denominator, denominator
    > 0), or as a bare percentage. A stated percentage that disagrees gives a warning."""
    if num is None and den is None:
        if value is None:
            errors["value"] = "Chưa nhập tỷ lệ hoặc tử số và mẫu số."
        return Checked(value)
    if num is None or den is None:
        errors["numerator" if num is None else "denominator"] = "Phải nhập cả tử số và mẫu số."
    elif den <= 0:
        errors["denominator"] = "Mẫu số phải lớn hơn 0."
    elif num < 0:
        errors["numerator"] = "Tử số không được âm."
    elif num > den:
        errors["numerator"] = "Tử số không được lớn hơn mẫu số."
    if errors or num is None or den is None:
        return Checked(None)
    computed = ratio(num, den, ind.factor or 100)
    return Checked(computed, value, stated_mismatch(ind, value, computed, num, den))


def stated_mismatch(
    ind: Indicator, stated: Decimal | None, computed: Decimal | None, num: Decimal, den: Decimal
) -> str:
    """A data-quality warning when a stated ratio differs from num/den beyond rounding."""
    if stated is None or computed is None:
        return ""
    exponent = stated.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    if quantize(computed, places) == stated:
        return ""
    unit = ind.unit or "%"
    shown = format_number(computed, max(places, 2))
    return (
        f"Tỷ lệ ghi {format_number(stated, places)}{unit} không khớp với "
        f"{format_number(num)}/{format_number(den)} = {shown}{unit}."
    )


def check_plain(
    ind: Indicator,
    value: Decimal | None,
    num: Decimal | None,
    den: Decimal | None,
    text: str,
    errors: dict[str, str],
) -> None:
    """Counts are not negative, milestones are 0 or 1, qualitative indicators take text only."""
    if num is not None or den is not None:
        errors["numerator"] = "Chỉ chỉ tiêu tỷ lệ mới có tử số và mẫu số."
    if ind.kind == IndicatorKind.DINH_TINH:
        if not text:
            errors["text"] = "Chưa nhập nội dung đánh giá."
        if value is not None:
            errors["value"] = "Chỉ tiêu định tính không nhập số."
        return
    if value is None:
        errors["value"] = "Chưa nhập giá trị."
    elif ind.kind == IndicatorKind.SO_LUONG and value < 0:
        errors["value"] = "Số lượng không được âm."
    elif ind.kind == IndicatorKind.MOC and value not in (0, 1):
        errors["value"] = "Chỉ tiêu mốc nhận 1 (đạt) hoặc 0 (chưa đạt)."


def follows_year(ind: Indicator, period: Period) -> bool:
    """Whether the quarters-versus-year rule applies (``year_rule.follows_year``)."""
    return year_rule.follows_year(ind, period)


def year_quarters_check(
    ind: Indicator, period: Period, value: Decimal, figures: Mapping[str, Decimal | None]
) -> year_rule.YearCheck:
    """The quarters-versus-year rule for every way of combining (``year_rule``): an error
    where the data settle it, a warning where they cannot yet."""
    return year_rule.year_quarters_check(ind, period, value, figures)


def year_quarters_error(
    ind: Indicator, period: Period, value: Decimal, figures: Mapping[str, Decimal | None]
) -> str:
    """The error of ``year_quarters_check`` alone ("" when none)."""
    return year_quarters_check(ind, period, value, figures).error
