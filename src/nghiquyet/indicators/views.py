"""Indicator pages: list and detail, the unit dashboard for one period, and the forms that
define an indicator and set a target (through the same services as the API)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can, is_everywhere
from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.indicators import selectors, services
from nghiquyet.indicators.forms import DashboardForm, IndicatorEditForm, IndicatorForm, TargetForm
from nghiquyet.indicators.models import FieldGroup, Indicator
from nghiquyet.indicators.refs import Refs
from nghiquyet.indicators.report import summary
from nghiquyet.orgs.selectors import org_get, org_roots
from nghiquyet.web.current import current_org
from nghiquyet.web.htmx import HtmxHttpRequest, render_partial
from nghiquyet.web.pages import form_page


def manages_any(user: AnyUser) -> bool:
    """Whether the user administers some unit: only then are the define/assign forms offered.
    The services still decide each write."""
    if is_everywhere(user):
        return True
    return any(can(user, Action.MANAGE, org) for org in org_roots(user))


def may_edit(user: AnyUser, indicator: Indicator) -> bool:
    if indicator.organisation is not None:
        return can(user, Action.MANAGE, indicator.organisation)
    return manages_any(user)


def _require_manager(user: AnyUser) -> None:
    if not manages_any(user):
        raise PermissionDeniedError("Chỉ quản trị viên mới được định nghĩa hoặc giao chỉ tiêu.")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("linh_vuc", "")
    indicators = selectors.indicator_visible(request.user)
    if group in FieldGroup.values:
        indicators = indicators.filter(field_group=group)
    context = {
        "indicators": indicators,
        "groups": FieldGroup.choices,
        "group": group,
        "may_define": manages_any(request.user),
    }
    return TemplateResponse(request, "indicators/index.html", context)


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get(request.user, code)
    context = {
        "indicator": indicator,
        "targets": selectors.targets_visible(request.user).filter(indicator=indicator)[:200],
        # Paged by units in the database (issue 13): ?sau=<path of the last unit shown>.
        "values": selectors.values_by_units(request.user, indicator, request.GET.get("sau", "")),
        "may_edit": may_edit(request.user, indicator),
        "target_form": TargetForm() if manages_any(request.user) else None,
    }
    return TemplateResponse(request, "indicators/detail.html", context)


@login_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    org = current_org(request)
    defaults = {"org": org.code if org else "", "period": str(timezone.localdate().year - 1)}
    form = DashboardForm(request.GET or defaults)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        unit = org_get(request.user, form.cleaned_data["org"])
        period = form.cleaned_data["period"]
        indicators = selectors.indicators_for(request.user, unit)
        lines = selectors.dashboard_lines(org=unit, period=period, indicators=indicators)
        context |= {"org": unit, "period": period, "lines": lines, "summary": summary(lines)}
    status = 200 if form.is_valid() else 422
    return render_partial(
        request, "indicators/dashboard.html", context, partial="table", status=status
    )


def _detail_url(indicator: Indicator) -> str:
    return reverse("indicators:detail", args=[indicator.code])


@login_required
def create(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    form = IndicatorForm(request.POST or None)

    def apply(data: dict[str, Any]) -> Indicator:
        owner_code = data["owner"].strip()
        owner = Refs(request.user).org(owner_code, "owner", "manage") if owner_code else None
        return services.indicator_create(
            actor=request.user, code=data["code"], organisation=owner, **form.service_fields()
        )

    return form_page(
        request,
        form,
        "indicators/indicator_form.html",
        on_valid=apply,
        success_url=_detail_url,
        success_message=_("Đã thêm chỉ tiêu."),
    )


@login_required
def edit(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get(request.user, code)
    if not may_edit(request.user, indicator):
        raise PermissionDeniedError("Bạn không có quyền sửa chỉ tiêu này.")
    initial = {f: getattr(indicator, f) for f in IndicatorEditForm.base_fields}
    form = IndicatorEditForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        "indicators/indicator_form.html",
        on_valid=lambda data: services.indicator_update(
            actor=request.user, indicator=indicator, **form.service_fields()
        ),
        success_url=_detail_url(indicator),
        success_message=_("Đã lưu chỉ tiêu."),
        context={"indicator": indicator},
    )


@login_required
def set_target(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get(request.user, code)
    _require_manager(request.user)

    def apply(data: dict[str, Any]) -> object:
        return services.target_set(
            actor=request.user,
            indicator=indicator,
            organisation=Refs(request.user).org(data["org"]),
            period=data["period"],
            text=data["text"],
        )

    return form_page(
        request,
        TargetForm(request.POST or None),
        "indicators/target_form.html",
        on_valid=apply,
        success_url=_detail_url(indicator),
        success_message=_("Đã lưu chỉ tiêu giao."),
        context={"indicator": indicator},
    )
