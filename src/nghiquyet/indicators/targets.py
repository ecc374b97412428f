"""Parsing the Vietnamese text of a target (DOMAIN.md §4.2) into a comparable form.

A target is read the way congress resolutions write it (issue 9 §1):

- a point (``233``, ``4,37%``), a range (``6,0-7,0``, ``từ 6 đến 7``, ``80-85%``);
- a threshold: ``≥ 90``, ``tối thiểu 90``, ``trên 10``, ``dưới 4%``, ``90% trở lên``,
  ``từ 25 trở lên``, ``5 trở xuống``;
- a per-year average over the term, itself a point, a range or a threshold:
  ``bình quân 10,5%/năm``, ``tăng bình quân 7-7,5%/năm``, ``bình quân trên 7%/năm``;
- leading verbs do not change the figure: ``đạt``, ``tăng``, ``giảm``, ``phấn đấu``,
  ``duy trì``; ``khoảng`` keeps the figure and marks it approximate; ``xuống còn`` (and
  ``giảm còn``, ``còn``) marks lower as better, ``tăng lên`` higher as better;
- multiplier words belong to the number's unit: ``trên 28 nghìn tỷ đồng`` is 28.000 when the
  indicator counts in ``tỷ đồng`` (``nghìn``/``ngàn`` 10³, ``triệu`` 10⁶, ``tỷ``/``tỉ`` 10⁹).

Words after the number are its unit and are kept (``ParsedTarget.unit``); ``parse_target``
with the indicator's unit converts the figure to that unit and refuses a unit that contradicts
it, so stray words are never silently dropped.
"""

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from nghiquyet.core.formats import format_number, parse_decimal
from nghiquyet.core.text import fold
from nghiquyet.indicators.models import Direction, TargetKind, TargetOp

MAX_TARGET_CHARS = 200
ACCEPTED_FORMS = (
    "233; 4,37%; 6,0-7,0; từ 6 đến 7; ≥ 90; tối thiểu 90; 90% trở lên; 5 trở xuống; "
    "trên 28 nghìn tỷ đồng; dưới 4%; đạt 80-85%; xuống còn 16%; khoảng 80%; "
    "bình quân 10,5%/năm; tăng bình quân 7-7,5%/năm"
)
MULTIPLIERS = {"nghin": 3, "ngan": 3, "trieu": 6, "ty": 9, "ti": 9}
_MULTIPLIER_SPELLINGS = {"ngan": "nghin", "ti": "ty"}
_UNIT_SYNONYMS = {"vnd": "dong", "hecta": "ha", "hec ta": "ha"}

_NUM = r"\d[\d.,]*\d|\d"
_RESERVED = r"(?!(?:tro|den|toi|va|hoac|hay|moi|hang|mot)\b)"
_WORD = rf"{_RESERVED}[a-z][a-z0-9²³/.]*"
_UNIT = rf"\s*[%‰]|\s*{_WORD}(?:\s+{_WORD}){{0,5}}"


def _qty(name: str) -> str:
    return rf"(?P<{name}>{_NUM})(?P<{name}_unit>{_UNIT})?"


_OPS = [
    (r">=|=>|≥|toi thieu|it nhat|khong duoi|khong thap hon|khong it hon", TargetOp.GE),
    (r"<=|=<|≤|toi da|khong qua|khong vuot qua|khong vuot|khong cao hon|khong hon", TargetOp.LE),
    (r">|tren|cao hon|lon hon|nhieu hon|hon|vuot", TargetOp.GT),
    (r"<|duoi|thap hon|nho hon|it hon", TargetOp.LT),
]
_THRESHOLD = [(re.compile(rf"^(?:{words})\s*{_qty('a')}$"), op) for words, op in _OPS]
_SUFFIX = re.compile(rf"^(?:tu\s+)?{_qty('a')}\s*tro\s+(?P<way>len|xuong)$")
_RANGE = re.compile(rf"^(?:tu\s+)?{_qty('a')}\s*(?:-|den|toi)\s*{_qty('b')}$")
_POINT = re.compile(rf"^{_qty('a')}$")

# Leading words, longest first: (pattern, approximate, direction).
_VERBS: list[tuple[str, bool, str]] = [
    ("phan dau(?: de)?", False, ""),
    ("dat duoc|dat muc|dat", False, ""),
    ("duy tri(?: o muc)?|giu vung|o muc|muc|bang", False, ""),
    ("trong khoang|khoang|xap xi|uoc", True, ""),
    ("giam xuong con|giam xuong|giam con|xuong con|xuong|con", False, Direction.GIAM),
    ("tang len|nang len|len", False, Direction.TANG),
    ("tang|giam", False, ""),
]
_VERB_RES = [(re.compile(rf"^(?:{p})(?:\s+|(?=\d))"), a, d) for p, a, d in _VERBS]
_AVERAGE_PREFIX = re.compile(r"^binh quan(?:\s+(?:moi|hang|mot) nam)?(?:\s+|(?=\d))")
_AVERAGE_SUFFIX = re.compile(r"(?:(?<=[%‰\d])\s*/\s*nam|\s+(?:moi|hang|mot) nam)$")


