"""Difficulties and recommendations (issue 10 §7): raised to the level above, answered,
forwarded further up or assigned as a task, with the thread kept; counted in the report."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.core.report import build_report
from nghiquyet.tasks.models import Recommendation, RecState
from nghiquyet.tasks.selectors import recommendation_statistics, recommendation_texts
from nghiquyet.tasks.services import (
    TaskInput,
    recommendation_answer,
    recommendation_assign,
    recommendation_forward,
    recommendation_raise,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _raise(cast, unit=None, title="Thiếu kinh phí", **kw):
    return recommendation_raise(
        actor=cast.root, unit=unit or cast.cell, title=title, text=f"Nội dung {title}", **kw
    )


def test_raised_to_the_level_above_and_forwarded_keeping_the_thread(cast, clock):
    rec = _raise(cast, files=[("bien-ban.png", io.BytesIO(PNG))])
    assert rec.addressed_to == cast.commune and rec.state == RecState.CHO_XU_LY
    assert [f.original_name for f in rec.files.all()] == ["bien-ban.png"]
    with pytest.raises(PermissionDeniedError):
        recommendation_answer(actor=cast.chibo, recommendation=rec, text="Không")
    recommendation_forward(actor=cast.xa, recommendation=rec, text="Vượt thẩm quyền phường")
    rec.refresh_from_db()
    assert rec.addressed_to == cast.province and rec.closed_on is None
    with pytest.raises(PermissionDeniedError):  # Now the province's to handle.
        recommendation_answer(actor=cast.xa, recommendation=rec, text="Đã xử lý")
    clock.set(dt.date(2025, 1, 20))
    recommendation_answer(actor=cast.tinhuy, recommendation=rec, text="Bổ sung kinh phí quý II")
    rec.refresh_from_db()
    assert rec.state == RecState.DA_TRA_LOI and rec.closed_on == dt.date(2025, 1, 20)
    steps = [(m.step, m.organisation.code) for m in rec.messages.all()]
    assert steps == [("kien_nghi", "P-CL-CB1"), ("chuyen", "P-CL"), ("tra_loi", "T-DT")]
    assert rec.age(dt.date(2025, 3, 1)) == 18  # Age stops when it is answered.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"tasks.recommendation.raise", "tasks.recommendation.forward"} <= actions
    assert "tasks.recommendation.answer" in actions
    with pytest.raises(InvalidInputError):
        recommendation_answer(actor=cast.tinhuy, recommendation=rec, text="Lần nữa")


def test_assigned_as_a_task_to_a_unit_of_the_addressed_level(cast, clock):
    rec = _raise(cast)
    data = TaskInput(
        code="KN-1",
        title="Giải quyết kinh phí",
        assigning=cast.commune,
        lead=cast.cell,
        start_date=dt.date(2025, 1, 2),
        deadline=dt.date(2025, 3, 31),
    )
    outside = TaskInput(**{**data.__dict__, "assigning": cast.province, "code": "KN-2"})
    with pytest.raises(InvalidInputError) as err:
        recommendation_assign(actor=cast.tinhuy, recommendation=rec, data=outside)
    assert "Đảng ủy phường Cao Lãnh" in err.value.errors["assigning"][0]
    task = recommendation_assign(actor=cast.xa, recommendation=rec, data=data)
    rec.refresh_from_db()
    assert rec.state == RecState.DA_GIAO and rec.assigned_task == task
    assert task.assigning == cast.commune and task.lead == cast.cell


def test_bad_input_is_refused_and_nothing_saved(cast):
    with pytest.raises(InvalidInputError) as err:
        _raise(cast, unit=cast.province)
    assert "không có cấp trên" in err.value.errors["unit"][0]
    with pytest.raises(InvalidInputError) as err:
        _raise(cast, files=[("virus.exe", io.BytesIO(b"MZ"))])
    assert "virus.exe" in err.value.errors["file"][0]
    with pytest.raises(InvalidInputError) as err:
        _raise(cast, files=[("gia.png", io.BytesIO(b"not a png"))])
    assert "gia.png" in err.value.errors["file"][0]
    with pytest.raises(InvalidInputError):
        recommendation_raise(actor=cast.root, unit=cast.cell, title=" ", text="x")
    with pytest.raises(PermissionDeniedError):
        recommendation_raise(actor=cast.lanhdao, unit=cast.commune, title="a", text="b")
    assert not Recommendation.objects.exists()


@pytest.fixture
def constructed(cast, clock):
    """Subtree of T-DT in 2025Q1 (cut-off 31/03/2025): raised in the period 4 (one answered
    in it, one assigned in April); raised in 2024 and still open 1 (over 30 days); raised
    and answered in 2024 1 (not counted); raised in April 1 (after the cut-off)."""

    def raised(day, unit=None, title="x"):
        clock.set(day)
        return _raise(cast, unit=unit, title=title)

    old_open = raised(dt.date(2024, 11, 5), title="Cũ còn mở")
    old_closed = raised(dt.date(2024, 10, 1), title="Cũ đã xong")
    recommendation_answer(actor=cast.tinhuy, recommendation=old_closed, text="Xong")  # 2024
    a = raised(dt.date(2025, 1, 10), title="Quý I trả lời")
    b = raised(dt.date(2025, 2, 1), unit=cast.other_cell, title="Quý I chuyển")
    raised(dt.date(2025, 3, 1), unit=cast.commune, title="Quý I mới")
    late = raised(dt.date(2025, 3, 31), title="Cuối quý")
    clock.set(dt.date(2025, 2, 15))
    recommendation_answer(actor=cast.xa, recommendation=a, text="Đã bố trí")
    recommendation_forward(actor=cast.root, recommendation=b, text="Lên tỉnh")
    raised(dt.date(2025, 4, 2), title="Tháng Tư")
    recommendation_answer(actor=cast.root, recommendation=late, text="Sau kỳ")
    return {"old_open": old_open}


def test_statistics_are_exact_on_a_constructed_set(constructed, cast):
    q1 = Period.parse("2025Q1")
    counts = recommendation_statistics(
        user=cast.root, org=cast.province, start=q1.start, end=q1.end, today=dt.date(2025, 5, 1)
    )
    assert counts.as_dict() == {"raised": 4, "answered": 1, "open": 4, "open_over_30_days": 2}
    commune = recommendation_statistics(
        user=cast.root, org=cast.commune, start=q1.start, end=q1.end, today=dt.date(2025, 5, 1)
    )
    assert commune.as_dict() == {"raised": 3, "answered": 1, "open": 3, "open_over_30_days": 1}


def test_report_json_and_export_narrative_carry_them(constructed, cast, clock):
    clock.set(dt.date(2025, 5, 1))
    report = build_report(org=cast.province, period=Period.parse("2025Q1"), actor=cast.root)
    assert report["recommendations"] == {
        "raised": 4,
        "answered": 1,
        "open": 4,
        "open_over_30_days": 2,
    }
    lines = recommendation_texts(
        user=cast.root,
        org=cast.province,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 3, 31),
        today=dt.date(2025, 5, 1),
    )
    text = "\n".join(lines)
    assert "Cũ còn mở" in text and "chưa được giải quyết, 146 ngày" in text
    assert "Quý I trả lời" in text and "trả lời: Đã bố trí" in text
    assert "Cũ đã xong" not in text and "Tháng Tư" not in text

    from nghiquyet.exports.services import draft_create

    draft = draft_create(actor=cast.root, org=cast.province, period="2025Q1", kind="dinh_ky")
    limitations = draft.versions.get().limitations
    assert "Cũ còn mở" in limitations and "Quý I chuyển" in limitations


def test_views_raise_with_a_file_and_answer(cast, client_for, clock):
    upload = SimpleUploadedFile("anh.png", PNG, content_type="image/png")
    post = {"unit": "P-CL", "title": "Vướng mặt bằng", "text": "Chưa giải phóng mặt bằng"}
    response = client_for("xa").post("/nhiem-vu/kien-nghi/moi/", post | {"attachments": upload})
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert rec.addressed_to == cast.province and rec.files.count() == 1
    download = client_for("tinhuy").get(f"/nhiem-vu/kien-nghi/{rec.pk}/tep/{rec.files.get().pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    listing = client_for("tinhuy").get("/nhiem-vu/kien-nghi/?don_vi=T-DT&hop=nhan").content
    assert "Vướng mặt bằng" in listing.decode() and "0 ngày" in listing.decode()
    empty = client_for("tinhuy").post(f"/nhiem-vu/kien-nghi/{rec.pk}/tra-loi/", {"text": " "})
    assert empty.status_code == 422
    done = client_for("tinhuy").post(f"/nhiem-vu/kien-nghi/{rec.pk}/tra-loi/", {"text": "Đồng ý"})
    assert done.status_code == 302
    assert Recommendation.objects.get().state == RecState.DA_TRA_LOI
    bad = SimpleUploadedFile("x.pdf", b"nope", content_type="application/pdf")
    refused = client_for("xa").post("/nhiem-vu/kien-nghi/moi/", post | {"attachments": bad})
    assert refused.status_code == 422 and "x.pdf" in refused.content.decode()
    assert Recommendation.objects.count() == 1


def test_api_raises_and_forwards(cast, client_for):
    client = client_for("xa")
    body = {"unit": "P-CL-CB1", "title": "Thiếu cán bộ", "text": "Chi bộ thiếu cán bộ"}
    created = client.post("/api/v1/tasks/recommendations", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["addressed_to"] == "P-CL"
    pk = created.json()["id"]
    forwarded = client.post(
        f"/api/v1/tasks/recommendations/{pk}/forward",
        {"text": "Đề nghị tỉnh xem xét"},
        content_type="application/json",
    )
    assert forwarded.status_code == 200
    assert forwarded.json()["addressed_to"] == "T-DT"
    assert [m["step"] for m in forwarded.json()["messages"]] == ["kien_nghi", "chuyen"]
    again = client.post(
        f"/api/v1/tasks/recommendations/{pk}/answer", {"text": "x"}, content_type="application/json"
    )
    assert again.status_code == 403
    empty = client.post(
        "/api/v1/tasks/recommendations", body | {"text": ""}, content_type="application/json"
    )
    assert empty.status_code == 422 and "text" in str(empty.json())


def test_open_ones_are_in_both_inboxes_with_their_age(cast, clock):
    from nghiquyet.tasks.inbox import inbox_items
    from nghiquyet.tasks.services import briefing_create

    clock.set(dt.date(2025, 1, 2))
    rec = _raise(cast, unit=cast.commune, title="Thiếu mặt bằng")
    briefing_create(
        actor=cast.root,
        chair=cast.province,
        held_on=dt.date(2025, 1, 2),
        agenda="Giao ban",
        conclusions=["Kết luận chưa giao"],
    )
    today = dt.date(2025, 2, 10)
    province = inbox_items(user=cast.tinhuy, org=cast.province, today=today)
    commune = inbox_items(user=cast.xa, org=cast.commune, today=today)
    mine = [i for i in province if i.kind == "kien_nghi"]
    sent = [i for i in commune if i.kind == "kien_nghi"]
    assert [i.waiting_for for i in mine] == ["user"] and [i.waiting_for for i in sent] == ["unit"]
    assert "(39 ngày)" in mine[0].status and mine[0].tone == "bad"
    assert sent[0].url == f"/nhiem-vu/kien-nghi/{rec.pk}/"
    assert [i.kind for i in province if i.kind == "ket_luan"] == ["ket_luan"]
    assert not [i for i in commune if i.kind == "ket_luan"]
    recommendation_answer(actor=cast.tinhuy, recommendation=rec, text="Đã xử lý")
    assert not [
        i for i in inbox_items(user=cast.xa, org=cast.commune, today=today) if i.kind == "kien_nghi"
    ]


def test_the_thread_names_the_person_not_the_login(cast, client_for):
    """Walk defect: each message of the thread was signed with the login name ("xa")."""
    cast.xa.first_name, cast.xa.last_name = "Trần Văn", "Bình"
    cast.xa.save()
    rec = recommendation_raise(actor=cast.xa, unit=cast.commune, title="Thiếu kinh phí", text="Xin")
    page = client_for("tinhuy").get(f"/nhiem-vu/kien-nghi/{rec.pk}/").content.decode()
    assert ", Trần Văn Bình</small>" in page and ", xa</small>" not in page
