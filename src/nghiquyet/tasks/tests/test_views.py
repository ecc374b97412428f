"""Task pages for every persona: who sees what, and only the actions that would succeed."""

import datetime as dt

import pytest
from django.utils import timezone

from nghiquyet.tasks.models import Comment, CompletionReport, Extension, ProgressUpdate, Task
from nghiquyet.tasks.services import (
    comment_add,
    completion_report,
    extension_request,
    progress_post,
    section_create,
)

URL = "/nhiem-vu"


@pytest.fixture
def world(cast, make_task, make_doc):
    today = timezone.localdate()
    plan = make_doc(doc_type="chuong_trinh", title="Chương trình hành động", issue_date=today)
    group = section_create(
        actor=cast.root, document=plan, kind="nhom_nhiem_vu_giai_phap", name="Nhóm giải pháp 1"
    )
    led = make_task(
        "NV-01",
        today - dt.timedelta(days=30),
        today + dt.timedelta(days=30),
        coordinating_units=[cast.other_cell],
        section=group,
    )
    other = make_task(
        "NV-02",
        today - dt.timedelta(days=30),
        today - dt.timedelta(days=1),
        assigning=cast.other_commune,
        lead=cast.other_cell,
    )
    return {"led": led, "other": other, "plan": plan, "today": today}


def _login_redirect(response):
    return response.status_code == 302 and "dang-nhap" in response["Location"]


def test_index_groups_by_status(world, client_for, persona):
    response = client_for(persona).get(f"{URL}/?don_vi=T-DT")
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    if persona in ("xa", "chibo"):
        assert response.status_code == 404  # The province is outside their scope.
        own = client_for(persona).get(f"{URL}/").content.decode()
        assert ("NV-02" in own) is (persona == "chibo")
        return
    body = response.content.decode()
    assert "Chưa đến hạn (1)" in body and "Quá hạn (1)" in body


