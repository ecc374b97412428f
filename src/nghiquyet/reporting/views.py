"""Reporting pages: forms and their completeness, the data-entry grid, approval, reminders."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import can
from nghiquyet.core.errors import (
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ServiceError,
)
from nghiquyet.core.links import link_maker
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.reporting import entry, selectors, services
from nghiquyet.reporting.forms import (
    LockExceptionForm,
    ReasonForm,
    ReportingFormEditForm,
    ReportingFormForm,
)
from nghiquyet.reporting.models import ReportingForm
from nghiquyet.reporting.rules import (
    can_approve,
    future_closed_message,
    parse_form_period,
    periods_within,
)
from nghiquyet.web.current import current_org
from nghiquyet.web.pages import form_page

VALUE_TYPES = {"chinh_thuc": "Chính thức", "uoc": "Ước"}
FORM_EDIT = "reporting/form_edit.html"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    context = {
        "forms": selectors.form_visible(request.user).filter(is_active=True),
        "org": org,
        "can_create": selectors.form_can_issue(request.user),
        "unit_forms": [
            (f, recent_period(f))
            for f in (selectors.forms_for_unit(request.user, org) if org else [])
        ],
    }
    return TemplateResponse(request, "reporting/index.html", context)


def recent_period(form: "ReportingForm") -> Period:
    """The latest period of the form's type that has ended (what units are reporting now)."""
    today = timezone.localdate()
    candidates = periods_within(form, Period.parse(f"{today.year - 2}-{today.year}"))
    return max((p for p in candidates if p.end < today), key=lambda p: p.end)


@login_required
def form_detail(request: HttpRequest, code: str) -> HttpResponse:
    form = selectors.form_get(request.user, code)
    root = _root(request)
    period = _period(request, form)
    result = selectors.completeness(form, root, period)
    exceptions = selectors.lock_exceptions_running(request.user, root)
    context = {
        "form": form,
        "root": root,
        "period": period,
        "result": result,
        # One reverse() for the whole table (issue 13), not one per unit.
        "unit_rows": _with_grid_links(form, period, result.units),
        "levels": selectors.tally_by_level(result.units, root),
        "totals": selectors.summary([result], root)["totals"],
        "can_manage": can(request.user, Action.MANAGE, form.owner),
        "lock_exceptions": exceptions,
        "revocable": {e.pk for e, _ in exceptions if can_approve(request.user, e.organisation)},
    }
    return TemplateResponse(request, "reporting/form_detail.html", context)


def _with_grid_links(
    form: "ReportingForm", period: Period, units: list[selectors.UnitState]
) -> list[tuple[selectors.UnitState, str]]:
    grid = link_maker("reporting:grid", [form.code, "", period.code], slot=1)
    return [(unit, grid(unit.org.code)) for unit in units]


@login_required
def create_form(request: HttpRequest) -> HttpResponse:
    if not selectors.form_can_issue(request.user):
        raise PermissionDeniedError("Bạn không có quyền ban hành biểu mẫu báo cáo.")
    org = current_org(request)
    initial = {"owner": org.code} if org and can(request.user, Action.MANAGE, org) else {}
    return form_page(
        request,
        ReportingFormForm(request.POST or None, user=request.user, initial=initial),
        FORM_EDIT,
        on_valid=lambda data: services.form_create(actor=request.user, **data),
        success_url=_form_url,
        success_message=_("Đã ban hành biểu mẫu báo cáo."),
        context={"title": "Thêm biểu mẫu báo cáo"},
    )


@login_required
def edit_form(request: HttpRequest, code: str) -> HttpResponse:
    report_form = selectors.form_get_to_manage(request.user, code)
    form = ReportingFormEditForm(
        request.POST or None,
        user=request.user,
        initial=ReportingFormEditForm.initial_of(report_form),
    )
    return form_page(
        request,
        form,
        FORM_EDIT,
        on_valid=lambda data: services.form_update(actor=request.user, form=report_form, **data),
        success_url=_form_url,
        success_message=_("Đã lưu biểu mẫu báo cáo."),
        context={"title": f"Sửa biểu mẫu {report_form.code}", "report_form": report_form},
    )


def _form_url(report_form: "ReportingForm") -> str:
    return reverse("reporting:form", args=[report_form.code])


def _root(request: HttpRequest) -> "Organisation":
    code = request.GET.get("don_vi") or request.POST.get("don_vi")
    org = org_get(request.user, code) if code else current_org(request)
    if org is None:
        raise NotFoundError("Bạn chưa được giao đơn vị nào.")
    return org


def _period(request: HttpRequest, form: "ReportingForm") -> Period:
    code = request.GET.get("ky") or request.POST.get("ky")
    if not code:
        return recent_period(form)
    try:
        return parse_form_period(form, code)
    except InvalidInputError as exc:
        raise NotFoundError(" ".join(exc.errors["period"])) from None


@login_required
@require_POST
def remind(request: HttpRequest, code: str) -> HttpResponse:
    form = selectors.form_get(request.user, code)
    root, period = _root(request), _period(request, form)
    sent = services.reminder_send_missing(actor=request.user, form=form, root=root, period=period)
    messages.success(request, f"Đã ghi nhận nhắc nhở {len(sent)} đơn vị chưa gửi báo cáo.")
    url = reverse("reporting:form", args=[form.code])
    return redirect(f"{url}?don_vi={root.code}&ky={period.code}")


def _entries(request: HttpRequest, indicators: list) -> dict[int, dict[str, str]]:
    return {
        i.pk: {f: request.POST.get(f"{f}-{i.pk}", "") for f in entry.FIELDS} for i in indicators
    }


