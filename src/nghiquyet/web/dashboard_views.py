"""Dashboard pages (issue 12, item 5): results of a unit, its children side by side, the status
heat map. The unit is in the address (``/ket-qua/P-CL/``) so that every page is shareable and
scoped by ``visible_to``; the pickers choose it from a list and the page follows the choice.
Thin: the pickers pick, ``web.dashboards`` reads."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from nghiquyet.core.periods import Period
from nghiquyet.documents.selectors import documents_obliging
from nghiquyet.indicators import selectors as ind
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get, org_visible
from nghiquyet.web import compliance, dashboards
from nghiquyet.web.dashboard_forms import PickerForm


def _units(request: HttpRequest, code: str) -> tuple[Organisation, list[Organisation]]:
    """The unit of the address (404 outside the user's scope) and the units offered around it:
    its visible ancestors, itself and its visible children (two queries)."""
    org = org_get(request.user, code)
    visible = org_visible(request.user)
    around = visible.filter(path__in=[*org.ancestor_paths, org.path]) | visible.filter(parent=org)
    return org, list(around.order_by("path"))


def _default_period() -> str:
    return dashboards.latest_quarter(timezone.localdate()).year_period().code


def _form(
    request: HttpRequest, org: Organisation, units: list[Organisation], **extra: object
) -> PickerForm:
    data = {"don_vi": org.code, "ky": _default_period(), "linh_vuc": ""} | request.GET.dict()
    return PickerForm(data, units=units, **extra)  # type: ignore[arg-type]


def _moved(request: HttpRequest, name: str, org: Organisation, form: PickerForm) -> str | None:
    """The address of the same page for the unit picked, when another one was picked."""
    if not form.is_valid() or form.cleaned_data["don_vi"] == org.code:
        return None
    query = {k: v for k, v in request.GET.items() if k != "don_vi"}
    return reverse(name, args=[form.cleaned_data["don_vi"]]) + "?" + urlencode(query)


def _page(
    request: HttpRequest,
    name: str,
    template: str,
    form: PickerForm,
    org: Organisation,
    view: object,
) -> HttpResponse:
    moved = _moved(request, name, org, form)
    if moved:
        return HttpResponseRedirect(moved)
    context = {"form": form, "org": org, "view": view}
    return TemplateResponse(request, template, context, status=200 if form.is_valid() else 422)


@login_required
def results(request: HttpRequest, org_code: str) -> HttpResponse:
    """Kết quả thực hiện: pickers, status distribution, lines with outlook and trend charts."""
    org, units = _units(request, org_code)
    form = _form(request, org, units)
    view = None
    if form.is_valid() and form.cleaned_data["don_vi"] == org.code:
        data = form.cleaned_data
        view = dashboards.results(request.user, org, data["ky"], data["linh_vuc"])
    return _page(request, "web:results", "web/dash_results.html", form, org, view)


@login_required
def children(request: HttpRequest, org_code: str) -> HttpResponse:
    """Cấp dưới so sánh: one indicator, every child unit, sorted, with a bar chart."""
    org, units = _units(request, org_code)
    indicators = [i for i in ind.indicators_for(request.user, org) if i.is_numeric]
    form = _form(request, org, units, indicators=indicators)
    if indicators and "chi_tieu" not in request.GET:
        form.data = {**form.data, "chi_tieu": indicators[0].code}
    view = None
    if indicators and form.is_valid() and form.cleaned_data["don_vi"] == org.code:
        data = form.cleaned_data
        chosen = next(i for i in indicators if i.code == data["chi_tieu"])
        view = dashboards.side_by_side(request.user, org, chosen, data["ky"])
    return _page(request, "web:children", "web/dash_children.html", form, org, view)


@login_required
def heat_map(request: HttpRequest, org_code: str) -> HttpResponse:
    """Bản đồ nhiệt: child units × indicators, each cell a status in words linking down."""
    org, units = _units(request, org_code)
    form = _form(request, org, units)
    view = None
    if form.is_valid() and form.cleaned_data["don_vi"] == org.code:
        data = form.cleaned_data
        view = dashboards.heat_map(request.user, org, data["ky"], data["linh_vuc"])
    return _page(request, "web:heat_map", "web/dash_heatmap.html", form, org, view)


@login_required
def heat_map_requirements(request: HttpRequest, org_code: str) -> HttpResponse:
    """Bản đồ nhiệt yêu cầu: for one document, the units below × its requirements, each cell
    a compliance status in words linking down to that unit, keeping the period and document.
    The documents offered are those obliging the unit's subtree by the end of the period."""
    org, units = _units(request, org_code)
    try:
        asked = Period.parse(request.GET.get("ky") or _default_period())
    except ValueError:  # the form names the bad period; the list is then read as of today
        asked = Period.parse(str(timezone.localdate().year))
    documents = list(documents_obliging(request.user, org, compliance.as_of(asked)))
    form = _form(request, org, units, documents=documents)
    if documents and "van_ban" not in request.GET:
        form.data = {**form.data, "van_ban": str(documents[0].pk)}
    view = None
    if documents and form.is_valid() and form.cleaned_data["don_vi"] == org.code:
        data = form.cleaned_data
        chosen = next(d for d in documents if str(d.pk) == data["van_ban"])
        view = compliance.requirement_heat_map(request.user, org, data["ky"], chosen)
    return _page(
        request, "web:heat_map_requirements", "web/dash_heatmap_requirements.html", form, org, view
    )
