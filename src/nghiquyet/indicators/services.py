"""Writes for indicators, targets and values. Each checks permission, validates and audits."""

import re
from typing import Any

from django.db import transaction

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can, grant_paths, is_everywhere
from nghiquyet.audit.services import audit_record, snapshot
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.paths import is_under
from nghiquyet.core.periods import Period
from nghiquyet.core.routes import route_word_error
from nghiquyet.indicators.audit_actions import IndicatorsAudit
from nghiquyet.indicators.models import (
    ADDITIVE_KINDS,
    RATIO_FACTORS,
    Combine,
    Direction,
    FieldGroup,
    Indicator,
    IndicatorKind,
    Target,
)
from nghiquyet.indicators.targets import parse_target
from nghiquyet.indicators.values import ValueRow, value_save, values_save_many
from nghiquyet.orgs.models import PATH_STEP, Organisation

__all__ = [
    "ValueRow",
    "indicator_create",
    "indicator_update",
    "indicator_upsert",
    "target_set",
    "value_save",
    "values_save_many",
]

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "field_group",
    "source_text",
    "decimals",
    "kind",
    "factor",
    "direction",
    "combine",
    "rolls_up",
    "is_reference",
    "allows_negative",
    "position",
)
# The list pages whose paths prefix an indicator's pages: its code may not be a route word there.
CODE_ROUTES = ("indicators:index", "api:list_indicators")
AUDITED = ("code", "organisation", *INDICATOR_FIELDS)
STRUCTURAL = ("kind", "factor", "rolls_up", "combine")


def _may_define(actor: AnyUser, organisation: Organisation | None) -> bool:
    """System-wide indicators: superusers and administrators of a root unit."""
    if organisation is not None:
        return can(actor, Action.MANAGE, organisation)
    return is_everywhere(actor) or any(len(p) == PATH_STEP for p in grant_paths(actor, "manage"))


