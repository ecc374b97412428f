"""The quarters-versus-year rule for every way an indicator combines (issue 9, §7).

A unit may enter a figure for a year and for its quarters. How they must agree follows the
indicator's rule for combining periods (``Indicator.combine``, see ``figures.combine``):

- ``tong``, counts and amounts: the quarters add up to the year. Entered quarters above the year
  are refused; all four below it too; fewer than four below it is normal (more to come).
- ``tong``, ratios (numerators and denominators summed): the year's ratio is a weighted mean of
  the quarters' ratios, so with all four quarters it lies between the lowest and the highest.
- ``cuoi_ky`` (end of period): the year equals the fourth quarter.
- ``binh_quan`` (average): the year is the mean of the four quarters, within rounding (one unit
  of the indicator's last shown decimal).

Where the data settle it (the quarters needed are all there) a disagreement is an error and the
figure is refused. Where they cannot yet (a quarter is missing), a disagreement with the quarters
entered so far is a warning kept with the figure ("chưa đủ 4 quý"), never a refusal.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from nghiquyet.core.formats import format_with_unit
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.indicators.models import Combine, Indicator, IndicatorKind

CHECKED_KINDS = frozenset(
    {
        IndicatorKind.SO_LUONG,
        IndicatorKind.GIA_TRI,
        IndicatorKind.TY_LE,
        IndicatorKind.TOC_DO,
        IndicatorKind.MOC,
    }
)
SUMMED_KINDS = frozenset({IndicatorKind.SO_LUONG, IndicatorKind.GIA_TRI})
PARTIAL = " Chưa đủ 4 quý nên chỉ là cảnh báo; hãy kiểm tra lại khi nhập đủ."


@dataclass(frozen=True)
class YearCheck:
    """The outcome for one figure: ``error`` refuses it, ``warning`` is kept with it."""

    error: str = ""
    warning: str = ""


@dataclass(frozen=True)
class _Year:
    ind: Indicator
    year: int
    annual: Decimal
    quarters: list[Decimal | None]
    on_year: bool

    @property
    def entered(self) -> list[Decimal]:
        return [q for q in self.quarters if q is not None]

    @property
    def complete(self) -> bool:
        return len(self.entered) == 4

    def fmt(self, value: Decimal) -> str:
        return format_with_unit(value, self.ind.decimals, self.ind.unit)

    @property
    def tolerance(self) -> Decimal:
        return Decimal(1).scaleb(-self.ind.decimals)


def follows_year(ind: Indicator, period: Period) -> bool:
    """Whether the rule applies: a numeric indicator entered for a quarter or a year."""
    return ind.kind in CHECKED_KINDS and period.kind in (PeriodKind.QUARTER, PeriodKind.YEAR)


def year_quarters_check(
    ind: Indicator, period: Period, value: Decimal, figures: Mapping[str, Decimal | None]
) -> YearCheck:
    """Check ``value`` (the figure of ``period``) against the year or quarters around it.

    ``figures`` maps period codes (the year and its quarters) to the unit's figures of this
    indicator as they will stand after the save (final before estimate). Returns the
    Vietnamese error or warning (both "" when they agree or nothing can be compared).
    """
    state = _state(ind, period, value, figures)
    if state is None or not state.entered:
        return YearCheck()
    if ind.combine == Combine.CUOI_KY:
        return _end_of_period(state)
    if ind.combine == Combine.BINH_QUAN:
        return _average(state)
    if ind.kind in SUMMED_KINDS:
        return _summed(state)
    return _weighted(state)


def _state(
    ind: Indicator, period: Period, value: Decimal, figures: Mapping[str, Decimal | None]
) -> _Year | None:
    if not follows_year(ind, period):
        return None
    year = period.year_period()
    quarters = {q.code: figures.get(q.code) for q in year.quarters()}
    annual: Decimal | None = value
    if period.kind is PeriodKind.QUARTER:
        quarters[period.code] = value
        annual = figures.get(year.code)
    if annual is None:
        return None
    on_year = period.kind is PeriodKind.YEAR
    return _Year(ind, year.year, annual, list(quarters.values()), on_year)


def _verdict(state: _Year, message: str) -> YearCheck:
    return YearCheck(error=message) if state.complete else YearCheck(warning=message + PARTIAL)


def _summed(state: _Year) -> YearCheck:
    total = sum(state.entered, Decimal(0))
    if total > state.annual:
        if state.on_year:
            return YearCheck(
                error=f"Số cả năm ({state.fmt(state.annual)}) nhỏ hơn tổng các quý đã nhập "
                f"({state.fmt(total)})."
            )
        return YearCheck(
            error=f"Tổng các quý năm {state.year} ({state.fmt(total)}) vượt số cả năm "
            f"({state.fmt(state.annual)})."
        )
    if state.complete and total < state.annual:
        return YearCheck(
            error=f"Tổng 4 quý năm {state.year} ({state.fmt(total)}) nhỏ hơn số cả năm "
            f"({state.fmt(state.annual)}); số cả năm phải bằng tổng các quý."
        )
    return YearCheck()


def _end_of_period(state: _Year) -> YearCheck:
    fourth = state.quarters[3]
    if fourth is not None:
        if abs(fourth - state.annual) < state.tolerance:
            return YearCheck()
        return YearCheck(
            error=f"Chỉ tiêu lấy số cuối kỳ: số cả năm {state.year} ({state.fmt(state.annual)}) "
            f"phải bằng số quý IV ({state.fmt(fourth)})."
        )
    latest = state.entered[-1]
    if abs(latest - state.annual) < state.tolerance:
        return YearCheck()
    return YearCheck(
        warning=f"Chỉ tiêu lấy số cuối kỳ: số cả năm {state.year} ({state.fmt(state.annual)}) "
        f"khác số quý gần nhất đã nhập ({state.fmt(latest)}); số cả năm phải bằng số quý IV."
        + PARTIAL
    )


def _average(state: _Year) -> YearCheck:
    mean = sum(state.entered, Decimal(0)) / len(state.entered)
    if abs(mean - state.annual) <= state.tolerance:
        return YearCheck()
    return _verdict(
        state,
        f"Chỉ tiêu lấy số bình quân: số cả năm {state.year} ({state.fmt(state.annual)}) khác "
        f"bình quân các quý đã nhập ({state.fmt(mean)}).",
    )


def _weighted(state: _Year) -> YearCheck:
    low, high = min(state.entered), max(state.entered)
    if low - state.tolerance <= state.annual <= high + state.tolerance:
        return YearCheck()
    return _verdict(
        state,
        f"Số cả năm {state.year} ({state.fmt(state.annual)}) nằm ngoài khoảng các quý đã nhập "
        f"({state.fmt(low)} – {state.fmt(high)}); tỷ lệ cả năm là bình quân gia quyền các quý.",
    )
