"""Materialized paths and the ``__under`` lookup that makes subtree queries use an index.

A ``startswith`` lookup on the path compiles to ``LIKE``, which SQLite evaluates
case-insensitively, so it can never use the path index there. ``path__under`` compiles to a
byte range on SQLite (paths are ASCII and SQLite compares text bytewise) and to
``LIKE 'prefix%'`` on PostgreSQL, where the ``varchar_pattern_ops`` index on the column serves
it whatever the database collation.
"""

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Lookup
from django.db.models.sql.compiler import SQLCompiler

PATH_STEP = 7  # six base-36 characters and a "/" per level.
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def path_segment(pk: int) -> str:
    out = ""
    while pk:
        pk, rem = divmod(pk, 36)
        out = _DIGITS[rem] + out
    return out.rjust(6, "0") + "/"


def _upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class PathField(models.CharField):
    """A materialized path: one fixed-width segment per ancestor, ending in "/"."""


@PathField.register_lookup
class Under(Lookup):
    """``path__under=prefix``: the node with that path and every node below it."""

    lookup_name = "under"
    prepare_rhs = False

    def _lhs(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        sql, params = self.process_lhs(compiler, connection)
        return sql, list(params)

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, params = self._lhs(compiler, connection)
        return f"{lhs} LIKE %s", [*params, f"{self.rhs}%"]

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, params = self._lhs(compiler, connection)
        prefix = str(self.rhs)
        return f"({lhs} >= %s AND {lhs} < %s)", [*params, prefix, *params, _upper_bound(prefix)]


def ancestor_paths(path: str, *, include_self: bool = False) -> list[str]:
    """The paths of every ancestor of the node at ``path``, root first.

    ``"000001/00000a/"`` gives ``["000001/"]`` (and ``"000001/00000a/"`` last with
    ``include_self``). Paths are the fixed-width segments of ``path_segment``.
    """
    depth = len(path) // PATH_STEP
    last = depth if include_self else depth - 1
    return [path[: i * PATH_STEP] for i in range(1, last + 1)]


def is_under(path: str, prefix: str) -> bool:
    """Whether the node at ``path`` is the node at ``prefix`` or below it (pure Python twin of
    the ``__under`` lookup, for objects already in memory)."""
    return path.startswith(prefix)
