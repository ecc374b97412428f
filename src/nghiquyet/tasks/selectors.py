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
from nghiquyet.documents.models import Document
from nghiquyet.orgs.models import Organisation
from nghiquyet.tasks.models import (
    DONE,
    Briefing,
    Conclusion,
    Decision,
    Occurrence,
    Recommendation,
    Section,
    Status,
    Task,
)


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
    field: str = ""


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
    if f.field:
        qs = qs.filter(task__document__in=_documents_of_field(f.field))
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


def _documents_of_field(field_group: str) -> list[int]:
    """Source documents of tasks tagged with ``field_group`` (lĩnh vực). Read in Python: the
    JSON list ``contains`` lookup is not portable to SQLite."""
    sources = Document.objects.filter(tasks__isnull=False).distinct()
    rows = sources.values_list("pk", "field_groups")
    return [pk for pk, groups in rows if isinstance(groups, list) and field_group in groups]


def calendar_month(
    user: AnyUser, f: OccurrenceFilter, month: dt.date, today: dt.date | None = None
) -> list[tuple[dt.date, list[Any]]]:
    """The visible occurrences whose deadline (extended, if so) falls in ``month`` (any day of
    it), with their status as of today, grouped by deadline day in date order; days without
    a deadline are left out."""
    day = today or timezone.localdate()
    first = month.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    qs = Occurrence.objects.filter(task__in=task_visible(user)).filter(_role_filter(f))
    qs = (
        qs.distinct()
        .with_status(day)
        .filter(
            effective_deadline__gte=first,  # type: ignore[misc]  # An annotation.
            effective_deadline__lte=last,
        )
    )
    related = ("task", "task__lead", "task__assigning")
    days: dict[dt.date, list[Any]] = {}
    rows: Any = qs.select_related(*related).order_by("effective_deadline", "task__code")
    for occ in rows[:1000]:
        days.setdefault(occ.effective_deadline, []).append(occ)
    return list(days.items())


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


# Briefings and recommendations ---------------------------------------------------------------


def briefing_visible(user: AnyUser) -> QuerySet[Briefing]:
    """Briefings chaired in the user's subtrees, or attended by a unit there."""
    return Briefing.objects.visible_to(user).select_related("chair", "notice")


def briefing_get(user: AnyUser, pk: int) -> Briefing:
    """The visible briefing ``pk``; NotFoundError otherwise."""
    found = briefing_visible(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Không tìm thấy cuộc giao ban trong phạm vi của bạn.")
    return found


def conclusion_get(user: AnyUser, briefing_pk: int, position: int) -> Conclusion:
    """Conclusion number ``position`` of a visible briefing; NotFoundError otherwise."""
    briefing = briefing_get(user, briefing_pk)
    found = briefing.conclusions.filter(position=position).first()
    if found is None:
        raise NotFoundError("Không tìm thấy kết luận.")
    found.briefing = briefing
    return found


def recommendation_visible(user: AnyUser) -> QuerySet[Recommendation]:
    """Recommendations raised in the user's subtrees, addressed there, or handled there
    before being forwarded."""
    return Recommendation.objects.visible_to(user).select_related(
        "raised_by", "addressed_to", "task", "assigned_task"
    )


def recommendation_get(user: AnyUser, pk: int) -> Recommendation:
    """The visible recommendation ``pk``; NotFoundError otherwise."""
    found = recommendation_visible(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Không tìm thấy kiến nghị trong phạm vi của bạn.")
    return found


def recommendations_of(
    user: AnyUser, org: Organisation | None, *, box: str = "", state: str = ""
) -> QuerySet[Recommendation]:
    """``box`` ``gui``: raised in ``org``'s subtree; ``nhan``: addressed to ``org`` now;
    anything else: both. ``state`` keeps one RecState."""
    qs = recommendation_visible(user)
    if org is not None:
        sent, received = Q(raised_by__path__under=org.path), Q(addressed_to=org)
        qs = qs.filter(sent if box == "gui" else received if box == "nhan" else sent | received)
    if state:
        qs = qs.filter(state=state)
    return qs


@dataclass
class RecCounts:
    """The report's ``recommendations``: raised in the period (up to the cut-off), answered
    (answered or assigned as a task) in it, still open at the cut-off, and of those open for
    more than 30 days."""

    raised: int
    answered: int
    open: int
    open_over_30_days: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


OPEN_TOO_LONG = 30


def recommendation_statistics(
    *, user: AnyUser, org: Organisation, start: dt.date, end: dt.date, today: dt.date | None = None
) -> RecCounts:
    """Counts over the recommendations raised by ``org``'s subtree and visible to the user,
    as known at the cut-off (``end``, or today while the period runs), dates inclusive:

    - ``raised``: raised on ``start``–cut-off;
    - ``answered``: closed (answered or assigned as a task) on ``start``–cut-off;
    - ``open``: raised by the cut-off and not closed by it;
    - ``open_over_30_days``: open ones raised more than 30 days before the cut-off.
    """
    cutoff = cutoff_of(end, today or timezone.localdate())
    qs = recommendation_visible(user).filter(raised_by__path__under=org.path)
    still_open = qs.filter(raised_on__lte=cutoff).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=cutoff)
    )
    return RecCounts(
        raised=qs.filter(raised_on__gte=start, raised_on__lte=cutoff).count(),
        answered=qs.filter(closed_on__gte=start, closed_on__lte=cutoff).count(),
        open=still_open.count(),
        open_over_30_days=still_open.filter(
            raised_on__lt=cutoff - dt.timedelta(days=OPEN_TOO_LONG)
        ).count(),
    )


def recommendation_texts(
    *, user: AnyUser, org: Organisation, start: dt.date, end: dt.date, today: dt.date | None = None
) -> list[str]:
    """One line per recommendation of ``org``'s subtree open at the cut-off or answered in the
    period: "<unit>: <title> – <text> (đã trả lời: <answer> | chưa được giải quyết)"."""
    cutoff = cutoff_of(end, today or timezone.localdate())
    qs = recommendation_visible(user).filter(raised_by__path__under=org.path, raised_on__lte=cutoff)
    qs = qs.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=cutoff) | Q(closed_on__gte=start)
    ).order_by("raised_on", "pk")
    return [_rec_line(rec, cutoff) for rec in qs.prefetch_related("messages")[:200]]


def _rec_line(rec: Recommendation, cutoff: dt.date) -> str:
    head = f"{rec.raised_by.name} kiến nghị: {rec.title} – {rec.text}"
    if rec.closed_on is None or rec.closed_on > cutoff:
        return f"{head} (chưa được giải quyết, {rec.age(cutoff)} ngày)."
    last = list(rec.messages.all())[-1]
    return f"{head} ({last.get_step_display().lower()}: {last.text})"
