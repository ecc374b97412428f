"""Indicator pages: list and detail, the unit dashboard for one period, and the workbook upload."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.core.workbook import WorkbookError
from nghiquyet.indicators import selectors, uploads
from nghiquyet.indicators.forms import DashboardForm, WorkbookUploadForm
from nghiquyet.indicators.models import FieldGroup
from nghiquyet.indicators.report import summary
from nghiquyet.orgs.selectors import org_get
from nghiquyet.web.current import current_org


@login_required
def index(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("linh_vuc", "")
    indicators = selectors.indicator_visible(request.user)
    if group in FieldGroup.values:
        indicators = indicators.filter(field_group=group)
    context = {"indicators": indicators, "groups": FieldGroup.choices, "group": group}
    return TemplateResponse(request, "indicators/index.html", context)


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get(request.user, code)
    context = {
        "indicator": indicator,
        "targets": selectors.targets_visible(request.user).filter(indicator=indicator)[:200],
        "values": selectors.values_visible(request.user)
        .filter(indicator=indicator)
        .order_by("-period_end", "organisation__path")[:200],
    }
    return TemplateResponse(request, "indicators/detail.html", context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    defaults = {"org": org.code if org else "", "period": str(timezone.localdate().year - 1)}
    form = DashboardForm(request.GET or defaults)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        unit = org_get(request.user, form.cleaned_data["org"])
        period = form.cleaned_data["period"]
        indicators = selectors.indicators_for(request.user, unit)
        lines = selectors.unit_lines(org=unit, period=period, indicators=indicators)
        context |= {"org": unit, "period": period, "lines": lines, "summary": summary(lines)}
    htmx = getattr(request, "htmx", False)
    template = "indicators/dashboard.html#table" if htmx else "indicators/dashboard.html"
    return TemplateResponse(request, template, context, status=200 if form.is_valid() else 422)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if not uploads.may_import(request.user):
        raise PermissionDeniedError("Chỉ quản trị viên mới được nhập sổ Excel.")
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            context["done"] = uploads.import_saved(request, request.POST["confirm"])
        except WorkbookError as exc:
            context["errors"] = exc.errors
    elif request.method == "POST" and form.is_valid():
        try:
            context["preview"], context["token"] = uploads.preview(
                request, form.cleaned_data["file"]
            )
        except WorkbookError as exc:
            context["errors"] = exc.errors
    status = 422 if context.get("errors") or form.errors else 200
    return TemplateResponse(request, "indicators/upload.html", context, status=status)
