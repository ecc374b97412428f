"""Study-session pages: list, register, detail, points, coverage and plans."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import can
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.dissemination import forms as d_forms
from nghiquyet.dissemination import selectors, services
from nghiquyet.dissemination.models import Audience, StudySession
from nghiquyet.documents.models import Document
from nghiquyet.orgs.models import Organisation
from nghiquyet.web.citations import resolve_document_field
from nghiquyet.web.current import current_org
from nghiquyet.web.forms import add_service_errors
from nghiquyet.web.htmx import HtmxHttpRequest, render_partial
from nghiquyet.web.pages import form_page
from nghiquyet.web.permissions import may_anywhere

FORM = "dissemination/form.html"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    sessions = (
        selectors.session_visible(request.user)
        .select_related("organisation")
        .prefetch_related("documents")[:100]
    )
    plans = [selectors.plan_progress(p) for p in selectors.plans_visible(request.user)[:50]]
    return TemplateResponse(
        request, "dissemination/index.html", {"sessions": sessions, "plans": plans}
    )


def _documents(request: HttpRequest, text: str) -> list[Document]:
    docs = [resolve_document_field(request, part, "documents") for part in text.split(";")]
    return [d for d in docs if d is not None]


def _counts(data: dict[str, Any]) -> list[services.Count]:
    out = []
    for value in Audience.values:
        expected, actual = data.get(f"expected_{value}"), data.get(f"actual_{value}")
        if expected is None and actual is None:
            continue
        out.append(services.Count(value, expected or 0, actual or 0))
    return out


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not may_anywhere(request.user, "edit"):
        # Read-only users have no unit to record for: the form is refused like its save.
        raise PermissionDeniedError("Bạn không có quyền ghi nhận hội nghị học tập.")

    def apply(data: dict[str, Any]) -> StudySession:
        return services.session_create(
            actor=request.user,
            organisation=data["organisation"],
            title=data["title"],
            documents=_documents(request, data["documents"]),
            start_date=data["start_date"],
            end_date=data["end_date"],
            format=data["format"],
            connected_units=data["connected_units"],
            counts=_counts(data),
            location=data["location"],
        )

    return form_page(
        request,
        d_forms.SessionForm(request.POST or None, user=request.user),
        FORM,
        on_valid=apply,
        success_url=lambda session: reverse("dissemination:detail", args=[session.pk]),
        success_message=_("Đã ghi nhận hội nghị học tập, quán triệt."),
        context={"title": "Ghi nhận hội nghị học tập, quán triệt"},
    )


def _points(request: HttpRequest, session: Any) -> Any:
    ids = [session.organisation_id, *session.connected_units.values_list("pk", flat=True)]
    return Organisation.objects.visible_to(request.user, "edit").filter(pk__in=ids)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    points = _points(request, session)
    context = {
        "session": session,
        "documents": session.documents.visible_to(request.user),
        "connected": session.connected_units.all(),
        "rows": session.attendance.select_related("organisation").order_by("organisation__path"),
        "rates": selectors.session_rates(session),
        "point_form": d_forms.PointForm(points=points) if points.exists() else None,
    }
    return TemplateResponse(request, "dissemination/detail.html", context)


@login_required
@require_POST
def record_point(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    points = _points(request, session)
    if not points.exists():  # the role first, then the figures (issue 8)
        raise PermissionDeniedError("Bạn không có quyền ghi số người dự tại điểm cầu nào.")
    return form_page(
        request,
        d_forms.PointForm(request.POST, points=points),
        FORM,
        on_valid=lambda data: services.attendance_set(actor=request.user, session=session, **data),
        success_url=reverse("dissemination:detail", args=[pk]),
        success_message=_("Đã lưu số người dự tại điểm cầu."),
        context={"title": f"Số người dự tại điểm cầu — {session}"},
    )


@login_required
def coverage(request: HtmxHttpRequest) -> HttpResponse:
    form = d_forms.CoverageForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    org = current_org(request)
    document = None
    try:
        if data.get("document"):
            document = resolve_document_field(request, data["document"], "document")
    except InvalidInputError as exc:
        add_service_errors(form, exc)
    if data.get("org"):
        org = selectors.coverage_for(request.user, data["org"], None).org
    context: dict[str, Any] = {"form": form, "org": org, "document": document}
    if org is not None and can(request.user, Action.VIEW, org):
        context["coverage"] = selectors.coverage(org, document)
        context["children"] = selectors.coverage_children(request.user, org, document)
    return render_partial(request, "dissemination/coverage.html", context, partial="table")


@login_required
def create_plan(request: HttpRequest) -> HttpResponse:
    if not may_anywhere(request.user, "edit"):
        # Read-only users have no unit to record for: the form is refused like its save.
        raise PermissionDeniedError("Bạn không có quyền lập kế hoạch học tập.")

    def apply(data: dict[str, Any]) -> object:
        document = resolve_document_field(request, data.pop("document"), "document")
        if document is None:
            raise InvalidInputError.single("document", "Chưa nhập văn bản.")
        return services.plan_create(actor=request.user, document=document, **data)

    return form_page(
        request,
        d_forms.PlanForm(request.POST or None, user=request.user),
        FORM,
        on_valid=apply,
        success_url=reverse("dissemination:index"),
        success_message=_("Đã lưu kế hoạch học tập, quán triệt."),
        context={"title": "Kế hoạch học tập, quán triệt"},
    )