def test_index_htmx_returns_the_groups_partial(world, client_for):
    response = client_for("tinhuy").get(f"{URL}/?trang_thai=qua_han", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "NV-02" in body and "NV-01" not in body and "<html" not in body


DETAIL = {"xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200}


def test_detail_shows_only_allowed_actions(world, client_for, persona):
    response = client_for(persona).get(f"{URL}/{world['led'].pk}/")
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    assert response.status_code == DETAIL[persona]
    body = response.content.decode()
    assert ("Cập nhật tiến độ" in body) is (persona == "xa")
    assert ("Gửi ý kiến" in body) is (persona in ("xa", "chibo", "tinhuy"))
    assert ("Sửa nhiệm vụ" in body) is (persona == "tinhuy")
    assert "Xác nhận hoàn thành" not in body  # Nothing reported yet.


def test_detail_outside_scope_is_404(world, client_for):
    assert client_for("xa").get(f"{URL}/{world['other'].pk}/").status_code == 404


def test_confirm_form_only_for_assigning_unit(world, cast, client_for, persona):
    completion_report(actor=cast.xa, occurrence=world["led"].occurrences.get())
    response = client_for(persona).get(f"{URL}/{world['led'].pk}/")
    if persona == "anonymous":
        return
    assert ("Xác nhận hoàn thành" in response.content.decode()) is (persona == "tinhuy")


POST = {"anonymous": 302, "xa": 302, "chibo": 403, "lanhdao": 403, "tinhuy": 403}


def test_progress_post_matrix(world, client_for, persona):
    occ = world["led"].occurrences.get()
    response = client_for(persona).post(
        f"{URL}/{world['led'].pk}/tien-do/",
        {"occurrence": occ.pk, "percent": 50, "text": "Một nửa"},
    )
    assert response.status_code == POST[persona]
    assert ProgressUpdate.objects.exists() is (persona == "xa")


def test_complete_and_confirm_and_return_pages(world, cast, client_for):
    task, occ = world["led"], world["led"].occurrences.get()
    client_for("xa").post(f"{URL}/{task.pk}/hoan-thanh/", {"occurrence": occ.pk, "note": "Xong"})
    assert (
        client_for("xa").post(f"{URL}/{task.pk}/xac-nhan/", {"occurrence": occ.pk}).status_code
        == 403
    )
    returned = client_for("tinhuy").post(
        f"{URL}/{task.pk}/tra-lai/", {"occurrence": occ.pk, "reason": "Thiếu minh chứng"}
    )
    assert returned.status_code == 302
    client_for("xa").post(
        f"{URL}/{task.pk}/hoan-thanh/", {"occurrence": occ.pk, "note": "Đã bổ sung"}
    )
    client_for("tinhuy").post(f"{URL}/{task.pk}/xac-nhan/", {"occurrence": occ.pk})
    decisions = sorted(CompletionReport.objects.values_list("decision", flat=True))
    assert decisions == ["chap_thuan", "tu_choi"]


def test_extension_pages(world, cast, client_for):
    task, occ = world["led"], world["led"].occurrences.get()
    past = (world["today"] - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    bad = client_for("xa").post(
        f"{URL}/{task.pk}/gia-han/", {"occurrence": occ.pk, "new_date": past, "reason": "Chậm"}
    )
    assert bad.status_code == 422
    assert "Ngày gia hạn không được ở trong quá khứ." in bad.content.decode()
    assert not Extension.objects.exists()
    ext = extension_request(
        actor=cast.xa, occurrence=occ, new_date=world["today"] + dt.timedelta(days=90), reason="Chờ"
    )
    url = f"{URL}/{task.pk}/gia-han/{ext.pk}/chap-thuan/"
    assert client_for("xa").post(url, {"note": ""}).status_code == 403
    assert client_for("chibo").post(url, {"note": ""}).status_code == 403
    assert client_for("tinhuy").post(url, {"note": ""}).status_code == 302
    assert Extension.objects.get().decision == "chap_thuan"


def test_comment_matrix(world, client_for, persona):
    response = client_for(persona).post(f"{URL}/{world['led'].pk}/y-kien/", {"text": "Góp ý"})
    expected = {"anonymous": 302, "xa": 302, "chibo": 302, "lanhdao": 403, "tinhuy": 302}
    assert response.status_code == expected[persona]
    assert Comment.objects.exists() is (persona in ("xa", "chibo", "tinhuy"))


CREATE = {"xa": 302, "chibo": 200, "lanhdao": 200, "tinhuy": 302}


def test_create_page_matrix(world, client_for, persona):
    client = client_for(persona)
    page = client.get(f"{URL}/giao/")
    if persona == "anonymous":
        assert _login_redirect(page)
        return
    # lanhdao may only read: the form is refused before it is shown, like its save.
    assert page.status_code == (403 if persona == "lanhdao" else 200)
    response = client.post(
        f"{URL}/giao/",
        {
            "assigning": world["led"].lead.pk,
            "code": "NV-10",
            "title": "Kiểm tra",
            "lead": "P-CL-CB1",
            "start_date": "05/01/2026",
            "deadline": "31/3/2026",
        },
    )
    # chibo cannot pick the commune: the form refuses the choice (422).
    expected = {"xa": 302, "chibo": 422, "lanhdao": 403, "tinhuy": 302}
    assert response.status_code == expected[persona]
    assert Task.objects.filter(code="NV-10").exists() is (expected[persona] == 302)


def test_create_refuses_deadline_before_start_in_vietnamese(world, cast, client_for):
    response = client_for("tinhuy").post(
        f"{URL}/giao/",
        {
            "assigning": cast.province.pk,
            "code": "NV-11",
            "title": "Sai hạn",
            "lead": "P-CL",
            "start_date": "05/01/2026",
            "deadline": "01/01/2026",
        },
    )
    assert response.status_code == 422
    assert "Thời hạn không được trước ngày bắt đầu." in response.content.decode()
    assert not Task.objects.filter(code="NV-11").exists()


def test_edit_page_matrix(world, client_for, persona):
    response = client_for(persona).get(f"{URL}/{world['led'].pk}/sua/")
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    # The form is refused before it is shown to whoever may not save it.
    assert response.status_code == (200 if persona == "tinhuy" else 403)
    posted = client_for(persona).post(
        f"{URL}/{world['led'].pk}/sua/",
        {
            "assigning": world["led"].assigning.pk,
            "code": "NV-01",
            "title": "Nội dung sửa",
            "lead": "P-CL",
            "start_date": world["led"].start_date.strftime("%d/%m/%Y"),
            "deadline": world["led"].deadline.strftime("%d/%m/%Y"),
        },
    )
    assert posted.status_code == (302 if persona == "tinhuy" else 403)


def test_statistics_page_matrix(world, client_for, persona):
    response = client_for(persona).get(f"{URL}/thong-ke/?don_vi=P-CL&ky={world['today'].year}")
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    expected = {"xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
    assert response.status_code == expected[persona]
    if expected[persona] == 200:
        body = response.content.decode()
        assert "Tổng số nhiệm vụ được giao" in body
        assert "trang_thai=qua_han" in body


def test_board_matrix(world, client_for, persona):
    response = client_for(persona).get(f"{URL}/van-ban/{world['plan'].pk}/")
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    # The province's issued programme is visible to every unit below it.
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nhóm giải pháp 1" in body
    assert ("NV-01" in body) is (persona in ("xa", "chibo", "lanhdao", "tinhuy"))


def test_progress_and_comments_name_the_person_not_the_login(world, cast, client_for):
    """Walk defect: the task page signed updates "01/12/2026, xa" (the login name)."""
    cast.xa.first_name, cast.xa.last_name = "Trần Văn", "Bình"
    cast.xa.save()
    task = world["led"]
    progress_post(actor=cast.xa, occurrence=task.occurrences.get(), percent=60, text="Đã rà soát")
    comment_add(actor=cast.xa, task=task, text="Đề nghị phối hợp")
    page = client_for("tinhuy").get(f"{URL}/{task.pk}/").content.decode()
    assert page.count(", Trần Văn Bình</small>") == 2
    assert ", xa</small>" not in page


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("quý III năm 2026", "Quý III/2026"),
        ("6 tháng đầu năm 2026", "6 tháng đầu năm 2026"),
        ("nhiệm kỳ 2020 - 2025", "2020"),
        ("2026Q3", "Quý III/2026"),
    ],
)
def test_statistics_read_every_period_form_the_error_message_offers(
    world, client_for, typed, label
):
    """Walk defect: the period box took at most 12 characters, so "quý III năm 2026", which
    its own error message proposes, was refused for its length."""
    body = client_for("tinhuy").get(f"{URL}/thong-ke/", {"ky": typed}).content.decode()
    assert "has-error" not in body
    assert label in body.split("</h1>")[1].split("<form")[0]


def test_statistics_of_a_unit_without_due_tasks_print_no_empty_percentage(world, client_for):
    """Walk defect: a cell with no task due read "0 (%)" beside on time and overdue."""
    page = client_for("xa").get(f"{URL}/thong-ke/", {"don_vi": "P-CL"})
    assert page.context["stats"].due == 0 and page.context["stats"].assigned == 1
    body = page.content.decode()
    assert "(%)" not in body


def test_the_new_task_form_starts_with_the_working_unit_as_assigner(world, cast, client_for):
    """Walk defect: "Đơn vị giao" opened on "---------" among every unit of the province."""
    page = client_for("xa").get(f"{URL}/giao/")
    assert page.context["form"]["assigning"].value() == cast.commune.pk
    assert f'<option value="{cast.commune.pk}" selected>' in page.content.decode()
