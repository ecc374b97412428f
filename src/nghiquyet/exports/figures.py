"""The figures of the report JSON as the DOCX and XLSX show them, computed once for both.

Every figure comes from the JSON (``core/report.py``): a value is shown with the decimals of
the JSON's own ``display`` text, so the DOCX, the XLSX and the web page agree to the digit.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from nghiquyet.core.formats import format_number
from nghiquyet.indicators.achievement import CHUA_DAT, DAT, KHONG_DAT, STATUS_LABELS, VUOT

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
    the JSON displays the value with (None when the value is not a number: milestones,
    qualitative targets)."""

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

    @property
    def percent_text(self) -> str:
        return f"{vn(self.percent)}%" if self.percent is not None else ""

    @property
    def last_year_text(self) -> str:
        return vn(self.last_year, self.places)


def target_row(entry: dict[str, Any]) -> TargetRow:
    display = entry.get("display") or ""
    places = places_of(display) if entry.get("value") is not None else None
    value = entry.get("value") if places is not None else None
    text = vn(value, places) if value is not None else display
    status = entry.get("status") or ""
    return TargetRow(
        code=entry["code"],
        name=entry["name"],
        unit=entry.get("unit") or "",
        plan=(entry.get("target") or {}).get("text") or "",
        value=value,
        value_text=f"{text} (ước)" if entry.get("estimate") and text else text,
        estimate=bool(entry.get("estimate")),
        percent=entry.get("percent_of_target"),
        status=status,
        status_label=STATUS_LABELS.get(status, ""),
        last_year=entry.get("same_period_last_year"),
        change=entry.get("change_vs_last_year_pct"),
        places=places,
    )


def target_rows(data: dict[str, Any]) -> list[TargetRow]:
    return [target_row(e) for e in data.get("indicators") or []]


def met_sentence(data: dict[str, Any]) -> str:
    """The JSON's own "x/y chỉ tiêu đạt và vượt" sentence, unchanged."""
    return str((data.get("summary") or {}).get("sentence") or "")


def missed(rows: list[TargetRow]) -> list[TargetRow]:
    return [r for r in rows if r.status in MISSED]


def met(rows: list[TargetRow]) -> list[TargetRow]:
    return [r for r in rows if r.status in (VUOT, DAT)]
