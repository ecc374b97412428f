"""The `registers` section of the report JSON: models and movements with their participants,
surveys with their forms, and public-investment projects with allocated and disbursed capital
(rules in ``registers/selectors.py``). Amounts are in tỷ đồng; every figure is a JSON number
(an integer when whole) taken from the exact Decimal."""

from decimal import Decimal
from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation
from nghiquyet.registers.selectors import movement_figures, project_figures, survey_figures


def number(value: Decimal | None) -> int | float | None:
    """A JSON number: an integer when whole, otherwise a float of the exact decimal text."""
    if value is None:
        return None
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def sections(*, org: Organisation, period: Period, actor: AnyUser) -> dict[str, Any]:
    models = movement_figures(actor, org, period.end)
    surveys = survey_figures(actor, org, period)
    projects = project_figures(actor, org, period)
    return {
        "registers": {
            "models": {"count": models.count, "participants": models.participants},
            "surveys": {
                "count": surveys.count,
                "forms_issued": surveys.forms_issued,
                "forms_returned": surveys.forms_returned,
            },
            "projects": {
                "count": projects.count,
                "total_investment": number(projects.total_investment),
                "allocated": number(projects.allocated),
                "disbursed": number(projects.disbursed),
                "disbursed_pct": number(projects.disbursed_pct),
                "disbursed_change_vs_last_year_pct": number(projects.change_vs_last_year_pct),
            },
        }
    }
