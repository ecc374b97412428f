"""The REST API under /api/v1/. Each app contributes a ``router`` from its own ``api.py``."""

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from nghiquyet.access.tokens import AUTH
from nghiquyet.api import errors
from nghiquyet.core.contrib import app_modules
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.text import FORBIDDEN_CHARACTERS_MESSAGE, has_forbidden_characters


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 JSON: integrators reading a raw response see "Dữ liệu", not "D\\u1eef li\\u1ec7u"."""

    json_dumps_params = {"ensure_ascii": False}


# A date (or date and time) as JSON and query strings carry it; its year is bounded so that
# date arithmetic (deadlines, periods, numbering) never overflows.
_ISO_DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}(?:[T ][0-9:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$")
DATE_FIRST_YEAR = 1900
DATE_LAST_YEAR = 2100
DATE_RANGE_MESSAGE = f"Ngày phải trong khoảng năm {DATE_FIRST_YEAR}–{DATE_LAST_YEAR}."


def _text_problem(text: str) -> str | None:
    if has_forbidden_characters(text):
        return FORBIDDEN_CHARACTERS_MESSAGE
    if (match := _ISO_DATE.match(text)) and not (
        DATE_FIRST_YEAR <= int(match.group(1)) <= DATE_LAST_YEAR
    ):
        return DATE_RANGE_MESSAGE
    return None


def _bad_strings(value: Any, path: str, found: dict[str, str]) -> None:
    if isinstance(value, str):
        if problem := _text_problem(value):
            found[path or "__all__"] = problem
    elif isinstance(value, dict):
        for key, item in value.items():
            name = str(key)
            if has_forbidden_characters(name):
                found[path or "__all__"] = FORBIDDEN_CHARACTERS_MESSAGE
                continue
            _bad_strings(item, f"{path}.{name}" if path else name, found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _bad_strings(item, f"{path}.{index}" if path else str(index), found)


# What the database's integer columns hold (signed 64 bits): ids, offsets, counts, years.
INTEGER_LIMIT = 2**63
INTEGER_RANGE_MESSAGE = "Số nằm ngoài khoảng cho phép (giá trị tuyệt đối phải nhỏ hơn 2^63)."
_INTEGER_TEXT = re.compile(r"^\s*[+-]?\d+\s*$")


def _oversized(value: Any, *, texts: bool) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return not -INTEGER_LIMIT <= value < INTEGER_LIMIT
    if texts and isinstance(value, str) and _INTEGER_TEXT.match(value):
        return not -INTEGER_LIMIT <= int(value) < INTEGER_LIMIT
    return False


def refuse_oversized_integers(data: Any, *, texts: bool = False) -> None:
    """Raise a 422 naming each top-level field, or item of a list, holding an integer (or, with
    ``texts``, a string of digits, as a query string carries it) outside the signed 64-bit
    range, before it reaches a query that would overflow (issue 8 item 7)."""
    items = data.items() if isinstance(data, dict) else []
    found: dict[str, str] = {}
    for name, value in items:
        values = value if isinstance(value, list) else [value]
        if any(_oversized(v, texts=texts) for v in values):
            found[str(name)] = INTEGER_RANGE_MESSAGE
    if found:
        raise InvalidInputError(found)


def refuse_control_characters(data: Any) -> None:
    """Raise a 422 naming each field whose text holds a control character or a lone surrogate,
    or whose date falls outside 1900..2100."""
    found: dict[str, str] = {}
    _bad_strings(data, "", found)
    if found:
        raise InvalidInputError(found)


class TextCheckingParser(Parser):
    """JSON, query and form input with no control characters or lone surrogates in any text.

    A body refused here is raised by ninja as an HTTP 400 whose cause is the
    ``InvalidInputError``; ``errors.install`` answers it as the usual 422 naming the field.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        refuse_control_characters(data)
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> Any:
        result = super().parse_querydict(data, list_fields, request)
        refuse_control_characters(result)
        refuse_oversized_integers(result, texts=True)
        return result


def docs_guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Guard the API docs and the OpenAPI spec: open to signed-in users, and to everyone only
    when ``DEBUG`` or the ``API_DOCS_PUBLIC`` setting is on (issue 8 item 11)."""
    guarded = login_required(view)

    @wraps(view)
    def docs(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.DEBUG or getattr(settings, "API_DOCS_PUBLIC", False):
            return view(request, *args, **kwargs)
        return guarded(request, *args, **kwargs)

    return docs


class DocumentedErrorsAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI spec declares, on every operation, the error answers
    ``errors.install`` gives (400, 401, 403, 404, 409, 422), each with the error body."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        errors.document_error_responses(schema)
        return schema


api = DocumentedErrorsAPI(
    parser=TextCheckingParser(),
    renderer=ReadableJSONRenderer(),
    title="nghiquyet API",
    version="1",
    description=(
        "API theo dõi thực hiện nghị quyết. Xác thực bằng khóa API (Bearer) "
        "hoặc phiên đăng nhập kèm CSRF."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_decorator=docs_guard,
)
errors.install(api)


def _mount_app_routers() -> None:
    for module in app_modules("api"):
        if module.__name__ != __name__ and hasattr(module, "router"):
            api.add_router(module.PREFIX, module.router)


_mount_app_routers()
