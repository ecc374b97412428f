"""Read a pasted document header into form values (pure; see ``citations.py`` for references).

::

    THÀNH ỦY CAO LÃNH              ĐẢNG CỘNG SẢN VIỆT NAM
            *
    Số 07-KH/ThU                   Cao Lãnh, ngày 07 tháng 8 năm 2020
                        KẾ HOẠCH
      lãnh đạo, chỉ đạo triển khai quán triệt Nghị quyết Đại hội ...

gives the scheme, number, type code, body code, issue date, type and trích yếu, and the
issuing body as named in the left-hand block (``issuer``: "THÀNH ỦY CAO LÃNH", ``superior``:
"ĐẢNG BỘ TỈNH ĐỒNG THÁP"; HD36 §1.3). A header copied from a legal website whose first lines
are a metadata table (``| Số hiệu | 18/2025/NQ-HĐND |``) gives its number too. The trích yếu
stops at the first line of the body (``Căn cứ …``, ``Kính gửi …``). Anything that cannot be
read is left empty and explained in ``notes``; nothing is guessed.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from nghiquyet.core.formats import parse_date
from nghiquyet.core.text import fold
from nghiquyet.documents.citations import Citation, CitationError, find_citations
from nghiquyet.documents.doctypes import TYPE_NAMES, Scheme

_PLACE_DATE = re.compile(
    r"(?P<place>[^\n,*]{2,60}),\s*ngày\s+(?P<date>\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4})",
    re.IGNORECASE,
)
_NUMBER_LINE = re.compile(r"(?<!\w)số(?:\s+(?:ký\s+)?hiệu)?(?![^\W\d_])[^\n]*", re.IGNORECASE)
# Lines that start the body of a document: the trích yếu ends before them.
_BODY_START = re.compile(
    r"^(?:căn cứ|kính gửi|xét (?:tờ trình|đề nghị)|theo đề nghị|điều \d|chương [ivx\d]|phần [ivx\d]"
    r"|[ivx]+\s*[.-]|\d+\s*[.)]|quyết nghị|quyết định\s*:)",
    re.IGNORECASE,
)
# Left-hand block lines that are not the issuing body.
_NOT_ISSUER = ("ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", "ĐỘC LẬP")
_PARTY_UNIT = re.compile(r"^(?:dang bo|ban chap hanh dang bo)\s+")
_UNIT_KIND = re.compile(r"^(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|dac khu)\s+")
_COLUMNS = re.compile(r"\t+| {2,}|\|")


@dataclass
class Header:
    """``values`` are form values; ``issuer``/``superior`` are the left-hand block's names."""

    values: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    issuer: str = ""
    superior: str = ""


def parse_header(text: str) -> Header:
    text = unicodedata.normalize("NFC", text or "")
    header = Header()
    _scheme(text, header)
    _number(text, header)
    _date(text, header)
    _type_and_title(text, header)
    _issuer(text, header)
    return header


def _scheme(text: str, header: Header) -> None:
    upper = text.upper()
    if "ĐẢNG CỘNG SẢN VIỆT NAM" in upper:
        header.values["scheme"] = Scheme.DANG
    elif "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in upper or "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA" in upper:
        header.values["scheme"] = Scheme.NHA_NUOC


def _number(text: str, header: Header) -> None:
    lines = list(_NUMBER_LINE.finditer(text))
    if not lines:
        header.notes.append("Không thấy dòng “Số …” trong phần đầu văn bản.")
        return
    first_error = ""
    for line in lines:
        scan = find_citations(line.group(0).replace("|", " "))
        complete = [c for c in scan.citations if c.complete]
        if complete and not (scan.errors and scan.errors[0].position < complete[0].start):
            _fill_number(text, line, complete[0], header)
            return
        first_error = first_error or (scan.errors[0].message if scan.errors else "")
    shown = _cells(lines[0].group(0))
    header.notes.append(first_error or f"Không đọc được số, ký hiệu “{' '.join(shown)[:80]}”.")


