"""The "Xuất Excel" branch of a table page: ``excel(view, sheet)`` wraps the page's own view.

With ``?xuat=xlsx`` the page's view runs exactly as for the screen (same pickers, same
``visible_to`` reads, same 404 outside the user's scope, same login requirement); when it
answers 200 with a template context, ``sheet(request, context)`` turns that context into a
``Sheet`` and the answer is the spreadsheet instead of the page. Any other answer (422 on a bad
picker, a redirect to log in, 404) is returned unchanged. So a spreadsheet never holds a row the
page would not show, and no route needs its own permission rules.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from nghiquyet.exports.tables import XLSX_TYPE, Column, TitleBlock, table_workbook

FORMAT_PARAM = "xuat"


@dataclass(frozen=True)
class Sheet:
    title_block: TitleBlock
    columns: list[Column]
    rows: list[list[Any]]
    filename: str


SheetMaker = Callable[[HttpRequest, dict[str, Any]], Sheet | None]
View = Callable[..., HttpResponse]


def excel(view: View, sheet: SheetMaker) -> View:
    """``view`` with its spreadsheet branch (``?xuat=xlsx``); ``sheet`` returns None when the
    page has no table to give (nothing picked yet), and the page is then shown."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.GET.get(FORMAT_PARAM) != "xlsx" or response.status_code != 200:
            return response
        if not isinstance(response, TemplateResponse):
            return response
        made = sheet(request, dict(response.context_data or {}))
        if made is None:
            return response
        data = table_workbook(made.title_block, made.columns, made.rows)
        answer = HttpResponse(data, content_type=XLSX_TYPE)
        answer["Content-Disposition"] = f'attachment; filename="{made.filename}"'
        return answer

    return wrapped


def ascii_name(*parts: str) -> str:
    """``ket-qua-T-DT-2025.xlsx``: parts joined by "-", anything but ASCII letters, digits, "-"
    and "_" replaced by "_" (safe in every browser and file system)."""
    raw = "-".join(p for p in parts if p)
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in raw) + ".xlsx"
