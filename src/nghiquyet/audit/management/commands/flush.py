"""Django's ``flush``, allowed to empty the append-only audit table (docs/decisions/0011).

``flush`` empties every table; the test runner calls it after each transactional test. The
audit triggers refuse DELETE (SQLite) and TRUNCATE (PostgreSQL) on the audit table unless the
connection says the erasure is a flush, which this command does around Django's own.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from nghiquyet.audit.append_only import audit_erasure_allowed


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with audit_erasure_allowed(connection):
            super().handle(**options)
