"""What each unit of the load test submits, derived from its code: no state to share.

The seed, the locust users and the checker all call these functions, so the checker knows the
expected figures without trusting anything the run itself recorded.
"""

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROVINCE = "LT"
FORM = "LT-QUY"
UNITS_PER_GROUP = 100
# The kinds cycle over the indicators: counts and amounts sum their values, ratios sum their
# numerators and denominators (decision 0007).
KINDS = ("so_luong", "gia_tri", "ty_le", "so_luong")
RATIO = "ty_le"


@dataclass(frozen=True)
class Figure:
    """A unit's official figure for one indicator: ``value`` for counts and amounts,
    ``numerator`` and ``denominator`` for ratios (whole numbers, so sums are exact)."""

    value: int = 0
    numerator: int = 0
    denominator: int = 0


def group_code(g: int) -> str:
    return f"{PROVINCE}-G{g:02d}"


def unit_code(i: int) -> str:
    """The i-th commune's code; communes are spread over groups of ``UNITS_PER_GROUP``."""
    return f"{group_code(i // UNITS_PER_GROUP)}-X{i:04d}"


def indicator_code(j: int) -> str:
    return f"LT-I{j:02d}"


def figure(unit: str, indicator: str, kind: str) -> Figure:
    """The figure ``unit`` reports for ``indicator``: a fixed function of the two codes."""
    seed = zlib.crc32(f"{unit}|{indicator}".encode())
    if kind == RATIO:
        denominator = 50 + seed % 351
        return Figure(numerator=(seed // 351) % (denominator + 1), denominator=denominator)
    return Figure(value=seed % 1000)


def entry_text(fig: Figure, kind: str) -> dict[str, str]:
    """The grid's raw text for one row (what a unit types: plain whole numbers)."""
    if kind == RATIO:
        return {"numerator": str(fig.numerator), "denominator": str(fig.denominator)}
    return {"value": str(fig.value)}


@dataclass(frozen=True)
class Manifest:
    """What the seed made: the form, the open quarter, the units with their API keys, the
    leaders with their passwords, and the indicators with their kinds."""

    form: str
    period: str
    province: str
    units: list[dict[str, str]]
    leaders: list[dict[str, str]]
    indicators: dict[str, str]

    def entries(self, unit: str) -> dict[str, dict[str, str]]:
        """The JSON body's ``entries`` for ``unit``: every indicator of the form."""
        return {
            code: entry_text(figure(unit, code, kind), kind)
            for code, kind in self.indicators.items()
        }

    def expected(self) -> dict[tuple[str, str], Figure]:
        """{(unit code, indicator code): figure} for every unit and indicator."""
        return {
            (u["code"], code): figure(u["code"], code, kind)
            for u in self.units
            for code, kind in self.indicators.items()
        }

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.__dict__, ensure_ascii=False, indent=1), "utf-8")
        path.chmod(0o600)

    @classmethod
    def load(cls, path: Path) -> "Manifest":
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
        return cls(**data)
