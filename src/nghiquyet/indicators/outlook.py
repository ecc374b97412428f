"""Early warning (issue 12, item 5): will a year or term target be met, judged on the figures so
far? The method is decision 0012 (docs/decisions/0012-outlook.md); in short:

- Only a numeric line whose target covers a year or a term (``nam``, ``nhiem_ky``) and runs past
  the end of the figure gets an outlook; otherwise ``None``.
- The time elapsed is the share of the target's months covered by the figure (up to its
  ``covered_end``, else the end of the period viewed).
- A flow (``Cộng dồn các kỳ``): the pace so far is the cumulative figure per month elapsed; the
  pace needed is what is left of the target per month remaining. Ratio needed/so far ≤ 1:
  ``dung_tien_do``; ≤ 1.5: ``co_nguy_co``; above: ``khong_dat_duoc``. Lower is better: the
  figure projected at the pace so far within the bound is ``dung_tien_do``, the bound already
  passed ``khong_dat_duoc``, otherwise ``co_nguy_co``.
- A level (end-of-period or average figure): the latest figure meeting the target is
  ``dung_tien_do``; at least 90% of plan, or more than a quarter of the time left, ``co_nguy_co``;
  otherwise ``khong_dat_duoc``.
- A period that is over gives ``dung_tien_do`` when met and ``khong_dat_duoc`` when not.
"""

from decimal import Decimal

from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.indicators.achievement import DAT, VUOT, Achievement, evaluate
from nghiquyet.indicators.models import Combine
from nghiquyet.indicators.selectors import Line, parsed

DUNG_TIEN_DO = "dung_tien_do"
CO_NGUY_CO = "co_nguy_co"
KHONG_DAT_DUOC = "khong_dat_duoc"
OUTLOOKS = (DUNG_TIEN_DO, CO_NGUY_CO, KHONG_DAT_DUOC)
OUTLOOK_LABELS = {
    DUNG_TIEN_DO: "Đúng tiến độ",
    CO_NGUY_CO: "Có nguy cơ không đạt",
    KHONG_DAT_DUOC: "Khó đạt được",
}
# Needed pace over pace so far above which a flow target is judged out of reach.
RISK_PACE = Decimal("1.5")
# A level within this % of plan is at risk rather than out of reach.
NEAR_PERCENT = Decimal(90)
# Share of the target's time still left above which a level behind plan is only at risk.
TIME_LEFT_RISK = Decimal("0.25")
LONG_TARGETS = (PeriodKind.YEAR, PeriodKind.TERM)


def outlook(line: Line, period: Period) -> str | None:
    """``dung_tien_do`` / ``co_nguy_co`` / ``khong_dat_duoc`` for ``line`` of the unit viewed
    for ``period``, or None when the line has no year or term target, is not numeric, or has
    no figure yet. Pure: reads only the line (decision 0012)."""
    target, basis = line.target, line.basis
    if target is None or basis is None or basis.value is None or not line.indicator.is_numeric:
        return None
    kind = Period.from_code(target.period_code)
    if kind is None or kind.kind not in LONG_TARGETS:
        return None
    total = kind.months()
    end = basis.covered_end or period.end
    end = min(end, target.period_end)
    elapsed = (end.year - target.period_start.year) * 12 + end.month - target.period_start.month + 1
    elapsed = max(1, min(total, elapsed))
    met = _meets(line, basis.value)
    if elapsed >= total:
        return DUNG_TIEN_DO if met else KHONG_DAT_DUOC
    if line.indicator.combine == Combine.TONG:
        return _flow(line, basis.value, Decimal(elapsed), Decimal(total))
    return _level(line, basis.value, met, Decimal(total - elapsed) / Decimal(total))


def _meets(line: Line, value: Decimal) -> bool:
    return _evaluate(line, value).status in (VUOT, DAT)


def _evaluate(line: Line, value: Decimal) -> Achievement:
    assert line.target is not None  # noqa: S101  # callers checked
    ind = line.indicator
    return evaluate(
        value=value, target=parsed(line.target), direction=ind.direction, decimals=ind.decimals
    )


def _flow(line: Line, value: Decimal, elapsed: Decimal, total: Decimal) -> str:
    projected = value / elapsed * total
    if _meets(line, projected):
        return DUNG_TIEN_DO
    target = parsed(line.target)  # type: ignore[arg-type]
    bound = target.low
    if value <= 0:
        return KHONG_DAT_DUOC if bound > 0 else CO_NGUY_CO
    pace_so_far = value / elapsed
    needed = (bound - value) / (total - elapsed)
    if needed <= 0:  # lower is better and the bound is already passed
        return KHONG_DAT_DUOC
    return CO_NGUY_CO if needed / pace_so_far <= RISK_PACE else KHONG_DAT_DUOC


def _level(line: Line, value: Decimal, met: bool, time_left: Decimal) -> str:
    if met:
        return DUNG_TIEN_DO
    percent = _evaluate(line, value).percent
    if (percent is not None and percent >= NEAR_PERCENT) or time_left > TIME_LEFT_RISK:
        return CO_NGUY_CO
    return KHONG_DAT_DUOC
