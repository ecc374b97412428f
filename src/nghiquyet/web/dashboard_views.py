"""Dashboard pages (issue 12, item 5): results of a unit, its children side by side, the status
heat map. Thin: the pickers pick, ``web.dashboards`` reads through ``visible_to``."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from nghiquyet.core.errors import NotFoundError
from nghiquyet.indicators import selectors as ind
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_visible
from nghiquyet.web import dashboards
from nghiquyet.web.current import current_org
from nghiquyet.web.dashboard_forms import PickerForm


def _units(request: HttpRequest, code: str) -> tuple[Organisation, list[Organisation]]:
    """The unit asked for (or the working unit) and the units offered around it: its visible
    ancestors, itself and its children (two queries)."""
    visible = org_visible(request.user)
    org = visible.filter(code__iexact=code).first() if code else current_org(request)
    if org is None:
        raise NotFoundError(f"Không tìm thấy đơn vị “{code}” trong phạm vi của bạn.")
    around = visible.filter(path__in=[*org.ancestor_paths, org.path]) | visible.filter(parent=org)
    return org, list(around.order_by("path"))


def _form(
    request: HttpRequest,
    found: tuple[Organisation, list[Organisation]] | None = None,
    **extra: object,
) -> tuple[PickerForm, Organisation]:
    org, units = found or _units(request, request.GET.get("don_vi", ""))
    default_period = dashboards.latest_quarter(timezone.localdate()).year_period().code
    data = {"don_vi": org.code, "ky": default_period, "linh_vuc": ""} | request.GET.dict()
    return PickerForm(data, units=units, **extra), org  # type: ignore[arg-type]


@login_required
def results(request: HttpRequest) -> HttpResponse:
    """Kết quả thực hiện: pickers, status distribution, lines with outlook and trend charts."""
    form, org = _form(request)
    context: dict[str, object] = {"form": form, "org": org}
    if form.is_valid():
        data = form.cleaned_data
        context["view"] = dashboards.results(request.user, org, data["ky"], data["linh_vuc"])
    return TemplateResponse(
        request, "web/dash_results.html", context, status=200 if form.is_valid() else 422
    )


@login_required
def children(request: HttpRequest) -> HttpResponse:
    """Cấp dưới so sánh: one indicator, every child unit, sorted, with a bar chart."""
    found = _units(request, request.GET.get("don_vi", ""))
    indicators = [i for i in ind.indicators_for(request.user, found[0]) if i.is_numeric]
    form, org = _form(request, found, indicators=indicators)
    if indicators and "chi_tieu" not in request.GET:
        form.data = form.data | {"chi_tieu": indicators[0].code}
    context: dict[str, object] = {"form": form, "org": org}
    if form.is_valid():
        data = form.cleaned_data
        chosen = next(i for i in indicators if i.code == data["chi_tieu"])
        context["view"] = dashboards.side_by_side(request.user, org, chosen, data["ky"])
    return TemplateResponse(
        request, "web/dash_children.html", context, status=200 if form.is_valid() else 422
    )


@login_required
def heat_map(request: HttpRequest) -> HttpResponse:
    """Bản đồ nhiệt: child units × indicators, each cell a status in words linking down."""
    form, org = _form(request)
    context: dict[str, object] = {"form": form, "org": org}
    if form.is_valid():
        data = form.cleaned_data
        context["view"] = dashboards.heat_map(request.user, org, data["ky"], data["linh_vuc"])
    return TemplateResponse(
        request, "web/dash_heatmap.html", context, status=200 if form.is_valid() else 422
    )
