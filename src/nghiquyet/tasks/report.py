"""The `tasks` and `recommendations` sections of the report JSON: task-tracking statistics
and the difficulties and recommendations raised, for the unit's subtree over the period
(rules in ``tasks/selectors.py``), percentages as numbers with 2 decimals; and the
recommendations' texts for the report's "Hạn chế, nguyên nhân" (``limitations``)."""

from typing import Any

from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation
from nghiquyet.tasks.selectors import (
    recommendation_statistics,
    recommendation_texts,
    task_statistics,
)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def sections(*, org: Organisation, period: Period, actor: AnyUser) -> dict[str, Any]:
    stats = task_statistics(
        user=actor, org=org, start=period.start, end=period.end, today=timezone.localdate()
    ).as_dict()
    stats["done_on_time_pct"] = _number(stats["done_on_time_pct"])
    stats["overdue_pct"] = _number(stats["overdue_pct"])
    stats["overdue_items"] = [
        item | {"deadline": item["deadline"].isoformat()} for item in stats["overdue_items"]
    ]
    recs = recommendation_statistics(
        user=actor, org=org, start=period.start, end=period.end, today=timezone.localdate()
    )
    return {"tasks": stats, "recommendations": recs.as_dict()}


def limitations(*, org: Organisation, period: Period, actor: AnyUser) -> list[str]:
    """Lines for "Hạn chế, nguyên nhân": the difficulties and recommendations of the subtree
    still open at the cut-off or answered in the period (``recommendation_texts``)."""
    return recommendation_texts(
        user=actor, org=org, start=period.start, end=period.end, today=timezone.localdate()
    )
