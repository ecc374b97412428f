from django.apps import AppConfig
from django.db.backends.signals import connection_created

from nghiquyet.audit import actions


class AuditConfig(AppConfig):
    name = "nghiquyet.audit"
    label = "audit"
    verbose_name = "Nhật ký thay đổi"

    def ready(self) -> None:
        # Collect every app's audit actions now, so that a malformed or duplicated code stops
        # the start-up instead of the first change-log page.
        actions.load()
        # The SQLite audit triggers ask this connection whether a flush is running (0011).
        from nghiquyet.audit.append_only import register_sqlite_flag

        connection_created.connect(register_sqlite_flag, dispatch_uid="audit-sqlite-flag")
