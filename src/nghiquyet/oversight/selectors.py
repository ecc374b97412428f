"""Reads of inspection, supervision and ratings: visible records, statistics and roll-ups.

Counting rules (the report's ``oversight`` section and the statistics page):

- the records of a unit are those made by a body of its subtree; a period counts the records
  started in it; ``records`` counts inspections, ``distinct`` counts subjects (an
  organisation inspected by two bodies is one subject, two records; a member is told apart
  by card number, or by name and unit without one);
- ``planned`` counts the records of programmes of the period's years, ``done`` the records
  concluded in the period, ``results`` those conclusions by result;
- remedies are those of conclusions up to the period's end, not done before it started,
  with the tasks app's status as of the end (or today while the period runs).

Member-level records are counted for everyone who sees the unit, but their details are
visible only to the inspecting body and to ``quan_tri`` users of it or its ancestors.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, grant_paths, is_everywhere
from nghiquyet.accounts.models import Membership
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.formats import quantize
from nghiquyet.core.paths import is_under
from nghiquyet.core.periods import Period
from nghiquyet.core.text import fold
from nghiquyet.orgs.models import Organisation
from nghiquyet.oversight.models import (
    Inspection,
    Kind,
    Level,
    MemberRating,
    OrgRating,
    Programme,
    Remedy,
    Result,
)
from nghiquyet.tasks.models import DONE, Occurrence, Status

# Inspections ---------------------------------------------------------------------------------


def member_detail_paths(user: AnyUser) -> tuple[list[str], list[str]]:
    """The units whose member records ``user`` may read: those the user holds any role on,
    and the subtrees of the user's ``quan_tri`` grants."""
    held = Membership.objects.filter(user_id=user.pk or 0).values_list(
        "organisation__path", flat=True
    )
    return sorted(set(held)), grant_paths(user, Action.MANAGE)


def may_see_member_details(user: AnyUser, body: Organisation) -> bool:
    if is_everywhere(user):
        return True
    if not user.is_authenticated:
        return False
    held, managed = member_detail_paths(user)
    return body.path in held or any(is_under(body.path, p) for p in managed)


def inspection_counted(user: AnyUser) -> QuerySet[Inspection]:
    """Every record the user's scope counts, member records included (for figures only)."""
    return Inspection.objects.visible_to(user)


def inspection_visible(user: AnyUser) -> QuerySet[Inspection]:
    """The records the user may read in detail."""
    qs = Inspection.objects.visible_to(user)
    if is_everywhere(user):
        return qs
    return qs.with_member_details_for(*member_detail_paths(user))


def inspection_get(user: AnyUser, pk: int) -> Inspection:
    found = (
        inspection_visible(user)
        .select_related("body", "subject_org", "member_unit", "programme")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFoundError("Không tìm thấy cuộc kiểm tra, giám sát trong phạm vi của bạn.")
    return found


def programmes_visible(user: AnyUser) -> QuerySet[Programme]:
    return Programme.objects.visible_to(user).select_related("organisation")


def programme_get(user: AnyUser, pk: int) -> Programme:
    found = programmes_visible(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Không tìm thấy chương trình trong phạm vi của bạn.")
    return found


# Remedies --------------------------------------------------------------------------------------

REMEDY_DONE, REMEDY_OPEN, REMEDY_OVERDUE = "done", "open", "overdue"
REMEDY_LABELS = {
    REMEDY_DONE: "Đã khắc phục",
    REMEDY_OPEN: "Đang khắc phục",
    REMEDY_OVERDUE: "Quá hạn khắc phục",
}


def remedy_statuses(
    remedies: QuerySet[Remedy], as_of: dt.date, today: dt.date | None = None
) -> dict[int, tuple[str, dt.date | None]]:
    """Each remedy's state (done, open, overdue) and completion day as of ``as_of``, from
    the status of its task in the tasks app."""
    day = today or timezone.localdate()
    occurrences = Occurrence.objects.filter(task__remedy__in=remedies).with_status(
        as_of, day_over=as_of < day
    )
    out: dict[int, tuple[str, dt.date | None]] = {}
    rows = occurrences.values("task__remedy", "status", "done_on")  # type: ignore[misc]
    for occ in rows:
        status = occ["status"]
        state = (
            REMEDY_DONE
            if status in DONE
            else REMEDY_OVERDUE
            if status == Status.QUA_HAN
            else REMEDY_OPEN
        )
        out[occ["task__remedy"]] = (state, occ["done_on"])
    return out


@dataclass
class RemedyTally:
    done: int = 0
    open: int = 0
    overdue: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"done": self.done, "open": self.open, "overdue": self.overdue}


def remedy_tally(
    remedies: QuerySet[Remedy], start: dt.date, end: dt.date, today: dt.date | None = None
) -> RemedyTally:
    day = today or timezone.localdate()
    cutoff = min(end, day)
    tally = RemedyTally()
    relevant = remedies.filter(inspection__concluded_on__lte=cutoff)
    for state, done_on in remedy_statuses(relevant, cutoff, day).values():
        if state == REMEDY_DONE and done_on is not None and done_on < start:
            continue
        setattr(tally, state, getattr(tally, state) + 1)
    return tally


def remedies_open_of(org: Organisation, day: dt.date) -> int:
    """Remedies required of ``org``'s subtree not done by ``day``."""
    remedies = Remedy.objects.filter(
        Q(inspection__subject_org__path__under=org.path)
        | Q(inspection__member_unit__path__under=org.path),
        inspection__concluded_on__lte=day,
    )
    return sum(1 for s, _ in remedy_statuses(remedies, day).values() if s != REMEDY_DONE)


# Statistics ----------------------------------------------------------------------------------


@dataclass
class SubjectTally:
    records: int
    distinct: int
    by_body: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"records": self.records, "distinct": self.distinct, "by_body": self.by_body}


