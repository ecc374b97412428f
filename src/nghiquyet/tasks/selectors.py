"""Reads for tasks: visible tasks and occurrences with their computed status, and the
statistics in the style of the Government's task-tracking reports.

Statistics rule (``task_statistics``), for the tasks led in a unit's subtree and visible to
the user, over ``start``–``end``:

- the cut-off is ``end``, or today when the period is not over;
- an occurrence counts when assigned (``opens_on``) on or before the cut-off and not done
  before ``start``; a recurring task counts once per occurrence;
- facts are taken as known at the cut-off: a completion counts if done on or before it, an
  extension if approved on or before it, and the deadline is then the extended one;
- ``due``: deadline on or before the cut-off, split into done on time (the deadline day
  itself included), done late, and ``overdue`` (not done); ``not_due``: deadline after the
  cut-off, split into done early and in progress (not done). While the period is running the
  cut-off day is not over, so an occurrence due that very day and not yet done is in progress,
  not overdue;
- ``extended``: done on time only thanks to an approved extension (after the original date);
- percentages are shares of ``due.total``, Decimal, 2 places, half up (``None`` if no task
  is due).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.formats import quantize
from nghiquyet.orgs.models import Organisation
from nghiquyet.tasks.models import DONE, Decision, Occurrence, Section, Status, Task


def task_visible(user: AnyUser) -> QuerySet[Task]:
    """Tasks assigned in the user's subtrees, or led or coordinated there."""
    return Task.objects.visible_to(user)


def task_get(user: AnyUser, pk: int) -> Task:
    """The visible task ``pk`` with its units loaded; NotFoundError otherwise."""
    found = task_visible(user).select_related("assigning", "lead", "document", "section")
    task = found.filter(pk=pk).first()
    if task is None:
        raise NotFoundError("Không tìm thấy nhiệm vụ trong phạm vi của bạn.")
    return task


def occurrence_get(task: Task, pk: int | None, today: dt.date | None = None) -> Occurrence:
    """Occurrence ``pk`` of ``task``, or its current one when ``pk`` is None."""
    if pk is None:
        return current_occurrence(task, today or timezone.localdate())
    found = task.occurrences.filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Không tìm thấy kỳ thực hiện của nhiệm vụ.")
    found.task = task
    return found


def current_occurrence(task: Task, today: dt.date) -> Occurrence:
    """The earliest occurrence not confirmed done (the last one if all are done)."""
    rows = task.occurrences.order_by("due_date")
    open_rows = rows.exclude(completions__decision=Decision.CHAP_THUAN)
    found = open_rows.first() or rows.last()
    if found is None:
        raise NotFoundError("Nhiệm vụ chưa có kỳ thực hiện.")
    found.task = task
    return found


def occurrences_with_status(task: Task, today: dt.date | None = None) -> list[Occurrence]:
    day = today or timezone.localdate()
    return list(task.occurrences.order_by("due_date").with_status(day))


def current_occurrence_with_status(task: Task, today: dt.date | None = None) -> Any:
    """The current occurrence (see ``current_occurrence``) with its status; None if none."""
    day = today or timezone.localdate()
    rows = occurrences_with_status(task, day)
    open_rows = [o for o in rows if o.status_label and getattr(o, "status", "") not in DONE]
    return open_rows[0] if open_rows else (rows[-1] if rows else None)


@dataclass(frozen=True)
class OccurrenceFilter:
    """Filters of the task lists; ``role`` picks tasks the unit leads, assigned or helps."""

    org: Organisation | None = None
    role: str = "chu_tri"
    lead: Organisation | None = None
    status: str = ""
    phase: str = ""
    document: int | None = None
    section: int | None = None


def _role_filter(f: OccurrenceFilter) -> Q:
    if f.org is None:
        return Q()
    if f.role == "giao":
        return Q(task__assigning=f.org)
    if f.role == "phoi_hop":
        return Q(task__coordinating_units__path__under=f.org.path)
    return Q(task__lead__path__under=f.org.path)


