"""Statistics and status on a constructed set whose counts are known by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from nghiquyet.core.periods import Period
from nghiquyet.core.report import build_report
from nghiquyet.tasks.models import Status
from nghiquyet.tasks.selectors import (
    occurrences_with_status,
    statistics_by_document,
    statistics_by_lead,
    task_statistics,
)
from nghiquyet.tasks.services import (
    completion_report,
    extension_approve,
    extension_request,
    progress_post,
)
from nghiquyet.tasks.tests.conftest import LOCAL

D = dt.date
UTC = dt.UTC
Q1 = (D(2025, 1, 1), D(2025, 3, 31))


@pytest.fixture
def world(cast, clock, make_task, finish, make_doc):
    """2025Q1 for the province, seen on 15/6/2025 (the period is over). Expected:
    due on time 5, late 2, overdue 4; not due done early 1, in progress 1; extended 1."""
    clock.set(D(2024, 11, 1))
    t7 = make_task("T7", D(2024, 11, 1), D(2024, 12, 15))  # done before the period: left out
    t8 = make_task("T8", D(2024, 11, 1), D(2024, 12, 15))  # carried over, overdue
    finish(t7, dt.datetime(2024, 12, 10, 10, tzinfo=LOCAL))
    clock.set(D(2025, 1, 1))
    plan = make_doc(
        doc_type="chuong_trinh", title="Chương trình hành động", issue_date=D(2024, 12, 20)
    )
    t1 = make_task("T1", D(2025, 1, 1), D(2025, 3, 31), document=plan)
    t2 = make_task("T2", D(2025, 1, 1), D(2025, 2, 28))
    make_task("T3", D(2025, 1, 1), D(2025, 2, 15), document=plan)
    t4 = make_task("T4", D(2025, 1, 1), D(2025, 3, 10))
    t5 = make_task("T5", D(2025, 1, 1), D(2025, 6, 30))
    t6 = make_task("T6", D(2025, 2, 1), D(2025, 5, 30))
    make_task("T9", D(2025, 4, 1), D(2025, 4, 30))  # assigned after the cut-off: left out
    t10 = make_task("T10", D(2025, 1, 1), D(2025, 1, 31), lead=cast.other_commune)
    t11 = make_task("T11", D(2025, 1, 1), D(2025, 3, 25))
    t12 = make_task("T12", D(2025, 1, 1), D(2025, 1, 31))
    r1 = make_task(
        "R1",
        D(2025, 1, 1),
        recurrence="thang",
        recurrence_offset=9,
        recurrence_until=D(2025, 12, 31),
    )
    jan, feb, _mar = r1.occurrences.order_by("due_date")[:3]
    finish(t12, dt.datetime(2025, 1, 5, 9, tzinfo=LOCAL))
    finish(r1, dt.datetime(2025, 1, 8, 9, tzinfo=LOCAL), jan)
    finish(t10, dt.datetime(2025, 1, 31, 15, tzinfo=LOCAL))
    finish(r1, dt.datetime(2025, 2, 12, 9, tzinfo=LOCAL), feb)
    # 00:30 on 1/3 in Hà Nội is still 28/2 in UTC: late.
    finish(t2, dt.datetime(2025, 2, 28, 17, 30, tzinfo=UTC))
    clock.set(D(2025, 3, 5))
    ext = extension_request(
        actor=cast.xa,
        occurrence=t4.occurrences.get(),
        new_date=D(2025, 3, 25),
        reason="Chờ số liệu",
    )
    extension_approve(actor=cast.tinhuy, extension=ext)
    progress_post(actor=cast.xa, occurrence=t6.occurrences.get(), percent=30, text="Đang khảo sát")
    finish(t4, dt.datetime(2025, 3, 20, 9, tzinfo=LOCAL))
    finish(t5, dt.datetime(2025, 3, 15, 9, tzinfo=LOCAL))
    clock.set(D(2025, 3, 21))
    completion_report(actor=cast.xa, occurrence=t11.occurrences.get())  # never confirmed
    # 23:30 on 31/3 in Hà Nội is 16:30 UTC the same day: on time, on the deadline day.
    finish(t1, dt.datetime(2025, 3, 31, 16, 30, tzinfo=UTC))
    clock.set(D(2025, 6, 15))
    return {"t1": t1, "t2": t2, "t4": t4, "t8": t8, "r1": r1, "plan": plan}


def test_statistics_exact_on_constructed_set(world, cast):
    stats = task_statistics(user=cast.tinhuy, org=cast.province, start=Q1[0], end=Q1[1])
    data = stats.as_dict()
    assert data["assigned"] == 13
    assert data["due"] == {"total": 11, "done_on_time": 5, "done_late": 2}
    assert data["not_due"] == {"total": 2, "done_early": 1, "in_progress": 1}
    assert data["overdue"] == 4
    assert data["done_on_time_pct"] == Decimal("45.45")
    assert data["overdue_pct"] == Decimal("36.36")
    assert data["extended"] == 1
    assert [(i["code"], i["deadline"]) for i in data["overdue_items"]] == [
        ("T8", D(2024, 12, 15)),
        ("T3", D(2025, 2, 15)),
        ("R1", D(2025, 3, 10)),
        ("T11", D(2025, 3, 25)),
    ]
    assert data["overdue_items"][0] == {
        "code": "T8",
        "title": "Nhiệm vụ T8",
        "lead": "P-CL",
        "deadline": D(2024, 12, 15),
    }


def test_deadline_day_and_local_dates(world):
    (t1,) = occurrences_with_status(world["t1"], D(2025, 6, 15))
    (t2,) = occurrences_with_status(world["t2"], D(2025, 6, 15))
    assert (t1.done_on, t1.status) == (D(2025, 3, 31), Status.HOAN_THANH_DUNG_HAN)
    assert (t2.done_on, t2.status) == (D(2025, 3, 1), Status.HOAN_THANH_TRE_HAN)


def test_extension_keeps_original_deadline_and_counts_on_time(world):
    (occ,) = occurrences_with_status(world["t4"], D(2025, 6, 15))
    assert occ.due_date == D(2025, 3, 10)
    assert occ.extended_to == D(2025, 3, 25)
    assert occ.status == Status.HOAN_THANH_DUNG_HAN


def test_recurring_task_counts_each_occurrence(world):
    rows = occurrences_with_status(world["r1"], D(2025, 6, 15))
    assert len(rows) == 12
    assert [(o.opens_on, o.due_date) for o in rows[:2]] == [
        (D(2025, 1, 1), D(2025, 1, 10)),
        (D(2025, 2, 1), D(2025, 2, 10)),
    ]
    assert [o.status for o in rows[:4]] == [
        Status.HOAN_THANH_DUNG_HAN,
        Status.HOAN_THANH_TRE_HAN,
        Status.QUA_HAN,
        Status.QUA_HAN,
    ]


def test_running_period_cut_off_is_today_and_due_today_is_not_yet_overdue(world, cast):
    stats = task_statistics(
        user=cast.tinhuy, org=cast.province, start=Q1[0], end=Q1[1], today=D(2025, 3, 10)
    ).as_dict()
    # As known on 10/3: T1, T5 (done later), T4 (extended on 5/3 to 25/3), T6, T11 and R1's
    # March occurrence, due that very day and not done yet, are in progress, not overdue.
    assert stats["due"] == {"total": 7, "done_on_time": 3, "done_late": 2}
    assert stats["not_due"] == {"total": 6, "done_early": 0, "in_progress": 6}
    assert [i["code"] for i in stats["overdue_items"]] == ["T8", "T3"]
    assert stats["extended"] == 0


def test_statistics_by_lead_and_document(world, cast):
    by_lead = statistics_by_lead(user=cast.tinhuy, org=cast.province, start=Q1[0], end=Q1[1])
    assert [(org.code, t.assigned) for org, t in by_lead] == [("P-CL", 12), ("X-MH", 1)]
    by_doc = statistics_by_document(user=cast.tinhuy, org=cast.province, start=Q1[0], end=Q1[1])
    counts = {(doc.pk if doc else None): t.assigned for doc, t in by_doc}
    assert counts == {world["plan"].pk: 2, None: 11}


def test_statistics_follow_visibility_and_subtree(world, cast):
    commune = task_statistics(user=cast.xa, org=cast.commune, start=Q1[0], end=Q1[1]).as_dict()
    assert commune["assigned"] == 12
    other = task_statistics(user=cast.chibo, org=cast.other_cell, start=Q1[0], end=Q1[1])
    assert other.assigned == 0


def test_report_json_tasks_keys_exact(world, cast):
    report = build_report(org=cast.province, period=Period.parse("2025Q1"), actor=cast.tinhuy)
    tasks = report["tasks"]
    assert set(tasks) == {
        "assigned",
        "due",
        "not_due",
        "overdue",
        "done_on_time_pct",
        "overdue_pct",
        "extended",
        "overdue_items",
    }
    assert set(tasks["due"]) == {"total", "done_on_time", "done_late"}
    assert set(tasks["not_due"]) == {"total", "done_early", "in_progress"}
    assert set(tasks["overdue_items"][0]) == {"code", "title", "lead", "deadline"}
    assert tasks["done_on_time_pct"] == 45.45
    assert tasks["overdue_items"][0]["deadline"] == "2024-12-15"
