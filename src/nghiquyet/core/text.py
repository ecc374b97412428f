"""Accent-insensitive text helpers: "cao lanh" must find "Cao Lãnh"."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (including đ) and collapse white space."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def fold_compact(text: str) -> str:
    """Fold and drop every space, for matching spreadsheet headers such as "Mã cấp trên"."""
    return fold(text).replace(" ", "")
