"""Correcting the register: withdraw (thu hồi) or delete a document, change or remove a link,
remove an attachment, edit or withdraw a requirement. Each page is a small form whose save is
one service call; the services check permission, what history allows, and audit."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from nghiquyet.core.errors import NotFoundError
from nghiquyet.documents import forms as edit_forms
from nghiquyet.documents import selectors, services
from nghiquyet.documents.models import Document
from nghiquyet.web.pages import form_page

FORM = "documents/form.html"


def _detail_url(doc: Document) -> str:
    return reverse("documents:detail", args=[doc.pk])


def _page(
    request: HttpRequest,
    doc: Document,
    form: Any,
    title: str,
    apply: Callable[[dict[str, Any]], object],
    done: str,
    success_url: str | None = None,
) -> HttpResponse:
    return form_page(
        request,
        form,
        FORM,
        on_valid=apply,
        success_url=success_url or _detail_url(doc),
        success_message=done,
        context={"title": title, "doc": doc},
    )


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")
    return _page(
        request,
        doc,
        edit_forms.WithdrawForm(request.POST or None),
        f"Thu hồi {doc}",
        lambda data: services.document_withdraw(
            actor=request.user, document=doc, reason=data["reason"]
        ),
        _("Đã thu hồi văn bản; văn bản vẫn được lưu trong sổ."),
    )


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")
    return _page(
        request,
        doc,
        edit_forms.ConfirmForm(request.POST if request.method == "POST" else None),
        f"Xóa dự thảo {doc} (không khôi phục được)",
        lambda data: services.document_delete(actor=request.user, document=doc),
        _("Đã xóa dự thảo."),
        success_url=reverse("documents:index"),
    )


@login_required
def edit_relation(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")
    relation = selectors.relation_get(request.user, doc, rid)
    form = edit_forms.RelationKindForm(request.POST or None, initial={"kind": relation.kind})
    return _page(
        request,
        doc,
        form,
        f"Sửa liên kết tới {relation.target}",
        lambda data: services.relation_update(
            actor=request.user, relation=relation, kind=data["kind"]
        ),
        _("Đã sửa liên kết."),
    )


@login_required
def remove_relation(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")
    relation = selectors.relation_get(request.user, doc, rid)
    return _page(
        request,
        doc,
        edit_forms.ConfirmForm(request.POST if request.method == "POST" else None),
        f"Xóa liên kết tới {relation.target}",
        lambda data: services.relation_remove(actor=request.user, relation=relation),
        _("Đã xóa liên kết."),
    )


@login_required
def remove_attachment(request: HttpRequest, pk: int, aid: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")
    attachment = selectors.attachment_get(request.user, aid)
    if attachment.document_id != doc.pk:
        raise NotFoundError("Tệp này không đính kèm văn bản đang xem.")
    return _page(
        request,
        doc,
        edit_forms.ConfirmForm(request.POST if request.method == "POST" else None),
        f"Gỡ tệp “{attachment.original_name}”",
        lambda data: services.attachment_remove(actor=request.user, attachment=attachment),
        _("Đã gỡ tệp đính kèm."),
    )


@login_required
def edit_requirement(request: HttpRequest, rid: int) -> HttpResponse:
    req = selectors.requirement_get(request.user, rid)
    doc = selectors.document_get(request.user, req.document_id, "edit")
    initial = {"deadline": req.deadline, "note": req.note}
    return _page(
        request,
        doc,
        edit_forms.RequirementEditForm(request.POST or None, initial=initial),
        f"Sửa yêu cầu: {req.label}",
        lambda data: services.requirement_update(actor=request.user, requirement=req, **data),
        _("Đã lưu yêu cầu thực hiện."),
    )


@login_required
def withdraw_requirement(request: HttpRequest, rid: int) -> HttpResponse:
    req = selectors.requirement_get(request.user, rid)
    doc = selectors.document_get(request.user, req.document_id, "edit")
    return _page(
        request,
        doc,
        edit_forms.WithdrawForm(request.POST or None),
        f"Thu hồi yêu cầu: {req.label}",
        lambda data: services.requirement_withdraw(
            actor=request.user, requirement=req, reason=data["reason"]
        ),
        _("Đã thu hồi yêu cầu; các đơn vị không còn phải thực hiện."),
    )
