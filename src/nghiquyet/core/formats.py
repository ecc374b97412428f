"""Vietnamese number and date conventions: tolerant on input, exact on output.

Output: "." groups thousands and "," marks decimals (``10.612,3``); header dates read
``ngày 03 tháng 4 năm 2018`` (day below 10 and month below 3 padded); numeric dates read
``03/07/2026`` (day and month always two digits, NĐ 30/2020). Input accepts the forms
officials actually type (see DOMAIN.md §5).
"""

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Rounding follows school arithmetic (half up), which is what officials check by hand.
ROUNDING = ROUND_HALF_UP


def quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING)


def format_number(value: Decimal | int | None, places: int = 0) -> str:
    """``Decimal("10612.3"), 1`` -> ``"10.612,3"``; ``None`` -> ``""``."""
    if value is None:
        return ""
    number = quantize(Decimal(value), places)
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if places > 0 else f"{sign}{text}"


def format_with_unit(value: Decimal | int | None, places: int, unit: str) -> str:
    """Attach the unit the way reports write it: ``99,59%``, ``9,5‰``, ``8.151 tỷ đồng``."""
    if value is None:
        return ""
    number = format_number(value, places)
    if unit in {"%", "‰"}:
        return f"{number}{unit}"
    return f"{number} {unit}".strip()


