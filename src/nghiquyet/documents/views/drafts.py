"""Comments on drafts: send a draft out, answer it, see who has answered."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import can
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.documents import forms as doc_forms
from nghiquyet.documents import selectors, services
from nghiquyet.documents.models import Consultation
from nghiquyet.documents.services.consultations import recipient_for
from nghiquyet.web.pages import form_page


def _users(text: str) -> list[User]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    found = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    missing = [n for n in names if n not in found]
    if missing:
        raise InvalidInputError.single("usernames", f"Không có người dùng “{missing[0]}”.")
    return [found[n] for n in names]


@login_required
def open_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, "edit")

    def apply(data: dict[str, Any]) -> Consultation:
        return services.consultation_open(
            actor=request.user,
            document=doc,
            deadline=data["deadline"],
            users=_users(data["usernames"]),
            units=data["units"],
            note=data["note"],
        )

    return form_page(
        request,
        doc_forms.ConsultationForm(request.POST or None, user=request.user),
        "documents/form.html",
        on_valid=apply,
        success_url=lambda found: reverse("documents:consultation", args=[found.pk]),
        success_message=_("Đã gửi dự thảo lấy ý kiến."),
        context={"title": f"Lấy ý kiến dự thảo {doc}", "doc": doc},
    )


@login_required
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.consultation_get(request.user, pk)
    context = {
        "consultation": found,
        "doc": found.document,
        "statuses": selectors.consultation_status(found, request.user),
        "can_answer": recipient_for(request.user, found) is not None,
        "can_edit": can(request.user, Action.EDIT, found.document.organisation),
    }
    return form_page(
        request,
        doc_forms.CommentForm(request.POST or None),
        "documents/consultation.html",
        on_valid=lambda data: services.comment_add(
            actor=request.user, consultation=found, text=data["text"]
        ),
        success_url=reverse("documents:consultation", args=[found.pk]),
        success_message=_("Đã gửi ý kiến."),
        context=context,
    )
