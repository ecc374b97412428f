"""The database itself refuses to rewrite the audit log (docs/decisions/0011).

Migration 0002 puts triggers on ``audit_auditentry``: UPDATE and DELETE are refused on both
databases, and on PostgreSQL TRUNCATE as well. The one legitimate erasure is Django's
``flush`` (it empties every table: the test runner uses it after each transactional test, an
operator to reset a demo). ``audit_erasure_allowed`` opens that door for one connection while
the flush runs; the project's ``flush`` command (audit/management/commands/flush.py) is its
only caller.

- SQLite has no TRUNCATE: flush DELETEs. The DELETE trigger asks the SQL function
  ``nghiquyet_audit_erasable()``, registered on every connection Django opens, which answers 1
  only while the flag is set on that connection. A connection that does not register it (the
  ``sqlite3`` shell) gets "no such function": refused as well.
- PostgreSQL: flush TRUNCATEs, which fires no row trigger; the statement trigger on TRUNCATE
  lets it through only when the session setting ``nghiquyet.audit_erasable`` is ``on``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_FLAG_FUNCTION = "nghiquyet_audit_erasable"
POSTGRES_FLAG_SETTING = "nghiquyet.audit_erasable"
_FLAG_ATTRIBUTE = "nghiquyet_audit_erasable"


def register_sqlite_flag(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: give a new SQLite connection the trigger's flag function.

    The function takes no argument and returns 1 while ``audit_erasure_allowed`` is active on
    this connection, else 0. Other vendors are left alone.
    """
    if connection.vendor != "sqlite":
        return

    def erasable() -> int:
        return int(getattr(connection, _FLAG_ATTRIBUTE, False))

    connection.connection.create_function(SQLITE_FLAG_FUNCTION, 0, erasable)


@contextmanager
def audit_erasure_allowed(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Let this connection empty the audit table (flush only) for the duration of the block.

    SQLite: sets the flag read by ``nghiquyet_audit_erasable()``. PostgreSQL: sets the session
    setting ``nghiquyet.audit_erasable`` to ``on``, and back to ``off`` afterwards. UPDATE stays
    refused either way, and so does DELETE on PostgreSQL.
    """
    connection.ensure_connection()
    setattr(connection, _FLAG_ATTRIBUTE, True)
    _set_postgres_flag(connection, "on")
    try:
        yield
    finally:
        setattr(connection, _FLAG_ATTRIBUTE, False)
        _set_postgres_flag(connection, "off")


def _set_postgres_flag(connection: BaseDatabaseWrapper, value: str) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, false)", [POSTGRES_FLAG_SETTING, value])
