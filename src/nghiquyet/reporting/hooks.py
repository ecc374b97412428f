"""The reporting app's part in the named hooks of ``core/hooks.py``."""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from nghiquyet.access.scoping import AnyUser
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting import locks
from nghiquyet.reporting.models import ReportingForm


def on_values_writing(
    *, actor: AnyUser, cells: Mapping[tuple[Organisation, str], list[int]]
) -> None:
    """Refuse values of approved or submitted reports (``locks.check_writable_many``).

    Raises PermissionDeniedError (Vietnamese) naming the unit, period and form.
    """
    locks.check_writable_many(actor=actor, cells=cells)


def on_coverage_thresholds(
    *, org: Organisation, indicator_ids: Sequence[int]
) -> dict[int, Decimal]:
    """The coverage threshold (%) of each indicator on an active form issued at or above
    ``org``; the strictest form wins."""
    owners = [*org.ancestor_paths, org.path]
    rows = ReportingForm.objects.filter(
        is_active=True, owner__path__in=owners, indicators__in=list(indicator_ids)
    ).values_list("indicators", "coverage_threshold_pct")
    found: dict[int, Decimal] = {}
    for pk, threshold in rows:
        found[pk] = max(found.get(pk, threshold), threshold)
    return found
