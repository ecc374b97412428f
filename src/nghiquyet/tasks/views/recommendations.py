"""Difficulties and recommendations: the unit's sent and received ones with their age, raising
one (on a task, a report submission, or on its own), the thread, and the addressed unit's
answer, forward or assignment as a task."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nghiquyet.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from nghiquyet.reporting.models import Submission
from nghiquyet.tasks import forms as t_forms
from nghiquyet.tasks import selectors, services
from nghiquyet.tasks.models import Recommendation, Task
from nghiquyet.tasks.permissions import may_handle
from nghiquyet.tasks.views import _task_input, _unit
from nghiquyet.web.pages import form_page
from nghiquyet.web.permissions import may_anywhere


@login_required
def recommendations(request: HttpRequest) -> HttpResponse:
    """Recommendations sent by the unit's subtree and addressed to it, open ones with age."""
    form = t_forms.RecommendationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    org = _unit(request, data.get("don_vi", ""))
    rows = selectors.recommendations_of(
        request.user, org, box=data.get("hop", ""), state=data.get("tinh_trang", "")
    )
    today, listed = timezone.localdate(), list(rows[:300])
    for rec in listed:
        rec.age_days = rec.age(today)  # type: ignore[attr-defined]
    context = {"form": form, "org": org, "rows": listed}
    return TemplateResponse(request, "tasks/recommendations.html", context)


def _subject(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    task = submission = None
    if data.get("task"):
        task = selectors.task_visible(request.user).filter(pk=data["task"]).first()
        if task is None:
            raise InvalidInputError.single("title", "Không tìm thấy nhiệm vụ được kiến nghị.")
    if data.get("submission"):
        submission = (
            Submission.objects.visible_to(request.user).filter(pk=data["submission"]).first()
        )
        if submission is None:
            raise InvalidInputError.single("title", "Không tìm thấy báo cáo được kiến nghị.")
    return {"task": task, "submission": submission}


def _raise(request: HttpRequest, data: dict[str, Any]) -> Recommendation:
    files = [(f.name, f) for f in data.get("attachments") or []]
    return services.recommendation_raise(
        actor=request.user,
        unit=data["unit"],
        title=data["title"],
        text=data["text"],
        files=files,
        **_subject(request, data),
    )


@login_required
def recommendation_create(request: HttpRequest) -> HttpResponse:
    """Raise a recommendation; ``?nhiem_vu=<id>`` or ``?bao_cao=<id>`` names its subject."""
    if not may_anywhere(request.user, "edit"):
        raise PermissionDeniedError("Bạn không có quyền gửi kiến nghị.")
    initial = {"task": request.GET.get("nhiem_vu"), "submission": request.GET.get("bao_cao")}
    form = t_forms.RecommendationForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    return form_page(
        request,
        form,
        "tasks/form.html",
        on_valid=lambda data: _raise(request, data),
        success_url=lambda rec: reverse("tasks:recommendation", args=[rec.pk]),
        success_message="Đã gửi kiến nghị lên cấp trên.",
        context={"title": "Gửi khó khăn, vướng mắc, kiến nghị", "multipart": True},
    )


def _detail(request: HttpRequest, rec: Recommendation, **extra: Any) -> dict[str, Any]:
    handler = may_handle(request.user, rec) and rec.closed_on is None
    return {
        "rec": rec,
        "age": rec.age(timezone.localdate()),
        "messages_": rec.messages.select_related("organisation", "author"),
        "files": rec.files.all(),
        "may_handle": handler,
        "reply_form": t_forms.ReplyForm() if handler else None,
        **extra,
    }


@login_required
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recommendation_get(request.user, pk)
    return TemplateResponse(request, "tasks/recommendation.html", _detail(request, rec))


@login_required
@require_POST
def recommendation_reply(request: HttpRequest, pk: int, verdict: str) -> HttpResponse:
    """Answer (``verdict`` "answer") or forward it to the level above ("forward")."""
    rec = selectors.recommendation_get(request.user, pk)
    run = services.recommendation_answer if verdict == "answer" else services.recommendation_forward
    done = "Đã trả lời kiến nghị." if verdict == "answer" else "Đã chuyển kiến nghị lên cấp trên."
    form = t_forms.ReplyForm(request.POST)
    return form_page(
        request,
        form,
        "tasks/recommendation.html",
        on_valid=lambda data: run(actor=request.user, recommendation=rec, text=data["text"]),
        success_url=reverse("tasks:recommendation", args=[pk]),
        success_message=done,
        context=_detail(request, rec),
    )


@login_required
def recommendation_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """The addressed unit makes it a task for one of its units (task form prefilled)."""
    rec = selectors.recommendation_get(request.user, pk)
    if not may_handle(request.user, rec):
        raise PermissionDeniedError("Chỉ đơn vị nhận kiến nghị mới giao xử lý.")
    initial = {
        "assigning": rec.addressed_to,
        "code": f"KN-{rec.pk}",
        "title": f"Giải quyết kiến nghị của {rec.raised_by.name}: {rec.title}"[:1000],
        "description": rec.text[:10000],
        "lead": rec.raised_by.code,
        "start_date": timezone.localdate(),
    }
    form = t_forms.TaskForm(request.POST or None, user=request.user, initial=initial)

    def save(data: dict[str, Any]) -> Task:
        task_data = _task_input(request, data)
        return services.recommendation_assign(
            actor=request.user, recommendation=rec, data=task_data
        )

    return form_page(
        request,
        form,
        "tasks/form.html",
        on_valid=save,
        success_url=lambda task: reverse("tasks:detail", args=[task.pk]),
        success_message="Đã giao kiến nghị thành nhiệm vụ.",
        context={"title": f"Giao xử lý kiến nghị “{rec.title}”"},
    )


@login_required
def recommendation_file(request: HttpRequest, pk: int, file: int) -> FileResponse:
    """A file of a visible recommendation, as an attachment download."""
    rec = selectors.recommendation_get(request.user, pk)
    found = rec.files.filter(pk=file).first()
    if found is None:
        raise NotFoundError("Không tìm thấy tệp đính kèm.")
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
