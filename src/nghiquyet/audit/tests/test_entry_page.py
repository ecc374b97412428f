"""The change log lists entries without their payload; a bulk write's rows are shown on the
entry's own page and in ``GET /api/v1/audit/{id}`` (issue 13: a bulk import writes one large
JSON per unit, which the list neither reads nor renders)."""

from django.urls import reverse

from nghiquyet.audit.models import AuditEntry
from nghiquyet.audit.services import audit_record
from nghiquyet.orgs.audit_actions import OrgsAudit
from nghiquyet.testing import Api, Page, PermissionMatrix

LOGIN = 302
READ_OWN = {"anonymous": LOGIN, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
READ_OTHER = {"anonymous": LOGIN, "xa": 404, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
COLUMNS = ["indicator", "period", "value_type", "value"]


def _bulk(cast, org, rows: int) -> AuditEntry:
    after = {
        "columns": COLUMNS,
        "values": [[f"CT-{i:03d}", "2026Q1", "chinh_thuc", str(i)] for i in range(rows)],
    }
    return audit_record(
        actor=cast.tinhuy,
        action=OrgsAudit.ORGANISATION_UPDATE,
        target=org,
        organisation=org,
        after=after,
    )


def _small(cast, org) -> AuditEntry:
    return audit_record(
        actor=cast.tinhuy,
        action=OrgsAudit.ORGANISATION_UPDATE,
        target=org,
        organisation=org,
        before={"name": "Chi bộ cũ"},
        after={"name": "Chi bộ mới"},
    )


class TestAuditEntryPermissions(PermissionMatrix):
    """An entry is read by whoever sees its unit; elsewhere it does not exist (404)."""

    routes = [
        Page("audit:entry", args=("{own}",), expect=READ_OWN),
        Page("audit:entry", args=("{other}",), expect=READ_OTHER),
        Api("get", "/api/v1/audit/{own}", expect={**READ_OWN, "anonymous": 401}),
        Api("get", "/api/v1/audit/{other}", expect={**READ_OTHER, "anonymous": 401}),
    ]

    def keys(self, cast):
        return {"own": _bulk(cast, cast.cell, 2).pk, "other": _bulk(cast, cast.other_cell, 2).pk}


def test_list_links_a_bulk_write_to_its_page_and_shows_small_changes_inline(cast, client_for):
    bulk, small = _bulk(cast, cast.cell, 120), _small(cast, cast.cell)
    client = client_for("xa")
    listing = client.get(reverse("audit:org", args=["P-CL"])).content.decode()
    assert reverse("audit:entry", args=[bulk.pk]) in listing
    assert "Xem 120 dòng số liệu" in listing
    assert "CT-007" not in listing  # the rows are not in the list
    assert "Chi bộ mới" in listing  # a small change is still shown inline
    page = client.get(reverse("audit:entry", args=[bulk.pk])).content.decode()
    assert "CT-007" in page and "CT-119" in page and "Chỉ tiêu" in page
    small_page = client.get(reverse("audit:entry", args=[small.pk])).content.decode()
    assert "Chi bộ cũ" in small_page and "Chi bộ mới" in small_page


def test_api_list_gives_the_row_count_and_the_entry_its_rows(cast, client_for):
    bulk, small = _bulk(cast, cast.cell, 3), _small(cast, cast.cell)
    client = client_for("xa")
    listed = {e["id"]: e for e in client.get("/api/v1/audit/?org=P-CL").json()}
    assert (listed[bulk.pk]["bulk_rows"], listed[bulk.pk]["after"]) == (3, None)
    assert listed[small.pk]["bulk_rows"] is None
    assert listed[small.pk]["after"] == {"name": "Chi bộ mới"}
    assert listed[small.pk]["before"] == {"name": "Chi bộ cũ"}
    one = client.get(f"/api/v1/audit/{bulk.pk}").json()
    assert one["bulk_rows"] == 3 and one["after"]["values"][2][0] == "CT-002"
    assert client.get("/api/v1/audit/999999").status_code == 404


def test_an_empty_bulk_write_has_no_rows_and_no_link(cast, client_for):
    empty = _bulk(cast, cast.cell, 0)
    listed = {e["id"]: e for e in client_for("xa").get("/api/v1/audit/?org=P-CL").json()}
    assert listed[empty.pk]["bulk_rows"] == 0
    listing = client_for("xa").get(reverse("audit:org", args=["P-CL"])).content.decode()
    assert reverse("audit:entry", args=[empty.pk]) not in listing
