"""Keep the materialized roll-ups right when the tree changes (called by the orgs services)."""

import datetime as dt
from collections.abc import Sequence

from nghiquyet.indicators import rollup
from nghiquyet.orgs.models import Organisation


def on_org_moved(*, org: Organisation, old_parent: Organisation, new_parent: Organisation) -> None:
    """The moved subtree's aggregates are unchanged; both ancestor chains are rebuilt."""
    old_parent.refresh_from_db(fields=["path"])
    new_parent.refresh_from_db(fields=["path"])
    affected = rollup.ancestors_and_self(old_parent) + rollup.ancestors_and_self(new_parent)
    rollup.recompute(affected)


def on_org_merged(
    *, predecessors: Sequence[Organisation], successor: Organisation, effective: dt.date
) -> None:
    """The children already moved, without rebuilding anything; rebuild both chains once: the
    successor's and each predecessor's, from the unit up to the root."""
    affected = rollup.ancestors_and_self(successor)
    for old in predecessors:
        old.refresh_from_db(fields=["path"])
        affected += rollup.ancestors_and_self(old)
    rollup.recompute(affected)