def _fill_number(text: str, line: re.Match[str], c: Citation, header: Header) -> None:
    header.values |= {
        "scheme": header.values.get("scheme") or c.scheme,
        "number": c.number,
        "type_code": c.type_code,
        "body_code": c.body_code,
    }
    if c.year is not None:
        header.values["year_in_symbol"] = True
    rest = find_citations(text[line.end() :])
    header.cited = [r.describe() for r in rest.citations if r.symbol != c.symbol]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in _COLUMNS.split(line) if cell.strip()]


def _date(text: str, header: Header) -> None:
    m = _PLACE_DATE.search(text)
    if m is None:
        header.notes.append("Không thấy dòng địa danh, ngày tháng năm.")
        return
    try:
        header.values["issue_date"] = parse_date(m["date"])
    except ValueError as exc:
        header.notes.append(str(exc))


def _type_and_title(text: str, header: Header) -> None:
    lines = [ln.strip() for ln in text.splitlines()]
    for index, line in enumerate(lines):
        doc_type = TYPE_NAMES.get(line.lower()) if line and line == line.upper() else None
        if doc_type:
            header.values["doc_type"] = doc_type
            title = _title_after(lines[index + 1 :])
            if title:
                header.values["title"] = title
            return
    header.notes.append("Không thấy tên loại văn bản (ví dụ KẾ HOẠCH) trên một dòng riêng.")


def _title_after(lines: list[str]) -> str:
    """The trích yếu: the lines after the type name, up to a rule, a blank line or the first
    line of the body (``Căn cứ …``)."""
    parts: list[str] = []
    for line in lines:
        if _BODY_START.match(line):
            break
        if not line or set(line) <= set("-–—*_ "):
            if parts:
                break
            continue
        parts.append(line)
    return " ".join(parts)


def _issuer(text: str, header: Header) -> None:
    """The issuing body and the body above it: the upper-case left-hand cells above the ``*``,
    the number line, the place and date or the type name (HD36 §1.3; NĐ 30/2020 Phụ lục I)."""
    names: list[str] = []
    for raw in text.splitlines():
        cells = _cells(raw)
        if not cells or "|" in raw:  # A website's metadata table is not the header.
            continue
        left = cells[0]
        if _ends_the_block(raw, left):
            break
        if _is_body_name(left):
            names.append(left)
    header.issuer = names[-1] if names else ""
    header.superior = names[-2] if len(names) > 1 else ""


def _ends_the_block(raw: str, left: str) -> bool:
    """The ``*``, the number line, the place and date or the type name: the block is over."""
    number_or_star = left.startswith("*") or _NUMBER_LINE.match(left) is not None
    return number_or_star or bool(_PLACE_DATE.search(raw)) or left.lower() in TYPE_NAMES


def _is_body_name(cell: str) -> bool:
    upper = cell == cell.upper() and any(ch.isalpha() for ch in cell)
    return upper and not cell.startswith(_NOT_ISSUER) and not set(cell) <= set("-–—*_ ")


def issuer_names(header: Header) -> list[str]:
    """Folded names the issuing body may carry in the register:
    ``TỈNH ỦY`` under ``ĐẢNG BỘ TỈNH ĐỒNG THÁP`` -> ["tinh uy", "tinh uy dong thap",
    "dang bo tinh dong thap tinh uy", ...]; ``[]`` when the header names no body."""
    if not header.issuer:
        return []
    issuer, superior = fold(header.issuer), fold(header.superior)
    names = [issuer]
    if superior:
        place = _PARTY_UNIT.sub("", superior).strip()
        bare_place = _UNIT_KIND.sub("", place).strip()
        names += [f"{issuer} {bare_place}", f"{issuer} {place}", f"{superior} {issuer}"]
    return list(dict.fromkeys(n for n in names if n))


__all__ = ["CitationError", "Header", "issuer_names", "parse_header"]
