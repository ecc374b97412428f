"""The explanations part of the unit's inbox (``core/inbox.py``): the requests to explain an
at-risk indicator line that the unit has not answered, due ``ANSWER_DAYS`` days after they were
asked. One query."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.inbox import InboxItem, Tone
from nghiquyet.core.periods import Period
from nghiquyet.explanations.selectors import explanation_visible
from nghiquyet.orgs.models import Organisation

KIND = "giai_trinh"
ANSWER_DAYS = 7


def inbox_items(*, user: AnyUser, org: Organisation, today: dt.date) -> list[InboxItem]:
    """Unanswered requests to ``org`` that ``user`` sees."""
    open_ones = explanation_visible(user).filter(organisation=org, answered_at__isnull=True)
    items = []
    for request in open_ones:
        due = timezone.localdate(request.asked_at) + dt.timedelta(days=ANSWER_DAYS)
        period = Period.parse(request.period_code)
        items.append(
            InboxItem(
                key=f"{KIND}:{request.pk}",
                kind=KIND,
                title=f"Giải trình chỉ tiêu {request.indicator.name} – {period.label}",
                unit=org,
                deadline=due,
                status="Quá hạn" if due < today else "Chờ giải trình",
                url=reverse("explanations:answer", args=[request.pk]),
                tone=Tone.BAD if due < today else Tone.WARN,
            )
        )
    return items
