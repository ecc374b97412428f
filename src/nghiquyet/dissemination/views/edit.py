"""Correcting sessions and plans: edit, withdraw (thu hồi), delete a session recorded in error.
Each page is a small form whose save is one service call (permission, history rule, audit)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from nghiquyet.dissemination import forms as edit_forms
from nghiquyet.dissemination import selectors, services
from nghiquyet.web.pages import form_page

FORM = "dissemination/form.html"


def _page(
    request: HttpRequest,
    form: Any,
    title: str,
    apply: Callable[[dict[str, Any]], object],
    done: str,
    success_url: str,
) -> HttpResponse:
    return form_page(
        request,
        form,
        FORM,
        on_valid=apply,
        success_url=success_url,
        success_message=done,
        context={"title": title},
    )


def _detail_url(pk: int) -> str:
    return reverse("dissemination:detail", args=[pk])


@login_required
def edit_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    services.require_edit(request.user, session.organisation)
    initial = {
        "title": session.title,
        "start_date": session.start_date,
        "end_date": session.end_date,
        "location": session.location,
    }
    return _page(
        request,
        edit_forms.SessionEditForm(request.POST or None, initial=initial),
        f"Sửa hội nghị — {session}",
        lambda data: services.session_update(actor=request.user, session=session, **data),
        _("Đã lưu hội nghị."),
        _detail_url(pk),
    )


@login_required
def withdraw_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    services.require_edit(request.user, session.organisation)
    return _page(
        request,
        edit_forms.WithdrawForm(request.POST or None),
        f"Thu hồi hội nghị — {session}",
        lambda data: services.session_withdraw(
            actor=request.user, session=session, reason=data["reason"]
        ),
        _("Đã thu hồi hội nghị; hội nghị không còn được tính."),
        reverse("dissemination:index"),
    )


@login_required
def delete_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    services.require_edit(request.user, session.organisation)
    return _page(
        request,
        edit_forms.ConfirmForm(request.POST if request.method == "POST" else None),
        f"Xóa hội nghị ghi nhầm — {session} (không khôi phục được)",
        lambda data: services.session_delete(actor=request.user, session=session),
        _("Đã xóa hội nghị ghi nhầm."),
        reverse("dissemination:index"),
    )


@login_required
def edit_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    services.require_edit(request.user, plan.organisation)
    initial = {
        "classes": plan.classes,
        "groups": plan.groups,
        "deadline": plan.deadline,
        "note": plan.note,
    }
    return _page(
        request,
        edit_forms.PlanEditForm(request.POST or None, initial=initial),
        f"Sửa kế hoạch học tập — {plan.document}",
        lambda data: services.plan_update(actor=request.user, plan=plan, **data),
        _("Đã lưu kế hoạch học tập, quán triệt."),
        reverse("dissemination:index"),
    )


@login_required
def withdraw_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    services.require_edit(request.user, plan.organisation)
    return _page(
        request,
        edit_forms.WithdrawForm(request.POST or None),
        f"Thu hồi kế hoạch học tập — {plan.document}",
        lambda data: services.plan_withdraw(actor=request.user, plan=plan, reason=data["reason"]),
        _("Đã thu hồi kế hoạch học tập."),
        reverse("dissemination:index"),
    )