def occurrence_list(user: AnyUser, f: OccurrenceFilter, today: dt.date | None = None) -> Any:
    """Visible occurrences due so far plus each task's next one, with ``status``, in
    deadline order. Later occurrences of a recurring task are left out of lists."""
    day = today or timezone.localdate()
    tasks = task_visible(user)
    qs = Occurrence.objects.filter(task__in=tasks).filter(_role_filter(f))
    if f.lead is not None:
        qs = qs.filter(task__lead__path__under=f.lead.path)
    if f.phase:
        qs = qs.filter(task__phase=f.phase)
    if f.document is not None:
        qs = qs.filter(task__document=f.document)
    if f.section is not None:
        qs = qs.filter(Q(task__section=f.section) | Q(task__section__parent=f.section))
    qs = qs.filter(Q(due_date__lte=day) | Q(due_date=Subquery(_next_due(day))))
    qs = qs.distinct().with_status(day)
    if f.status:
        qs = qs.filter(status=f.status)  # type: ignore[misc]  # An annotation.
    related = ("task", "task__lead", "task__assigning", "task__document")
    return qs.select_related(*related).order_by("effective_deadline", "task__code")


def _next_due(day: dt.date) -> QuerySet[Occurrence, Any]:
    later = Occurrence.objects.filter(task=OuterRef("task"), due_date__gt=day)
    return later.values("task").annotate(first=Min("due_date")).values("first")[:1]


def sections_visible(user: AnyUser) -> QuerySet[Section]:
    return Section.objects.visible_to(user)


def sections_of(user: AnyUser, document_pk: int) -> QuerySet[Section]:
    return sections_visible(user).filter(document_id=document_pk).select_related("parent")


def status_label(status: str) -> str:
    return str(Status(status).label)


# Statistics ---------------------------------------------------------------------------------


@dataclass
class Tally:
    """The counters of one group of occurrences (a unit, a lead unit or a document)."""

    due_on_time: int = 0
    due_late: int = 0
    overdue: int = 0
    done_early: int = 0
    in_progress: int = 0
    extended: int = 0
    overdue_items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def due(self) -> int:
        return self.due_on_time + self.due_late + self.overdue

    @property
    def not_due(self) -> int:
        return self.done_early + self.in_progress

    @property
    def assigned(self) -> int:
        return self.due + self.not_due

    def pct(self, part: int) -> Decimal | None:
        return quantize(Decimal(part) * 100 / self.due, 2) if self.due else None

    def add(self, occ: Any, cutoff: dt.date) -> None:
        if occ.status == Status.HOAN_THANH_DUNG_HAN:
            if occ.effective_deadline <= cutoff:
                self.due_on_time += 1
            else:
                self.done_early += 1
            self.extended += occ.extended_to is not None and occ.done_on > occ.due_date
        elif occ.status == Status.HOAN_THANH_TRE_HAN:
            self.due_late += 1
        elif occ.status == Status.QUA_HAN:
            self.overdue += 1
            self.overdue_items.append(_overdue_item(occ))
        else:
            self.in_progress += 1

    def as_dict(self) -> dict[str, Any]:
        """The report shape (keys fixed by the report JSON contract)."""
        return {
            "assigned": self.assigned,
            "due": {
                "total": self.due,
                "done_on_time": self.due_on_time,
                "done_late": self.due_late,
            },
            "not_due": {
                "total": self.not_due,
                "done_early": self.done_early,
                "in_progress": self.in_progress,
            },
            "overdue": self.overdue,
            "done_on_time_pct": self.pct(self.due_on_time),
            "overdue_pct": self.pct(self.overdue),
            "extended": self.extended,
            "overdue_items": self.overdue_items,
        }


def _overdue_item(occ: Any) -> dict[str, Any]:
    return {
        "code": occ.task.code,
        "title": occ.task.title,
        "lead": occ.task.lead.code,
        "deadline": occ.effective_deadline,
    }


