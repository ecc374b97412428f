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

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from nghiquyet.core.formats import (
    MAX_INTEGER_DIGITS,
    MAX_PLACES,
    MAX_SIGNIFICANT,
    format_number,
    parse_decimal,
    quantize,
)
from nghiquyet.core.periods import Period
from nghiquyet.core.text import fold
from nghiquyet.indicators import year_rule
from nghiquyet.indicators.figures import ratio
from nghiquyet.indicators.models import Indicator, IndicatorKind

Number = Decimal | int | float | str | None
NUMBER_FIELDS = {"value": "Giá trị", "numerator": "Tử số", "denominator": "Mẫu số"}
SUMMED_KINDS = frozenset({IndicatorKind.SO_LUONG, IndicatorKind.GIA_TRI})
# The kinds as plain strings: the checks below run once per imported value, and reading a
# member off an enumeration class costs more than the comparison itself.
_TY_LE = str(IndicatorKind.TY_LE.value)
_DINH_TINH = str(IndicatorKind.DINH_TINH.value)
_TOC_DO = str(IndicatorKind.TOC_DO.value)
_SO_LUONG = str(IndicatorKind.SO_LUONG.value)
_MOC = str(IndicatorKind.MOC.value)
_SUMMED = frozenset(str(k.value) for k in SUMMED_KINDS)
_PROPORTION_UNITS = frozenset({"%", "‰", "‱"})
RATIO_SYMBOLS = {100: "%", 1000: "‰", 10000: "‱"}
# A number, then (optionally) what follows it: ``99,5%``, ``1.061 người``.
_NUMBER_THEN_UNIT = re.compile(r"^(?P<number>[+-]?[\d.,\s]*\d)\s*(?P<unit>[^\d\s.,].*)?$")
# One dot and three digits: a thousands group (``1.061``) or a decimal point (``0.983``).
_DOT_THREE = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")


@dataclass(frozen=True)
class Checked:
    """What a row stores once checked: the value (for a ratio, computed from numerator and
    denominator), the ratio as stated in the report, and a data-quality warning (or "")."""

    value: Decimal | None
    stated: Decimal | None = None
    warning: str = ""


def parse_number(
    raw: Number, field: str, errors: dict[str, str], ind: Indicator | None = None
) -> Decimal | None:
    """Parse one input (``value``, ``numerator`` or ``denominator``); blank gives None.

    With the indicator ``ind``, a value may carry its unit as typed (``99,5%`` for a
    percentage, ``1.061 người``); a unit other than the indicator's is refused. In a
    proportion (a ratio, or a % or ‰ unit) ``0.983`` is refused with a question rather than
    read either way (issue 9 §4). A bad number is recorded in ``errors[field]`` (Vietnamese,
    naming the field) and gives None.
    """
    if raw is None:
        return None
    if type(raw) is Decimal and (plain := _plain_decimal(raw)) is not None:
        return plain
    if isinstance(raw, str) and not raw.strip():
        return None
    label = NUMBER_FIELDS.get(field, "Số")
    if ind is not None and ind.kind == _TY_LE and field == "value":
        label = "Tỷ lệ"
    if isinstance(raw, str) and ind is not None and field == "value":
        text, message = _without_unit(raw, ind, label)
        message = message or ambiguous_proportion(text, ind, label)
        if message:
            errors[field] = message
            return None
        raw = text
    try:
        return parse_decimal(raw, label=label)
    except ValueError as exc:
        errors[field] = str(exc)
        return None


def _plain_decimal(number: Decimal) -> Decimal | None:
    """``number`` as ``parse_decimal`` returns it, when its shape alone shows it within the
    bounds (the bulk path's usual case); None when ``parse_decimal`` must look at it.

    Without normalising: the digits as written are at least the significant digits, and the
    exponent as written at most the normalised one, so a number that passes here passes there.
    """
    whole = number.is_finite() and number.adjusted() < MAX_INTEGER_DIGITS
    if whole and number == number.to_integral_value():
        # A whole number below 10¹²: no decimals, at most 12 significant digits.
        return number + 0 if number.is_zero() else number
    _sign, digits, exponent = number.as_tuple()
    if (
        type(exponent) is not int
        or exponent < -MAX_PLACES
        or len(digits) > MAX_SIGNIFICANT
        or len(digits) + exponent > MAX_INTEGER_DIGITS
    ):
        return None
    return number + 0 if number.is_zero() else number


def unit_symbol(ind: Indicator) -> str:
    """The unit a value of ``ind`` is written with: its own, else a ratio's %, ‰ or ‱."""
    return ind.unit or (RATIO_SYMBOLS.get(ind.factor or 0, "") if ind.kind == _TY_LE else "")


