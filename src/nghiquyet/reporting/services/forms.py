"""Issuing and changing reporting forms."""

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.paths import is_under
from nghiquyet.core.routes import route_word_error
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.reporting.audit_actions import ReportingAudit
from nghiquyet.reporting.models import (
    PeriodType,
    ReportingForm,
)

MAX_DAYS = 366
# The list pages whose paths prefix a form's pages: its code may not be a route word there.
CODE_ROUTES = ("reporting:index", "api:list_forms")


def _require_manage(actor: AnyUser, owner: Organisation) -> None:
    if not can(actor, Action.MANAGE, owner):
        raise PermissionDeniedError("Bạn không có quyền quản lý biểu mẫu báo cáo của đơn vị này.")


def _clean_form(owner: Organisation, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    data["code"] = str(data.get("code", "")).strip()
    data["name"] = str(data.get("name", "")).strip()
    data["future_estimates"] = bool(data.get("future_estimates", False))
    if not data["code"]:
        errors["code"] = "Chưa nhập mã biểu mẫu."
    elif clash := route_word_error(data["code"], *CODE_ROUTES, what="Mã biểu mẫu"):
        errors["code"] = clash
    if not data["name"]:
        errors["name"] = "Chưa nhập tên biểu mẫu."
    if data.get("period_type") not in PeriodType.values:
        errors["period_type"] = "Kỳ báo cáo không hợp lệ (tháng, quý, 6 tháng, 9 tháng, năm)."
    bad_kinds = [k for k in data.get("org_kinds", []) if k not in OrgKind.values]
    if bad_kinds:
        errors["org_kinds"] = f"Loại đơn vị không hợp lệ: {', '.join(map(str, bad_kinds))}."
    for field in ("deadline_days", "grace_days"):
        if not isinstance(data.get(field), int) or not 0 <= data[field] <= MAX_DAYS:
            errors[field] = f"Số ngày phải là số nguyên từ 0 đến {MAX_DAYS}."
    errors.update(_clean_outlier(data))
    errors.update(_clean_coverage(data))
    errors.update(_clean_units(owner, data.get("units", [])))
    if errors:
        raise InvalidInputError(errors)
    return data


def _clean_outlier(data: dict[str, Any]) -> dict[str, str]:
    try:
        value = Decimal(str(data.get("outlier_pct", 50)))
    except InvalidOperation:
        return {"outlier_pct": "Ngưỡng cảnh báo phải là số."}
    if not Decimal(0) <= value <= Decimal(10000):
        return {"outlier_pct": "Ngưỡng cảnh báo phải từ 0 đến 10.000%."}
    data["outlier_pct"] = value
    return {}


def _clean_coverage(data: dict[str, Any]) -> dict[str, str]:
    try:
        value = Decimal(str(data.get("coverage_threshold_pct", 100)).replace(",", "."))
    except InvalidOperation:
        return {"coverage_threshold_pct": "Ngưỡng đủ số đơn vị báo cáo phải là số."}
    if not (value.is_finite() and Decimal(0) <= value <= Decimal(100)):
        return {"coverage_threshold_pct": "Ngưỡng đủ số đơn vị báo cáo phải từ 0 đến 100%."}
    data["coverage_threshold_pct"] = value
    return {}


def _clean_units(owner: Organisation, units: Sequence[Organisation]) -> dict[str, str]:
    outside = [u.code for u in units if not is_under(u.path, owner.path)]
    if outside:
        return {"units": f"Đơn vị không thuộc {owner.name}: {', '.join(outside)}."}
    return {}


def _code_taken(code: str, exclude_pk: int | None = None) -> bool:
    taken = ReportingForm.objects.filter(code__iexact=code)
    return (taken.exclude(pk=exclude_pk) if exclude_pk else taken).exists()


FORM_FIELDS = (
    "code",
    "name",
    "period_type",
    "org_kinds",
    "deadline_days",
    "grace_days",
    "future_estimates",
)


def _form_snapshot(form: ReportingForm) -> dict[str, Any]:
    data: dict[str, Any] = {f: getattr(form, f) for f in FORM_FIELDS}
    data["outlier_pct"] = str(form.outlier_pct)
    data["coverage_threshold_pct"] = str(form.coverage_threshold_pct)
    data["is_active"] = form.is_active
    data["indicators"] = sorted(form.indicators.values_list("code", flat=True))
    data["units"] = sorted(form.units.values_list("code", flat=True))
    return data


@transaction.atomic
def form_create(
    *,
    actor: AnyUser,
    owner: Organisation,
    code: str,
    name: str,
    period_type: str,
    indicators: Iterable[Any],
    org_kinds: Sequence[str] = (),
    units: Sequence[Organisation] = (),
    deadline_days: int = 10,
    grace_days: int = 0,
    outlier_pct: Decimal | int | str = Decimal(50),
    coverage_threshold_pct: Decimal | int | str = Decimal(100),
    is_active: bool = True,
    future_estimates: bool = False,
) -> ReportingForm:
    """Issue a reporting form for the units below ``owner``.

    ``future_estimates`` lets units enter estimates (never official figures) for a period that
    has not begun; see ``rules.require_started``.
    """
    _require_manage(actor, owner)
    data = _clean_form(
        owner,
        {
            "code": code,
            "name": name,
            "period_type": period_type,
            "org_kinds": list(org_kinds),
            "units": list(units),
            "deadline_days": deadline_days,
            "grace_days": grace_days,
            "outlier_pct": outlier_pct,
            "coverage_threshold_pct": coverage_threshold_pct,
            "future_estimates": bool(future_estimates),
        },
    )
    if _code_taken(data["code"]):
        raise InvalidInputError.single("code", f"Mã biểu mẫu “{data['code']}” đã có.")
    indicator_list = _require_indicators(indicators)
    form = ReportingForm.objects.create(
        owner=owner,
        is_active=is_active,
        outlier_pct=data["outlier_pct"],
        coverage_threshold_pct=data["coverage_threshold_pct"],
        **{f: data[f] for f in FORM_FIELDS},
    )
    form.indicators.set(indicator_list)
    form.units.set(data["units"])
    audit_record(
        actor=actor,
        action=ReportingAudit.FORM_CREATE,
        target=form,
        organisation=owner,
        after=_form_snapshot(form),
    )
    return form


def _require_indicators(indicators: Iterable[Any]) -> list[Any]:
    found = list(indicators)
    if not found:
        raise InvalidInputError.single("indicators", "Biểu mẫu phải có ít nhất một chỉ tiêu.")
    return found


@transaction.atomic
def form_update(*, actor: AnyUser, form: ReportingForm, **changes: Any) -> ReportingForm:
    """Change a form's fields; ``indicators`` and ``units`` replace the current sets."""
    _require_manage(actor, form.owner)
    before = _form_snapshot(form)
    current = {f: getattr(form, f) for f in (*FORM_FIELDS, "outlier_pct", "coverage_threshold_pct")}
    current["units"] = list(form.units.all())
    data = _clean_form(form.owner, current | changes)
    if _code_taken(data["code"], exclude_pk=form.pk):
        raise InvalidInputError.single("code", f"Mã biểu mẫu “{data['code']}” đã có.")
    for field in (*FORM_FIELDS, "outlier_pct", "coverage_threshold_pct"):
        setattr(form, field, data[field])
    if "is_active" in changes:
        form.is_active = bool(changes["is_active"])
    form.save()
    if "indicators" in changes:
        form.indicators.set(_require_indicators(changes["indicators"]))
    form.units.set(data["units"])
    form.refresh_from_db()
    audit_record(
        actor=actor,
        action=ReportingAudit.FORM_UPDATE,
        target=form,
        organisation=form.owner,
        before=before,
        after=_form_snapshot(form),
    )
    return form
