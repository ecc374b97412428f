"""Briefings (issue 10 §4): a briefing with its conclusion notice, and a conclusion turned
into a task in one step."""

import datetime as dt

import pytest

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.tasks.models import Briefing, Conclusion, Task
from nghiquyet.tasks.services import TaskInput, briefing_create, conclusion_assign

HELD = dt.date(2026, 4, 10)


@pytest.fixture
def notice(make_doc):
    return make_doc(
        doc_type="thong_bao", number=714, title="Kết luận giao ban quý I", issue_date=HELD
    )


@pytest.fixture
def briefing(cast, notice):
    return briefing_create(
        actor=cast.tinhuy,
        chair=cast.province,
        held_on=HELD,
        agenda="Giao ban quý I năm 2026",
        participants=[cast.commune, cast.other_commune],
        notice=notice,
        conclusions=["Hoàn thành quy hoạch phân khu", "", "  Đẩy nhanh giải ngân vốn  "],
    )


def _data(cast, code="GB-1", **fields):
    base = {
        "code": code,
        "title": "Hoàn thành quy hoạch phân khu",
        "assigning": cast.province,
        "lead": cast.commune,
        "start_date": HELD,
        "deadline": HELD + dt.timedelta(days=60),
    }
    return TaskInput(**(base | fields))


def test_briefing_keeps_notice_participants_and_numbered_conclusions(briefing, notice, cast):
    assert briefing.notice == notice and notice.symbol.startswith("714-TB/")
    assert set(briefing.participants.all()) == {cast.commune, cast.other_commune}
    texts = list(briefing.conclusions.values_list("position", "text"))
    assert texts == [(1, "Hoàn thành quy hoạch phân khu"), (2, "Đẩy nhanh giải ngân vốn")]
    entry = AuditEntry.objects.get(action="tasks.briefing.create")
    assert entry.after["conclusions"] == 2


def test_conclusion_becomes_a_task_once(briefing, cast, notice):
    first = briefing.conclusions.get(position=1)
    task = conclusion_assign(actor=cast.tinhuy, conclusion=first, data=_data(cast))
    first.refresh_from_db()
    assert first.task == task and task.document == notice and task.lead == cast.commune
    assert AuditEntry.objects.filter(action="tasks.conclusion.assign").count() == 1
    with pytest.raises(InvalidInputError) as err:
        conclusion_assign(actor=cast.tinhuy, conclusion=first, data=_data(cast, "GB-2"))
    assert "đã được giao" in err.value.errors["conclusion"][0]
    assert Task.objects.count() == 1


def test_conclusion_task_follows_the_task_rules(briefing, cast):
    second = briefing.conclusions.get(position=2)
    bad = _data(cast, deadline=HELD - dt.timedelta(days=1))
    with pytest.raises(InvalidInputError) as err:
        conclusion_assign(actor=cast.tinhuy, conclusion=second, data=bad)
    assert "deadline" in err.value.errors
    assert Conclusion.objects.get(pk=second.pk).task is None and not Task.objects.exists()


def test_briefing_refuses_bad_input_and_saves_nothing(cast, make_doc):
    plan = make_doc(doc_type="ke_hoach", number=9)
    with pytest.raises(InvalidInputError) as err:
        briefing_create(
            actor=cast.tinhuy,
            chair=cast.province,
            held_on=HELD,
            agenda="  ",
            notice=plan,
            conclusions=["x" * 5001],
        )
    assert set(err.value.errors) == {"agenda", "notice", "conclusions"}
    assert "Kết luận 1" in err.value.errors["conclusions"][0]
    assert not Briefing.objects.exists()


def test_only_the_chairing_unit_records_a_briefing(cast):
    with pytest.raises(PermissionDeniedError):
        briefing_create(actor=cast.xa, chair=cast.province, held_on=HELD, agenda="Giao ban")
    with pytest.raises(PermissionDeniedError):
        briefing_create(actor=cast.lanhdao, chair=cast.province, held_on=HELD, agenda="Giao ban")


