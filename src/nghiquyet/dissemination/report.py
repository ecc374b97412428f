"""The `dissemination` section of the report JSON: sessions held in the period in the unit's
subtree (an online broadcast counted once), classes planned and held, attendance by group."""

from typing import Any

from django.db.models import Sum

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.periods import Period
from nghiquyet.dissemination.models import ONLINE, Attendance, Plan
from nghiquyet.dissemination.selectors import plan_progress, rates_of, session_visible, sessions_in
from nghiquyet.orgs.models import Organisation


def sections(*, org: Organisation, period: Period, actor: AnyUser) -> dict[str, Any]:
    in_period = {"start_date__gte": period.start, "start_date__lte": period.end}
    sessions = sessions_in(org).filter(pk__in=session_visible(actor).values("pk"), **in_period)
    rows = Attendance.objects.within(org).filter(session__in=sessions)
    plans = (
        Plan.objects.visible_to(actor)
        .within(org)
        .filter(
            deadline__gte=period.start,
            deadline__lte=period.end,
        )
    )
    progress = [plan_progress(p) for p in plans.select_related("document", "organisation")]
    return {
        "dissemination": {
            "sessions": sessions.count(),
            "online_sessions": sessions.filter(format__in=ONLINE).count(),
            "classes": {
                "planned": plans.aggregate(n=Sum("classes"))["n"] or 0,
                "held": sum(p.held for p in progress),
                "held_on_time": sum(p.held_on_time for p in progress),
            },
            "attendance": [
                {
                    "group": g.group,
                    "label": g.label,
                    "expected": g.expected,
                    "actual": g.actual,
                    "rate": float(round(g.rate, 2)) if g.rate is not None else None,
                }
                for g in rates_of(rows)
            ],
        }
    }
