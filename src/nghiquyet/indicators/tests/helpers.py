"""Builders shared by the indicator tests (through the real services)."""

import datetime as dt
from typing import Any

from nghiquyet.indicators.models import Indicator
from nghiquyet.indicators.services import indicator_create
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import org_create


def make_indicator(actor: Any, code: str, kind: str = "so_luong", **fields: Any) -> Indicator:
    defaults: dict[str, Any] = {
        "name": f"Chỉ tiêu {code}",
        "unit": "người",
        "field_group": "xay_dung_dang",
        "kind": kind,
        "rolls_up": kind in {"so_luong", "gia_tri", "ty_le"},
    }
    if kind == "ty_le":
        defaults |= {"factor": 100, "unit": "%", "decimals": 2}
    return indicator_create(actor=actor, code=code, **(defaults | fields))


def make_org(actor: Any, code: str, parent: Organisation, kind: str = OrgKind.CHI_BO_CO_SO):
    return org_create(
        actor=actor,
        code=code,
        name=f"Đơn vị {code}",
        kind=kind,
        parent=parent,
        valid_from=dt.date(2025, 7, 1),
    )
