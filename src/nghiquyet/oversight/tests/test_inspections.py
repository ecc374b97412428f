"""Inspection and supervision: the report key, member-record privacy, remedies as tasks."""

import datetime as dt

import pytest

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.core.report import build_report
from nghiquyet.oversight import selectors
from nghiquyet.oversight.services import (
    InspectionInput,
    Member,
    RemedyInput,
    inspection_conclude,
    inspection_create,
    programme_create,
)
from nghiquyet.tasks.models import Task
from nghiquyet.tasks.selectors import task_statistics
from nghiquyet.tasks.services import completion_confirm, completion_report

D = dt.date


def inspect(actor, body, start, *, kind="kiem_tra_chuyen_de", programme=None, **subject):
    return inspection_create(
        actor=actor,
        data=InspectionInput(
            body=body,
            kind=kind,
            content="Việc lãnh đạo thực hiện Nghị quyết Đại hội",
            start_date=start,
            programme=programme,
            **subject,
        ),
    )


@pytest.fixture
def world(cast):
    tinhuy, xa = cast.tinhuy, cast.xa
    plan = programme_create(
        actor=tinhuy, organisation=cast.province, year=2025, title="Chương trình kiểm tra 2025"
    )
    by_province = inspect(
        tinhuy, cast.province, D(2025, 3, 1), programme=plan, subject_org=cast.cell
    )
    by_commune = inspect(
        xa, cast.commune, D(2025, 5, 1), kind="giam_sat_chuyen_de", subject_org=cast.cell
    )
    member = Member(name="Nguyễn Văn An", card="12.345.678", unit=cast.cell)
    member_by_commune = inspect(
        xa, cast.commune, D(2025, 6, 1), kind="kiem_tra_dau_hieu_vi_pham", member=member
    )
    member_by_province = inspect(
        tinhuy, cast.province, D(2025, 8, 1), programme=plan, member=member
    )
    other = inspect(
        cast.root,
        cast.other_commune,
        D(2025, 9, 1),
        kind="giam_sat_thuong_xuyen",
        subject_org=cast.other_cell,
    )
    inspection_conclude(
        actor=tinhuy,
        inspection=by_province,
        result="co_han_che",
        concluded_on=D(2025, 4, 1),
        findings="Chậm ban hành kế hoạch thực hiện.",
        remedies=[
            RemedyInput("Ban hành kế hoạch thực hiện nghị quyết", D(2025, 6, 30)),
            RemedyInput("Bổ sung quy chế làm việc", D(2025, 5, 15)),
            RemedyInput("Kiện toàn tổ đảng", D(2026, 12, 31)),
        ],
    )
    inspection_conclude(actor=xa, inspection=by_commune, result="tot", concluded_on=D(2025, 5, 20))
    inspection_conclude(
        actor=xa,
        inspection=member_by_commune,
        result="co_vi_pham",
        discipline="canh_cao",
        concluded_on=D(2025, 7, 1),
    )
    return {
        "by_province": by_province,
        "member_by_commune": member_by_commune,
        "member_by_province": member_by_province,
        "other": other,
    }


def test_oversight_report_key_counts_records_and_distinct_subjects(cast, world):
    # The quick remedy is done on time through the tasks workflow.
    quick = Task.objects.get(code=f"{world['by_province'].code}-KP2")
    occ = quick.occurrences.get()
    completion_report(actor=cast.xa, occurrence=occ, at=dt.datetime(2025, 5, 10, 9, tzinfo=dt.UTC))
    completion_confirm(actor=cast.tinhuy, occurrence=occ)
    report = build_report(org=cast.province, period=Period.parse("2025"), actor=cast.lanhdao)
    assert report["oversight"] == {
        "organisations": {
            "records": 3,
            "distinct": 2,
            "by_body": [
                {"code": "T-DT", "records": 1},
                {"code": "P-CL", "records": 1},
                {"code": "X-MH", "records": 1},
            ],
        },
        "members": {
            "records": 2,
            "distinct": 1,
            "by_body": [{"code": "T-DT", "records": 1}, {"code": "P-CL", "records": 1}],
        },
        "by_kind": {
            "kiem_tra_thuong_xuyen": 0,
            "kiem_tra_chuyen_de": 2,
            "kiem_tra_dau_hieu_vi_pham": 1,
            "giam_sat_thuong_xuyen": 1,
            "giam_sat_chuyen_de": 1,
        },
        "planned": 2,
        "done": 3,
        "results": {"tot": 1, "co_han_che": 1, "co_vi_pham": 1},
        "remedies": {"done": 1, "open": 1, "overdue": 1},
    }
    commune = build_report(org=cast.commune, period=Period.parse("2025"), actor=cast.xa)
    assert commune["oversight"]["organisations"]["records"] == 1
    assert commune["oversight"]["members"] == {
        "records": 1,
        "distinct": 1,
        "by_body": [{"code": "P-CL", "records": 1}],
    }


