"""Fixtures of the shell's tests: a reporting form the cast's communes must send."""

import pytest

from nghiquyet.indicators.models import Indicator
from nghiquyet.orgs.models import OrgKind
from nghiquyet.reporting.models import ReportingForm
from nghiquyet.reporting.services import form_create


@pytest.fixture
def commune_form(cast) -> ReportingForm:
    """A quarterly form the province collects from its two communes (none has sent it)."""
    indicators = [
        Indicator.objects.create(
            code=code,
            name=name,
            unit=unit,
            kind=kind,
            combine="tong",
            field_group="xay_dung_dang",
            organisation=cast.province,
            position=i,
        )
        for i, (code, name, unit, kind) in enumerate(
            [
                (
                    "KN-DV",
                    "Kết nạp đảng viên mới trong kỳ",
                    "đảng viên",
                    "so_luong",
                ),
                ("THU-NS", "Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", "gia_tri"),
            ]
        )
    ]
    return form_create(
        actor=cast.tinhuy,
        owner=cast.province,
        code="BC-QUY-XA",
        name="Báo cáo quý của cấp xã",
        period_type="quy",
        indicators=indicators,
        org_kinds=[OrgKind.DANG_UY_XA],
        deadline_days=15,
        grace_days=0,
    )
