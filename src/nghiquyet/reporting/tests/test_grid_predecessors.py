"""The grid's "same period last year" of a ward formed by merger comes from its predecessors
(issue 9, §5)."""

import datetime as dt

from nghiquyet.indicators.models import Indicator
from nghiquyet.indicators.values import value_save
from nghiquyet.orgs.models import Organisation, OrgKind, Succession
from nghiquyet.orgs.services import org_create


def _unit(cast, code, first_day, last_day=None):
    unit = org_create(
        actor=cast.root,
        code=code,
        name=f"Đảng ủy {code}",
        kind=OrgKind.DANG_UY_XA,
        parent=cast.province,
        valid_from=first_day,
        body_code="ĐU",
    )
    if last_day:
        Organisation.objects.filter(pk=unit.pk).update(valid_to=last_day)
    return unit


def test_grid_shows_the_predecessors_sum_and_says_so(cast, client_for, form, indicators):
    ward = _unit(cast, "P-MOI", dt.date(2025, 7, 1))
    kn = Indicator.objects.get(code="KN-DV")
    for n, value in enumerate((10, 20, 30)):
        old = _unit(cast, f"X-CU{n}", dt.date(2020, 1, 1), dt.date(2025, 6, 30))
        value_save(actor=cast.root, indicator=kn, organisation=old, period="2025Q1", value=value)
        Succession.objects.create(
            predecessor=old, successor=ward, kind="hop_nhat", effective=dt.date(2025, 7, 1)
        )
    page = client_for("tinhuy").get(f"/bao-cao/BC-QUY-XA/{ward.code}/2026Q1/").content.decode()
    shown = '60 đảng viên<br><small class="muted">cùng kỳ tính theo các đơn vị tiền thân</small>'
    assert shown in page