def _by_body(qs: QuerySet[Inspection]) -> list[dict[str, Any]]:
    rows = qs.values("body__code", "body__path").annotate(n=Count("pk")).order_by("body__path")
    return [{"code": r["body__code"], "records": r["n"]} for r in rows]


def _member_key(card: str, name: str, unit: int) -> tuple[str, int]:
    return (card.strip().upper(), 0) if card.strip() else (fold(name), unit)


def subject_tallies(qs: QuerySet[Inspection]) -> tuple[SubjectTally, SubjectTally]:
    """Records and distinct subjects, organisations then members."""
    orgs, members = qs.about_organisations(), qs.about_members()  # type: ignore[attr-defined]
    member_rows = members.values_list("member_card", "member_name", "member_unit")
    return (
        SubjectTally(orgs.count(), orgs.values("subject_org").distinct().count(), _by_body(orgs)),
        SubjectTally(
            members.count(), len({_member_key(*r) for r in member_rows}), _by_body(members)
        ),
    )


@dataclass
class OversightFigures:
    organisations: SubjectTally
    members: SubjectTally
    by_kind: dict[str, int]
    planned: int
    done: int
    results: dict[str, int]
    remedies: RemedyTally

    def as_dict(self) -> dict[str, Any]:
        return {
            "organisations": self.organisations.as_dict(),
            "members": self.members.as_dict(),
            "by_kind": self.by_kind,
            "planned": self.planned,
            "done": self.done,
            "results": self.results,
            "remedies": self.remedies.as_dict(),
        }


def oversight_figures(
    user: AnyUser, org: Organisation, period: Period, today: dt.date | None = None
) -> OversightFigures:
    records = inspection_counted(user).filter(body__path__under=org.path)
    started = records.filter(start_date__gte=period.start, start_date__lte=period.end)
    concluded = records.filter(concluded_on__gte=period.start, concluded_on__lte=period.end)
    kinds = dict(started.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    results = dict(concluded.values("result").annotate(n=Count("pk")).values_list("result", "n"))
    years = [y.year for y in period.years()]
    orgs, members = subject_tallies(started)
    return OversightFigures(
        organisations=orgs,
        members=members,
        by_kind={k: kinds.get(k, 0) for k in Kind.values},
        planned=records.filter(programme__year__in=years).count(),
        done=concluded.count(),
        results={r: results.get(r, 0) for r in Result.values},
        remedies=remedy_tally(
            Remedy.objects.filter(inspection__in=records), period.start, period.end, today
        ),
    )


# Ratings -------------------------------------------------------------------------------------

LEVELS = [level.value for level in Level]


def share(good: int, rated: int) -> Decimal | None:
    """Share rated HTTNV or better, in %, 2 decimals (half up); ``None`` with none rated."""
    return quantize(Decimal(good * 100) / rated, 2) if rated else None


@dataclass
class LevelCounts:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    not_rated: int = 0

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def good_or_better_pct(self) -> Decimal | None:
        return share(self.counts[Level.HTXSNV] + self.counts[Level.HTTNV], self.rated)

    def as_dict(self) -> dict[str, int]:
        return {**self.counts, "not_rated": self.not_rated}


def org_rating_counts(user: AnyUser, org: Organisation, year: int) -> LevelCounts:
    """Ratings of the organisations below ``org`` (its own is decided above it)."""
    rows = (
        OrgRating.objects.visible_to(user)
        .within(org)
        .exclude(organisation=org)
        .filter(year=year)
        .values("level")
        .annotate(n=Count("pk"))
    )
    tally = LevelCounts()
    for r in rows:
        if r["level"]:
            tally.counts[r["level"]] = r["n"]
        else:
            tally.not_rated = r["n"]
    return tally


def member_rating_counts(user: AnyUser, org: Organisation, year: int) -> LevelCounts:
    """Member counts of ``org`` and every unit below it, added up."""
    sums = (
        MemberRating.objects.visible_to(user)
        .within(org)
        .filter(year=year)
        .aggregate(*(Sum(level) for level in LEVELS), nr=Sum("not_rated"))
    )
    return LevelCounts(
        counts={level: sums[f"{level}__sum"] or 0 for level in LEVELS},
        not_rated=sums["nr"] or 0,
    )


def org_ratings_visible(user: AnyUser) -> QuerySet[OrgRating]:
    return OrgRating.objects.visible_to(user).select_related("organisation")


def member_ratings_visible(user: AnyUser) -> QuerySet[MemberRating]:
    return MemberRating.objects.visible_to(user).select_related("organisation")


def latest_rating_year(user: AnyUser, org: Organisation, up_to: int) -> int:
    """The latest year, at most ``up_to``, with a rating ``user`` sees in ``org``'s subtree
    (organisations or members); ``up_to`` when there is none. The ratings page opens on it,
    since a year's ratings are made at its end or early the next year."""
    years = [
        qs.visible_to(user).within(org).filter(year__lte=up_to).aggregate(y=Max("year"))["y"]
        for qs in (OrgRating.objects, MemberRating.objects)
    ]
    return max((y for y in years if y is not None), default=up_to)
