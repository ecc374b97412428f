"""The change log shows Vietnamese labels and values as users write them (issue 9 §6): never an
action code, a Python dict, ``Decimal('…')`` or a raw period code such as 2026Q3."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from nghiquyet.audit.models import AuditEntry
from nghiquyet.audit.selectors import ChangeRow, change_rows, change_table, value_text
from nghiquyet.audit.services import audit_record, json_safe
from nghiquyet.orgs.audit_actions import OrgsAudit
from nghiquyet.orgs.services import org_update

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "value", "text"),
    [
        ("period", "2026Q3", "Quý III/2026"),
        ("period", "2025", "Năm 2025"),
        ("until", "2026-07-03", "03/07/2026"),
        ("low", "61.8", "61,8"),
        ("amount", "1234.50", "1.234,5"),
        ("participants", 1223, "1.223"),
        ("value_type", "chinh_thuc", "chính thức"),
        ("op", "ge", "từ … trở lên"),
        ("reason", "", "—"),
        ("disqualified", True, "Có"),
    ],
)
def test_values_are_written_as_users_read_them(key, value, text):
    assert value_text("reporting.submission", key, value) == text


def test_choices_show_their_labels():
    assert value_text("reporting.submission", "status", "da_gui") == "Đã gửi"
    assert value_text("orgs.organisation", "kind", "chi_bo_co_so") != "chi_bo_co_so"


def test_an_update_lists_only_what_changed_with_field_names(cast):
    org_update(actor=cast.tinhuy, org=cast.commune, name="Đảng ủy phường Cao Lãnh mới")
    entry = AuditEntry.objects.filter(action=OrgsAudit.ORGANISATION_UPDATE).latest("id")
    assert change_rows(entry) == [
        ChangeRow("Tên", "Đảng ủy phường Cao Lãnh", "Đảng ủy phường Cao Lãnh mới")
    ]


def test_a_bulk_write_is_a_table_with_vietnamese_headers(cast):
    after = {
        "columns": ["indicator", "period", "value_type", "value"],
        "values": [["DV-MOI", "2026Q1", "chinh_thuc", json_safe(Decimal("1061"))]],
    }
    audit_record(
        actor=cast.tinhuy, action=OrgsAudit.ORGANISATION_UPDATE, target=cast.commune, after=after
    )
    table = change_table(AuditEntry.objects.latest("id"))
    assert table is not None
    assert table.headers == ["Chỉ tiêu", "Kỳ", "Loại số liệu", "Giá trị"]
    assert table.rows == [["DV-MOI", "Quý I/2026", "chính thức", "1.061"]]


def test_change_log_page_shows_no_codes_or_python_data(cast, client_for):
    after = {"period": "2026Q3", "until": dt.date(2026, 7, 3).isoformat(), "score": "92.50"}
    audit_record(
        actor=cast.tinhuy,
        action=OrgsAudit.ORGANISATION_UPDATE,
        target=cast.commune,
        organisation=cast.commune,
        after=after,
    )
    html = client_for("tinhuy").get(reverse("audit:org", args=["T-DT"])).content.decode()
    page = re.sub(r"<[^>]+>", " ", html)  # what is read, not the attributes
    assert "Quý III/2026" in page and "03/07/2026" in page and "92,5" in page
    for raw in ("2026Q3", "{&#x27;", "Decimal(", "orgs.organisation.update", "2026-07-03"):
        assert raw not in page, raw
