"""The indicator sections of the report JSON (issue 4, item 10): one entry per indicator with a
target or a value for the unit and period, and a summary line ("11/33 chỉ tiêu đạt và vượt").

Each line says what its figure stands on (issue 9, §5): ``coverage`` {``reported``,
``expected``, ``percent_only``, ``threshold_pct``} and its ``coverage_text``; ``to_date``
{``value``, ``display``, ``from``, ``to``} when the status was judged on a cumulative figure
("lũy kế"); ``same_period_last_year_source`` ``own`` or ``predecessors`` with
``same_period_last_year_note``. ``numerator`` and ``denominator`` are null unless the indicator
is a ratio. A status ``tam_tinh`` (too few units reported) keeps the status it would have in
``indicative_status``. ``outlook`` (``dung_tien_do``, ``co_nguy_co``, ``khong_dat_duoc`` or null)
projects a year or term target from the figures so far (``indicators.outlook``, decision 0012).
"""

from decimal import Decimal
from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.periods import Period
from nghiquyet.indicators.achievement import (
    CHUA_CO_SO_LIEU,
    CHUA_DAT,
    DAT,
    KHONG_DAT,
    TAM_TINH,
    VUOT,
)
from nghiquyet.indicators.figures import Figure
from nghiquyet.indicators.outlook import outlook
from nghiquyet.indicators.selectors import Line, dashboard_lines, display, indicators_for
from nghiquyet.orgs.models import Organisation

STATUSES = (VUOT, DAT, KHONG_DAT, CHUA_DAT, CHUA_CO_SO_LIEU, TAM_TINH)


def number(value: Decimal | None) -> int | float | None:
    """A JSON number: an integer when whole, otherwise a float of the exact decimal text."""
    if value is None:
        return None
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return int(normal)
    return float(normal)


def entry(line: Line, period: Period | None = None) -> dict[str, Any]:
    ind, target, figure = line.indicator, line.target, line.figure
    return {
        "code": ind.code,
        "name": ind.name,
        "unit": ind.unit,
        "kind": ind.kind,
        "target": None
        if target is None
        else {
            "text": target.text,
            "kind": target.kind,
            "low": number(target.low),
            "high": number(target.high),
            "op": target.op,
        },
        "value": number(figure.value) if figure else None,
        "numerator": number(figure.numerator) if figure and ind.is_ratio else None,
        "denominator": number(figure.denominator) if figure and ind.is_ratio else None,
        "display": line.display,
        "percent_of_target": number(line.achievement.percent) if line.achievement else None,
        "status": line.status,
        "indicative_status": line.indicative_status,
        "to_date": to_date(line),
        "coverage": line.coverage.as_json() if line.coverage else None,
        "coverage_text": line.coverage.sentence if line.coverage else "",
        "estimate": bool(figure and figure.estimate),
        "source": figure.source if figure else None,
        "same_period_last_year": number(line.last_year.value) if line.last_year else None,
        "change_vs_last_year_pct": number(line.change),
        "same_period_last_year_source": line.last_year_source if line.last_year else None,
        "same_period_last_year_note": line.last_year_note,
        "outlook": outlook(line, period) if period else None,
    }


def to_date(line: Line) -> dict[str, Any] | None:
    """The cumulative figure a status was judged on: value, display and the span it covers."""
    basis: Figure | None = line.to_date
    if basis is None or line.target is None:
        return None
    end = basis.covered_end.isoformat() if basis.covered_end else None
    return {
        "value": number(basis.value),
        "display": display(line.indicator, basis),
        "from": line.target.period_start.isoformat(),
        "to": end,
    }


def summary(lines: list[Line]) -> dict[str, Any]:
    counts = {status: 0 for status in STATUSES}
    for line in lines:
        if line.status in counts:
            counts[line.status] += 1
    with_target = sum(1 for line in lines if line.target is not None)
    met = counts[VUOT] + counts[DAT]
    sentence = f"{met}/{with_target} chỉ tiêu đạt và vượt" if with_target else ""
    return {
        "counts": counts,
        "with_target": with_target,
        "met_or_exceeded": met,
        "sentence": sentence or "Đơn vị chưa được giao chỉ tiêu cho kỳ này.",
    }


def sections(*, org: Organisation, period: Period, actor: AnyUser) -> dict[str, Any]:
    lines = dashboard_lines(org=org, period=period, indicators=indicators_for(actor, org))
    return {"indicators": [entry(line, period) for line in lines], "summary": summary(lines)}