def format_date_long(day: dt.date) -> str:
    """Header form: ``ngày 03 tháng 4 năm 2018``, ``ngày 20 tháng 02 năm 2018``."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_date_short(day: dt.date | None) -> str:
    """Numeric form: ``03/07/2026``, ``12/01/2021`` (NĐ 30/2020, Phụ lục I: days and months
    below 10 take a leading zero in numeric dates); ``None`` -> ``""``."""
    if day is None:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


_DATE_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_WORDS = re.compile(r"^(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})$", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"^(?:ngày|ngay)(?:\s+|(?=\d))", re.IGNORECASE)
DATE_FORMS = "15/12/2008, 15-12-2008, 15.12.2008, ngày 15/12/2008 hoặc ngày 15 tháng 12 năm 2008"


def parse_date(text: str) -> dt.date:
    """A typed date -> ``datetime.date``.

    Accepts ``7-8-2020``, ``07/8/2020``, ``7.8.2020``, ``2020-08-07``, ``ngày 15/12/2008``,
    ``ngày 15-12-2008`` and ``ngày 7 tháng 8 năm 2020`` (the ``ngày`` prefix is optional, case
    and surrounding spaces are ignored).
    Raise ValueError with a Vietnamese message (listing the accepted forms) for anything else,
    including days that do not exist (``31/02/2020``); nothing else escapes.
    """
    raw = " ".join(unicodedata.normalize("NFC", str(text or "")).split())
    if not raw:
        raise ValueError("Chưa nhập ngày.")
    body = _DATE_PREFIX.sub("", raw, count=1).rstrip(".,;")
    return _date_from_parts(raw, body)


def _date_from_parts(raw: str, body: str) -> dt.date:
    if match := _DATE_ISO.match(body):
        year, month, day = (int(g) for g in match.groups())
    elif (match := _DATE_NUMERIC.match(body)) or (match := _DATE_WORDS.match(body)):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ValueError(f"Ngày “{raw[:60]}” không đúng dạng ngày/tháng/năm (ví dụ {DATE_FORMS}).")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"Ngày “{raw[:60]}” không tồn tại trong lịch.") from None


_NUMBER_CHARS = re.compile(r"^[+-]?[\d.,]+$")


# Every decimal column of the project is DecimalField(max_digits=24, decimal_places=6): 18
# integer digits and 6 decimals. Entered numbers are held to 12 integer digits so that any sum
# of them the roll-up stores still fits (see indicators/rules.py), and to 15 significant
# digits, which is what SQLite (a double) and Excel keep exactly.
MAX_INTEGER_DIGITS = 12
MAX_PLACES = 6
MAX_SIGNIFICANT = 15


def parse_decimal(
    text: str | int | float | Decimal,
    *,
    label: str = "Số",
    max_integer_digits: int = MAX_INTEGER_DIGITS,
    max_places: int = MAX_PLACES,
) -> Decimal:
    """Parse a number typed the Vietnamese way, tolerating the English way where unambiguous.

    ``1.223`` -> 1223, ``99,58`` -> 99.58, ``10.612,3`` -> 10612.3, ``4.37`` -> 4.37,
    ``1,223.5`` -> 1223.5. A single dot followed by exactly three digits is a thousands
    separator, as Vietnamese writes it, unless the number starts with ``0`` (``0.983`` ->
    0.983: no thousands group starts with 0). Callers whose field is a proportion ask about
    such a number instead (``indicators.rules.ambiguous_proportion``). Numbers already
    parsed (Decimal, int, float from a workbook cell or a JSON body) are checked the same way.

    Raise ValueError with a Vietnamese message starting with ``label`` when the text is not a
    number, is not finite (NaN, Infinity), has more than ``max_integer_digits`` integer digits
    or more than ``max_places`` decimals, or more than 15 significant digits. ``-0`` is read
    as 0.
    """
    number = _parse_unbounded(text)
    shown = str(text).strip()[:40]
    # Checked in this order so that NaN and 1e300 never reach the arithmetic below.
    if not number.is_finite():
        raise ValueError(f"“{shown}” không phải là số.")
    if abs(number) >= Decimal(10) ** max_integer_digits:
        limit = format_number(Decimal(10) ** max_integer_digits)
        raise ValueError(
            f"{label} “{shown}” quá lớn: phần nguyên tối đa {max_integer_digits} chữ số "
            f"(nhỏ hơn {limit})."
        )
    digits, exponent = _shape(number)
    if -exponent > max_places:
        raise ValueError(f"{label} “{shown}” có quá {max_places} chữ số thập phân.")
    if digits > MAX_SIGNIFICANT:
        raise ValueError(
            f"{label} “{shown}” có quá {MAX_SIGNIFICANT} chữ số; hãy làm tròn bớt phần thập phân."
        )
    return number + 0 if number.is_zero() else number


def _shape(number: Decimal) -> tuple[int, int]:
    """Significant digits and exponent of a finite number, trailing zeros dropped."""
    _sign, digits, exponent = number.normalize().as_tuple()
    return len(digits), exponent if isinstance(exponent, int) else 0


def _parse_unbounded(text: str | int | float | Decimal) -> Decimal:
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(str(text))
    raw = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        raise ValueError("Chưa nhập số.")
    if not _NUMBER_CHARS.match(raw):
        raise ValueError(f"“{text}” không phải là số.")
    normalised = _normalise_separators(raw)
    try:
        return Decimal(normalised)
    except InvalidOperation:
        raise ValueError(f"“{text}” không phải là số.") from None


def _normalise_separators(raw: str) -> str:
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        if raw.rfind(",") > raw.rfind("."):
            return _grouped(raw, ".", ",")  # Vietnamese: 10.612,3
        return _grouped(raw, ",", ".")  # English: 10,612.3
    if commas:
        if commas == 1:
            return raw.replace(",", ".")
        return _grouped(raw, ",", None)
    if dots > 1:
        return _grouped(raw, ".", None)
    # ``1.061`` groups thousands; ``0.983`` cannot (no group starts with 0): a decimal point.
    if dots == 1 and re.fullmatch(r"[+-]?[1-9]\d{0,2}\.\d{3}", raw):
        return raw.replace(".", "")
    return raw


def _grouped(raw: str, group: str, decimal: str | None) -> str:
    integer, _, fraction = raw.rpartition(decimal) if decimal else (raw, "", "")
    parts = integer.lstrip("+-").split(group)
    leading_zero = len(parts) > 1 and parts[0].startswith("0")
    if any(len(p) != 3 for p in parts[1:]) or not 1 <= len(parts[0]) <= 3 or leading_zero:
        raise ValueError(f"“{raw}” có dấu phân cách hàng nghìn không đúng chỗ.")
    sign = "-" if integer.startswith("-") else ""
    body = "".join(parts)
    return f"{sign}{body}.{fraction}" if fraction else f"{sign}{body}"