def _validate_indicator(data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not str(data.get("name", "")).strip():
        errors["name"] = "Chưa nhập tên chỉ tiêu."
    if data.get("field_group") not in FieldGroup.values:
        errors["field_group"] = "Lĩnh vực không hợp lệ."
    kind = data.get("kind")
    if kind not in IndicatorKind.values:
        errors["kind"] = "Loại chỉ tiêu không hợp lệ."
    elif kind == IndicatorKind.TY_LE and data.get("factor") not in RATIO_FACTORS:
        errors["factor"] = "Chỉ tiêu tỷ lệ phải có hệ số 100, 1.000 hoặc 10.000."
    elif kind != IndicatorKind.TY_LE and data.get("factor") is not None:
        errors["factor"] = "Chỉ chỉ tiêu tỷ lệ mới có hệ số; để trống."
    if data.get("direction") not in Direction.values:
        errors["direction"] = "Chiều đánh giá phải là “tăng” hoặc “giảm”."
    if data.get("combine") not in Combine.values:
        errors["combine"] = "Cách cộng dồn phải là tổng, cuối kỳ hoặc bình quân."
    if data.get("rolls_up") and kind not in ADDITIVE_KINDS:
        errors["rolls_up"] = "Chỉ chỉ tiêu số lượng, giá trị hoặc tỷ lệ mới tổng hợp từ cấp dưới."
    decimals = data.get("decimals")
    if not isinstance(decimals, int) or not 0 <= decimals <= 6:
        errors["decimals"] = "Số chữ số thập phân từ 0 đến 6."
    if errors:
        raise InvalidInputError(errors)


def _defaults(fields: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "unit": "",
        "source_text": "",
        "decimals": 0,
        "factor": None,
        "direction": Direction.TANG,
        "combine": Combine.TONG,
        "rolls_up": False,
        "is_reference": False,
        "allows_negative": False,
        "position": 0,
    }
    data.update({k: v.strip() if isinstance(v, str) else v for k, v in fields.items()})
    return data


@transaction.atomic
def indicator_create(
    *, actor: AnyUser, code: str, organisation: Organisation | None = None, **fields: Any
) -> Indicator:
    if not _may_define(actor, organisation):
        raise PermissionDeniedError("Bạn không có quyền định nghĩa chỉ tiêu ở phạm vi này.")
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise InvalidInputError({f: "Trường không hợp lệ." for f in sorted(unknown)})
    code = (code or "").strip()
    if not CODE_RE.match(code):
        raise InvalidInputError.single(
            "code", "Mã chỉ tiêu chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới."
        )
    if clash := route_word_error(code, *CODE_ROUTES, what="Mã chỉ tiêu"):
        raise InvalidInputError.single("code", clash)
    if Indicator.objects.filter(code__iexact=code).exists():
        raise InvalidInputError.single("code", f"Mã chỉ tiêu “{code}” đã được dùng.")
    data = _defaults(fields)
    _validate_indicator(data)
    indicator = Indicator.objects.create(code=code, organisation=organisation, **data)
    audit_record(
        actor=actor,
        action=IndicatorsAudit.INDICATOR_CREATE,
        target=indicator,
        organisation=organisation,
        after=snapshot(indicator, AUDITED),
    )
    return indicator


@transaction.atomic
def indicator_update(*, actor: AnyUser, indicator: Indicator, **changes: Any) -> Indicator:
    if not _may_define(actor, indicator.organisation):
        raise PermissionDeniedError("Bạn không có quyền sửa chỉ tiêu này.")
    unknown = set(changes) - set(INDICATOR_FIELDS)
    if unknown:
        raise InvalidInputError({f: "Trường này không sửa được." for f in sorted(unknown)})
    data = {f: getattr(indicator, f) for f in INDICATOR_FIELDS}
    data.update({k: v.strip() if isinstance(v, str) else v for k, v in changes.items()})
    _validate_indicator(data)
    structural = [f for f in STRUCTURAL if f in changes and data[f] != getattr(indicator, f)]
    if structural and indicator.values.exists():
        raise InvalidInputError.single(
            structural[0],
            "Chỉ tiêu đã có số liệu nên không đổi được loại, hệ số hay cách tổng hợp.",
        )
    before = snapshot(indicator, AUDITED)
    for name in changes:
        setattr(indicator, name, data[name])
    after = snapshot(indicator, AUDITED)
    if after != before:
        indicator.save()
        audit_record(
            actor=actor,
            action=IndicatorsAudit.INDICATOR_UPDATE,
            target=indicator,
            organisation=indicator.organisation,
            before=before,
            after=after,
        )
    return indicator


def indicator_upsert(
    *, actor: AnyUser, code: str, organisation: Organisation | None = None, **fields: Any
) -> tuple[Indicator, bool]:
    """Create the indicator, or update the one with this code. Returns (indicator, created)."""
    existing = Indicator.objects.filter(code__iexact=(code or "").strip()).first()
    if existing is None:
        return indicator_create(actor=actor, code=code, organisation=organisation, **fields), True
    return indicator_update(actor=actor, indicator=existing, **fields), False


def applies_to(indicator: Indicator, organisation: Organisation) -> bool:
    owner = indicator.organisation
    return owner is None or is_under(organisation.path, owner.path)


def parse_period(period: Period | str, field: str = "period") -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(period)
    except ValueError as exc:
        raise InvalidInputError.single(field, str(exc)) from None


@transaction.atomic
def target_set(
    *,
    actor: AnyUser,
    indicator: Indicator,
    organisation: Organisation,
    period: Period | str,
    text: str,
) -> Target:
    """Set (or replace) the target of ``indicator`` for a unit and period from its text.

    Every way a target is entered (the target form, ``PUT /api/v1/targets``, the workbook's
    "Chỉ tiêu giao" sheet, the demo) comes here, so one parser reads them all
    (``targets.parse_target`` with the indicator's unit: ``trên 28 nghìn tỷ đồng`` against an
    indicator in ``tỷ đồng`` is stored as > 28.000). Raise InvalidInputError on ``text`` when
    the target cannot be read or its unit contradicts the indicator's (issue 9 §1)."""
    if not can(actor, Action.MANAGE, organisation):
        raise PermissionDeniedError("Bạn không có quyền giao chỉ tiêu cho đơn vị này.")
    if not applies_to(indicator, organisation):
        raise InvalidInputError.single("indicator", "Chỉ tiêu này không áp dụng cho đơn vị.")
    resolved = parse_period(period)
    try:
        parsed = parse_target(text, unit=indicator.unit)
    except ValueError as exc:
        raise InvalidInputError.single("text", str(exc)) from None
    fields = {
        "text": text.strip()[:200],
        "kind": parsed.kind,
        "op": parsed.op,
        "low": parsed.low,
        "high": parsed.high,
        "approximate": parsed.approximate,
        "direction": parsed.direction,
        "period_start": resolved.start,
        "period_end": resolved.end,
    }
    target, created = Target.objects.select_for_update().get_or_create(
        indicator=indicator, organisation=organisation, period_code=resolved.code, defaults=fields
    )
    audited = ("text", "kind", "op", "low", "high", "approximate", "direction")
    before = None if created else snapshot(target, audited)
    changed = created or any(getattr(target, n) != v for n, v in fields.items())
    for name, value in fields.items():
        setattr(target, name, value)
    if changed:
        if not created:
            target.save()
        after = snapshot(target, audited)
        audit_record(
            actor=actor,
            action=IndicatorsAudit.TARGET_SET,
            target=target,
            organisation=organisation,
            before=before,
            after=after | {"indicator": indicator.code, "period": resolved.code},
        )
    return target
