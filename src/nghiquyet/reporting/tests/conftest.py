"""Fixtures for reporting tests: three indicators and a quarterly commune form."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from nghiquyet.access.roles import Role
from nghiquyet.accounts.services import membership_grant
from nghiquyet.indicators.models import Indicator
from nghiquyet.orgs.models import OrgKind
from nghiquyet.reporting.models import ReportingForm
from nghiquyet.reporting.services import form_create
from nghiquyet.testing import PASSWORD, Cast

LOCAL = dt.timezone(dt.timedelta(hours=7))


def local(*args: int) -> dt.datetime:
    """An aware datetime in Vietnam time (UTC+7, no daylight saving)."""
    return dt.datetime(*args, tzinfo=LOCAL)


@pytest.fixture
def indicators(cast: Cast) -> list[Indicator]:
    rows = [
        ("KN-DV", "Kết nạp đảng viên mới", "đảng viên", "so_luong", None, "tong"),
        ("TL-BHYT", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "ty_le", 100, "cuoi_ky"),
        ("THU-NS", "Thu ngân sách trên địa bàn", "tỷ đồng", "gia_tri", None, "tong"),
    ]
    return [
        Indicator.objects.create(
            code=code,
            name=name,
            unit=unit,
            kind=kind,
            factor=factor,
            combine=combine,
            field_group="xay_dung_dang",
            decimals=2 if kind == "ty_le" else 0,
            position=i,
            organisation=cast.province,
        )
        for i, (code, name, unit, kind, factor, combine) in enumerate(rows)
    ]


@pytest.fixture
def form(cast: Cast, indicators: list[Indicator]) -> ReportingForm:
    return form_create(
        actor=cast.tinhuy,
        owner=cast.province,
        code="BC-QUY-XA",
        name="Báo cáo quý của cấp xã",
        period_type="quy",
        indicators=indicators[:2],
        org_kinds=[OrgKind.DANG_UY_XA],
        deadline_days=15,
        grace_days=0,
    )


@pytest.fixture
def approver_at_commune(cast: Cast) -> User:
    """A phe_duyet user of the commune itself: may not approve the commune's own report."""
    user = User.objects.create_user("duyetxa", password=PASSWORD)
    membership_grant(actor=cast.root, user=user, organisation=cast.commune, role=Role.PHE_DUYET)
    return user