@dataclass(frozen=True)
class ParsedTarget:
    """A target as numbers: ``kind`` (TargetKind), ``op`` (TargetOp), ``low`` and, for a
    range, ``high``; ``approximate`` for ``khoảng``; ``direction`` (Direction value, or "")
    when the words say which way is better (``xuống còn``); ``unit`` as written (folded)."""

    kind: str
    op: str
    low: Decimal
    high: Decimal | None = None
    approximate: bool = False
    direction: str = ""
    unit: str = ""

    @property
    def is_strict(self) -> bool:
        return self.op in (TargetOp.GT, TargetOp.LT)


@dataclass
class _Words:
    approximate: bool = False
    direction: str = ""
    annual: bool = False


def parse_target(text: str, unit: str | None = None) -> ParsedTarget:
    """Parse the Vietnamese target ``text`` (forms in the module docstring).

    With ``unit`` (the indicator's unit, e.g. ``tỷ đồng``) the figure is converted to it and a
    unit that contradicts it is refused. Raise ValueError with a Vietnamese message listing
    the accepted forms when the text is not a target; no other exception escapes.
    """
    raw = (text or "").replace("\u00a0", " ").strip()
    if len(raw) > MAX_TARGET_CHARS:
        raise ValueError(f"Chỉ tiêu giao dài quá {MAX_TARGET_CHARS} ký tự.")
    folded = re.sub(r"[–—]", "-", fold(raw)).rstrip(" .;")
    if not folded:
        raise ValueError("Chưa nhập chỉ tiêu.")
    words = _Words()
    body = _leading_words(folded, words)
    if match := _AVERAGE_SUFFIX.search(body):
        words.annual, body = True, body[: match.start()].strip()
    parsed = _body(body, words)
    if parsed is None:
        raise ValueError(f"Không hiểu chỉ tiêu “{raw}”. Các dạng được nhận: {ACCEPTED_FORMS}.")
    return parsed if unit is None else in_unit(parsed, unit, raw)


def _leading_words(text: str, words: _Words) -> str:
    """Strip leading verbs and ``bình quân`` (in any order), noting what they imply."""
    changed = True
    while changed:
        changed = False
        if match := _AVERAGE_PREFIX.match(text):
            words.annual, text, changed = True, text[match.end() :], True
        for pattern, approximate, direction in _VERB_RES:
            if match := pattern.match(text):
                words.approximate = words.approximate or approximate
                words.direction = direction or words.direction
                text, changed = text[match.end() :], True
                break
    return text.strip()


def _body(text: str, words: _Words) -> ParsedTarget | None:
    for pattern, op in _THRESHOLD:
        if match := pattern.match(text):
            return _make(words, TargetKind.NGUONG, op, match)
    if match := _SUFFIX.match(text):
        op = TargetOp.GE if match.group("way") == "len" else TargetOp.LE
        return _make(words, TargetKind.NGUONG, op, match)
    if match := _RANGE.match(text):
        return _make(words, TargetKind.KHOANG, TargetOp.RANGE, match)
    if match := _POINT.match(text):
        return _make(words, TargetKind.DIEM, TargetOp.EQ, match)
    return None


def _make(words: _Words, kind: str, op: str, match: re.Match[str]) -> ParsedTarget:
    low, unit = parse_decimal(match.group("a")), _unit(match.group("a_unit"))
    high = None
    if op == TargetOp.RANGE:
        high, high_unit = parse_decimal(match.group("b")), _unit(match.group("b_unit"))
        if unit and high_unit and unit != high_unit:
            raise ValueError(
                f"Hai đầu khoảng chỉ tiêu ghi hai đơn vị khác nhau (“{unit}” và “{high_unit}”)."
            )
        unit = high_unit or unit
        if high < low:
            raise ValueError(
                f"Khoảng chỉ tiêu {format_number(low, _places(low))}–"
                f"{format_number(high, _places(high))} có cận dưới lớn hơn cận trên."
            )
    if words.annual:
        kind = TargetKind.BINH_QUAN
    return ParsedTarget(kind, op, low, high, words.approximate, words.direction, unit)


def _unit(raw: str | None) -> str:
    return re.sub(r"\s+", " ", raw or "").strip()


