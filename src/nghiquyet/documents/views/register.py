"""Register, search, detail, create, edit, issue, link and attach."""

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import can
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.formats import parse_date
from nghiquyet.core.text import fold
from nghiquyet.documents import forms as doc_forms
from nghiquyet.documents import selectors, services
from nghiquyet.documents.header import Header, issuer_names, parse_header
from nghiquyet.documents.models import Document
from nghiquyet.documents.numbering import next_number
from nghiquyet.orgs.models import Organisation
from nghiquyet.web.citations import resolve_document_field
from nghiquyet.web.htmx import HtmxHttpRequest, render_partial
from nghiquyet.web.pages import form_page

PAGE_SIZE = 50
FORM = "documents/form.html"


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
    if not Organisation.objects.visible_to(request.user, "edit").exists():
        # Read-only users have no unit to register for: the form is refused like its save.
        raise PermissionDeniedError("Bạn không có quyền đăng ký văn bản.")
    form = doc_forms.DocumentForm(request.POST or None, user=request.user)

    def apply(data: dict[str, Any]) -> Document:
        return services.document_create(
            actor=request.user,
            organisation=data["organisation"],
            data=_input(data),
            co_issuers=data["co_issuers"],
            concretizes=resolve_document_field(request, data["concretizes"], "concretizes"),
        )

    return form_page(
        request,
        form,
        "documents/create.html",
        on_valid=apply,
        success_url=_detail_url,
        success_message=_("Đã thêm văn bản vào sổ."),
        context={"title": "Thêm văn bản vào sổ", "header_form": doc_forms.HeaderForm()},
    )


def _detail_url(doc: Document) -> str:
    return reverse("documents:detail", args=[doc.pk])


@login_required
@require_POST
def prefill(request: HttpRequest) -> HttpResponse:
    """htmx: read a pasted header and return the document form filled with what was read."""
    header = parse_header(request.POST.get("header", ""))
    initial = header.values | {"concretizes": header.cited[0] if header.cited else ""}
    issuer = _issuer_of(request.user, header)
    if issuer is not None:
        initial["organisation"] = issuer.pk
    elif header.issuer:
        header.notes.append(
            f"Chưa tìm thấy “{header.issuer.title()}” trong các đơn vị bạn được nhập văn bản; "
            "hãy chọn cơ quan ban hành."
        )
    form = doc_forms.DocumentForm(initial=initial, user=request.user)
    context = {"form": form, "header": header}
    return TemplateResponse(request, "documents/create.html#document-form", context)


def _issuer_of(user: Any, header: Header) -> Organisation | None:
    """The one unit the user may register for whose name is the header's issuing body
    (``TỈNH ỦY`` under ``ĐẢNG BỘ TỈNH ĐỒNG THÁP`` -> Tỉnh ủy Đồng Tháp); None when no unit or
    several fit."""
    names = set(issuer_names(header))
    if not names:
        return None
    units = Organisation.objects.visible_to(user, "edit").only("pk", "name")
    found = [u for u in units if fold(u.name) in names]
    return found[0] if len(found) == 1 else None


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
                body_code=request.GET.get("body_code", "") or "",
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
    return form_page(
        request,
        doc_forms.DocumentEditForm(request.POST or None, initial=initial, user=request.user),
        FORM,
        on_valid=lambda data: services.document_update(actor=request.user, document=doc, **data),
        success_url=_detail_url(doc),
        success_message=_("Đã lưu văn bản."),
        context={"title": f"Sửa {doc}", "doc": doc},
    )


@login_required
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")
    form = doc_forms.IssueForm(request.POST or None, initial={"issue_date": timezone.localdate()})
    return form_page(
        request,
        form,
        FORM,
        on_valid=lambda data: services.document_issue(actor=request.user, document=doc, **data),
        success_url=_detail_url(doc),
        success_message=_("Đã ban hành văn bản."),
        context={"title": f"Ban hành {doc}", "doc": doc},
    )


@login_required
@require_POST
def add_relation(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")

    def apply(data: dict[str, Any]) -> object:
        target = resolve_document_field(request, data["citation"], "citation")
        if target is None:
            raise InvalidInputError.single("citation", "Chưa nhập văn bản liên quan.")
        return services.relation_add(
            actor=request.user, source=doc, target=target, kind=data["kind"]
        )

    return form_page(
        request,
        doc_forms.RelationForm(request.POST),
        FORM,
        on_valid=apply,
        success_url=_detail_url(doc),
        success_message=_("Đã thêm liên kết văn bản."),
        context={"title": f"Liên kết {doc}", "doc": doc},
    )


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")

    def apply(data: dict[str, Any]) -> object:
        file = data["file"]
        return services.attachment_add(
            actor=request.user, document=doc, name=file.name, stream=file
        )

    return form_page(
        request,
        doc_forms.UploadForm(request.POST, request.FILES),
        FORM,
        on_valid=apply,
        success_url=_detail_url(doc),
        success_message=_("Đã đính kèm tệp."),
        context={"title": f"Đính kèm tệp cho {doc}", "doc": doc, "multipart": True},
    )


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
