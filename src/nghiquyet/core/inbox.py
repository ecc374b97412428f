"""The unit's inbox ("Việc cần làm"): what every app says a unit must do next.

An app takes part with an ``inbox.py`` module defining
``inbox_items(*, user, org, today) -> list[InboxItem]``: the items due from ``org`` (or
waiting for ``user``'s decision as ``org``), read through the app's scoped selectors with a
bounded number of queries (never one per unit). ``unit_inbox`` collects them in app order and
sorts them by deadline (items without one last).

``waiting_for`` says whose move it is: ``"unit"`` when the unit must act (send a report,
issue a document), ``"user"`` when a decision waits for the user as the level above
(approve a report, confirm a completion, answer an extension request).
"""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from nghiquyet.core.actors import AnyUser
from nghiquyet.core.contrib import app_modules

if TYPE_CHECKING:
    from nghiquyet.orgs.models import Organisation

WaitingFor = Literal["unit", "user"]


class Tone:
    """The colour of a status label (the label's text always says the status itself)."""

    OK = "ok"
    WARN = "warn"
    BAD = "bad"
    NONE = ""


@dataclass(frozen=True)
class InboxItem:
    """One thing to do.

    ``key`` identifies the item across days (reminders are sent once per key and day kind);
    ``kind`` is the app's short name of the item ("bao_cao", "yeu_cau", "nhiem_vu", ...);
    ``deadline`` is the local date it is due (None: no deadline); ``status`` is the Vietnamese
    label shown; ``reason`` the reason of a return or refusal ("" if none); ``url`` the page
    where the item is handled.
    """

    key: str
    kind: str
    title: str
    unit: "Organisation"
    deadline: dt.date | None
    status: str
    url: str
    waiting_for: WaitingFor = "unit"
    reason: str = ""
    tone: str = Tone.NONE

    def overdue(self, today: dt.date) -> bool:
        return self.deadline is not None and self.deadline < today

    def due_within(self, today: dt.date, days: int) -> bool:
        """Due in ``days`` days or fewer (today included) and not yet overdue."""
        return self.deadline is not None and today <= self.deadline <= today + dt.timedelta(days)


def _sort_key(item: InboxItem) -> tuple[dt.date, str, str]:
    return (item.deadline or dt.date.max, item.title, item.key)


def unit_inbox(*, user: AnyUser, org: "Organisation", today: dt.date) -> list[InboxItem]:
    """Every app's items for ``org`` as ``user`` sees them on ``today``, earliest deadline
    first (then by title); items without a deadline come last."""
    items: list[InboxItem] = []
    for module in app_modules("inbox"):
        items += module.inbox_items(user=user, org=org, today=today)
    return sorted(items, key=_sort_key)