def test_briefing_pages_turn_a_conclusion_into_a_task(briefing, client_for, cast):
    client = client_for("tinhuy")
    page = client.get(f"/nhiem-vu/giao-ban/{briefing.pk}/").content.decode()
    assert "Giao thành nhiệm vụ" in page and "Đẩy nhanh giải ngân vốn" in page
    form = client.get(f"/nhiem-vu/giao-ban/{briefing.pk}/ket-luan/2/giao/").content.decode()
    assert "Đẩy nhanh giải ngân vốn" in form and "714-TB/" in form
    post = {
        "assigning": cast.province.pk,
        "code": "GB260410-2",
        "title": "Đẩy nhanh giải ngân vốn",
        "lead": "P-CL",
        "start_date": "10/04/2026",
        "deadline": "30/06/2026",
        "document": briefing.notice.symbol,
    }
    response = client.post(f"/nhiem-vu/giao-ban/{briefing.pk}/ket-luan/2/giao/", post)
    assert response.status_code == 302
    task = Task.objects.get(code="GB260410-2")
    assert briefing.conclusions.get(position=2).task == task
    assert task.document == briefing.notice
    xa_page = client_for("xa").get(f"/nhiem-vu/giao-ban/{briefing.pk}/").content.decode()
    assert "Giao thành nhiệm vụ" not in xa_page and "GB260410-2" in xa_page


def test_briefing_form_records_conclusions_one_per_line(client_for, cast, notice):
    post = {
        "chair": "T-DT",
        "held_on": "10/04/2026",
        "participants": "P-CL; X-MH",
        "agenda": "Giao ban quý I",
        "notice": notice.symbol,
        "conclusions": "Kết luận một\r\n\r\nKết luận hai\r\n",
    }
    response = client_for("tinhuy").post("/nhiem-vu/giao-ban/moi/", post)
    assert response.status_code == 302
    briefing = Briefing.objects.get()
    assert [c.text for c in briefing.conclusions.all()] == ["Kết luận một", "Kết luận hai"]
    bad = client_for("tinhuy").post("/nhiem-vu/giao-ban/moi/", post | {"participants": "KHONG"})
    assert bad.status_code == 422 and "KHONG" in bad.content.decode()


def test_briefing_list_counts_the_conclusions_assigned_not_all_of_them(briefing, client_for, cast):
    """Walk defect: the column "Kết luận đã giao" showed every conclusion (2 of 2 assigned
    though none was); it shows assigned/total, and each conclusion is numbered once."""
    client = client_for("tinhuy")

    def row() -> str:
        page = client.get("/nhiem-vu/giao-ban/").content.decode()
        return page.split(f"/nhiem-vu/giao-ban/{briefing.pk}/")[1].split("</tr>")[0]

    assert "<td>0/2</td>" in row()
    first = briefing.conclusions.get(position=1)
    conclusion_assign(actor=cast.tinhuy, conclusion=first, data=_data(cast))
    assert "<td>1/2</td>" in row()
    detail = client.get(f"/nhiem-vu/giao-ban/{briefing.pk}/").content.decode()
    assert "<ol" not in detail.split("<h2>Kết luận</h2>")[1]
    assert "<strong>1.</strong> Hoàn thành quy hoạch phân khu" in detail


def test_briefing_list_stays_newest_first(briefing, client_for, cast):
    later = briefing_create(
        actor=cast.tinhuy, chair=cast.province, held_on=HELD + dt.timedelta(days=90),
        agenda="Giao ban quý II", participants=[], notice=None, conclusions=["Một"],
    )  # fmt: skip
    page = client_for("tinhuy").get("/nhiem-vu/giao-ban/").content.decode()
    assert page.index(f"/giao-ban/{later.pk}/") < page.index(f"/giao-ban/{briefing.pk}/")
