"""Issue 10 §2: "Registering that document completes the task" — through the named hook
core.hooks.document_registered, called by the document register's services."""

import datetime as dt

import pytest

from nghiquyet.audit.models import AuditEntry
from nghiquyet.documents.models import Status as DocStatus
from nghiquyet.documents.services import document_issue, relation_add
from nghiquyet.tasks.models import CompletionReport, Decision
from nghiquyet.tasks.selectors import occurrences_with_status

START, DEADLINE = dt.date(2025, 11, 1), dt.date(2025, 12, 31)


@pytest.fixture
def resolution(make_doc):
    return make_doc(doc_type="nghi_quyet", number=5, title="Nghị quyết Đại hội", issue_date=START)


@pytest.fixture
def plan_task(make_task, resolution, cast, clock):
    clock.set(dt.date(2025, 12, 1))
    return make_task("KH-01", START, DEADLINE, document=resolution, expected_doc_type="ke_hoach")


def _plan(make_doc, cast, **fields):
    base = {"doc_type": "ke_hoach", "number": 12, "issue_date": dt.date(2025, 11, 20)}
    return make_doc(cast.commune, actor=cast.xa, **(base | fields))


def test_registering_the_expected_document_completes_the_task(
    plan_task, resolution, make_doc, cast
):
    plan = _plan(make_doc, cast, concretizes=resolution)
    report = CompletionReport.objects.get(occurrence__task=plan_task)
    assert report.decision == Decision.CHAP_THUAN and report.done_on == dt.date(2025, 11, 20)
    assert list(report.documents.all()) == [plan]
    (occ,) = occurrences_with_status(plan_task, dt.date(2025, 12, 1))
    assert occ.status == "hoan_thanh_dung_han"
    entry = AuditEntry.objects.get(action="tasks.completion.auto")
    assert entry.after["document"] == plan.pk and entry.actor == cast.xa


@pytest.mark.parametrize(
    "fields",
    [
        {"doc_type": "bao_cao"},  # Another type.
        {"linked": False},  # Not within the task's source document.
        {"unit": "other"},  # Issued by a unit that does not lead the task.
        {"status": DocStatus.DU_THAO, "issue_date": None},  # A draft.
    ],
    ids=["type", "unlinked", "unit", "draft"],
)
def test_other_documents_complete_nothing(plan_task, resolution, make_doc, cast, fields):
    linked = fields.pop("linked", True)
    unit = cast.other_commune if fields.pop("unit", "") else cast.commune
    base = {"doc_type": "ke_hoach", "number": 12, "issue_date": dt.date(2025, 11, 20)}
    make_doc(unit, concretizes=resolution if linked else None, **(base | fields))
    assert not CompletionReport.objects.exists()


def test_a_draft_completes_when_issued_or_linked_later(plan_task, resolution, make_doc, cast):
    draft = make_doc(
        cast.commune, doc_type="ke_hoach", status=DocStatus.DU_THAO, issue_date=None, number=None
    )
    document_issue(actor=cast.xa, document=draft, issue_date=dt.date(2025, 11, 25))
    assert not CompletionReport.objects.exists()  # Not yet linked to the resolution.
    relation_add(actor=cast.xa, source=draft, target=resolution, kind="cu_the_hoa")
    assert CompletionReport.objects.get().done_on == dt.date(2025, 11, 25)
    other = _plan(make_doc, cast, number=13, concretizes=resolution)  # Already done: no-op.
    assert CompletionReport.objects.count() == 1 and other.pk


def test_a_task_from_a_briefing_notice_completes_by_a_document_citing_the_notice(
    make_task, make_doc, cast, clock
):
    clock.set(dt.date(2025, 12, 1))
    notice = make_doc(doc_type="thong_bao", number=714, issue_date=START)
    task = make_task("GB-1", START, DEADLINE, document=notice, expected_doc_type="bao_cao")
    report = make_doc(cast.commune, doc_type="bao_cao", number=3, issue_date=dt.date(2025, 12, 1))
    relation_add(actor=cast.xa, source=report, target=notice, kind="cu_the_hoa")
    assert CompletionReport.objects.get().occurrence.task == task
