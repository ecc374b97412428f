"""Who reaches the inbox and notification pages and endpoints: every signed-in user reaches
their own; someone else's notification is 404; a unit outside the caller's scope is 404."""

import datetime as dt

import pytest

from nghiquyet.notifications.models import Notification
from nghiquyet.testing import Api, Page, PermissionMatrix

OWN = {"anonymous": 302, "xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
OWN_POST = {"anonymous": 302, "xa": 302, "chibo": 302, "lanhdao": 302, "tinhuy": 302}
XA_ONLY = {"anonymous": 302, "xa": 302, "chibo": 404, "lanhdao": 404, "tinhuy": 404}
API_OWN = {"anonymous": 401, "xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
API_XA_ONLY = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 404, "tinhuy": 404}
API_COMMUNE = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}


class TestNotificationsPermissionMatrix(PermissionMatrix):
    routes = [
        Page("notifications:index", expect=OWN),
        Page("notifications:preferences", expect=OWN),
        Page("notifications:preferences", post={"email_enabled": ""}, expect=OWN_POST),
        Page("notifications:mark_all_read", post={}, expect=OWN_POST),
        Page("notifications:mark_read", args=("{mine}",), post={}, expect=XA_ONLY),
        Api("get", "/api/v1/inbox/", expect=API_OWN),
        Api("get", "/api/v1/inbox/?org=P-CL", expect=API_COMMUNE),
        Api("get", "/api/v1/notifications/", expect=API_OWN),
        Api("post", "/api/v1/notifications/read", body={}, expect=API_OWN),
        Api("post", "/api/v1/notifications/{mine}/read", body={}, expect=API_XA_ONLY),
    ]

    @pytest.fixture(autouse=True)
    def _xa_notification(self, cast):
        Notification.objects.create(
            user=cast.xa,
            organisation=cast.commune,
            item_key="bao_cao:1:1:2026Q3",
            kind="qua_han",
            day=dt.date(2026, 12, 1),
            title="Báo cáo quý",
            status="Bị trả lại",
        )

    def keys(self, cast):
        return {"mine": Notification.objects.get(user=cast.xa).pk}


def test_someone_elses_notification_stays_unread(cast, client_for):
    row = Notification.objects.create(
        user=cast.xa,
        organisation=cast.commune,
        item_key="k",
        kind="qua_han",
        day=dt.date(2026, 12, 1),
        title="Việc",
        status="Quá hạn",
    )
    assert client_for("tinhuy").post(f"/api/v1/notifications/{row.pk}/read").status_code == 404
    row.refresh_from_db()
    assert row.read_at is None
    answer = client_for("xa").post(f"/api/v1/notifications/{row.pk}/read").json()
    assert answer == {"marked": 1}
    listed = client_for("xa").get("/api/v1/notifications/?unread=true").json()
    assert listed == []


def test_e_mail_can_be_turned_off_and_on(cast, client_for):
    from nghiquyet.notifications.selectors import email_enabled

    client = client_for("xa")
    assert client.post("/thong-bao/cai-dat/", {}).status_code == 302
    assert not email_enabled(cast.xa)
    client.post("/thong-bao/cai-dat/", {"email_enabled": "on"})
    assert email_enabled(cast.xa)


def test_api_inbox_lists_xa_items(cast, client_for, scenario):
    items = client_for("xa").get("/api/v1/inbox/").json()
    assert [(i["kind"], i["status"], i["unit"], i["overdue"]) for i in items] == [
        ("bao_cao", "Bị trả lại", "P-CL", True),
        ("yeu_cau", "Chưa đến hạn", "P-CL", False),
    ]
    assert items[1]["deadline"] == str(scenario.today + dt.timedelta(days=14))
