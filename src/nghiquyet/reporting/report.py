"""The ``submissions`` section of the report JSON: completeness and timeliness of the subtree."""

from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting.selectors import completeness_for, summary


def sections(*, org: Organisation, period: Period, actor: AnyUser) -> dict[str, Any]:
    """Per level and per form: expected, submitted, on time, late, missing; and who is missing."""
    return {"submissions": summary(completeness_for(actor, org, period), org)}
