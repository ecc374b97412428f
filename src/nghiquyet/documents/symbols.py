"""Render document numbers and symbols from their parts (DOMAIN.md §1.3 and §1.7).

Party: ``Số 07-KH/ThU`` (no colon; hyphen, then slash; joint bodies joined by "-").
State: ``Số: 12/KH-UBND``, ``Số: 30/2020/NĐ-CP``; a state công văn has no type code.
Numbers below 10 take a leading zero.
"""

from nghiquyet.documents.doctypes import Scheme


def padded(number: int) -> str:
    return f"{number:02d}"


def symbol(
    *,
    scheme: str,
    number: int | None,
    type_code: str,
    body_code: str,
    year: int | None = None,
    year_in_symbol: bool = False,
) -> str:
    """``07-KH/ThU`` or ``12/KH-UBND``; ``""`` while a draft has no number."""
    if number is None:
        return ""
    if scheme == Scheme.DANG:
        return f"{padded(number)}-{type_code}/{body_code}"
    head = f"{padded(number)}/{year}" if year_in_symbol and year else padded(number)
    tail = f"{type_code}-{body_code}" if type_code else body_code
    return f"{head}/{tail}"


def number_line(scheme: str, text: str) -> str:
    """The header line: ``Số 07-KH/ThU`` (Party) or ``Số: 12/KH-UBND`` (State)."""
    if not text:
        return ""
    return f"Số {text}" if scheme == Scheme.DANG else f"Số: {text}"