def cutoff_of(end: dt.date, today: dt.date) -> dt.date:
    return min(end, today)


def counted_occurrences(
    *, user: AnyUser, org: Organisation, start: dt.date, end: dt.date, today: dt.date
) -> Any:
    """The occurrences the statistics count (see the module docstring), with status as of
    the cut-off."""
    cutoff = cutoff_of(end, today)
    tasks = task_visible(user).filter(lead__path__under=org.path)
    qs = Occurrence.objects.filter(task__in=tasks, opens_on__lte=cutoff)
    qs = qs.with_status(cutoff, day_over=cutoff < today)
    # Not ``exclude(done_on__lt=start)``: SQL would drop the rows not done (NULL) as well.
    qs = qs.filter(Q(done_on__isnull=True) | Q(done_on__gte=start))
    related = ("task", "task__lead", "task__document")
    return qs.select_related(*related).order_by("effective_deadline", "task__code")


def task_statistics(
    *,
    user: AnyUser,
    org: Organisation,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
) -> Tally:
    """Counts for ``org``'s subtree over ``start``–``end`` (dates inclusive); ``as_dict()``
    gives the report shape. ``today`` defaults to the local date in Asia/Ho_Chi_Minh."""
    day = today or timezone.localdate()
    return _tally(
        counted_occurrences(user=user, org=org, start=start, end=end, today=day), day, end
    )


def _tally(rows: Iterable[Any], today: dt.date, end: dt.date) -> Tally:
    tally, cutoff = Tally(), cutoff_of(end, today)
    for occ in rows:
        tally.add(occ, cutoff)
    return tally


def _grouped(
    rows: Iterable[Any], key: Callable[[Any], Any], cutoff: dt.date
) -> list[tuple[Any, Tally]]:
    groups: dict[Any, Tally] = {}
    for occ in rows:
        groups.setdefault(key(occ), Tally()).add(occ, cutoff)
    return list(groups.items())


def statistics_by_lead(
    *, user: AnyUser, org: Organisation, start: dt.date, end: dt.date, today: dt.date | None = None
) -> list[tuple[Organisation, Tally]]:
    """The same counts per lead unit, in tree order."""
    day = today or timezone.localdate()
    rows = counted_occurrences(user=user, org=org, start=start, end=end, today=day)
    groups = _grouped(rows, lambda occ: occ.task.lead, cutoff_of(end, day))
    return sorted(groups, key=lambda pair: pair[0].path)


def statistics_by_document(
    *, user: AnyUser, org: Organisation, start: dt.date, end: dt.date, today: dt.date | None = None
) -> list[tuple[Any, Tally]]:
    """The same counts per source document (``None``: tasks without one)."""
    day = today or timezone.localdate()
    rows = counted_occurrences(user=user, org=org, start=start, end=end, today=day)
    groups = _grouped(rows, lambda occ: occ.task.document, cutoff_of(end, day))
    return sorted(groups, key=lambda pair: (pair[0] is None, getattr(pair[0], "pk", 0)))


def is_done(status: str) -> bool:
    return status in DONE


def statistics_payload(
    *, user: AnyUser, org: Organisation, start: dt.date, end: dt.date
) -> dict[str, Any]:
    """The API shape: the overall counts plus ``by_lead`` and ``by_document`` lists."""
    day = timezone.localdate()
    overall = task_statistics(user=user, org=org, start=start, end=end, today=day)
    by_lead = statistics_by_lead(user=user, org=org, start=start, end=end, today=day)
    by_doc = statistics_by_document(user=user, org=org, start=start, end=end, today=day)
    return {
        "org": org.code,
        "start": start,
        "end": end,
        "cutoff": cutoff_of(end, day),
        **overall.as_dict(),
        "by_lead": [{"lead": o.code, "name": o.name, **t.as_dict()} for o, t in by_lead],
        "by_document": [
            {"document": d.pk if d else None, "symbol": d.symbol if d else "", **t.as_dict()}
            for d, t in by_doc
        ],
    }