def _split_unit(unit: str) -> tuple[list[str], str]:
    """``nghìn tỷ đồng`` -> ([``nghin``, ``ty``], ``dong``): the leading multiplier words
    and the base unit, folded, with a few spellings made one (``ngàn``, ``tỉ``, ``VNĐ``)."""
    words = fold(unit).replace(" /", "/").replace("/ ", "/").split()
    multipliers = []
    while words and words[0] in MULTIPLIERS:
        word = words.pop(0)
        multipliers.append(_MULTIPLIER_SPELLINGS.get(word, word))
    base = " ".join(words)
    return multipliers, _UNIT_SYNONYMS.get(base, base)


def _scale(multipliers: list[str]) -> int:
    return sum(MULTIPLIERS[word] for word in multipliers)


def in_unit(parsed: ParsedTarget, unit: str, text: str = "") -> ParsedTarget:
    """``parsed`` converted to the indicator's ``unit``: ``28`` ``nghìn tỷ đồng`` in
    ``tỷ đồng`` is 28.000. Raise ValueError (Vietnamese) when the written unit contradicts
    ``unit`` (``người`` against ``tỷ đồng``, ``‰`` against ``%``), when a bare multiplier
    leaves the unit unclear, or when the converted figure cannot be stored."""
    shown = text or describe(parsed)
    written, written_base = _split_unit(parsed.unit)
    own, base = _split_unit(unit)
    if written_base and base and written_base != base:
        raise ValueError(
            f"Chỉ tiêu “{shown}” ghi đơn vị khác đơn vị tính của chỉ tiêu ({unit}); "
            f"hãy ghi theo {unit} hoặc bỏ đơn vị."
        )
    # "28 nghìn" against "tỷ đồng": 28.000 tỷ, or 28.000 đồng? "28 nghìn tỷ" is clear.
    if not written_base and written and own and written[-1] != own[-1]:
        raise ValueError(f"Chỉ tiêu “{shown}” không rõ đơn vị; hãy ghi đủ, ví dụ “… {unit}”.")
    shift = _scale(written) - _scale(own) if (written_base or written) else 0
    low = _scaled(parsed.low, shift, shown)
    high = None if parsed.high is None else _scaled(parsed.high, shift, shown)
    return replace(parsed, low=low, high=high, unit=unit)


def _scaled(value: Decimal, shift: int, shown: str) -> Decimal:
    result = value.scaleb(shift)
    if abs(result) >= Decimal(10) ** 18:
        raise ValueError(f"Chỉ tiêu “{shown}” quá lớn so với đơn vị tính của chỉ tiêu.")
    if _places(result) > 6:
        raise ValueError(f"Chỉ tiêu “{shown}” quá nhỏ so với đơn vị tính của chỉ tiêu.")
    return result if shift == 0 else _trim(result)


def _trim(value: Decimal) -> Decimal:
    """Drop the trailing zeros a scaling leaves (``28E+3`` -> ``28000``)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if _places(normal) == 0 else normal


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def target_places(parsed: ParsedTarget) -> int:
    """Decimal places the target was written with (``4,37`` -> 2)."""
    places = [0]
    for bound in (parsed.low, parsed.high):
        exponent = bound.as_tuple().exponent if bound is not None else 0
        if isinstance(exponent, int):
            places.append(-exponent)
    return max(places)


def describe(parsed: ParsedTarget, places: int = 0, unit: str = "") -> str:
    """A normalised Vietnamese rendering: ``≥ 90%``, ``6,0–7,0``, ``khoảng 80%``,
    ``xuống còn 16%``, ``bình quân 7–7,5%/năm``. ``unit`` is the indicator's unit (optional)."""
    low = format_number(parsed.low, places)
    if parsed.op == TargetOp.RANGE:
        body = f"{low}–{format_number(parsed.high, places)}"
    else:
        symbol = {"eq": "", "ge": "≥ ", "gt": "> ", "le": "≤ ", "lt": "< "}[parsed.op]
        body = f"{symbol}{low}"
    if unit:
        body = f"{body}{unit}" if unit in {"%", "‰"} else f"{body} {unit}"
    prefix = "khoảng " if parsed.approximate else ""
    if parsed.op == TargetOp.EQ and parsed.direction == Direction.GIAM:
        prefix += "xuống còn "
    elif parsed.op == TargetOp.EQ and parsed.direction == Direction.TANG:
        prefix += "tăng lên "
    if parsed.kind == TargetKind.BINH_QUAN:
        suffix = "/năm" if unit in {"%", "‰"} else " mỗi năm"
        return f"bình quân {prefix}{body}{suffix}"
    return f"{prefix}{body}"