def test_member_records_are_counts_only_for_other_readers(cast, world):
    names = {
        persona: set(
            selectors.inspection_visible(cast.persona(persona)).values_list("pk", flat=True)
        )
        for persona in ("xa", "chibo", "lanhdao", "tinhuy")
    }
    member_commune = world["member_by_commune"].pk
    member_province = world["member_by_province"].pk
    # The commune's user sees its own body's member record, not the province's.
    assert member_commune in names["xa"] and member_province not in names["xa"]
    # The province's read-only leader belongs to the province's body, but not to the
    # commune's: a commune member record is counts only; the admin (quan_tri) sees both.
    assert member_province in names["lanhdao"] and member_commune not in names["lanhdao"]
    assert {member_commune, member_province} <= names["tinhuy"]
    # The other branch sees only what concerns it.
    assert names["chibo"] == {world["other"].pk}
    with pytest.raises(NotFoundError):
        selectors.inspection_get(cast.lanhdao, world["member_by_commune"].pk)
    # ...but the leader still counts them.
    figures = selectors.oversight_figures(cast.lanhdao, cast.province, Period.parse("2025"))
    assert figures.members.records == 2


def test_member_name_stays_out_of_the_audit_log(cast, world):
    entries = AuditEntry.objects.filter(action="oversight.inspection.create")
    assert all("Nguyễn Văn An" not in str(e.after) for e in entries)


def test_remedy_becomes_a_task_of_the_subject_unit_and_is_overdue_on_time(cast, world):
    task = Task.objects.get(code=f"{world['by_province'].code}-KP1")
    assert (task.assigning, task.lead, task.deadline) == (cast.province, cast.cell, D(2025, 6, 30))
    assert task.remedy.text == "Ban hành kế hoạch thực hiện nghị quyết"
    remedies = world["by_province"].remedies.filter(pk=task.remedy.pk)
    on_deadline = selectors.remedy_statuses(remedies, D(2025, 6, 30), today=D(2025, 6, 30))
    assert on_deadline[task.remedy.pk][0] == "open"
    next_day = selectors.remedy_statuses(remedies, D(2025, 7, 1), today=D(2025, 7, 1))
    assert next_day[task.remedy.pk][0] == "overdue"
    stats = task_statistics(user=cast.xa, org=cast.cell, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert stats.overdue == 2


def test_subject_must_be_below_the_body_and_writes_need_edit_rights(cast):
    with pytest.raises(InvalidInputError) as exc:
        inspect(cast.xa, cast.commune, D(2025, 1, 5), subject_org=cast.other_cell)
    assert "subject" in exc.value.errors
    with pytest.raises(PermissionDeniedError):
        inspect(cast.lanhdao, cast.province, D(2025, 1, 5), subject_org=cast.cell)
    with pytest.raises(InvalidInputError) as exc:
        inspect(cast.xa, cast.commune, D(2025, 1, 5), member=Member(name=" ", unit=cast.cell))
    assert "member_name" in exc.value.errors


def test_discipline_only_with_a_violation_and_fitting_the_subject(cast):
    record = inspect(cast.xa, cast.commune, D(2025, 1, 5), subject_org=cast.cell)
    with pytest.raises(InvalidInputError) as exc:
        inspection_conclude(
            actor=cast.xa,
            inspection=record,
            result="co_han_che",
            discipline="canh_cao",
            concluded_on=D(2025, 2, 1),
        )
    assert "discipline" in exc.value.errors
    with pytest.raises(InvalidInputError) as exc:
        inspection_conclude(
            actor=cast.xa,
            inspection=record,
            result="co_vi_pham",
            discipline="khai_tru",
            concluded_on=D(2025, 2, 1),
        )
    assert "discipline" in exc.value.errors
