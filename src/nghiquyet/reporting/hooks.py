"""The reporting app's part in the named hooks of ``core/hooks.py``."""

from collections.abc import Mapping

from nghiquyet.access.scoping import AnyUser
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting import locks


def on_values_writing(
    *, actor: AnyUser, cells: Mapping[tuple[Organisation, str], list[int]]
) -> None:
    """Refuse values of approved or submitted reports (``locks.check_writable_many``).

    Raises PermissionDeniedError (Vietnamese) naming the unit, period and form.
    """
    locks.check_writable_many(actor=actor, cells=cells)
