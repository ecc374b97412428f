"""The task API for every persona: 401 anonymous, 404 outside scope, 403 without the role,
422 with Vietnamese messages and nothing saved."""

import datetime as dt

import pytest
from django.utils import timezone

from nghiquyet.audit.models import AuditEntry
from nghiquyet.tasks.models import Comment, CompletionReport, Extension, ProgressUpdate, Task
from nghiquyet.tasks.services import completion_report, extension_request

API = "/api/v1/tasks"


@pytest.fixture
def world(cast, make_task):
    today = timezone.localdate()
    led = make_task(
        "NV-01",
        today - dt.timedelta(days=30),
        today + dt.timedelta(days=30),
        coordinating_units=[cast.other_cell],
        phase="2025-2030",
    )
    other = make_task(
        "NV-02",
        today - dt.timedelta(days=30),
        today + dt.timedelta(days=10),
        assigning=cast.other_commune,
        lead=cast.other_cell,
    )
    return {"led": led, "other": other, "today": today}


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


SEES_LED = {"anonymous": 401, "xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
SEES_OTHER = {"anonymous": 401, "xa": 404, "chibo": 200, "lanhdao": 200, "tinhuy": 200}


def test_list_and_detail_matrix(world, client_for, persona):
    client = client_for(persona)
    assert client.get(f"{API}/{world['led'].pk}").status_code == SEES_LED[persona]
    assert client.get(f"{API}/{world['other'].pk}").status_code == SEES_OTHER[persona]
    listing = client.get(API)
    if persona == "anonymous":
        assert listing.status_code == 401
        return
    codes = {t["code"] for t in listing.json()}
    assert ("NV-02" in codes) is (SEES_OTHER[persona] == 200)
    assert "NV-01" in codes


def test_list_filters(world, client_for):
    client = client_for("tinhuy")
    assert [t["code"] for t in client.get(f"{API}?lead=X-MH-CB1").json()] == ["NV-02"]
    assert [t["code"] for t in client.get(f"{API}?phase=2025-2030").json()] == ["NV-01"]
    statuses = client.get(f"{API}?status=chua_den_han").json()
    assert {t["code"] for t in statuses} == {"NV-01", "NV-02"}
    assert client.get(f"{API}?status=qua_han").json() == []
    detail = client.get(f"{API}/{world['led'].pk}").json()
    assert detail["occurrences"][0]["status_label"] == "Chưa đến hạn"
    assert detail["coordinating_units"] == ["X-MH-CB1"]


# Only the lead unit: tinhuy, whose province assigned the task, may not report for the commune
# and then confirm its own report.
LEAD_WRITES = {"anonymous": 401, "xa": 201, "chibo": 403, "lanhdao": 403, "tinhuy": 403}


def test_progress_matrix_coordinating_unit_cannot_post(world, client_for, persona):
    url = f"{API}/{world['led'].pk}/progress"
    response = _post(client_for(persona), url, {"percent": 40, "text": "Đã khảo sát"})
    assert response.status_code == LEAD_WRITES[persona]
    assert ProgressUpdate.objects.exists() is (LEAD_WRITES[persona] == 201)


def test_complete_matrix(world, client_for, persona):
    response = _post(client_for(persona), f"{API}/{world['led'].pk}/complete", {"note": "Xong"})
    assert response.status_code == LEAD_WRITES[persona]


ASSIGNER = {"anonymous": 401, "xa": 403, "chibo": 403, "lanhdao": 403, "tinhuy": 200}


def test_only_assigning_unit_confirms(world, cast, client_for, persona):
    completion_report(actor=cast.xa, occurrence=world["led"].occurrences.get())
    response = _post(client_for(persona), f"{API}/{world['led'].pk}/confirm", {})
    assert response.status_code == ASSIGNER[persona]
    confirmed = CompletionReport.objects.filter(decision="chap_thuan").exists()
    assert confirmed is (ASSIGNER[persona] == 200)


def test_return_needs_reason_and_assigning_unit(world, cast, client_for, persona):
    completion_report(actor=cast.xa, occurrence=world["led"].occurrences.get())
    url = f"{API}/{world['led'].pk}/return"
    response = _post(client_for(persona), url, {"reason": "Thiếu minh chứng"})
    assert response.status_code == ASSIGNER[persona]
    if persona == "tinhuy":
        empty = _post(client_for(persona), url, {"reason": ""})
        assert empty.status_code == 422


def test_extension_request_and_approve_matrix(world, cast, client_for, persona):
    url = f"{API}/{world['led'].pk}/extensions"
    new_date = (world["today"] + dt.timedelta(days=60)).isoformat()
    response = _post(client_for(persona), url, {"new_date": new_date, "reason": "Chờ vốn"})
    assert response.status_code == LEAD_WRITES[persona]
    Extension.objects.all().delete()
    ext = extension_request(
        actor=cast.xa,
        occurrence=world["led"].occurrences.get(),
        new_date=world["today"] + dt.timedelta(days=60),
        reason="Chờ vốn",
    )
    approve = _post(client_for(persona), f"{url}/{ext.pk}/approve", {})
    assert approve.status_code == ASSIGNER[persona]
    detail = client_for("tinhuy").get(f"{API}/{world['led'].pk}").json()
    extended = detail["occurrences"][0]["effective_deadline"] == new_date
    assert extended is (ASSIGNER[persona] == 200)


def test_extension_refuse_by_assigning_unit(world, cast, client_for):
    ext = extension_request(
        actor=cast.xa,
        occurrence=world["led"].occurrences.get(),
        new_date=world["today"] + dt.timedelta(days=60),
        reason="Chờ vốn",
    )
    url = f"{API}/{world['led'].pk}/extensions/{ext.pk}/refuse"
    assert _post(client_for("xa"), url, {"note": "Không"}).status_code == 403
    assert _post(client_for("tinhuy"), url, {"note": "Đủ thời gian"}).status_code == 200
    assert Extension.objects.get().decision == "tu_choi"


COMMENTS = {"anonymous": 401, "xa": 201, "chibo": 201, "lanhdao": 403, "tinhuy": 201}


def test_comment_matrix_coordinating_unit_comments(world, client_for, persona):
    url = f"{API}/{world['led'].pk}/comments"
    response = _post(client_for(persona), url, {"text": "Đề nghị phối hợp"})
    assert response.status_code == COMMENTS[persona]
    if persona != "anonymous":
        listed = client_for(persona).get(url).json()
        assert len(listed) == (1 if COMMENTS[persona] == 201 else 0)


CREATE = {"anonymous": 401, "xa": 201, "chibo": 422, "lanhdao": 403, "tinhuy": 201}


def test_create_matrix(world, client_for, persona):
    payload = {
        "code": "nv-10",
        "title": "Rà soát đảng viên",
        "assigning": "P-CL",
        "lead": "P-CL-CB1",
        "start_date": "2026-01-05",
        "deadline": "2026-03-31",
    }
    response = _post(client_for(persona), API, payload)
    assert response.status_code == CREATE[persona]
    assert Task.objects.filter(code="nv-10").exists() is (CREATE[persona] == 201)


def test_update_matrix(world, client_for, persona):
    task = world["led"]
    payload = {
        "code": "NV-01",
        "title": "Nội dung mới",
        "assigning": "T-DT",
        "lead": "P-CL",
        "start_date": task.start_date.isoformat(),
        "deadline": task.deadline.isoformat(),
    }
    response = client_for(persona).put(f"{API}/{task.pk}", payload, content_type="application/json")
    expected = {"anonymous": 401, "xa": 422, "chibo": 422, "lanhdao": 403, "tinhuy": 200}
    assert response.status_code == expected[persona]
    task.refresh_from_db()
    assert (task.title == "Nội dung mới") is (persona == "tinhuy")


def test_statistics_matrix(world, client_for, persona):
    response = client_for(persona).get(f"{API}/statistics?org=P-CL&period=2026")
    expected = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
    assert response.status_code == expected[persona]
    if expected[persona] == 200:
        body = response.json()
        assert {"assigned", "due", "not_due", "by_lead", "by_document"} <= set(body)


BAD_CREATES = [
    ({"deadline": "2026-01-01"}, "deadline", "Thời hạn không được trước ngày bắt đầu."),
    ({"assigning": "P-CL", "lead": "X-MH"}, "lead", "không trực thuộc đơn vị giao"),
    ({"code": "nv-01"}, "code", "đã được Tỉnh ủy Đồng Tháp dùng"),
    ({"recurrence": "tuan"}, "recurrence", "không hợp lệ"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_CREATES)
def test_bad_task_refused_in_vietnamese_and_nothing_saved(
    world, client_for, change, field, message
):
    payload = {
        "code": "NV-99",
        "title": "Nhiệm vụ lỗi",
        "assigning": "T-DT",
        "lead": "P-CL",
        "start_date": "2026-02-01",
        "deadline": "2026-03-01",
    } | change
    before = (Task.objects.count(), AuditEntry.objects.count())
    response = _post(client_for("tinhuy"), API, payload)
    assert response.status_code == 422
    assert any(message in m for m in response.json()["errors"][field])
    assert (Task.objects.count(), AuditEntry.objects.count()) == before


def test_extension_to_past_date_refused(world, client_for):
    url = f"{API}/{world['led'].pk}/extensions"
    past = (world["today"] - dt.timedelta(days=1)).isoformat()
    response = _post(client_for("xa"), url, {"new_date": past, "reason": "Chậm"})
    assert response.status_code == 422
    assert response.json()["errors"]["new_date"] == ["Ngày gia hạn không được ở trong quá khứ."]
    not_after = world["led"].deadline.isoformat()
    response = _post(client_for("xa"), url, {"new_date": not_after, "reason": "Chậm"})
    assert "phải sau thời hạn hiện tại" in response.json()["errors"]["new_date"][0]
    assert not Extension.objects.exists()


def test_progress_percent_out_of_range_refused(world, client_for):
    url = f"{API}/{world['led'].pk}/progress"
    response = _post(client_for("xa"), url, {"percent": 120, "text": "Quá"})
    assert response.status_code == 422
    assert response.json()["errors"]["percent"] == ["Tỷ lệ hoàn thành phải từ 0 đến 100%."]
    assert not ProgressUpdate.objects.exists()
    assert not Comment.objects.exists()
