"""The query count of every list page does not grow with the number of units (issue 13, item 1).

Two provinces are built side by side, one with 2 communes and one with 6 (each commune with
its cells, values and audit entries); every page is rendered for each and must run the same
number of queries. Timings are the bench's business (``make bench``), never asserted here.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.indicators.services import ValueRow, indicator_create, values_save_many
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import OrgRow, orgs_create_many

PERIOD = Period(PeriodKind.QUARTER, 2025, 1)


def _province(actor, tag: str, communes: int) -> Organisation:
    rows = [OrgRow(tag, f"Tỉnh ủy {tag}", OrgKind.TINH_UY, None)]
    for c in range(communes):
        code = f"{tag}-X{c}"
        rows.append(OrgRow(code, f"Đảng ủy xã {c}", OrgKind.DANG_UY_XA, tag))
        rows += [
            OrgRow(f"{code}-CB{i}", f"Chi bộ {i}", OrgKind.CHI_BO_CO_SO, code) for i in range(3)
        ]
    orgs_create_many(actor=actor, rows=rows)
    indicator = indicator_create(
        actor=actor,
        code=f"{tag}-I",
        name="Số đảng viên mới",
        unit="người",
        field_group="kinh_te",
        kind="so_luong",
        combine="tong",
        rolls_up=True,
    )
    leaves = Organisation.objects.filter(code__startswith=f"{tag}-", kind=OrgKind.CHI_BO_CO_SO)
    values_save_many(
        actor=actor, rows=[ValueRow(indicator, org, PERIOD, value=Decimal(3)) for org in leaves]
    )
    return Organisation.objects.get(code=tag)


def _pages(province: Organisation) -> dict[str, str]:
    return {
        "unit tree": reverse("orgs:tree"),
        "results": reverse("web:results", args=[province.code]) + f"?ky={PERIOD.code}",
        "indicator": reverse("indicators:detail", args=[f"{province.code}-I"]),
        "audit page": reverse("audit:org", args=[province.code]),
        "audit API": f"/api/v1/audit/?org={province.code}&limit=1000",
        "subtree API": f"/api/v1/orgs/?root={province.code}",
    }


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_list_pages_run_as_many_queries_for_6_communes_as_for_2():
    admin = get_user_model().objects.create_superuser("bench-counts", password=None)
    small, large = _province(admin, "QS", 2), _province(admin, "QL", 6)
    client = Client()
    client.force_login(admin)
    for province in (small, large):  # warm the per-process caches (settings, permissions)
        for url in _pages(province).values():
            _count(client, url)
    counts = {
        name: (_count(client, small_url), _count(client, _pages(large)[name]))
        for name, small_url in _pages(small).items()
    }
    assert {name: pair for name, pair in counts.items() if pair[0] != pair[1]} == {}
