"""htmx requests, typed, and the one rule for answering them with a template partial."""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware, so ``request.htmx`` exists.

    Annotate a view's request with it to read ``request.htmx`` without ``getattr`` or an
    ignore comment; the middleware is installed for every request.
    """

    htmx: HtmxDetails


def render_partial(
    request: HtmxHttpRequest,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    partial: str,
    status: int = 200,
) -> TemplateResponse:
    """Render ``"template#partial"`` when htmx asks for the page, and the whole page otherwise.

    ``partial`` names a ``{% partialdef %}`` region of ``template``; an htmx request swaps that
    region in place, while a plain visit (a bookmark, a reload, no JavaScript) gets the page.
    """
    name = f"{template}#{partial}" if request.htmx else template
    return TemplateResponse(request, name, dict(context or {}), status=status)
