"""Indicator, target and value endpoints: thin wrappers over selectors and services."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from nghiquyet.access.tokens import actor_of
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.core.periods import Period
from nghiquyet.indicators import report, selectors, services
from nghiquyet.indicators.models import Indicator, IndicatorValue, Target
from nghiquyet.indicators.refs import Refs
from nghiquyet.indicators.schemas import (
    BulkIn,
    BulkOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorUpdateIn,
    TargetIn,
    TargetOut,
    ValueIn,
    ValueOut,
)
from nghiquyet.orgs.selectors import org_get

PREFIX = "/indicators"
router = Router(tags=["Chỉ tiêu"])


def indicator_out(ind: Indicator) -> dict[str, Any]:
    fields = {f: getattr(ind, f) for f in IndicatorOut.model_fields if f != "owner"}
    return fields | {"owner": ind.organisation.code if ind.organisation else None}


def target_out(t: Target) -> dict[str, Any]:
    return {
        "indicator": t.indicator.code,
        "org": t.organisation.code,
        "period": t.period_code,
        "text": t.text,
        "kind": t.kind,
        "op": t.op,
        "low": t.low,
        "high": t.high,
        "approximate": t.approximate,
        "direction": t.direction,
    }


def value_out(v: IndicatorValue) -> dict[str, Any]:
    names = ("value_type", "value", "numerator", "denominator", "stated", "text", "note", "warning")
    base = {"indicator": v.indicator.code, "org": v.organisation.code, "period": v.period_code}
    return base | {n: getattr(v, n) for n in names}


def _period(code: str) -> Period:
    try:
        return Period.parse(code)
    except ValueError as exc:
        raise InvalidInputError.single("period", str(exc)) from None


@router.get("/", response=list[IndicatorOut], summary="Danh sách chỉ tiêu")
def list_indicators(request: HttpRequest, field_group: str = "") -> list[dict[str, Any]]:
    qs = selectors.indicator_visible(actor_of(request))
    if field_group:
        qs = qs.filter(field_group=field_group)
    return [indicator_out(i) for i in qs]


@router.post("/", response={201: IndicatorOut}, summary="Định nghĩa chỉ tiêu")
def create_indicator(request: HttpRequest, payload: IndicatorIn) -> Status[dict[str, Any]]:
    user = actor_of(request)
    data = payload.dict()
    owner_code = data.pop("owner")
    owner = Refs(user).org(owner_code, "owner", action="manage") if owner_code else None
    ind = services.indicator_create(actor=user, organisation=owner, **data)
    return Status(201, indicator_out(ind))


@router.get("/report", summary="Báo cáo chỉ tiêu của một đơn vị cho một kỳ (JSON)")
def indicator_report(request: HttpRequest, org: str, period: str) -> dict[str, Any]:
    user = actor_of(request)
    unit, resolved = org_get(user, org), _period(period)
    head = {"org": {"code": unit.code, "name": unit.name}, "period": resolved.code}
    return head | report.sections(org=unit, period=resolved, actor=user)


@router.get("/targets", response=list[TargetOut], summary="Chỉ tiêu giao")
def list_targets(
    request: HttpRequest, org: str, period: str = "", indicator: str = ""
) -> list[dict[str, Any]]:
    user = actor_of(request)
    qs = selectors.targets_visible(user).filter(organisation=org_get(user, org))
    if period:
        qs = qs.filter(period_code=_period(period).code)
    if indicator:
        qs = qs.filter(indicator__code__iexact=indicator)
    return [target_out(t) for t in qs.order_by("indicator__code", "period_start")]


@router.put("/targets", response=TargetOut, summary="Giao (hoặc sửa) một chỉ tiêu")
def set_target(request: HttpRequest, payload: TargetIn) -> dict[str, Any]:
    user = actor_of(request)
    refs = Refs(user)
    target = services.target_set(
        actor=user,
        indicator=refs.indicator(payload.indicator),
        organisation=refs.org(payload.org),
        period=payload.period,
        text=payload.text,
    )
    return target_out(target)


@router.get("/values", response=list[ValueOut], summary="Số liệu báo cáo")
def list_values(
    request: HttpRequest,
    org: str,
    period: str = "",
    indicator: str = "",
    limit: int = Query(1000, ge=1, le=10000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict[str, Any]]:
    user = actor_of(request)
    qs = selectors.values_visible(user).filter(organisation=org_get(user, org))
    if period:
        qs = qs.filter(period_code=_period(period).code)
    if indicator:
        qs = qs.filter(indicator__code__iexact=indicator)
    qs = qs.order_by("indicator__code", "period_start", "value_type")
    return [value_out(v) for v in qs[offset : offset + limit]]


@router.put("/values", response=ValueOut, summary="Nhập một số liệu")
def save_value(request: HttpRequest, payload: ValueIn) -> dict[str, Any]:
    user = actor_of(request)
    row = Refs(user).value_row(payload.dict())
    saved = services.value_save(actor=user, **vars(row))
    return value_out(saved)


@router.post("/values/bulk", response=BulkOut, summary="Nhập nhiều số liệu (tất cả hoặc không)")
def save_values(request: HttpRequest, payload: BulkIn) -> dict[str, int]:
    user = actor_of(request)
    rows = Refs(user).value_rows([r.dict() for r in payload.rows])
    return {"received": len(rows), "changed": services.values_save_many(actor=user, rows=rows)}


@router.get("/{code}", response=IndicatorOut, summary="Chi tiết chỉ tiêu")
def get_indicator(request: HttpRequest, code: str) -> dict[str, Any]:
    return indicator_out(selectors.indicator_get(actor_of(request), code))


@router.patch("/{code}", response=IndicatorOut, summary="Sửa chỉ tiêu")
def update_indicator(request: HttpRequest, code: str, payload: IndicatorUpdateIn) -> dict[str, Any]:
    user = actor_of(request)
    ind = selectors.indicator_get(user, code)
    changes = payload.dict(exclude_unset=True)
    return indicator_out(services.indicator_update(actor=user, indicator=ind, **changes))


__all__ = ["PREFIX", "NotFoundError", "router"]
