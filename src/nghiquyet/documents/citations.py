"""Find document references in free text (DOMAIN.md §5.3). Pure: no database, no Django models.

Accepted forms, as officials write them:

- ``Kế hoạch số 07-KH/ThU, ngày 7-8-2020`` (Party: number-type/body, joint bodies ``BTCTU-BDVTU``);
- ``Số: 12/KH-UBND``, ``Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020`` (State);
- ``Kết luận số 01 ngày 18/5/2021 của Bộ Chính trị`` (a bare number: the body comes from the
  issuer when it is unambiguous, and the inferred parts are listed in ``inferred``);
- ``147-CTHĐ/TU`` on its own (local type codes are accepted as written);
- ``số31-QĐ/TW`` (no space after "số"), ``số 84 QĐ/TWĐTN`` (a space instead of the hyphen);
- ``19/2008/NQLT/CP-UBTUMTTQVN`` (a joint State symbol, "/" after the type: joint issuers
  CP and UBTUMTTQVN), ``07-QĐI/TW`` (codes printed in capitals: QĐi);
- ``Công văn 10453/CT-TTHT``: when the words name a type that has no code (công văn), the
  whole tail is the body, even if its first part equals a type code.

An issuer named in words gives the body code only when it can be told: the most specific
name wins ("Thủ tướng Chính phủ" is TTg, not CP); a staff body ("Ban Tổ chức Tỉnh ủy") or two
different issuers give nothing.

A reference that is clearly meant (after "số" or a type name) but malformed, such as
``07-KH``, ``KH/ThU``, ``số 0-KH/TU`` or a date like ``31-2-2020``, yields a
:class:`CitationError` with a Vietnamese message. The parser never guesses a missing part.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace

from nghiquyet.core.formats import format_date_short, parse_date
from nghiquyet.core.text import fold
from nghiquyet.documents.doctypes import (
    TYPE_NAMES,
    Scheme,
    canonical_code,
    default_code,
    is_type_code,
    type_from_code,
)
from nghiquyet.documents.symbols import symbol

MAX_NUMBER = 99999
_L = r"[A-Za-zÀ-ỹĐđ]"
_AN = r"[0-9A-Za-zÀ-ỹĐđ]"
_WORD = rf"{_L}{_AN}*"
# "84 QĐ/TWĐTN" and "84 - QĐ/TW": a Party symbol typed with a space for its hyphen.
_SPACED = rf"\d+(?:[ \t]*-[ \t]*|[ \t]+){_WORD}[ \t]*/[ \t]*{_WORD}(?:-{_WORD})*"
_TOKEN = rf"(?:{_SPACED}|{_AN}+(?:[-/]{_AN}+)*)"
_SPACED_PARTS = re.compile(rf"^(\d+)\s*-?\s*({_WORD})\s*/\s*(.+)$")
_NAMES = "|".join(re.escape(n) for n in sorted(TYPE_NAMES, key=len, reverse=True))
_ANCHOR = re.compile(
    rf"(?<!\w)(?:(?P<name>{_NAMES})\s+)?(?:(?P<so>số)(?![^\W\d_])\s*:?\s*)?(?P<token>{_TOKEN})",
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
_STATE_JOINT = re.compile(rf"^(\d+)/(?:(\d{{4}})/)?({_WORD})/({_WORD}(?:-{_WORD})+)$")
_STATE = re.compile(rf"^(\d+)/({_L}{_AN}*(?:-{_L}{_AN}*)*)$")
_PARTY_NO_BODY = re.compile(rf"^(\d+)-({_L}{_AN}*)$")
# After a bare number, a code-like word joined by "/" or "-": a symbol that did not parse.
_LEFTOVER = re.compile(rf"[ \t]*{_WORD}[ \t]*[-/]")

# Issuers whose body code is unambiguous. "Thành ủy" is not here: TU and ThU both occur.
# Where one name holds another ("Thủ tướng Chính phủ" holds "Chính phủ"), the longer wins.
_KNOWN_ISSUERS: list[tuple[str, str, str]] = [
    ("bo chinh tri", "TW", Scheme.DANG),
    ("ban bi thu", "TW", Scheme.DANG),
    ("ban chap hanh trung uong", "TW", Scheme.DANG),
    ("van phong trung uong", "VPTW", Scheme.DANG),
    ("ban to chuc trung uong", "BTCTW", Scheme.DANG),
    ("tinh uy", "TU", Scheme.DANG),
    ("ban chap hanh dang bo tinh", "TU", Scheme.DANG),
    ("huyen uy", "HU", Scheme.DANG),
    ("quan uy", "QU", Scheme.DANG),
    ("dang uy", "ĐU", Scheme.DANG),
    ("dang uy khoi", "ĐUK", Scheme.DANG),
    ("chinh phu", "CP", Scheme.NHA_NUOC),
    ("thu tuong", "TTg", Scheme.NHA_NUOC),
    ("thu tuong chinh phu", "TTg", Scheme.NHA_NUOC),
    ("uy ban nhan dan", "UBND", Scheme.NHA_NUOC),
    ("ubnd", "UBND", Scheme.NHA_NUOC),
]
_ISSUER_NEEDLES = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(n) for n, _b, _s in sorted(_KNOWN_ISSUERS, key=lambda i: -len(i[0])))
    + r")(?!\w)"
)
_ISSUER_CODES = {needle: (scheme, body) for needle, body, scheme in _KNOWN_ISSUERS}
# Staff bodies and joint issuers: their codes cannot be told from the committee they serve.
_UNTELLABLE = re.compile(
    r"(?<!\w)(?:ban to chuc|ban tuyen giao|ban dan van|ban noi chinh|ban kinh te|ban can su"
    r"|uy ban kiem tra|van phong|dang doan|ban chi dao|va|cung)(?!\w)"
)
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
    joint_bodies: tuple[str, ...] = field(default=())
    slash_after_type: bool = False

    @property
    def complete(self) -> bool:
        """Whether the symbol is known in full (scheme, number and body)."""
        return bool(self.scheme and self.body_code)

    @property
    def symbol(self) -> str:
        if not self.complete:
            return f"{self.number:02d}"
        if self.slash_after_type:
            head = f"{self.number:02d}/{self.year}" if self.year else f"{self.number:02d}"
            return f"{head}/{self.type_code}/{self.body_code}"
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
    parts = parse_token(body)
    if not parts.body_code:
        raise CitationError(
            f"Ký hiệu “{raw}” chỉ có số, thiếu loại văn bản và cơ quan ban hành ({_FORMS}).", raw
        )
    return Citation(
        raw=raw,
        start=0,
        end=len(raw),
        scheme=parts.scheme,
        number=parts.number,
        type_code=parts.type_code,
        body_code=parts.body_code,
        doc_type=type_from_code(parts.scheme, parts.type_code),
        year=parts.year,
        joint_bodies=parts.joint_bodies,
        slash_after_type=parts.slash_after_type,
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


@dataclass(frozen=True)
class Parts:
    """What a symbol says: ``19/2008/NQLT/CP-UBTUMTTQVN`` -> (nha_nuoc, 19, NQLT,
    CP-UBTUMTTQVN, 2008, joint_bodies=(CP, UBTUMTTQVN), slash_after_type=True)."""

    scheme: str
    number: int
    type_code: str = ""
    body_code: str = ""
    year: int | None = None
    joint_bodies: tuple[str, ...] = ()
    slash_after_type: bool = False


def parse_token(token: str) -> Parts:
    """``07-KH/ThU`` -> Parts(dang, 7, KH, ThU); ``01`` -> Parts("", 1); CitationError when
    the token is not a symbol (the message names the missing part)."""
    if m := _SPACED_PARTS.match(token):
        token = f"{m[1]}-{m[2]}/{m[3].replace(' ', '')}"
    if m := _PARTY.match(token):
        joint = tuple(m[3].split("-"))
        return Parts(
            Scheme.DANG,
            _number(m[1], token),
            canonical_code(Scheme.DANG, m[2]),
            m[3],
            joint_bodies=joint if len(joint) > 1 else (),
        )
    if m := _STATE_JOINT.match(token):
        type_code = canonical_code(Scheme.NHA_NUOC, m[3])
        year = int(m[2]) if m[2] else None
        number = _number(m[1], token)
        joint = tuple(m[4].split("-"))
        return Parts(Scheme.NHA_NUOC, number, type_code, m[4], year, joint, True)
    if m := (_STATE_YEAR.match(token) or _STATE.match(token)):
        year = int(m[2]) if m.re is _STATE_YEAR else None
        type_code, body = _split_state(m[m.re.groups])
        return Parts(Scheme.NHA_NUOC, _number(m[1], token), type_code, body, year)
    if token.isdigit():
        return Parts("", _number(token, token))
    raise CitationError(_explain(token), token)


def _split_state(tail: str) -> tuple[str, str]:
    """``KH-UBND`` -> (KH, UBND); ``SY-UBND`` -> (SY, UBND); ``UBND-VP`` (a công văn) ->
    ("", UBND-VP)."""
    head, _, rest = tail.partition("-")
    if rest and is_type_code(Scheme.NHA_NUOC, head):
        return canonical_code(Scheme.NHA_NUOC, head), rest
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
        parts = parse_token(match["token"])
    except CitationError as exc:
        raise CitationError(exc.message, match.group(0), match.start()) from None
    if not parts.scheme and _LEFTOVER.match(text, match.end()):
        raise CitationError(_unreadable_after_number(text, match), match.group(0), match.start())
    issue_date, pos = _read_date(text, match.end(), match)
    issuer = ""
    if m := _ISSUER.match(text, pos):
        issuer, pos = m["issuer"].strip(), m.end()
    name = (match["name"] or "").strip()
    doc_type = TYPE_NAMES.get(name.lower(), "") if name else ""
    parts, inferred = _complete(parts, doc_type, issuer)
    if not doc_type and parts.scheme:
        doc_type = type_from_code(parts.scheme, parts.type_code)
    citation = Citation(
        raw=text[match.start() : pos].strip(),
        start=match.start(),
        end=pos,
        scheme=parts.scheme,
        number=parts.number,
        type_code=parts.type_code,
        body_code=parts.body_code,
        doc_type=doc_type,
        type_name=name[:1].upper() + name[1:].lower() if name else "",
        year=parts.year,
        issue_date=issue_date,
        issuer=issuer,
        inferred=tuple(inferred),
        joint_bodies=parts.joint_bodies,
        slash_after_type=parts.slash_after_type,
    )
    return citation, pos


def _complete(parts: Parts, doc_type: str, issuer: str) -> tuple[Parts, list[str]]:
    """Reconcile the symbol with the words around it; list the parts filled from them."""
    if _names_a_codeless_type(parts, doc_type):
        # "Công văn 10453/CT-TTHT": a công văn has no type code, so CT is the body's.
        body = f"{parts.type_code}-{parts.body_code}"
        parts = replace(parts, type_code="", body_code=body)
    inferred: list[str] = []
    if parts.body_code:
        return parts, inferred
    scheme, body = _from_issuer(issuer)
    inferred += ["body_code"] if body else []
    type_code = default_code(scheme, doc_type) if doc_type and scheme else ""
    inferred += ["type_code"] if type_code else []
    return replace(parts, scheme=scheme, body_code=body, type_code=type_code), inferred


def _names_a_codeless_type(parts: Parts, doc_type: str) -> bool:
    state_code = parts.scheme == Scheme.NHA_NUOC and parts.type_code and not parts.slash_after_type
    return bool(state_code and doc_type and not default_code(Scheme.NHA_NUOC, doc_type))


def _unreadable_after_number(text: str, match: re.Match[str]) -> str:
    end = text.find("\n", match.end())
    shown = text[match.start() : end if end >= 0 else len(text)][:80].strip()
    return f"Ký hiệu trong “{shown}” không đúng dạng ({_FORMS})."


def _read_date(text: str, pos: int, match: re.Match[str]) -> tuple[dt.date | None, int]:
    m = _DATE.match(text, pos)
    if m is None:
        return None, pos
    try:
        return parse_date(m["date"]), m.end()
    except ValueError as exc:
        raise CitationError(str(exc), text[match.start() : m.end()], match.start()) from None


def _from_issuer(issuer: str) -> tuple[str, str]:
    """(scheme, body code) of an issuer named in words, or ("", "") when it cannot be told."""
    folded = fold(issuer)
    found = {_ISSUER_CODES[m.group(0)] for m in _ISSUER_NEEDLES.finditer(folded)}
    rest = _ISSUER_NEEDLES.sub(" ", folded)
    if len(found) != 1 or _UNTELLABLE.search(rest):
        return "", ""
    return next(iter(found))
