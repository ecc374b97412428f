"""Reporting periods and their public codes (PRODUCT.md §5).

``2024`` year, ``2024Q1``–``2024Q4`` quarters, ``2024S1``/``2024S2`` halves, ``2024N9`` the
first nine months, ``2024M01``–``2024M12`` months and ``2020-2025`` a term. A term covers the
five plan years after the congress year: 2020-2025 runs from 1/1/2021 to 31/12/2025, which is
how "kế hoạch 5 năm 2021-2025" is written.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


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
    (re.compile(r"^(\d{4})-(\d{4})$"), PeriodKind.TERM),
]


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period. ``index`` is the quarter, half or month; ``end_year`` is for terms."""

    kind: PeriodKind
    year: int
    index: int = 0
    end_year: int = 0

    @classmethod
    def parse(cls, code: str) -> "Period":
        raw = (code or "").strip().upper()
        for pattern, kind in _PATTERNS:
            if match := pattern.match(raw):
                return cls._from_match(kind, match)
        raise ValueError(
            f"Kỳ “{code}” không hợp lệ. Dùng 2024, 2024Q1, 2024S1, 2024N9, 2024M01 hoặc 2020-2025."
        )

    @classmethod
    def _from_match(cls, kind: PeriodKind, match: re.Match[str]) -> "Period":
        year = int(match.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(
                f"Năm của kỳ phải trong khoảng {FIRST_YEAR}–{LAST_YEAR}, không phải {year}."
            )
        if kind is PeriodKind.TERM:
            end = int(match.group(2))
            if not year < end <= min(year + 10, LAST_YEAR):
                raise ValueError(f"Nhiệm kỳ {year}-{end} không hợp lệ.")
            return cls(kind, year, 0, end)
        index = int(match.group(2)) if kind in _INDEXED else 0
        return cls(kind, year, index)

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
            PeriodKind.TERM: f"Nhiệm kỳ {self.year}-{self.end_year}",
        }[self.kind]

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
        first_year = self.year + 1 if self.kind is PeriodKind.TERM else self.year
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
            return Period(self.kind, self.year - span, 0, self.year)
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
