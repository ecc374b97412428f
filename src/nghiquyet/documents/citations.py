"""Find document references in free text (DOMAIN.md §5.3). Pure: no database, no Django models.

Accepted forms, as officials write them:

- ``Kế hoạch số 07-KH/ThU, ngày 7-8-2020`` (Party: number-type/body, joint bodies ``BTCTU-BDVTU``);
- ``Số: 12/KH-UBND``, ``Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020`` (State);
- ``Kết luận số 01 ngày 18/5/2021 của Bộ Chính trị`` (a bare number: the body comes from the
  issuer when it is unambiguous, and the inferred parts are listed in ``inferred``);
- ``147-CTHĐ/TU`` on its own (local type codes are accepted as written).

A reference that is clearly meant (after "số" or a type name) but malformed, such as
``07-KH``, ``KH/ThU``, ``số 0-KH/TU`` or a date like ``31-2-2020``, yields a
:class:`CitationError` with a Vietnamese message. The parser never guesses a missing part.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from nghiquyet.core.formats import format_date_short, parse_date
from nghiquyet.core.text import fold
from nghiquyet.documents.doctypes import (
    STATE_CODES,
    TYPE_NAMES,
    Scheme,
    default_code,
    type_from_code,
)
from nghiquyet.documents.symbols import symbol

MAX_NUMBER = 99999
_L = r"[A-Za-zÀ-ỹĐđ]"
_AN = r"[0-9A-Za-zÀ-ỹĐđ]"
_TOKEN = rf"{_AN}+(?:[-/]{_AN}+)*"
_NAMES = "|".join(re.escape(n) for n in sorted(TYPE_NAMES, key=len, reverse=True))
_ANCHOR = re.compile(
    rf"(?<!\w)(?:(?P<name>{_NAMES})\s+)?(?:(?P<so>số)(?!\w)\s*:?\s*)?(?P<token>{_TOKEN})",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\s*,?\s*(?:(?P<ngay>ngày)\s*)?"
    r"(?P<date>\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})(?!\d)",
    re.IGNORECASE,
)
_ISSUER = re.compile(
    r"\s*,?\s*của\s+(?P<issuer>[^,;.()“”\"\n]+?)"
    r"(?=\s+(?:về|thực hiện|khóa|nhiệm kỳ|lần thứ|tại)(?!\w)|\s*[,;.()“”\"\n]|\s*$)",
    re.IGNORECASE,
)
_PARTY = re.compile(rf"^(\d+)-({_L}{_AN}*)/({_L}{_AN}*(?:-{_L}{_AN}*)*)$")
_STATE_YEAR = re.compile(rf"^(\d+)/(\d{{4}})/({_L}{_AN}*(?:-{_L}{_AN}*)*)$")
_STATE = re.compile(rf"^(\d+)/({_L}{_AN}*(?:-{_L}{_AN}*)*)$")
_PARTY_NO_BODY = re.compile(rf"^(\d+)-({_L}{_AN}*)$")
_STATE_TYPES = frozenset(c for c in STATE_CODES.values() if c)

# Issuers whose body code is unambiguous. "Thành ủy" is not here: TU and ThU both occur.
_KNOWN_ISSUERS: list[tuple[str, str, str]] = [
    ("bo chinh tri", "TW", Scheme.DANG),
    ("ban bi thu", "TW", Scheme.DANG),
    ("ban chap hanh trung uong", "TW", Scheme.DANG),
    ("tinh uy", "TU", Scheme.DANG),
    ("huyen uy", "HU", Scheme.DANG),
    ("quan uy", "QU", Scheme.DANG),
    ("dang uy", "ĐU", Scheme.DANG),
    ("chinh phu", "CP", Scheme.NHA_NUOC),
    ("thu tuong", "TTg", Scheme.NHA_NUOC),
    ("uy ban nhan dan", "UBND", Scheme.NHA_NUOC),
    ("ubnd", "UBND", Scheme.NHA_NUOC),
]
_FORMS = "ví dụ 07-KH/ThU (Đảng) hoặc 12/KH-UBND (Nhà nước)"


class CitationError(ValueError):
    """A reference meant as one but malformed. ``message`` is Vietnamese."""

    def __init__(self, message: str, raw: str = "", position: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.raw = raw
        self.position = position


@dataclass(frozen=True)
class Citation:
    """One reference. ``inferred`` names the parts that were filled from context."""

    raw: str
    start: int
    end: int
    scheme: str
    number: int
    type_code: str
    body_code: str
    doc_type: str = ""
    type_name: str = ""
    year: int | None = None
    issue_date: dt.date | None = None
    issuer: str = ""
    inferred: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """Whether the symbol is known in full (scheme, number and body)."""
        return bool(self.scheme and self.body_code)

    @property
    def symbol(self) -> str:
        if not self.complete:
            return f"{self.number:02d}"
        return symbol(
            scheme=self.scheme,
            number=self.number,
            type_code=self.type_code,
            body_code=self.body_code,
            year=self.year,
            year_in_symbol=self.year is not None,
        )

    def describe(self) -> str:
        """``Kế hoạch số 07-KH/ThU ngày 07/8/2020``."""
        name = self.type_name or ""
        text = f"{name} số {self.symbol}".strip()
        if self.issue_date:
            text += f" ngày {format_date_short(self.issue_date)}"
        return text[0].upper() + text[1:]


@dataclass
class Scan:
    citations: list[Citation] = field(default_factory=list)
    errors: list[CitationError] = field(default_factory=list)


def find_citations(text: str) -> Scan:
    """Every reference in ``text`` and every malformed one, in order of appearance."""
    text = unicodedata.normalize("NFC", text or "")
    scan = Scan()
    pos = 0
    while match := _ANCHOR.search(text, pos):
        pos = match.end()
        if not _is_candidate(match):
            continue
        try:
            citation, pos = _read(text, match)
        except CitationError as exc:
            scan.errors.append(exc)
            continue
        scan.citations.append(citation)
    return scan


def parse_citation(text: str) -> Citation:
    """The first reference in ``text``; CitationError if it is malformed or there is none."""
    scan = find_citations(text)
    first_error = scan.errors[0] if scan.errors else None
    first = scan.citations[0] if scan.citations else None
    if first_error and (first is None or first_error.position < first.start):
        raise first_error
    if first is None:
        raise CitationError(f"Không tìm thấy số, ký hiệu văn bản trong “{text.strip()[:80]}”.")
    return first


def parse_symbol(text: str) -> Citation:
    """Exactly one symbol, optionally after "Số"/"Số:" (a form field or a workbook cell)."""
    raw = unicodedata.normalize("NFC", (text or "").strip())
    body = re.sub(r"^số\s*:?\s*", "", raw, flags=re.IGNORECASE)
    if not body:
        raise CitationError("Chưa nhập số, ký hiệu văn bản.")
    if not re.fullmatch(_TOKEN, body):
        raise CitationError(f"Ký hiệu “{raw}” không đúng dạng ({_FORMS}).", raw)
    scheme, number, type_code, body_code, year = parse_token(body)
    if not body_code:
        raise CitationError(
            f"Ký hiệu “{raw}” chỉ có số, thiếu loại văn bản và cơ quan ban hành ({_FORMS}).", raw
        )
    return Citation(
        raw=raw,
        start=0,
        end=len(raw),
        scheme=scheme,
        number=number,
        type_code=type_code,
        body_code=body_code,
        doc_type=type_from_code(scheme, type_code),
        year=year,
    )


def _is_candidate(match: re.Match[str]) -> bool:
    token = match["token"]
    if match["name"] and match["so"]:
        # "Chương trình số hóa" is prose; "Kế hoạch số KH/ThU" is a malformed reference.
        return any(ch.isdigit() for ch in token) or "/" in token or "-" in token
    if match["so"]:
        return any(ch.isdigit() for ch in token) and ("/" in token or "-" in token)
    if match["name"]:
        return token[0].isdigit()
    return token[0].isdigit() and "/" in token and any(ch.isalpha() for ch in token)


def parse_token(token: str) -> tuple[str, int, str, str, int | None]:
    """``07-KH/ThU`` -> (dang, 7, KH, ThU, None); ``01`` -> ("", 1, "", "", None)."""
    if m := _PARTY.match(token):
        return Scheme.DANG, _number(m[1], token), m[2], m[3], None
    if m := _STATE_YEAR.match(token):
        type_code, body = _split_state(m[3])
        return Scheme.NHA_NUOC, _number(m[1], token), type_code, body, int(m[2])
    if m := _STATE.match(token):
        type_code, body = _split_state(m[2])
        return Scheme.NHA_NUOC, _number(m[1], token), type_code, body, None
    if token.isdigit():
        return "", _number(token, token), "", "", None
    raise CitationError(_explain(token), token)


def _split_state(tail: str) -> tuple[str, str]:
    """``KH-UBND`` -> (KH, UBND); ``UBND-VP`` (a công văn) -> ("", UBND-VP)."""
    head, _, rest = tail.partition("-")
    if rest and head in _STATE_TYPES:
        return head, rest
    return "", tail


def _number(digits: str, token: str) -> int:
    number = int(digits)
    if number < 1:
        raise CitationError(f"Số văn bản phải từ 01 trở lên, không thể là “{digits}” ({token}).")
    if number > MAX_NUMBER:
        raise CitationError(f"Số văn bản “{digits}” quá lớn ({token}).")
    return number


def _explain(token: str) -> str:
    if not token[0].isdigit():
        return f"Ký hiệu “{token}” thiếu số văn bản ở đầu ({_FORMS})."
    if _PARTY_NO_BODY.match(token):
        return (
            f"Ký hiệu “{token}” thiếu cơ quan ban hành sau dấu “/” "
            f"(ví dụ {token}/TU hoặc {token}/ThU)."
        )
    return f"Ký hiệu “{token}” không đúng dạng ({_FORMS})."


def _read(text: str, match: re.Match[str]) -> tuple[Citation, int]:
    try:
        scheme, number, type_code, body, year = parse_token(match["token"])
    except CitationError as exc:
        raise CitationError(exc.message, match.group(0), match.start()) from None
    pos = match.end()
    issue_date, pos = _read_date(text, pos, match)
    issuer = ""
    if m := _ISSUER.match(text, pos):
        issuer, pos = m["issuer"].strip(), m.end()
    name = (match["name"] or "").strip()
    doc_type = TYPE_NAMES.get(name.lower(), "") if name else ""
    inferred: list[str] = []
    if not body:
        scheme, body = _from_issuer(issuer)
        inferred += ["body_code"] if body else []
    if not type_code and doc_type and scheme and match["token"].isdigit():
        type_code = default_code(scheme, doc_type)
        inferred += ["type_code"] if type_code else []
    if not doc_type and scheme:
        doc_type = type_from_code(scheme, type_code)
    citation = Citation(
        raw=text[match.start() : pos].strip(),
        start=match.start(),
        end=pos,
        scheme=scheme,
        number=number,
        type_code=type_code,
        body_code=body,
        doc_type=doc_type,
        type_name=name[:1].upper() + name[1:].lower() if name else "",
        year=year,
        issue_date=issue_date,
        issuer=issuer,
        inferred=tuple(inferred),
    )
    return citation, pos


def _read_date(text: str, pos: int, match: re.Match[str]) -> tuple[dt.date | None, int]:
    m = _DATE.match(text, pos)
    if m is None:
        return None, pos
    try:
        return parse_date(m["date"]), m.end()
    except ValueError as exc:
        raise CitationError(str(exc), text[match.start() : m.end()], match.start()) from None


def _from_issuer(issuer: str) -> tuple[str, str]:
    folded = fold(issuer)
    for needle, body, scheme in _KNOWN_ISSUERS:
        if needle in folded:
            return scheme, body
    return "", ""
