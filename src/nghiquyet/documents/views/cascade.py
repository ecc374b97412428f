"""The cascade tree, implementation requirements and the compliance matrix."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from nghiquyet.documents import forms as doc_forms
from nghiquyet.documents import selectors, services
from nghiquyet.web.pages import form_page


@login_required
def cascade(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk)
    context = {
        "doc": doc,
        "root": selectors.cascade_root(doc),
        "children": selectors.cascade_children(request.user, doc),
    }
    return TemplateResponse(request, "documents/cascade.html", context)


@login_required
def branch(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the documents that concretize one node of the tree."""
    doc = selectors.document_get(request.user, pk)
    context = {"children": selectors.cascade_children(request.user, doc)}
    return TemplateResponse(request, "documents/cascade.html#branch", context)


@login_required
def matrix(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk)
    built = selectors.document_matrix(request.user, doc)
    tallies = [(r, built.tallies(r)) for r in built.requirements]
    context = {"doc": doc, "matrix": built, "rows": built.rows(), "tallies": tallies}
    return TemplateResponse(request, "documents/matrix.html", context)


@login_required
def add_requirement(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")
    return form_page(
        request,
        doc_forms.RequirementForm(request.POST or None, user=request.user),
        "documents/form.html",
        on_valid=lambda data: services.requirement_create(actor=request.user, document=doc, **data),
        success_url=reverse("documents:matrix", args=[doc.pk]),
        success_message=_("Đã giao yêu cầu thực hiện."),
        context={"title": f"Giao yêu cầu thực hiện {doc}", "doc": doc},
    )
