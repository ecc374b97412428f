"""The `tasks` section of the report JSON: task-tracking statistics for the unit's subtree
over the period (rule in ``tasks/selectors.py``), percentages as numbers with 2 decimals."""

from typing import Any

from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation
from nghiquyet.tasks.selectors import task_statistics


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
    return {"tasks": stats}
