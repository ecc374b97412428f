"""Data generations: the number that moves when an audited write commits, for cache keys.

Every service writes its audit entries inside its transaction (``audit.services``); the audit
writer also asks here for the generation of each tree it touched to move forward once the
transaction commits (``transaction.on_commit``). A dashboard cached under the generations it
read (``indicators.selectors.dashboard_lines``) is therefore never served after a write to its
tree has committed: the next read finds a higher number and recomputes.

Why after the commit and not inside the transaction: the counter row of a tree would
otherwise stay locked until the writer commits, and a writer that locks the tree's root for the
roll-up (``indicators.rollup.lock_trees``) after an earlier audited write of the same
transaction could deadlock with one that took them in the other order. After the commit the
increment is one statement of its own. The cost is a window of a few milliseconds between the
commit and the increment in which a reader may still be served the page cached before the
write, the same kind of lag a replica has (decision 0013); a cached entry also expires on its
own (``DASHBOARD_CACHE_SECONDS``), in case the process died inside that window.

A reader inside a transaction that has written (a request that saves then shows the result)
must not trust the cache: ``pending_here`` tells it so.

Trees are named by the root's path segment (provinces are the roots, ``core.paths``); ``*``
is moved by writes that concern every tree: an organisation's own row (a unit created, moved,
merged), or an entry without an organisation (an indicator of the whole system).
"""

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from nghiquyet.audit.models import DataGeneration
from nghiquyet.core.paths import PATH_STEP

EVERY_TREE = "*"


class _Bump:
    """The on-commit callback that moves the generations of ``trees``; a class so that
    ``pending_here`` can recognise it among the connection's callbacks."""

    def __init__(self, trees: set[str]) -> None:
        self.trees = trees

    def __call__(self) -> None:
        table = DataGeneration._meta.db_table
        # The start is random (see DataGeneration); the increment is atomic on both databases.
        sql = (
            f"INSERT INTO {table} (tree, number) VALUES (%s, %s) "  # noqa: S608
            f"ON CONFLICT (tree) DO UPDATE SET number = {table}.number + 1"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, [(tree, secrets.randbits(62)) for tree in sorted(self.trees)])


def tree_of(organisation: Any) -> str:
    """The tree key of an organisation (anything with a materialized ``path``), or
    ``EVERY_TREE`` for None or anything without a path."""
    path = getattr(organisation, "path", "") or ""
    return path[:PATH_STEP] if path else EVERY_TREE


def after_commit(trees: Iterable[str]) -> None:
    """Move the generations of ``trees`` (keys from ``tree_of``) once the current transaction
    commits; at once outside a transaction; never if it rolls back. Consecutive calls in the
    same savepoint share one callback (an import audits unit by unit: one increment per tree
    after the commit, not one per unit)."""
    keys = set(trees)
    if not keys:
        return
    if connection.in_atomic_block and connection.run_on_commit:
        # ``run_on_commit`` holds (savepoint ids, callback, robust); the same savepoint ids
        # mean the same fate on rollback, so the trees may join the pending callback.
        sids, last = connection.run_on_commit[-1][:2]
        if isinstance(last, _Bump) and sids == set(connection.savepoint_ids):
            last.trees |= keys
            return
    transaction.on_commit(_Bump(keys))


def pending_here() -> bool:
    """Whether the current transaction has audited writes not yet committed (so a cached
    read could miss them)."""
    if not connection.in_atomic_block:
        return False
    # ``run_on_commit`` holds (savepoint ids, callback, robust) for each pending callback.
    return any(isinstance(item[1], _Bump) for item in connection.run_on_commit)


def current(organisation: Any) -> tuple[int, int]:
    """(generation of ``organisation``'s tree, generation of ``EVERY_TREE``), one query; 0 for
    a tree never written since the table was created."""
    tree = tree_of(organisation)
    found = dict(
        DataGeneration.objects.filter(tree__in={tree, EVERY_TREE}).values_list("tree", "number")
    )
    return found.get(tree, 0), found.get(EVERY_TREE, 0)
