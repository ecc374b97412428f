from django.apps import AppConfig

from nghiquyet.audit import actions


class AuditConfig(AppConfig):
    name = "nghiquyet.audit"
    label = "audit"
    verbose_name = "Nhật ký thay đổi"

    def ready(self) -> None:
        # Collect every app's audit actions now, so that a malformed or duplicated code stops
        # the start-up instead of the first change-log page.
        actions.load()
