"""Parsing the Vietnamese text of a target (DOMAIN.md §4.2) into a comparable form.

Accepted: a point (``233``, ``4,37%``), a range (``6,0-7,0``, ``từ 6 đến 7``), a threshold
(``≥ 90``, ``tối thiểu 90``, ``từ 25 trở lên``, ``dưới 4``, ``trên 10``) and a per-year
average over the term (``bình quân 10,5%/năm``). Units after the number are ignored.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from nghiquyet.core.formats import format_number, parse_decimal
from nghiquyet.core.text import fold
from nghiquyet.indicators.models import TargetKind, TargetOp

_NUM = r"(\d[\d.,]*\d|\d)"
_UNIT = r"(?:\s*[^\d\s<>=≥≤][^\d]*)?"
_PREFIX_OPS = [
    (r"(?:>=|≥|toi thieu|it nhat|khong duoi|khong thap hon)", TargetOp.GE),
    (r"(?:<=|≤|toi da|khong qua|khong vuot qua|khong cao hon)", TargetOp.LE),
    (r"(?:>|tren|cao hon|hon)", TargetOp.GT),
    (r"(?:<|duoi|thap hon)", TargetOp.LT),
]
_AVERAGE = re.compile(
    rf"^(?:tang |giam )?binh quan(?: moi nam| hang nam)?\s*(?:dat\s*)?{_NUM}{_UNIT}$"
)
_RANGE = re.compile(rf"^(?:tu\s+)?{_NUM}\s*(?:%|‰)?\s*(?:-|–|—|den)\s*{_NUM}{_UNIT}$")
_FROM_UP = re.compile(rf"^tu\s+{_NUM}{_UNIT}\s+tro (len|xuong)$")
_POINT = re.compile(rf"^(?:dat\s+|duy tri(?: o muc)?\s+|bang\s+)?{_NUM}{_UNIT}$")


@dataclass(frozen=True)
class ParsedTarget:
    kind: str
    op: str
    low: Decimal
    high: Decimal | None = None

    @property
    def is_strict(self) -> bool:
        return self.op in (TargetOp.GT, TargetOp.LT)


def parse_target(text: str) -> ParsedTarget:
    """Parse ``text``; raise ValueError with a Vietnamese message when it is not a target."""
    folded = fold((text or "").replace("\u00a0", " "))
    if not folded:
        raise ValueError("Chưa nhập chỉ tiêu.")
    for parse in (_average, _range, _from_up, _threshold, _point):
        parsed = parse(folded)
        if parsed is not None:
            return parsed
    raise ValueError(
        f"Không hiểu chỉ tiêu “{text.strip()}”. Ví dụ hợp lệ: 233; 4,37%; 6,0-7,0; ≥ 90; "
        "tối thiểu 90; từ 25 trở lên; dưới 4; trên 10; bình quân 10,5%/năm."
    )


def _number(raw: str) -> Decimal:
    return parse_decimal(raw)


def _average(text: str) -> ParsedTarget | None:
    if match := _AVERAGE.match(text):
        return ParsedTarget(TargetKind.BINH_QUAN, TargetOp.EQ, _number(match.group(1)))
    return None


def _range(text: str) -> ParsedTarget | None:
    if match := _RANGE.match(text):
        low, high = _number(match.group(1)), _number(match.group(2))
        if high < low:
            raise ValueError(f"Khoảng chỉ tiêu “{text}” có cận dưới lớn hơn cận trên.")
        return ParsedTarget(TargetKind.KHOANG, TargetOp.RANGE, low, high)
    return None


def _from_up(text: str) -> ParsedTarget | None:
    if match := _FROM_UP.match(text):
        op = TargetOp.GE if match.group(2) == "len" else TargetOp.LE
        return ParsedTarget(TargetKind.NGUONG, op, _number(match.group(1)))
    return None


def _threshold(text: str) -> ParsedTarget | None:
    for words, op in _PREFIX_OPS:
        if match := re.match(rf"^{words}\s*{_NUM}{_UNIT}$", text):
            return ParsedTarget(TargetKind.NGUONG, op, _number(match.group(1)))
    return None


def _point(text: str) -> ParsedTarget | None:
    if match := _POINT.match(text):
        return ParsedTarget(TargetKind.DIEM, TargetOp.EQ, _number(match.group(1)))
    return None


def target_places(parsed: ParsedTarget) -> int:
    """Decimal places the target was written with (``4,37`` -> 2)."""
    places = [0]
    for bound in (parsed.low, parsed.high):
        exponent = bound.as_tuple().exponent if bound is not None else 0
        if isinstance(exponent, int):
            places.append(-exponent)
    return max(places)


def describe(parsed: ParsedTarget, places: int = 0) -> str:
    """A normalised Vietnamese rendering, e.g. ``≥ 90`` or ``6,0–7,0``."""
    low = format_number(parsed.low, places)
    if parsed.op == TargetOp.RANGE:
        return f"{low}–{format_number(parsed.high, places)}"
    symbol = {"eq": "", "ge": "≥ ", "gt": "> ", "le": "≤ ", "lt": "< "}[parsed.op]
    prefix = "bình quân " if parsed.kind == TargetKind.BINH_QUAN else ""
    return f"{prefix}{symbol}{low}"
