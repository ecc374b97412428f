"""The unit's inbox (core/inbox.py) with every app's items, and the start page."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nghiquyet.core.inbox import unit_inbox
from nghiquyet.core.periods import Period
from nghiquyet.notifications.tests.conftest import REASON
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.services import org_create
from nghiquyet.reporting.services import submission_submit


def _rows(items):
    return [(i.kind, i.status, i.deadline, i.reason, i.waiting_for) for i in items]


def test_xa_sees_the_returned_report_with_its_reason_and_the_requirement(cast, scenario):
    items = unit_inbox(user=cast.xa, org=cast.commune, today=scenario.today)
    period = Period.parse(scenario.submission.period_code)
    assert period.label.startswith("Quý ")
    report_deadline = period.end + dt.timedelta(days=15)
    assert _rows(items) == [
        ("bao_cao", "Bị trả lại", report_deadline, REASON, "unit"),
        ("yeu_cau", "Chưa đến hạn", scenario.today + dt.timedelta(days=14), "", "unit"),
    ]
    assert items[0].title == f"Báo cáo quý của cấp xã – {period.label}"
    assert items[1].url == f"/van-ban/{scenario.document.pk}/"


def test_a_report_sent_again_leaves_the_inbox_and_waits_for_the_province(cast, scenario):
    submission_submit(
        actor=cast.xa,
        form=scenario.form,
        organisation=cast.commune,
        period_code=scenario.submission.period_code,
    )
    kinds = [i.kind for i in unit_inbox(user=cast.xa, org=cast.commune, today=scenario.today)]
    assert kinds == ["yeu_cau"]
    province = unit_inbox(user=cast.tinhuy, org=cast.province, today=scenario.today)
    assert [(i.kind, i.status, i.waiting_for) for i in province] == [
        ("bao_cao_duyet", "Chờ duyệt", "user")
    ]
    period = Period.parse(scenario.submission.period_code).label
    assert province[0].title == (
        f"Duyệt báo cáo quý của cấp xã – {period} của Đảng ủy phường Cao Lãnh"
    )
    # A reader of the province may not approve: nothing waits for them.
    assert unit_inbox(user=cast.lanhdao, org=cast.province, today=scenario.today) == []


def test_a_unit_formed_later_gets_the_rule_requirement_with_its_own_deadline(cast, scenario):
    later = scenario.today + dt.timedelta(days=3)
    new = org_create(
        actor=cast.root,
        code="X-MOI",
        name="Đảng ủy xã Mới",
        kind=OrgKind.DANG_UY_XA,
        parent=cast.province,
        valid_from=later,
        body_code="ĐU",
        place_name="Mới",
    )
    items = unit_inbox(user=cast.root, org=new, today=later)
    requirements = [i for i in items if i.kind == "yeu_cau"]
    assert [i.deadline for i in requirements] == [later + dt.timedelta(days=14)]


def test_an_overdue_requirement_says_so_in_words(cast, scenario):
    late = scenario.today + dt.timedelta(days=15)
    items = unit_inbox(user=cast.xa, org=cast.commune, today=late)
    assert [(i.kind, i.status) for i in items if i.kind == "yeu_cau"] == [("yeu_cau", "Quá hạn")]


def test_the_number_of_queries_does_not_grow_with_the_units(cast, scenario):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            unit_inbox(user=cast.tinhuy, org=cast.province, today=scenario.today)
        return len(ctx.captured_queries)

    count()  # The user's grants are loaded once and cached.
    before = count()
    for n in range(4):
        unit = org_create(
            actor=cast.root,
            code=f"X-{n}",
            name=f"Đảng ủy xã {n}",
            kind=OrgKind.DANG_UY_XA,
            parent=cast.province,
            valid_from=dt.date(2025, 7, 1),
            body_code="ĐU",
            place_name=str(n),
        )
        submission_submit(
            actor=cast.root,
            form=scenario.form,
            organisation=unit,
            period_code=scenario.submission.period_code,
        )
    items = unit_inbox(user=cast.tinhuy, org=cast.province, today=scenario.today)
    assert [i.status for i in items] == ["Chờ duyệt"] * 4
    assert count() == before


def test_start_page_lists_the_items_with_reason_and_deadline(cast, client_for, scenario):
    html = client_for("xa").get("/").content.decode()
    assert "Việc cần làm" in html
    assert REASON in html
    assert "Bị trả lại" in html
    assert (scenario.today + dt.timedelta(days=14)).strftime("%d/%m/%Y") in html


def test_start_page_shows_the_unread_badge(cast, client_for, scenario):
    from nghiquyet.notifications.services import reminders_send

    reminders_send(actor=cast.root, today=scenario.today, days=14)
    html = client_for("xa").get("/").content.decode()
    assert '<span class="badge warn">2<span class="sr-only"> chưa đọc</span></span>' in html


def test_a_study_plan_stays_until_its_classes_are_held(cast, scenario):
    from nghiquyet.dissemination.services import plan_create, session_create

    today = scenario.today
    plan_create(
        actor=cast.xa,
        document=scenario.document,
        organisation=cast.commune,
        classes=2,
        groups=["dang_vien"],
        deadline=today + dt.timedelta(days=10),
    )

    def study_items():
        items = unit_inbox(user=cast.xa, org=cast.commune, today=today)
        return [(i.status, i.deadline) for i in items if i.kind == "hoc_tap"]

    due = today + dt.timedelta(days=10)
    assert study_items() == [("Chưa đến hạn, đã tổ chức 0/2 lớp", due)]
    for n in range(2):
        session_create(
            actor=cast.xa,
            organisation=cast.commune,
            title=f"Hội nghị quán triệt lần {n + 1}",
            documents=[scenario.document],
            start_date=today,
            format="truc_tiep",
        )
        expected = [("Chưa đến hạn, đã tổ chức 1/2 lớp", due)] if n == 0 else []
        assert study_items() == expected
