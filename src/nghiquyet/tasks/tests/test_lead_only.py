"""Only the lead unit acts on a task (issue 10 §3, acceptance "Only the lead unit posts
progress, and only the assigning unit confirms or approves"): the assigning unit may not report
a completion it will then confirm itself, even though its rights reach the lead unit."""

import datetime as dt

import pytest

from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.tasks.models import ProgressUpdate
from nghiquyet.tasks.permissions import may_decide, may_lead
from nghiquyet.tasks.services import completion_report, progress_post

START, DEADLINE = dt.date(2025, 1, 1), dt.date(2025, 6, 30)


def test_the_assigning_province_neither_posts_progress_nor_reports_for_the_commune(cast, make_task):
    task = make_task("NV-L1", START, DEADLINE)
    occ = task.occurrences.get()
    assert (may_lead(cast.tinhuy, task), may_decide(cast.tinhuy, task)) == (False, True)
    assert (may_lead(cast.xa, task), may_decide(cast.xa, task)) == (True, False)
    with pytest.raises(PermissionDeniedError):
        progress_post(actor=cast.tinhuy, occurrence=occ, percent=50, text="Thay xã")
    with pytest.raises(PermissionDeniedError):
        completion_report(actor=cast.tinhuy, occurrence=occ)
    assert not ProgressUpdate.objects.filter(occurrence=occ).exists()


def test_the_commune_office_acts_for_a_cell_the_province_assigned(cast, make_task):
    task = make_task("NV-L2", START, DEADLINE, lead=cast.cell)
    assert may_lead(cast.xa, task)
    assert not may_lead(cast.tinhuy, task)
    # The other commune's cell leads its own task.
    other = make_task("NV-L4", START, DEADLINE, lead=cast.other_cell)
    assert may_lead(cast.chibo, other) and not may_lead(cast.xa, other)


def test_a_unit_leading_its_own_task_acts_on_it(cast, make_task):
    task = make_task("NV-L3", START, DEADLINE, assigning=cast.commune, lead=cast.commune)
    assert may_lead(cast.xa, task) and may_decide(cast.xa, task)
    # The province above may see it but neither leads nor reports for the commune's own task.
    assert not may_lead(cast.tinhuy, task)
