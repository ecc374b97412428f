"""The `oversight` and `ratings` sections of the report JSON (rules in
``oversight/selectors.py`` and ``oversight/rules.py``). Member-level records are counted,
never named. Shares are numbers with 2 decimals, taken from the exact Decimal."""

from decimal import Decimal
from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation
from nghiquyet.oversight.selectors import member_rating_counts, org_rating_counts, oversight_figures


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def sections(*, org: Organisation, period: Period, actor: AnyUser) -> dict[str, Any]:
    year = period.year_period().year
    orgs = org_rating_counts(actor, org, year)
    members = member_rating_counts(actor, org, year)
    return {
        "oversight": oversight_figures(actor, org, period).as_dict(),
        "ratings": {
            "year": year,
            "organisations": orgs.as_dict(),
            "members": members.as_dict(),
            "organisations_good_or_better_pct": _number(orgs.good_or_better_pct),
            "members_good_or_better_pct": _number(members.good_or_better_pct),
        },
    }
