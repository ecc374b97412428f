import pytest
from django.urls import reverse

from nghiquyet.audit.models import AuditAppendOnlyError, AuditEntry
from nghiquyet.orgs.services import org_update


def test_entries_cannot_be_edited_or_deleted(cast):
    entry = AuditEntry.objects.first()
    entry.action = "gia.mao"
    with pytest.raises(AuditAppendOnlyError):
        entry.save()
    with pytest.raises(AuditAppendOnlyError):
        entry.delete()
    with pytest.raises(AuditAppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditAppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")


def test_entry_records_before_after_ip_and_request_id(cast, client_for):
    client = client_for("tinhuy")
    client.post(
        reverse("orgs:edit", args=["P-CL"]),
        {"name": "Đảng ủy phường Cao Lãnh mới", "kind": "dang_uy_xa"},
        REMOTE_ADDR="10.1.2.3",
        HTTP_X_REQUEST_ID="req-42",
    )
    entry = AuditEntry.objects.get(action="orgs.organisation.update")
    assert entry.before["name"] == "Đảng ủy phường Cao Lãnh"
    assert entry.after["name"] == "Đảng ủy phường Cao Lãnh mới"
    assert (entry.ip, entry.request_id, entry.actor_username) == ("10.1.2.3", "req-42", "tinhuy")


def test_audit_page_filters_by_actor_action_and_date(cast, client_for):
    org_update(actor=cast.tinhuy, org=cast.cell, short_name="Khóm 1")
    url = reverse("audit:org", args=["P-CL"])
    client = client_for("lanhdao")
    by_action = client.get(url, {"action": "orgs.organisation.update"}).content.decode()
    assert "Chi bộ Khóm 1" in by_action
    assert "<td>Tạo đơn vị</td>" not in by_action
    by_actor = client.get(url, {"actor": "TINHUY"}).content.decode()
    assert "<td>Sửa thông tin đơn vị</td>" in by_actor
    assert "<td>Tạo đơn vị</td>" not in by_actor  # root created the units
    assert (
        "Chưa có thay đổi"
        in client.get(url, {"actor": "root", "action": "orgs.organisation.update"}).content.decode()
    )
    assert "Chưa có thay đổi" in client.get(url, {"date_from": "01/01/2099"}).content.decode()
    bad = client.get(url, {"date_from": "31/02/2025"}).content.decode()
    assert "không tồn tại" in bad


def test_audit_of_a_commune_shows_only_its_subtree(cast, client_for):
    org_update(actor=cast.tinhuy, org=cast.other_cell, short_name="Ấp 1")
    html = client_for("xa").get(reverse("audit:org", args=["P-CL"])).content.decode()
    assert "Chi bộ Ấp 1" not in html