def _value_type(request: HttpRequest, page: "selectors.EntryPage") -> str:
    """The value type asked for; by default the final one, or the estimate if only that exists."""
    wanted = request.POST.get("loai") or request.GET.get("loai")
    if wanted in VALUE_TYPES:
        return str(wanted)
    return selectors.default_value_type(page)


def _grid_context(page: "selectors.EntryPage", value_type: str, rows: list) -> dict:
    return {
        "page": page,
        "editable": page.open_for(value_type),
        "future_closed": None if page.started else future_closed_message(page.period),
        "rows": rows,
        "value_type": value_type,
        "value_types": VALUE_TYPES,
        "reason_form": ReasonForm(),
        "previous": page.period.previous(),
        "last_year": page.period.same_period_last_year(),
    }


def _rows(page: "selectors.EntryPage", value_type: str) -> list[entry.Row]:
    indicators = entry.form_indicators(page.form)
    ctx = entry.load_context(page.form, page.org, page.period, indicators)
    stored = entry.stored_inputs(page.org, page.period, value_type, indicators)
    rows = [entry.build_row(ctx, i, stored.get(i.pk, {})) for i in indicators]
    for row in rows:
        entry.check(ctx, row)  # Saved values keep showing their warnings.
    return rows


@login_required
def grid(request: HttpRequest, code: str, org: str, period: str) -> HttpResponse:
    page = selectors.entry_page(request.user, code, org, period)
    value_type = _value_type(request, page)
    if request.method != "POST":
        context = _grid_context(page, value_type, _rows(page, value_type))
        return TemplateResponse(request, "reporting/grid.html", context)
    submit = request.POST.get("action") == "submit"
    try:
        services.submission_save_entries(
            actor=request.user,
            form=page.form,
            organisation=page.org,
            period_code=page.period.code,
            entries=_entries(request, entry.form_indicators(page.form)),
            value_type=value_type,
            submit=submit,
        )
    except services.EntryError as exc:
        context = _grid_context(page, value_type, exc.rows)
        return TemplateResponse(request, "reporting/grid.html", context, status=422)
    except (services.TransitionError, InvalidInputError) as exc:
        messages.error(request, _message(exc))
        return redirect(f"{request.path}?loai={value_type}")
    messages.success(request, "Đã gửi báo cáo." if submit else "Đã lưu nháp.")
    return redirect(f"{request.path}?loai={value_type}")


@login_required
@require_POST
def cell(request: HttpRequest, code: str, org: str, period: str, indicator: int) -> HttpResponse:
    """Check one row as typed (htmx) and return its feedback cell; nothing is saved."""
    page = selectors.entry_page(request.user, code, org, period)
    found = [i for i in entry.form_indicators(page.form) if i.pk == indicator]
    if not found:
        raise NotFoundError("Chỉ tiêu không thuộc biểu mẫu này.")
    ctx = entry.load_context(page.form, page.org, page.period, found)
    row = entry.build_row(ctx, found[0], _entries(request, found)[indicator])
    entry.check(ctx, row)
    return TemplateResponse(request, "reporting/grid.html#feedback", {"row": row})


DECISIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "duyet": (services.submission_approve, "Đã duyệt báo cáo; số liệu đã được khóa."),
    "tra-lai": (services.submission_return, "Đã trả lại báo cáo cho đơn vị."),
    "mo-khoa": (services.submission_unlock, "Đã mở khóa báo cáo."),
    "rut-lai": (
        services.submission_recall,
        "Đã rút lại báo cáo; báo cáo trở về bản nháp để đơn vị sửa và gửi lại.",
    ),
}


@login_required
@require_POST
def decide(request: HttpRequest, code: str, org: str, period: str, step: str) -> HttpResponse:
    page = selectors.entry_page(request.user, code, org, period)
    if step not in DECISIONS or page.submission is None:
        raise NotFoundError("Không có báo cáo để xử lý.")
    service, done = DECISIONS[step]
    kwargs = {} if step == "duyet" else {"reason": request.POST.get("reason", "")}
    try:
        service(actor=request.user, submission=page.submission, **kwargs)
    except (services.TransitionError, InvalidInputError) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, done)
    return redirect(
        "reporting:grid", code=page.form.code, org=page.org.code, period=page.period.code
    )


@login_required
@require_POST
def revoke_lock_exception(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Revoke a lock exception from the form page (approvers of a strict ancestor only)."""
    form = selectors.form_get(request.user, code)
    exception = selectors.lock_exception_get(request.user, pk)
    try:
        services.lock_exception_revoke(
            actor=request.user, exception=exception, reason=request.POST.get("reason", "")
        )
    except services.TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã thu hồi ngoại lệ; số liệu của kỳ đó khóa lại như cũ.")
    url = reverse("reporting:form", args=[form.code])
    root, period = request.POST.get("don_vi", ""), request.POST.get("ky", "")
    return redirect(f"{url}?don_vi={root}&ky={period}" if root and period else url)


@login_required
@require_POST
def lock_exception(request: HttpRequest, code: str, org: str, period: str) -> HttpResponse:
    page = selectors.entry_page(request.user, code, org, period)
    form = LockExceptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    else:
        try:
            services.lock_exception_grant(
                actor=request.user,
                organisation=page.org,
                period_code=page.period.code,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
            )
        except InvalidInputError as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, "Đã cho phép đơn vị sửa số liệu đã duyệt đến hết ngày hạn.")
    return redirect(
        "reporting:grid", code=page.form.code, org=page.org.code, period=page.period.code
    )


def _message(exc: ServiceError) -> str:
    if isinstance(exc, InvalidInputError):
        return " ".join(m for ms in exc.errors.values() for m in ms)
    return exc.message
