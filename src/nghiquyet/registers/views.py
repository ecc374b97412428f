"""Register pages: models and movements, surveys and projects of the units in scope, with the
unit's figures for a period. Entry forms are shown only to users who may write."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import can
from nghiquyet.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.documents.citations import CitationError
from nghiquyet.documents.models import Document
from nghiquyet.documents.selectors import document_resolve_text
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.registers import forms as r_forms
from nghiquyet.registers import selectors, services
from nghiquyet.registers.report import sections
from nghiquyet.web.current import current_org
from nghiquyet.web.pages import form_page
from nghiquyet.web.permissions import may_anywhere

FORM = "registers/form.html"


def _period(request: HttpRequest) -> tuple[Period, str]:
    """The period asked for, or this year and the message saying why the text was refused."""
    try:
        return Period.parse(request.GET.get("ky", "") or str(timezone.localdate().year)), ""
    except ValueError as exc:
        return Period.parse(str(timezone.localdate().year)), str(exc)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("don_vi", "")[:40]
    org = org_get(request.user, code) if code else current_org(request)
    period, period_error = _period(request)
    user = request.user
    if org is not None and not request.GET.get("ky"):
        latest = selectors.latest_register_year(user, org, period.start.year)
        period = Period.parse(str(latest))
    projects = selectors.projects_visible(user)
    if org is not None:  # The table lists what the figures above count.
        projects = selectors.projects_in(user, org, period).select_related("organisation")
    context: dict[str, Any] = {
        "org": org,
        "period": period,
        "period_error": period_error,
        "movements": selectors.latest_participants(
            selectors.movements_visible(user), timezone.localdate()
        )[:200],
        "surveys": selectors.surveys_visible(user)[:100],
        "projects": selectors.project_lines(projects.order_by("code")[:200], period),
        "may_write": Organisation.objects.visible_to(user, "edit").exists(),
    }
    if org is not None:
        context["figures"] = sections(org=org, period=period, actor=user)["registers"]
    return TemplateResponse(request, "registers/index.html", context)


def _page(request: HttpRequest, form: Any, apply: Any, url: Any, message: str, title: str) -> Any:
    return form_page(
        request,
        form,
        FORM,
        on_valid=apply,
        success_url=url,
        success_message=message,
        context={"title": title},
    )


@login_required
def create_movement(request: HttpRequest) -> HttpResponse:
    if not may_anywhere(request.user, "edit"):
        # Read-only users have no unit to record for: the form is refused like its save.
        raise PermissionDeniedError("Bạn không có quyền ghi nhận mô hình, phong trào.")
    form = r_forms.MovementForm(request.POST or None, user=request.user)
    return _page(
        request,
        form,
        lambda data: services.movement_create(actor=request.user, **data),
        reverse("registers:index"),
        "Đã ghi nhận mô hình, phong trào.",
        "Ghi nhận mô hình, phong trào",
    )


@login_required
@require_POST
def set_count(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.movement_get(request.user, pk)
    form = r_forms.CountForm(request.POST)
    return _page(
        request,
        form,
        lambda data: services.movement_count_set(actor=request.user, movement=movement, **data),
        reverse("registers:index"),
        "Đã ghi số người tham gia.",
        f"Số người tham gia — {movement.name}",
    )


def _answers(text: str) -> list[services.Answer]:
    out = []
    for n, line in enumerate(filter(None, (x.strip() for x in text.splitlines())), 1):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or not parts[2].isdigit():
            raise InvalidInputError.single(
                "answers", f"Dòng {n}: cần “câu hỏi | phương án | số phiếu”."
            )
        out.append(services.Answer(parts[0], parts[1], int(parts[2])))
    return out


def _document(request: HttpRequest, text: str) -> Document | None:
    if not text.strip():
        return None
    try:
        return document_resolve_text(request.user, text)
    except (CitationError, NotFoundError) as exc:
        raise InvalidInputError.single("document", exc.message) from None


@login_required
def create_survey(request: HttpRequest) -> HttpResponse:
    if not may_anywhere(request.user, "edit"):
        # Read-only users have no unit to record for: the form is refused like its save.
        raise PermissionDeniedError("Bạn không có quyền ghi nhận khảo sát.")
    form = r_forms.SurveyForm(request.POST or None, user=request.user)

    def apply(data: dict[str, Any]) -> Any:
        data["answers"] = _answers(data["answers"])
        data["document"] = _document(request, data["document"])
        return services.survey_create(actor=request.user, **data)

    return _page(
        request,
        form,
        apply,
        lambda survey: reverse("registers:survey_detail", args=[survey.pk]),
        "Đã ghi nhận khảo sát.",
        "Ghi nhận khảo sát dư luận",
    )


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(request.user, pk)
    return TemplateResponse(
        request, "registers/survey.html", {"survey": survey, "answers": survey.answers.all()}
    )


@login_required
def create_project(request: HttpRequest) -> HttpResponse:
    if not may_anywhere(request.user, "edit"):
        # Read-only users have no unit to record for: the form is refused like its save.
        raise PermissionDeniedError("Bạn không có quyền ghi nhận dự án.")
    form = r_forms.ProjectForm(request.POST or None, user=request.user)
    return _page(
        request,
        form,
        lambda data: services.project_create(actor=request.user, **data),
        lambda project: reverse("registers:project_detail", args=[project.pk]),
        "Đã ghi nhận dự án.",
        "Ghi nhận dự án đầu tư công",
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.user, pk)
    writes = can(request.user, Action.EDIT, project.organisation)
    context = {
        "project": project,
        "allocations": project.allocations.all(),
        "disbursements": project.disbursements.all(),
        "allocation_form": r_forms.AllocationForm() if writes else None,
        "disbursement_form": r_forms.DisbursementForm() if writes else None,
    }
    return TemplateResponse(request, "registers/project.html", context)


@login_required
@require_POST
def set_allocation(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.user, pk)
    return _page(
        request,
        r_forms.AllocationForm(request.POST),
        lambda data: services.allocation_set(actor=request.user, project=project, **data),
        reverse("registers:project_detail", args=[pk]),
        "Đã ghi vốn giao.",
        f"Vốn giao — {project}",
    )


@login_required
@require_POST
def set_disbursement(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.user, pk)
    return _page(
        request,
        r_forms.DisbursementForm(request.POST),
        lambda data: services.disbursement_set(actor=request.user, project=project, **data),
        reverse("registers:project_detail", args=[pk]),
        "Đã ghi số vốn giải ngân.",
        f"Giải ngân — {project}",
    )
