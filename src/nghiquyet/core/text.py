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


# C0 control characters other than tab, line feed and carriage return, DEL, and the
# surrogate code points (a lone one cannot be stored as UTF-8 nor written to a workbook).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

FORBIDDEN_CHARACTERS_MESSAGE = "Chứa ký tự điều khiển hoặc ký tự không hợp lệ."


def has_forbidden_characters(text: str) -> bool:
    """True when ``text`` holds a control character (other than tab/newline) or a surrogate."""
    return _FORBIDDEN.search(text) is not None
