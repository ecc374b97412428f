"""Whether a value meets its target, with Decimal arithmetic only (issue 4, item 6).

Decisions (documented in the issue notes):

- Values are compared at the precision they are shown: the indicator's decimals, or the
  target's if it was written with more (99,5911 against 99,59 with 2 decimals is ``dat``).
- A point or per-year-average target: beyond it is ``vuot``, equal ``dat``, short ``khong_dat``.
- A range: beyond the far bound is ``vuot``, inside ``dat``, short of the near bound
  ``khong_dat``. For lower-is-better the bounds are mirrored.
- A threshold carries its own sense (``≥``/``trên`` higher, ``≤``/``dưới`` lower): strictly
  beyond the bound is ``vuot``; at the bound a non-strict threshold is ``dat`` and a strict one
  (``trên``, ``dưới``) is ``khong_dat``.
- % of plan is value / bound × 100 (bound / value × 100 when lower is better), where the bound
  is the point, the near end of a range or the threshold.
- If the value only covers part of the target's period, a shortfall is ``chua_dat``.
"""

from dataclasses import dataclass
from decimal import Decimal

from nghiquyet.core.formats import format_number, quantize
from nghiquyet.indicators.models import Direction, TargetOp
from nghiquyet.indicators.targets import ParsedTarget, target_places

VUOT = "vuot"
DAT = "dat"
KHONG_DAT = "khong_dat"
CHUA_DAT = "chua_dat"
CHUA_CO_SO_LIEU = "chua_co_so_lieu"
# A status judged on a roll-up from fewer units than the reporting form's coverage threshold
# (issue 9, §5): shown as provisional, never as "Vượt" or "Đạt".
TAM_TINH = "tam_tinh"

STATUS_LABELS = {
    VUOT: "Vượt",
    DAT: "Đạt",
    KHONG_DAT: "Không đạt",
    CHUA_DAT: "Chưa đạt",
    CHUA_CO_SO_LIEU: "Chưa có số liệu",
    TAM_TINH: "Tạm tính",
}
STATUS_BADGES = {
    VUOT: "ok",
    DAT: "ok",
    KHONG_DAT: "bad",
    CHUA_DAT: "warn",
    CHUA_CO_SO_LIEU: "",
    TAM_TINH: "warn",
}
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Achievement:
    status: str
    percent: Decimal | None


def evaluate(
    *,
    value: Decimal | None,
    target: ParsedTarget,
    direction: str,
    decimals: int,
    partial: bool = False,
) -> Achievement:
    """Status and % of plan of ``value`` against ``target``."""
    if value is None:
        return Achievement(CHUA_CO_SO_LIEU, None)
    shown = quantize(value, max(decimals, target_places(target)))
    higher = _higher_is_better(target, direction)
    status = _status(shown, target, higher)
    if partial and status == KHONG_DAT:
        status = CHUA_DAT
    return Achievement(status, percent_of_plan(shown, _bound(target, higher), higher))


def _higher_is_better(target: ParsedTarget, direction: str) -> bool:
    if target.op in (TargetOp.GE, TargetOp.GT):
        return True
    if target.op in (TargetOp.LE, TargetOp.LT):
        return False
    # The target's own words (``xuống còn 16%``) win over the indicator's direction.
    return (target.direction or direction) != Direction.GIAM


def _bound(target: ParsedTarget, higher: bool) -> Decimal:
    if target.op == TargetOp.RANGE and not higher and target.high is not None:
        return target.high
    return target.low


def _status(value: Decimal, target: ParsedTarget, higher: bool) -> str:
    sign = 1 if higher else -1
    if target.op == TargetOp.RANGE and target.high is not None:
        near, far = (target.low, target.high) if higher else (target.high, target.low)
        if sign * value > sign * far:
            return VUOT
        return DAT if sign * value >= sign * near else KHONG_DAT
    bound = sign * target.low
    if sign * value > bound:
        return VUOT
    if sign * value == bound:
        return KHONG_DAT if target.is_strict else DAT
    return KHONG_DAT


def percent_of_plan(value: Decimal, bound: Decimal, higher: bool = True) -> Decimal | None:
    numerator, denominator = (value, bound) if higher else (bound, value)
    if denominator == 0:
        return None
    return quantize(numerator / denominator * HUNDRED, 2)


def change_pct(value: Decimal | None, last_year: Decimal | None) -> Decimal | None:
    """Change against the same period of the previous year, in % (``tăng 20%``)."""
    if value is None or last_year is None or last_year == 0:
        return None
    return quantize((value - last_year) / abs(last_year) * HUNDRED, 2)


def change_text(change: Decimal | None) -> str:
    if change is None:
        return ""
    if change == 0:
        return "bằng cùng kỳ"
    verb = "tăng" if change > 0 else "giảm"
    return f"{verb} {format_number(abs(change), 2).rstrip('0').rstrip(',')}% so với cùng kỳ"
