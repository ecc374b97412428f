"""The rating rules of Quy định 366-QĐ/TW as DOMAIN.md §3 records them, in one place.

- Levels by score out of 100 (Art. 11): HTXSNV ≥ 90, HTTNV 70 to < 90, HTNV 50 to < 70,
  KHTNV < 50 or when disqualifying facts are found. The bounds are exact: 90 is HTXSNV,
  89.99 HTTNV.
- The excellence cap: those rated HTXSNV may be at most a percentage of those rated HTTNV
  in the same unit (Hướng dẫn 21-HD/BTCTW; NĐ 335/2025 Art. 20(5)(a)); the percentage is
  configurable per organisation and defaults to 20. The base is the number rated HTTNV, as
  DOMAIN.md words it ("no more than 20 % of those rated HTTNV").
"""

from decimal import Decimal

from nghiquyet.oversight.models import Level

DEFAULT_CAP = Decimal(20)
BANDS = ((Decimal(90), Level.HTXSNV), (Decimal(70), Level.HTTNV), (Decimal(50), Level.HTNV))
LEVEL_ORDER = (Level.HTXSNV, Level.HTTNV, Level.HTNV, Level.KHTNV)


def level_for(score: Decimal, *, disqualified: bool = False) -> Level:
    """The level a score out of 100 earns; disqualifying facts make it KHTNV."""
    if disqualified:
        return Level.KHTNV
    for bound, level in BANDS:
        if score >= bound:
            return level
    return Level.KHTNV


def cap_allows(excellent: int, good: int, cap: Decimal) -> bool:
    """Whether ``excellent`` HTXSNV fit within ``cap`` % of ``good`` HTTNV (exact)."""
    return Decimal(excellent) * 100 <= cap * good


def cap_limit(good: int, cap: Decimal) -> int:
    """The most HTXSNV allowed for ``good`` HTTNV."""
    return int(cap * good / 100)
