"""The query count of every list page does not grow with the number of units (issue 13, item 1).

Two provinces are built side by side, one with 3 communes and one with 9 (each commune with
its cells, values and audit entries, the province's resolution with its requirements and the
communes' plans concretizing it, a reporting form, and one commune in three merged into
another in 2025, so that ended units with successors are met); every page is rendered for
each and must run the same number of queries. Timings are the bench's business
(``make bench``), never asserted here.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.documents.models import Document
from nghiquyet.indicators.bench import (
    MERGER_DAY,
    RESOLUTION_DAY,
    bench_document,
    province_documents,
    province_form,
)
from nghiquyet.indicators.services import ValueRow, indicator_create, values_save_many
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import OrgRow, org_merge, orgs_create_many

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
    province = Organisation.objects.get(code=tag)
    province_documents(actor, province)
    province_form(actor, province, [indicator])
    for c in range(0, communes, 3):  # one commune in three ends, merged into the next one
        old, new = (Organisation.objects.get(code=f"{tag}-X{c + i}") for i in (0, 1))
        org_merge(actor=actor, predecessors=[old], successor=new, effective=MERGER_DAY)
    return province


def _pages(province: Organisation) -> dict[str, str]:
    resolution = Document.objects.get(organisation=province, doc_type="nghi_quyet")
    form = f"{province.code}-BM"
    return {
        "cascade": reverse("documents:cascade", args=[resolution.pk]),
        "cascade branch": reverse("documents:branch", args=[resolution.pk]),
        "cascade API": f"/api/v1/documents/{resolution.pk}/cascade?depth=2",
        "compliance matrix": reverse("documents:matrix", args=[resolution.pk]),
        "compliance matrix API": f"/api/v1/documents/{resolution.pk}/matrix",
        "completeness": reverse("reporting:form", args=[form])
        + f"?don_vi={province.code}&ky={PERIOD.code}",
        "completeness API": f"/api/v1/reporting/forms/{form}/completeness"
        f"?org={province.code}&period={PERIOD.code}",
        "unit tree": reverse("orgs:tree"),
        "results": reverse("web:results", args=[province.code]) + f"?ky={PERIOD.code}",
        "requirements heat map": reverse("web:heat_map_requirements", args=[province.code])
        + f"?ky=2025&van_ban={resolution.pk}",
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
def test_list_pages_run_as_many_queries_for_9_communes_as_for_3():
    admin = get_user_model().objects.create_superuser("bench-counts", password=None)
    small, large = _province(admin, "QS", 3), _province(admin, "QL", 9)
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


@pytest.mark.django_db
def test_cascade_shows_counts_per_node():
    """Issue 12, item 5: "The cascade tree, with counts per node": the concretizing documents
    issued, and the node's requirements done (every obliged unit fulfilled it) or open."""
    admin = get_user_model().objects.create_superuser("cascade-counts", password=None)
    province = _province(admin, "QC", 3)
    resolution = Document.objects.get(organisation=province, doc_type="nghi_quyet")
    client = Client()
    client.force_login(admin)
    url = reverse("documents:cascade", args=[resolution.pk])
    # Communes X0 and X1 issued their plan; X2 did not (province_documents skips one in three).
    page = client.get(url).content.decode()
    assert "2 văn bản cụ thể hóa đã ban hành · 2 yêu cầu: 0 đã hoàn thành, 2 đang thực hiện" in page
    assert "2/3 tổ chức đảng đã ban hành" in page
    assert page.count("0 văn bản cụ thể hóa đã ban hành · 1 yêu cầu: 0 đã hoàn thành") == 2
    late = Organisation.objects.get(code="QC-X2")
    bench_document(admin, late, "ke_hoach", RESOLUTION_DAY + dt.timedelta(days=30), resolution)
    page = client.get(url).content.decode()
    assert "3 văn bản cụ thể hóa đã ban hành · 2 yêu cầu: 1 đã hoàn thành, 1 đang thực hiện" in page
    assert "3/3 tổ chức đảng đã ban hành" in page
