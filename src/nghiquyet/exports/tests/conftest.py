"""A province with targets and values for 2025 (one name that looks like a formula) and a
people's committee under it, built through the real services."""

import datetime as dt
from typing import Any

import pytest

from nghiquyet.core.periods import Period
from nghiquyet.core.report import build_report
from nghiquyet.indicators.services import target_set
from nghiquyet.indicators.tests.helpers import make_indicator
from nghiquyet.indicators.values import value_save
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.services import org_create

# (code, kind, name, unit, target, value, last year, decimals)
TARGETS = [
    ("DV-MOI", "so_luong", "Kết nạp đảng viên mới", "đảng viên", "2.400", "2.566", "2.300", 0),
    ("THU-NS", "gia_tri", "Thu ngân sách", "tỷ đồng", "10.612,3", "8.837,7", "8.105,4", 1),
    ("GRDP", "toc_do", "Tốc độ tăng trưởng GRDP", "%", "6,0-7,0", "7,2", "6,8", 2),
    ("FORMULA", "so_luong", "=1+2 (chỉ tiêu thử)", "hộ", "100", "90", "80", 0),
]


@pytest.fixture
def report_data(cast: Any) -> dict[str, Any]:
    """Four targets of 2025 for the province T-DT: two exceeded, one met, one missed."""
    root, org = cast.root, cast.province
    for code, kind, name, unit, target, value, last, places in TARGETS:
        extra = {"factor": 1} if kind == "ty_le" else {}
        ind = make_indicator(root, code, kind, name=name, unit=unit, decimals=places, **extra)
        target_set(actor=root, indicator=ind, organisation=org, period="2025", text=target)
        value_save(actor=root, indicator=ind, organisation=org, period="2025", value=value)
        value_save(actor=root, indicator=ind, organisation=org, period="2024", value=last)
    return build_report(org=org, period=Period.parse("2025"), actor=root)


@pytest.fixture
def people_committee(cast: Any) -> Any:
    return org_create(
        actor=cast.root,
        code="P-CL-UB",
        name="Ủy ban nhân dân phường Cao Lãnh",
        kind=OrgKind.UBND_XA,
        parent=cast.commune,
        valid_from=dt.date(2025, 7, 1),
        body_code="UBND",
        place_name="Cao Lãnh",
    )
