"""The start page's work list: what the working unit has to do now.

Three lists, each read through the owning app's scoped selectors:

- the reports the unit must send: each form it reports, its latest ended period, the deadline
  and where the unit's report stands;
- the reports the unit collects: each form it issued, the same period and how many of the
  units below have sent it;
- the requirements addressed to the unit (documents to issue, studies to hold), earliest
  deadline first, with those already answered left out.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.periods import Period
from nghiquyet.documents.compliance import evidence_many
from nghiquyet.documents.models import Requirement
from nghiquyet.documents.selectors import document_visible
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting import selectors as reporting
from nghiquyet.reporting.models import ReportingForm, Submission
from nghiquyet.reporting.rules import deadline, periods_within

REQUIREMENTS_SHOWN = 10


@dataclass(frozen=True)
class ReportDue:
    """One report the unit sends: ``submission`` is None while nothing was entered."""

    form: ReportingForm
    period: Period
    deadline: dt.date
    submission: Submission | None
    overdue: bool


@dataclass(frozen=True)
class ReportCollected:
    """One form the unit issued: ``submitted`` of ``expected`` units below have sent it;
    ``sent`` of them have a report that left draft, ``on_time`` by the deadline (the start
    page's submission tile, ``web.dashboards.start_tiles``, reads these instead of computing
    the completeness a second time)."""

    form: ReportingForm
    period: Period
    deadline: dt.date
    expected: int
    submitted: int
    sent: int = 0
    on_time: int = 0


@dataclass(frozen=True)
class Work:
    due: list[ReportDue]
    collected: list[ReportCollected]
    requirements: list[Requirement]
    today: dt.date


def latest_ended(form: ReportingForm, today: dt.date) -> Period | None:
    """The latest period of ``form``'s type that ended before ``today`` (what is reported now)."""
    candidates = periods_within(form, Period.parse(f"{today.year - 2}-{today.year}"))
    ended = [p for p in candidates if p.end < today]
    return max(ended, key=lambda p: p.end) if ended else None


def _due(form: ReportingForm, org: Organisation, today: dt.date) -> ReportDue | None:
    period = latest_ended(form, today)
    if period is None:
        return None
    submission = reporting.submission_find(form, org, period)
    last = deadline(form, period)
    sent = submission is not None and submission.first_submitted_at is not None
    return ReportDue(form, period, last, submission, not sent and today > last)


def _collected(form: ReportingForm, org: Organisation, today: dt.date) -> ReportCollected | None:
    period = latest_ended(form, today)
    if period is None:
        return None
    result = reporting.completeness(form, org, period, today)
    expected = len(result.units)
    states = [u.state for u in result.units]
    return ReportCollected(
        form,
        period,
        result.deadline,
        expected,
        expected - len(result.missing),
        sent=sum(s != "chua_gui" for s in states),
        on_time=sum(s == "dung_han" for s in states),
    )


def _open_requirements(user: AnyUser, org: Organisation) -> list[Requirement]:
    """The first ``REQUIREMENTS_SHOWN`` requirements addressed to ``org`` that it has not
    fulfilled, earliest deadline first. Evidence is read for a chunk of requirements at a time
    (``evidence_many``: a constant number of queries per chunk), not one requirement at a time."""
    requirements = list(
        Requirement.objects.filter(targets=org, document__in=document_visible(user))
        .select_related("document")
        .order_by("deadline", "pk")
    )
    open_ones: list[Requirement] = []
    for start in range(0, len(requirements), EVIDENCE_CHUNK):
        chunk = requirements[start : start + EVIDENCE_CHUNK]
        evidence = evidence_many(chunk)
        open_ones += [r for r in chunk if org.pk not in evidence[r.pk]]
        if len(open_ones) >= REQUIREMENTS_SHOWN:
            break
    return open_ones[:REQUIREMENTS_SHOWN]


EVIDENCE_CHUNK = 50


def unit_work(user: AnyUser, org: Organisation, today: dt.date | None = None) -> Work:
    """What ``org`` has to do as of ``today`` (default: today in Vietnam), as ``user`` sees it."""
    today = today or timezone.localdate()
    due = [_due(f, org, today) for f in reporting.forms_for_unit(user, org)]
    issued = reporting.form_visible(user).filter(is_active=True, owner=org).order_by("code")
    collected = [_collected(f, org, today) for f in issued]
    return Work(
        due=[d for d in due if d is not None],
        collected=[c for c in collected if c is not None],
        requirements=_open_requirements(user, org),
        today=today,
    )
