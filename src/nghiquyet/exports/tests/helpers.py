"""Reading exported files back for the tests."""

import io
from typing import Any

from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from nghiquyet.core.periods import Period
from nghiquyet.exports.content import ReportContent
from nghiquyet.exports.files import render


def content(org: Any, data: dict[str, Any], **extra: Any) -> ReportContent:
    return ReportContent(
        org=org, period=Period.parse(data["period"]["code"]), kind="nam", data=data, **extra
    )


def docx_of(org: Any, data: dict[str, Any], **extra: Any) -> Any:
    return Document(io.BytesIO(render(content(org, data, **extra), "docx").data))


def xlsx_of(org: Any, data: dict[str, Any]) -> Any:
    return load_workbook(io.BytesIO(render(content(org, data), "xlsx").data))


def lines(cell: Any) -> list[str]:
    """The non-empty paragraph texts of a table cell, in order."""
    return [p.text for p in cell.paragraphs if p.text]


def runs(cell: Any, text: str) -> list[Any]:
    return [r for p in cell.paragraphs for r in p.runs if r.text == text]


def mm(length: Any) -> float:
    return round(length / Mm(1), 1)
