"""Reporting periods and their public codes (PRODUCT.md §5).

``2024`` year, ``2024Q1``–``2024Q4`` quarters, ``2024S1``/``2024S2`` halves, ``2024N9`` the
first nine months, ``2024M01``–``2024M12`` months and ``2020-2025`` a span of years.

A span is read by its length (PRODUCT.md §5; DOMAIN.md §2.3 and §5.2):

- five years or more between the ends (``2020-2025``) is a committee term: it covers the
  plan years after the congress year, 2020-2025 runs from 1/1/2021 to 31/12/2025;
- four years between the ends (``2026-2030``, a "kế hoạch 5 năm giai đoạn 2026-2030") is a
  plan period: both end years are included, it runs from 1/1/2026 to 31/12/2030.

Users never type codes: :func:`parse_period_text` (and :meth:`Period.parse`, which every
period input goes through) also reads ``Quý 3/2026``, ``quý III năm 2026``, ``6 tháng đầu
năm 2024``, ``9 tháng 2024``, ``tháng 3/2026``, ``năm 2025``, ``nhiệm kỳ 2020 - 2025`` and
``giai đoạn 2026-2030``.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from nghiquyet.core.text import fold


class PeriodKind(StrEnum):
    MONTH = "thang"
    QUARTER = "quy"
    NINE_MONTHS = "chin_thang"
    HALF = "nua_nam"
    YEAR = "nam"
    TERM = "nhiem_ky"


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# Years a period may fall in (dates outside them break date arithmetic and numbering).
FIRST_YEAR = 1900
LAST_YEAR = 2100

_PATTERNS: list[tuple[re.Pattern[str], PeriodKind]] = [
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
    (re.compile(r"^(\d{4})Q([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})S([12])$"), PeriodKind.HALF),
    (re.compile(r"^(\d{4})N9$"), PeriodKind.NINE_MONTHS),
    (re.compile(r"^(\d{4})M(0[1-9]|1[0-2])$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$"), PeriodKind.TERM),
]
# Four years between the ends of a span: a five-year plan period, both ends included.
PLAN_SPAN = 4
# Shown next to every input where a span of years is typed, so nobody is surprised.
SPAN_HELP = (
    "Nhiệm kỳ 2025-2030 tính các năm 2026–2030 (không tính năm đại hội); "
    "giai đoạn 2026-2030 (cách 4 năm) tính cả 2026 và 2030."
)
PERIOD_FORMS = (
    "Quý 3/2026, quý III năm 2026, 6 tháng đầu năm 2024, 6 tháng cuối năm 2024, 9 tháng 2024, "
    "tháng 3/2026, năm 2025, nhiệm kỳ 2020-2025 hoặc giai đoạn 2026-2030"
)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period. ``index`` is the quarter, half or month; ``end_year`` is for terms."""

    kind: PeriodKind
    year: int
    index: int = 0
    end_year: int = 0

    @classmethod
    def parse(cls, code: str) -> "Period":
        """A period code or a period as officials write it; see :func:`parse_period_text`."""
        return parse_period_text(code)

    @classmethod
    def from_code(cls, code: str) -> "Period | None":
        """``2024Q1`` -> the period; ``None`` when ``code`` is not a code. ValueError when it
        is a code of an impossible period (year outside 1900–2100, a reversed span)."""
        raw = code.strip().upper()
        for pattern, kind in _PATTERNS:
            if match := pattern.match(raw):
                return cls._from_match(kind, match)
        return None

    @classmethod
    def _from_match(cls, kind: PeriodKind, match: re.Match[str]) -> "Period":
        second = int(match.group(2)) if kind in _INDEXED or kind is PeriodKind.TERM else 0
        return cls.build(kind, int(match.group(1)), second)

    @classmethod
    def build(cls, kind: PeriodKind, year: int, second: int = 0) -> "Period":
        """The period of ``kind`` in ``year``; ``second`` is the index (quarter, half, month)
        or, for a span, its last year. ValueError (Vietnamese) for a year outside 1900–2100 or
        a span that is not 1–10 years long."""
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(
                f"Năm của kỳ phải trong khoảng {FIRST_YEAR}–{LAST_YEAR}, không phải {year}."
            )
        if kind is PeriodKind.TERM:
            if not year < second <= min(year + 10, LAST_YEAR):
                raise ValueError(
                    f"Kỳ {year}-{second} không hợp lệ: năm cuối phải sau năm đầu, "
                    "cách nhau không quá 10 năm (ví dụ nhiệm kỳ 2020-2025, giai đoạn 2026-2030)."
                )
            return cls(kind, year, 0, second)
        return cls(kind, year, second if kind in _INDEXED else 0)

    @property
    def code(self) -> str:
        suffix = {
            PeriodKind.YEAR: "",
            PeriodKind.QUARTER: f"Q{self.index}",
            PeriodKind.HALF: f"S{self.index}",
            PeriodKind.NINE_MONTHS: "N9",
            PeriodKind.MONTH: f"M{self.index:02d}",
            PeriodKind.TERM: f"-{self.end_year}",
        }[self.kind]
        return f"{self.year}{suffix}"

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """Vietnamese label as reports write it."""
        return {
            PeriodKind.YEAR: f"Năm {self.year}",
            PeriodKind.QUARTER: f"Quý {ROMAN.get(self.index, '')}/{self.year}",
            PeriodKind.HALF: (
                f"6 tháng đầu năm {self.year}"
                if self.index == 1
                else f"6 tháng cuối năm {self.year}"
            ),
            PeriodKind.NINE_MONTHS: f"9 tháng năm {self.year}",
            PeriodKind.MONTH: f"Tháng {self.index:02d}/{self.year}",
            PeriodKind.TERM: (
                f"Giai đoạn {self.year}-{self.end_year}"
                if self.is_plan_period
                else f"Nhiệm kỳ {self.year}-{self.end_year}"
            ),
        }[self.kind]

    @property
    def is_plan_period(self) -> bool:
        """A span with four years between its ends (``2026-2030``): both ends included."""
        return self.kind is PeriodKind.TERM and self.end_year - self.year == PLAN_SPAN

    @property
    def covered(self) -> str:
        """The years a span covers, for a hint next to where it is entered:
        ``2020-2025`` -> ``các năm 2021–2025 (5 năm)``; other periods -> their label."""
        if self.kind is not PeriodKind.TERM:
            return self.label
        first, last = self.start.year, self.end.year
        return f"các năm {first}–{last} ({last - first + 1} năm)"

    @property
    def first_month(self) -> int:
        return {
            PeriodKind.QUARTER: 3 * self.index - 2,
            PeriodKind.HALF: 6 * self.index - 5,
            PeriodKind.MONTH: self.index,
        }.get(self.kind, 1)

    @property
    def last_month(self) -> int:
        return {
            PeriodKind.QUARTER: 3 * self.index,
            PeriodKind.HALF: 6 * self.index,
            PeriodKind.MONTH: self.index,
            PeriodKind.NINE_MONTHS: 9,
        }.get(self.kind, 12)

    @property
    def start(self) -> dt.date:
        term = self.kind is PeriodKind.TERM and not self.is_plan_period
        first_year = self.year + 1 if term else self.year
        return dt.date(first_year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        last_year = self.end_year if self.kind is PeriodKind.TERM else self.year
        last_day = calendar.monthrange(last_year, self.last_month)[1]
        return dt.date(last_year, self.last_month, last_day)

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end

    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def quarters(self) -> list["Period"]:
        """The quarters this period is made of (empty for a month)."""
        return [q for q in _quarters_between(self.start, self.end) if self.contains(q)]

    def years(self) -> list["Period"]:
        return [Period(PeriodKind.YEAR, y) for y in range(self.start.year, self.end.year + 1)]

    def shifted_years(self, years: int) -> "Period":
        end_year = self.end_year + years if self.kind is PeriodKind.TERM else 0
        return Period(self.kind, self.year + years, self.index, end_year)

    def same_period_last_year(self) -> "Period | None":
        return None if self.kind is PeriodKind.TERM else self.shifted_years(-1)

    def previous(self) -> "Period":
        """The period of the same kind just before this one."""
        if self.kind is PeriodKind.QUARTER:
            return _step(self, 4)
        if self.kind is PeriodKind.HALF:
            return _step(self, 2)
        if self.kind is PeriodKind.MONTH:
            return _step(self, 12)
        if self.kind is PeriodKind.TERM:
            span = self.end_year - self.year
            gap = 1 if self.is_plan_period else 0  # 2026-2030 follows 2021-2025
            return Period(self.kind, self.year - span - gap, 0, self.year - gap)
        return self.shifted_years(-1)

    def year_period(self) -> "Period":
        """The year this period falls in (the last year for a term)."""
        return Period(PeriodKind.YEAR, self.end.year)


_INDEXED = {PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.MONTH}


def _step(period: Period, per_year: int) -> Period:
    if period.index > 1:
        return Period(period.kind, period.year, period.index - 1)
    return Period(period.kind, period.year - 1, per_year)


def _quarters_between(start: dt.date, end: dt.date) -> list[Period]:
    return [
        Period(PeriodKind.QUARTER, year, q)
        for year in range(start.year, end.year + 1)
        for q in range(1, 5)
    ]


def period_containing(day: dt.date, kind: PeriodKind) -> Period:
    """The period of ``kind`` (month, quarter, half or year) that contains ``day``."""
    if kind is PeriodKind.QUARTER:
        return Period(kind, day.year, (day.month - 1) // 3 + 1)
    if kind is PeriodKind.HALF:
        return Period(kind, day.year, 1 if day.month <= 6 else 2)
    if kind is PeriodKind.MONTH:
        return Period(kind, day.year, day.month)
    if kind is PeriodKind.YEAR:
        return Period(kind, day.year)
    raise ValueError(f"Không xác định được kỳ loại {kind} chứa một ngày.")


_ROMAN_INDEX = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_Y = r"(?:nam\s*)?(\d{4})"
_SEP = r"\s*(?:/|-|nam|,)?\s*"
_WORDS: list[tuple[re.Pattern[str], PeriodKind, int]] = [
    (re.compile(rf"^(?:quy|q)\s*([1-4]|iv|iii|ii|i){_SEP}{_Y}$"), PeriodKind.QUARTER, 0),
    (re.compile(rf"^(?:6|sau) thang dau{_SEP}{_Y}$"), PeriodKind.HALF, 1),
    (re.compile(rf"^(?:6|sau) thang cuoi{_SEP}{_Y}$"), PeriodKind.HALF, 2),
    (re.compile(rf"^(?:nua dau|nua dau nam){_SEP}{_Y}$"), PeriodKind.HALF, 1),
    (re.compile(rf"^(?:6|sau) thang{_SEP}{_Y}$"), PeriodKind.HALF, 1),
    (re.compile(rf"^(?:9|chin) thang(?: dau)?{_SEP}{_Y}$"), PeriodKind.NINE_MONTHS, 0),
    (re.compile(rf"^thang\s*(0?[1-9]|1[0-2]){_SEP}{_Y}$"), PeriodKind.MONTH, 0),
    (re.compile(r"^nam\s*(\d{4})$"), PeriodKind.YEAR, 0),
    (
        re.compile(r"^(?:nhiem ky|giai doan|ke hoach 5 nam|)\s*(\d{4})\s*[-–—]\s*(\d{4})$"),
        PeriodKind.TERM,
        0,
    ),
]


def parse_period_text(text: str) -> Period:
    """A reporting period as typed -> :class:`Period`.

    Accepts the codes (``2024``, ``2024Q3``, ``2024S1``, ``2024N9``, ``2024M03``,
    ``2020-2025``) and the words officials write, case- and accent-insensitively:
    ``Quý 3/2026``, ``quý III năm 2026``, ``6 tháng đầu năm 2024``, ``6 tháng cuối năm 2024``,
    ``9 tháng 2024``, ``tháng 3/2026``, ``năm 2025``, ``nhiệm kỳ 2020 - 2025``, ``giai đoạn
    2026-2030`` (a span of four years is a plan period, of five or more a term; see the module
    docstring). Raise ValueError with a Vietnamese message listing the accepted forms for
    anything else, and for years outside 1900–2100; nothing else escapes.
    """
    raw = " ".join(str(text or "").split())
    if not raw:
        raise ValueError(f"Kỳ không hợp lệ: chưa nhập kỳ (ví dụ {PERIOD_FORMS}).")
    found = Period.from_code(raw) or _from_words(fold(raw).rstrip(".,;"))
    if found is None:
        raise ValueError(f"Kỳ “{raw[:60]}” không hợp lệ. Nhập theo dạng: {PERIOD_FORMS}.")
    return found


def _from_words(folded: str) -> Period | None:
    for pattern, kind, index in _WORDS:
        if match := pattern.match(folded):
            return _period_from_words(kind, index, match)
    return None


def _period_from_words(kind: PeriodKind, index: int, match: re.Match[str]) -> Period:
    if kind is PeriodKind.TERM:
        return Period._from_match(kind, match)
    groups = match.groups()
    if kind in _INDEXED and not index:
        first = groups[0]
        index = _ROMAN_INDEX[first] if first in _ROMAN_INDEX else int(first)
    return Period.build(kind, int(groups[-1]), index)
