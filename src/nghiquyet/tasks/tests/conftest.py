import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from nghiquyet.documents.tests.conftest import make_doc, terms
from nghiquyet.tasks.services import (
    TaskInput,
    completion_confirm,
    completion_report,
    task_create,
)

__all__ = ["make_doc", "terms"]
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


class Clock:
    """Sets what ``timezone.now()`` returns, so services see a chosen "today"."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = dt.datetime(2025, 1, 2, 9, 0, tzinfo=LOCAL)
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, value: dt.date | dt.datetime) -> None:
        if not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day, 9, 0, tzinfo=LOCAL)
        self.now = value


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def make_task(cast):
    def make(code, start, deadline=None, *, lead=None, assigning=None, actor=None, **fields):
        data = TaskInput(
            code=code,
            title=fields.pop("title", f"Nhiệm vụ {code}"),
            assigning=assigning or cast.province,
            lead=lead or cast.commune,
            start_date=start,
            deadline=deadline,
            **fields,
        )
        return task_create(actor=actor or cast.root, data=data)

    return make


@pytest.fixture
def finish(cast, clock):
    """Report the only (or given) occurrence done at ``at`` and confirm it."""

    def run(task, at, occurrence=None):
        occ = occurrence or task.occurrences.get()
        clock.set(max(clock.now, at))
        completion_report(actor=cast.root, occurrence=occ, at=at)
        completion_confirm(actor=cast.root, occurrence=occ)

    return run
