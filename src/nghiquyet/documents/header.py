"""Read a pasted document header into form values (pure; see ``citations.py`` for references).

::

    THÀNH ỦY CAO LÃNH              ĐẢNG CỘNG SẢN VIỆT NAM
            *
    Số 07-KH/ThU                   Cao Lãnh, ngày 07 tháng 8 năm 2020
                        KẾ HOẠCH
      lãnh đạo, chỉ đạo triển khai quán triệt Nghị quyết Đại hội ...

gives the scheme, number, type code, body code, issue date, type and trích yếu. Anything
that cannot be read is left empty and explained in ``notes``; nothing is guessed.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from nghiquyet.core.formats import parse_date
from nghiquyet.documents.citations import CitationError, find_citations
from nghiquyet.documents.doctypes import TYPE_NAMES, Scheme

_PLACE_DATE = re.compile(
    r"(?P<place>[^\n,*]{2,60}),\s*ngày\s+(?P<date>\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4})",
    re.IGNORECASE,
)
_NUMBER_LINE = re.compile(r"(?<!\w)số\s*:?\s*\S+", re.IGNORECASE)


@dataclass
class Header:
    values: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)


def parse_header(text: str) -> Header:
    text = unicodedata.normalize("NFC", text or "")
    header = Header()
    _scheme(text, header)
    _number(text, header)
    _date(text, header)
    _type_and_title(text, header)
    return header


def _scheme(text: str, header: Header) -> None:
    upper = text.upper()
    if "ĐẢNG CỘNG SẢN VIỆT NAM" in upper:
        header.values["scheme"] = Scheme.DANG
    elif "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in upper or "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA" in upper:
        header.values["scheme"] = Scheme.NHA_NUOC


def _number(text: str, header: Header) -> None:
    line = _NUMBER_LINE.search(text)
    if line is None:
        header.notes.append("Không thấy dòng “Số …” trong phần đầu văn bản.")
        return
    scan = find_citations(text[line.start() : line.end()])
    if scan.errors:
        header.notes.append(scan.errors[0].message)
        return
    if not scan.citations or not scan.citations[0].complete:
        header.notes.append(f"Không đọc được số, ký hiệu “{line.group(0)}”.")
        return
    c = scan.citations[0]
    header.values |= {
        "scheme": header.values.get("scheme") or c.scheme,
        "number": c.number,
        "type_code": c.type_code,
        "body_code": c.body_code,
    }
    if c.year is not None:
        header.values["year_in_symbol"] = True
    rest = find_citations(text[line.end() :])
    header.cited = [r.describe() for r in rest.citations]


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
    """The trích yếu: the lines after the type name, up to a rule or a blank line."""
    parts: list[str] = []
    for line in lines:
        if not line or set(line) <= set("-–—*_ "):
            if parts:
                break
            continue
        parts.append(line)
    return " ".join(parts)


__all__ = ["CitationError", "Header", "parse_header"]
