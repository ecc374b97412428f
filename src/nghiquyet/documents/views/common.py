"""Helpers shared by the document views: form pages that run a service."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.documents.citations import CitationError
from nghiquyet.documents.models import Document
from nghiquyet.documents.selectors import document_resolve_text
from nghiquyet.web.forms import add_service_errors


def form_page(
    request: HttpRequest,
    form: forms.Form,
    apply: Callable[[dict[str, Any]], str],
    context: dict[str, Any],
    template: str = "documents/form.html",
) -> HttpResponse:
    """POST runs ``apply`` (which returns the URL to go to) or shows its errors on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            return redirect(apply(form.cleaned_data))
        except InvalidInputError as exc:
            add_service_errors(form, exc)
    status = 422 if form.is_bound and form.errors else 200
    return TemplateResponse(request, template, context | {"form": form}, status=status)


def resolve_field(request: HttpRequest, text: str, field: str) -> Document | None:
    """The document a typed citation names, or a field error in Vietnamese."""
    if not text.strip():
        return None
    try:
        return document_resolve_text(request.user, text)
    except (CitationError, NotFoundError) as exc:
        raise InvalidInputError.single(field, exc.message) from None
