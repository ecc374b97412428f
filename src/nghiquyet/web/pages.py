"""The form page every app repeats: show a form, run a service on POST, redirect or re-render."""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.text import FORBIDDEN_CHARACTERS_MESSAGE, has_forbidden_characters
from nghiquyet.web.forms import add_service_errors

T = TypeVar("T")


def _refuse_control_characters(form: forms.BaseForm) -> bool:
    """Put an error on every text field holding a control character; True if there was one."""
    bad = [
        name
        for name, value in form.cleaned_data.items()
        if isinstance(value, str) and has_forbidden_characters(value)
    ]
    for name in bad:
        form.add_error(name, FORBIDDEN_CHARACTERS_MESSAGE)
    return bool(bad)


def prefill_single_choices(form: forms.BaseForm) -> None:
    """Pre-select the only possible choice of each required select left empty (one unit to
    record for, say), so nobody picks from a list of one. Bound forms are left as sent."""
    if form.is_bound:
        return
    for name, field in form.fields.items():
        if name in form.initial or field.initial is not None or not field.required:
            continue
        if isinstance(field, forms.ModelChoiceField) and not isinstance(
            field, forms.ModelMultipleChoiceField
        ):
            only = list(field.queryset[:2]) if field.queryset is not None else []
            if len(only) == 1:
                form.initial[name] = field.prepare_value(only[0])
        elif isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            values = [
                value for value, _ in getattr(field, "choices", ()) if value not in ("", None)
            ]
            if len(values) == 1:
                form.initial[name] = values[0]


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    template: str,
    *,
    on_valid: Callable[[dict[str, Any]], T],
    success_url: str | Callable[[T], str],
    success_message: str,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """GET (or an unbound form) shows ``template`` with ``context`` plus ``form``.

    On POST with a valid form, ``on_valid(form.cleaned_data)`` runs the service. When it
    succeeds, ``success_message`` is flashed and the user is redirected to ``success_url``
    (a URL, or a function of what ``on_valid`` returned). When it raises
    ``InvalidInputError``, its messages land on the form's fields (unknown fields on the form
    itself) and the page renders again. A bound form with errors answers 422, so htmx and
    tests can tell a refusal from a first showing; other errors pass through to the
    middleware.
    """
    if request.method == "POST" and form.is_valid() and not _refuse_control_characters(form):
        try:
            result = on_valid(form.cleaned_data)
        except InvalidInputError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success_message)
            url = success_url(result) if callable(success_url) else success_url
            return redirect(url)
    prefill_single_choices(form)
    status = 422 if form.is_bound and form.errors else 200
    page = {**(context or {}), "form": form}
    return TemplateResponse(request, template, page, status=status)
