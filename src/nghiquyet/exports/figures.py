"""The figures of the report JSON as the DOCX and XLSX show them, computed once for both.

Every figure comes from the JSON (``core/report.py``): a value is shown with the decimals of
the JSON's own ``display`` text, so the DOCX, the XLSX and the web page agree to the digit.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from nghiquyet.core.formats import format_date_short, format_number
from nghiquyet.indicators.achievement import (
    CHUA_DAT,
    DAT,
    KHONG_DAT,
    STATUS_LABELS,
    TAM_TINH,
    VUOT,
)
from nghiquyet.indicators.models import Indicator

MISSED = frozenset({KHONG_DAT, CHUA_DAT})
_LEADING_NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,(\d+))?")


def places_of(display: str) -> int | None:
    """Decimals of the number that starts ``display`` (``"96,3%"`` -> 1); None if no number."""
    match = _LEADING_NUMBER.match(display or "")
    if match is None:
        return None
    return len(match.group(1) or "")


def natural_places(value: float | int) -> int:
    """Decimals a JSON number carries (``83.28`` -> 2, ``120`` -> 0), at most 6."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return min(max(-exponent, 0), 6) if isinstance(exponent, int) else 0


def vn(value: float | int | None, places: int | None = None) -> str:
    """A JSON number in Vietnamese notation: ``10612.3`` -> ``10.612,3``; None -> ``""``."""
    if value is None:
        return ""
    shown = natural_places(value) if places is None else places
    return format_number(Decimal(str(value)), shown)


@dataclass(frozen=True)
class TargetRow:
    """One line of the targets table. Numbers are the JSON's; ``places`` is how many decimals
    the JSON displays the value with (the indicator's own decimals when the line has no value
    of its own; None for a value that is not a number: milestones, qualitative targets).

    ``cumulative`` is True when the value shown is the line's ``to_date`` figure ("lũy kế"),
    the one its status was judged on; ``notes`` are the coverage sentence and the note on the
    same-period figure (taken from predecessor units), for the table's notes column."""

    code: str
    name: str
    unit: str
    plan: str
    value: float | int | None
    value_text: str
    estimate: bool
    percent: float | int | None
    status: str
    status_label: str
    last_year: float | int | None
    change: float | int | None
    places: int | None
    cumulative: bool = False
    notes: tuple[str, ...] = ()

    @property
    def percent_text(self) -> str:
        return (
            f"{vn(self.percent, min(natural_places(self.percent), 2))}%"
            if (self.percent is not None)
            else ""
        )

    @property
    def last_year_text(self) -> str:
        return vn(self.last_year, self.places if self.places is not None else 2)

    @property
    def change_text(self) -> str:
        return (
            ""
            if self.change is None
            else f"{vn(self.change, min(natural_places(self.change), 2))}%"
        )

    @property
    def note_text(self) -> str:
        return "; ".join(self.notes)


def _shown(entry: dict[str, Any]) -> tuple[Any, str, bool]:
    """The figure a line shows: its own value and display, else its ``to_date`` (lũy kế)."""
    basis = entry.get("to_date") or {}
    if entry.get("display") or not basis.get("display"):
        return entry.get("value"), entry.get("display") or "", False
    return basis.get("value"), basis.get("display") or "", True


def _status_label(entry: dict[str, Any]) -> str:
    status = entry.get("status") or ""
    label = STATUS_LABELS.get(status, "")
    indicative = STATUS_LABELS.get(entry.get("indicative_status") or "", "")
    return f"{label} ({indicative.lower()})" if status == TAM_TINH and indicative else label


def _notes(entry: dict[str, Any], cumulative: bool) -> tuple[str, ...]:
    basis = entry.get("to_date") or {}
    span = ""
    if cumulative and basis.get("from") and basis.get("to"):
        span = f"lũy kế từ {_day(basis['from'])} đến {_day(basis['to'])}"
    notes = (span, entry.get("coverage_text") or "", entry.get("same_period_last_year_note") or "")
    return tuple(n for n in notes if n)


def _day(iso: str) -> str:
    return format_date_short(dt.date.fromisoformat(iso))


def target_row(entry: dict[str, Any], decimals: int | None = None) -> TargetRow:
    """One table line from one ``indicators`` entry of the JSON; ``decimals`` is the
    indicator's own, used when the line displays no number to take them from."""
    raw, display, cumulative = _shown(entry)
    places = places_of(display) if raw is not None else None
    value = raw if places is not None else None
    text = vn(value, places) if value is not None else display
    if cumulative and text:
        text = f"{text} (lũy kế)"
    return TargetRow(
        code=entry["code"],
        name=entry["name"],
        unit=entry.get("unit") or "",
        plan=(entry.get("target") or {}).get("text") or "",
        value=value,
        value_text=f"{text} (ước)" if entry.get("estimate") and text else text,
        estimate=bool(entry.get("estimate")),
        percent=entry.get("percent_of_target"),
        status=entry.get("status") or "",
        status_label=_status_label(entry),
        last_year=entry.get("same_period_last_year"),
        change=entry.get("change_vs_last_year_pct"),
        places=places if places is not None else decimals,
        cumulative=cumulative,
        notes=_notes(entry, cumulative),
    )


def target_rows(data: dict[str, Any]) -> list[TargetRow]:
    """The table lines of the JSON's ``indicators``, in order."""
    entries = data.get("indicators") or []
    decimals = indicator_decimals([e["code"] for e in entries])
    return [target_row(e, decimals.get(e["code"])) for e in entries]


def indicator_decimals(codes: list[str]) -> dict[str, int]:
    """The decimals each indicator is written with (``Indicator.decimals``), by code."""
    rows = Indicator.objects.filter(code__in=codes).values_list("code", "decimals")
    return {code: places for code, places in rows}


def met_sentence(data: dict[str, Any]) -> str:
    """The JSON's own "x/y chỉ tiêu đạt và vượt" sentence, unchanged."""
    return str((data.get("summary") or {}).get("sentence") or "")


def missed(rows: list[TargetRow]) -> list[TargetRow]:
    return [r for r in rows if r.status in MISSED]


def met(rows: list[TargetRow]) -> list[TargetRow]:
    return [r for r in rows if r.status in (VUOT, DAT)]
