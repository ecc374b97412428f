"""Briefing pages: the list, recording one with its conclusions, and turning a conclusion
into a task with the task form prefilled."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.tasks import forms as t_forms
from nghiquyet.tasks import selectors, services
from nghiquyet.tasks.models import Briefing, Task
from nghiquyet.tasks.permissions import may_edit_unit
from nghiquyet.tasks.views import _task_input
from nghiquyet.web.pages import form_page
from nghiquyet.web.permissions import may_anywhere


@login_required
def briefings(request: HttpRequest) -> HttpResponse:
    """Briefings the user can see, newest first, with how many conclusions became tasks."""
    # An annotated (GROUP BY) query drops Meta.ordering: newest first, said again.
    rows = (
        selectors.briefing_visible(request.user)
        .annotate(
            conclusion_count=Count("conclusions", distinct=True),
            assigned_count=Count(
                "conclusions", filter=Q(conclusions__task__isnull=False), distinct=True
            ),
        )
        .order_by("-held_on", "-pk")[:200]
    )
    return TemplateResponse(request, "tasks/briefings.html", {"briefings": rows})


def _create(request: HttpRequest, data: dict[str, Any]) -> Briefing:
    notices = t_forms.resolve_documents(request.user, data["notice"], "notice")
    return services.briefing_create(
        actor=request.user,
        chair=data["chair"],
        held_on=data["held_on"],
        agenda=data["agenda"],
        participants=t_forms.resolve_orgs(request.user, data["participants"], "participants"),
        notice=notices[0] if notices else None,
        conclusions=data["conclusions"].splitlines(),
    )


@login_required
def briefing_create(request: HttpRequest) -> HttpResponse:
    if not may_anywhere(request.user, "edit"):
        raise PermissionDeniedError("Bạn không có quyền ghi giao ban.")
    form = t_forms.BriefingForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        "tasks/form.html",
        on_valid=lambda data: _create(request, data),
        success_url=lambda b: reverse("tasks:briefing", args=[b.pk]),
        success_message="Đã ghi nhận cuộc giao ban.",
        context={"title": "Ghi nhận cuộc giao ban"},
    )


@login_required
def briefing(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.briefing_get(request.user, pk)
    context = {
        "briefing": found,
        "participants": found.participants.all(),
        "conclusions": found.conclusions.select_related("task"),
        "may_assign": may_edit_unit(request.user, found.chair),
    }
    return TemplateResponse(request, "tasks/briefing.html", context)


@login_required
def conclusion_assign(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    """ "Giao thành nhiệm vụ": the task form prefilled from the conclusion."""
    conclusion = selectors.conclusion_get(request.user, pk, position)
    chair = conclusion.briefing.chair
    if not may_edit_unit(request.user, chair):
        raise PermissionDeniedError("Chỉ đơn vị chủ trì giao ban mới giao kết luận thành nhiệm vụ.")
    notice = conclusion.briefing.notice
    initial = {
        "assigning": chair,
        "code": f"GB{conclusion.briefing.held_on:%y%m%d}-{conclusion.position}",
        "title": conclusion.text[:1000],
        "start_date": conclusion.briefing.held_on,
        "document": notice.symbol if notice else "",
    }
    form = t_forms.TaskForm(request.POST or None, user=request.user, initial=initial)

    def save(data: dict[str, Any]) -> Task:
        task_data = _task_input(request, data)
        return services.conclusion_assign(actor=request.user, conclusion=conclusion, data=task_data)

    return form_page(
        request,
        form,
        "tasks/form.html",
        on_valid=save,
        success_url=lambda task: reverse("tasks:detail", args=[task.pk]),
        success_message="Đã giao kết luận thành nhiệm vụ.",
        context={"title": f"Giao kết luận {conclusion.position} thành nhiệm vụ"},
    )
