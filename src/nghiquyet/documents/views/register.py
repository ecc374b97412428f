"""Register, search, detail, create, edit, issue, link and attach."""

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import can
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.formats import parse_date
from nghiquyet.documents import forms as doc_forms
from nghiquyet.documents import selectors, services
from nghiquyet.documents.header import parse_header
from nghiquyet.documents.numbering import next_number
from nghiquyet.documents.views.common import form_page, resolve_field
from nghiquyet.orgs.models import Organisation
from nghiquyet.web.forms import add_service_errors
from nghiquyet.web.htmx import HtmxHttpRequest, render_partial

PAGE_SIZE = 50


@login_required
def index(request: HtmxHttpRequest) -> HttpResponse:
    form = doc_forms.SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    result = selectors.document_search(
        request.user,
        data.get("q", ""),
        doc_type=data.get("doc_type", ""),
        status=data.get("status", ""),
        year=data.get("year"),
    )
    context = {
        "form": form,
        "result": result,
        "documents": result.documents[:PAGE_SIZE],
        "can_create": Organisation.objects.visible_to(request.user, "edit").exists(),
    }
    return render_partial(request, "documents/index.html", context, partial="results")


def _input(data: dict[str, Any]) -> services.DocumentInput:
    return services.DocumentInput(
        scheme=data["scheme"],
        doc_type=data["doc_type"],
        title=data["title"],
        type_code=data["type_code"] or None,
        body_code=data["body_code"] or None,
        number=data["number"],
        issue_date=data["issue_date"],
        status=data["status"],
        signer=data["signer"],
        signer_title=data["signer_title"],
        field_groups=data["field_groups"],
        year_in_symbol=data["year_in_symbol"],
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = doc_forms.DocumentForm(request.POST or None, user=request.user)

    def apply(data: dict[str, Any]) -> str:
        parent = resolve_field(request, data["concretizes"], "concretizes")
        doc = services.document_create(
            actor=request.user,
            organisation=data["organisation"],
            data=_input(data),
            co_issuers=data["co_issuers"],
            concretizes=parent,
        )
        return reverse("documents:detail", args=[doc.pk])

    context = {"title": "Thêm văn bản vào sổ", "header_form": doc_forms.HeaderForm()}
    return form_page(request, form, apply, context, "documents/create.html")


@login_required
@require_POST
def prefill(request: HttpRequest) -> HttpResponse:
    """htmx: read a pasted header and return the document form filled with what was read."""
    header = parse_header(request.POST.get("header", ""))
    initial = header.values | {"concretizes": header.cited[0] if header.cited else ""}
    form = doc_forms.DocumentForm(initial=initial, user=request.user)
    context = {"form": form, "header": header}
    return TemplateResponse(request, "documents/create.html#document-form", context)


@login_required
def suggest_number(request: HttpRequest) -> HttpResponse:
    """htmx: the next free number for the organisation, scheme, type code and date typed."""
    org = Organisation.objects.visible_to(request.user, "edit").filter(
        pk=request.GET.get("organisation") or 0
    )
    context: dict[str, Any] = {"suggestion": None}
    found = org.first()
    if found is not None:
        try:
            context["suggestion"] = next_number(
                scheme=request.GET.get("scheme", "dang"),
                org=found,
                type_code=request.GET.get("type_code", "") or "",
                day=_day(request.GET.get("issue_date", "")),
            )
        except InvalidInputError as exc:
            context["error"] = "; ".join(m for ms in exc.errors.values() for m in ms)
    return TemplateResponse(request, "documents/create.html#suggestion", context)


def _day(text: str) -> dt.date:
    """The date typed on the form, or today when it is empty or not yet a valid date."""
    try:
        return parse_date(text)
    except ValueError:
        return timezone.localdate()


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk)
    can_edit = can(request.user, Action.EDIT, doc.organisation)
    context = {
        "doc": doc,
        "can_edit": can_edit,
        "co_issuers": list(doc.co_issuers.all()),
        "relations": selectors.relations_of(request.user, doc),
        "attachments": list(doc.attachments.all()),
        "requirements": list(doc.requirements.all()),
        "consultations": list(doc.consultations.all()),
        "relation_form": doc_forms.RelationForm(),
        "upload_form": doc_forms.UploadForm(),
    }
    return TemplateResponse(request, "documents/detail.html", context)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")
    initial = {
        f: getattr(doc, f) for f in doc_forms.DocumentEditForm.base_fields if hasattr(doc, f)
    }
    form = doc_forms.DocumentEditForm(request.POST or None, initial=initial, user=request.user)

    def apply(data: dict[str, Any]) -> str:
        services.document_update(actor=request.user, document=doc, **data)
        return reverse("documents:detail", args=[doc.pk])

    return form_page(request, form, apply, {"title": f"Sửa {doc}", "doc": doc})


@login_required
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")
    form = doc_forms.IssueForm(request.POST or None, initial={"issue_date": timezone.localdate()})

    def apply(data: dict[str, Any]) -> str:
        services.document_issue(actor=request.user, document=doc, **data)
        return reverse("documents:detail", args=[doc.pk])

    return form_page(request, form, apply, {"title": f"Ban hành {doc}", "doc": doc})


@login_required
@require_POST
def add_relation(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")
    form = doc_forms.RelationForm(request.POST)

    def apply(data: dict[str, Any]) -> str:
        target = resolve_field(request, data["citation"], "citation")
        if target is None:
            raise InvalidInputError.single("citation", "Chưa nhập văn bản liên quan.")
        services.relation_add(actor=request.user, source=doc, target=target, kind=data["kind"])
        return reverse("documents:detail", args=[doc.pk])

    return form_page(request, form, apply, {"title": f"Liên kết {doc}", "doc": doc})


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")
    form = doc_forms.UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            services.attachment_add(
                actor=request.user, document=doc, name=upload_file.name, stream=upload_file
            )
        except InvalidInputError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("documents:detail", pk=pk)
    context = {"title": f"Đính kèm tệp cho {doc}", "doc": doc, "form": form, "multipart": True}
    return TemplateResponse(request, "documents/form.html", context, status=422)


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an attachment only to users who can see its document; never inline."""
    att = selectors.attachment_get(request.user, pk)
    response = FileResponse(
        att.file.open("rb"),
        as_attachment=True,
        filename=att.original_name,
        content_type=att.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
