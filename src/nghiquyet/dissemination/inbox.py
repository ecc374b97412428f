"""The dissemination part of the unit's inbox (``core/inbox.py``): the unit's own study plans
(N classes on a document by a deadline) with fewer classes held than planned, counted like
``selectors.plan_progress`` (sessions the unit itself organised on the document).

Study requirements set by a document of the level above ("tổ chức học tập, quán triệt") come
through the documents part, like every requirement.

Queries: the plans (1) and the classes held per document (1).
"""

import datetime as dt

from django.db.models import Count
from django.urls import reverse

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.formats import format_number
from nghiquyet.core.inbox import InboxItem, Tone
from nghiquyet.dissemination.models import Plan, StudySession
from nghiquyet.dissemination.selectors import plans_visible
from nghiquyet.orgs.models import Organisation

KIND = "hoc_tap"


def _item(plan: Plan, held: int, org: Organisation, today: dt.date) -> InboxItem:
    late = plan.deadline < today
    counted = f"đã tổ chức {format_number(held)}/{format_number(plan.classes)} lớp"
    return InboxItem(
        key=f"{KIND}:{plan.pk}",
        kind=KIND,
        title=f"Tổ chức học tập, quán triệt {plan.document}",
        unit=org,
        deadline=plan.deadline,
        status=f"{'Quá hạn' if late else 'Chưa đến hạn'}, {counted}",
        url=reverse("dissemination:index"),
        tone=Tone.BAD if late else Tone.NONE,
    )


def inbox_items(*, user: AnyUser, org: Organisation, today: dt.date) -> list[InboxItem]:
    """The study plans of ``org`` not yet carried out in full (see the module docstring)."""
    plans = list(plans_visible(user).filter(organisation=org))
    if not plans:
        return []
    held_rows = (
        StudySession.objects.filter(organisation=org, documents__in=[p.document_id for p in plans])
        .values("documents")
        .annotate(held=Count("pk", distinct=True))
    )
    held = {row["documents"]: row["held"] for row in held_rows}
    return [
        _item(p, held.get(p.document_id, 0), org, today)
        for p in plans
        if held.get(p.document_id, 0) < p.classes
    ]
