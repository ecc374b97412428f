"""The indicator sections of the report JSON (issue 4, item 10): one entry per indicator with a
target or a value for the unit and period, and a summary line ("11/33 chỉ tiêu đạt và vượt")."""

from decimal import Decimal
from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.periods import Period
from nghiquyet.indicators.achievement import (
    CHUA_CO_SO_LIEU,
    CHUA_DAT,
    DAT,
    KHONG_DAT,
    VUOT,
)
from nghiquyet.indicators.selectors import Line, indicators_for, unit_lines
from nghiquyet.orgs.models import Organisation

STATUSES = (VUOT, DAT, KHONG_DAT, CHUA_DAT, CHUA_CO_SO_LIEU)


def number(value: Decimal | None) -> int | float | None:
    """A JSON number: an integer when whole, otherwise a float of the exact decimal text."""
    if value is None:
        return None
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return int(normal)
    return float(normal)


def entry(line: Line) -> dict[str, Any]:
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
        "numerator": number(figure.numerator) if figure else None,
        "denominator": number(figure.denominator) if figure else None,
        "display": line.display,
        "percent_of_target": number(line.achievement.percent) if line.achievement else None,
        "status": line.status,
        "estimate": bool(figure and figure.estimate),
        "source": figure.source if figure else None,
        "same_period_last_year": number(line.last_year.value) if line.last_year else None,
        "change_vs_last_year_pct": number(line.change),
    }


def summary(lines: list[Line]) -> dict[str, Any]:
    counts = {status: 0 for status in STATUSES}
    for line in lines:
        if line.status in counts:
            counts[line.status] += 1
    with_target = sum(1 for line in lines if line.target is not None)
    met = counts[VUOT] + counts[DAT]
    return {
        "counts": counts,
        "with_target": with_target,
        "met_or_exceeded": met,
        "sentence": f"{met}/{with_target} chỉ tiêu đạt và vượt",
    }


def sections(*, org: Organisation, period: Period, actor: AnyUser) -> dict[str, Any]:
    lines = unit_lines(org=org, period=period, indicators=indicators_for(actor, org))
    return {"indicators": [entry(line) for line in lines], "summary": summary(lines)}