def is_proportion(ind: Indicator) -> bool:
    return ind.kind == _TY_LE or unit_symbol(ind) in _PROPORTION_UNITS


def _without_unit(raw: str, ind: Indicator, label: str) -> tuple[str, str]:
    """``99,5%`` -> (``99,5``, ""); the unit must be the indicator's (message otherwise)."""
    match = _NUMBER_THEN_UNIT.match(raw.strip().replace("\u00a0", " "))
    if match is None or not match.group("unit"):
        return raw, ""
    unit, own = match.group("unit").strip(), unit_symbol(ind)
    if own and fold(unit) == fold(own):
        return match.group("number"), ""
    shown = f"tính bằng “{own}”" if own else "không có đơn vị"
    return raw, (
        f"{label} “{raw.strip()}” không phải là số của chỉ tiêu này: “{unit}” không phải "
        f"đơn vị của nó (chỉ tiêu {shown})."
    )


def ambiguous_proportion(text: str, ind: Indicator, label: str = "Giá trị") -> str:
    """``0.983`` typed for a proportion: a fraction (98,3%), an English decimal (0,983%) or a
    thousands group (983)? Returns the question to ask (Vietnamese), or "" when clear."""
    raw = text.strip()
    if not is_proportion(ind) or not _DOT_THREE.match(raw):
        return ""
    number = parse_decimal(raw.replace(".", ","))
    symbol = unit_symbol(ind) or "%"
    options = []
    if ind.is_ratio and 0 < abs(number) < 1:
        as_fraction = number * (ind.factor or 100)
        options.append(f"{_plain(as_fraction)}{symbol} thì nhập {_plain(as_fraction)}")
    options.append(f"{_plain(number)}{symbol} thì nhập {_plain(number)}")
    return (
        f"{label} “{raw}” không rõ: dấu chấm ở đây là dấu thập phân hay phân cách hàng nghìn? "
        f"Nếu là {'; nếu là '.join(options)} (dùng dấu phẩy thập phân)."
    )


def _plain(number: Decimal) -> str:
    """``98.300`` -> ``98,3``: a number with the decimals it needs, Vietnamese style."""
    exponent = number.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(number, places)


def check_figure(
    ind: Indicator,
    value: Decimal | None,
    num: Decimal | None,
    den: Decimal | None,
    text: str,
    errors: dict[str, str],
) -> Checked:
    """Check parsed inputs against the indicator's kind; errors go into ``errors``."""
    if ind.kind == _TY_LE:
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
    if value is not None and (message := proportion_range_error(ind, value)):
        errors["value"] = message
        return Checked(None)
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
    if ind.kind == _DINH_TINH:
        if not text:
            errors["text"] = "Chưa nhập nội dung đánh giá."
        if value is not None:
            errors["value"] = "Chỉ tiêu định tính không nhập số."
        return
    if value is None:
        errors["value"] = "Chưa nhập giá trị."
    elif message := value_range_error(ind, value):
        errors["value"] = message


def value_range_error(ind: Indicator, value: Decimal) -> str:
    """The range rule of a single value (issue 9 §4), as a Vietnamese message or "".

    A proportion is within 0 and its factor (0–100 for %, 0–1.000 for ‰); a count or an
    amount is not negative unless the indicator allows it (``allows_negative``); a milestone
    is 0 or 1. Growth rates (``toc_do``) may be anything.
    """
    kind = ind.kind
    # ``is_proportion`` written out (a non-ratio is a proportion by its unit alone).
    if kind == _TY_LE or (kind != _TOC_DO and ind.unit in _PROPORTION_UNITS):
        return proportion_range_error(ind, value)
    if kind in _SUMMED and value < 0 and not ind.allows_negative:
        what = "Số lượng" if kind == _SO_LUONG else "Giá trị"
        return f"{what} không được âm."
    if kind == _MOC and value not in (0, 1):
        return "Chỉ tiêu mốc nhận 1 (đạt) hoặc 0 (chưa đạt)."
    return ""


def proportion_range_error(ind: Indicator, value: Decimal) -> str:
    """A proportion lies within 0 and its factor: 0–100 for %, 0–1.000 for ‰ (or "")."""
    factor = Decimal(ind.factor or (1000 if unit_symbol(ind) == "‰" else 100))
    if 0 <= value <= factor:
        return ""
    symbol = unit_symbol(ind) or "%"
    return f"Tỷ lệ phải từ 0 đến {format_number(factor)}{symbol}; đã nhập {_plain(value)}{symbol}."


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
