"""A figure for one indicator, unit and period, and how shorter periods combine into longer ones.

Data entered by quarter answers for a year, the first nine months, a half or a term following
the indicator's rule: ``tong`` sums the parts (ratios sum numerators and denominators),
``cuoi_ky`` takes the latest part, ``binh_quan`` averages them. A figure that covers only part
of the period (two quarters of a year) knows where its coverage ends, so that achievement can
say ``chua_dat`` instead of ``khong_dat``.
"""

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import DecimalField, Func

from nghiquyet.core.formats import quantize
from nghiquyet.indicators.models import Combine, Indicator

BAO_CAO = "bao_cao"
TONG_HOP = "tong_hop"
# DecimalField(max_digits=24, decimal_places=6) holds integer parts below 10¹⁸.
COLUMN_LIMIT = Decimal(10) ** 18
DAMAGED = "Số liệu đã lưu vượt giới hạn lưu trữ nên không đọc được; hãy nhập lại số này."


class Stored(Func):
    """A decimal column read as the database returns it, for ``values_list``.

    Django quantizes a plain decimal column to its field's precision while reading, and on
    SQLite that raises for a figure saved before input was bounded (``1e300``), turning every
    page that reads it into an error. Read through this, then ``stored_number``.
    """

    template = "%(expressions)s"
    output_field = DecimalField()


def stored_number(raw: Decimal | float | None) -> Decimal | None:
    """A figure read through ``Stored``, to six places; None if missing or damaged."""
    if raw is None or is_damaged(raw):
        return None
    return quantize(Decimal(raw), 6)


def is_damaged(raw: Decimal | float | None) -> bool:
    """Whether a stored figure lies outside what its column holds (so cannot be trusted)."""
    if raw is None:
        return False
    number = Decimal(raw)
    return not number.is_finite() or abs(number) >= COLUMN_LIMIT


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    estimate: bool = False
    source: str = BAO_CAO
    covered_end: dt.date | None = None
    text: str = ""
    warning: str = ""
    damaged: bool = False


def ratio(numerator: Decimal, denominator: Decimal, factor: int) -> Decimal | None:
    """``numerator / denominator × factor`` to six places; None for a zero denominator."""
    if not denominator:
        return None
    return quantize(numerator / denominator * factor, 6)


def combine(indicator: Indicator, parts: list[Figure]) -> Figure | None:
    """Combine the figures of consecutive sub-periods (in order) by the indicator's rule."""
    present = [p for p in parts if p.value is not None or p.denominator]
    if not present:
        return None
    last = present[-1]
    base = Figure(
        value=None,
        estimate=any(p.estimate for p in present),
        source=BAO_CAO if all(p.source == BAO_CAO for p in present) else TONG_HOP,
        covered_end=last.covered_end,
    )
    if indicator.combine == Combine.CUOI_KY:
        return replace(last, estimate=base.estimate, source=last.source)
    if indicator.combine == Combine.BINH_QUAN:
        values = [p.value for p in present if p.value is not None]
        mean = quantize(sum(values, Decimal(0)) / len(values), 6) if values else None
        return replace(base, value=mean)
    return _summed(indicator, present, base)


def _summed(indicator: Indicator, present: list[Figure], base: Figure) -> Figure:
    if indicator.is_ratio:
        with_parts = [p for p in present if p.denominator]
        num = sum((p.numerator or Decimal(0) for p in with_parts), Decimal(0))
        den = sum((p.denominator or Decimal(0) for p in with_parts), Decimal(0))
        factor = indicator.factor or 100
        return replace(base, value=ratio(num, den, factor), numerator=num, denominator=den)
    total = sum((p.value for p in present if p.value is not None), Decimal(0))
    return replace(base, value=total)
