from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "nghiquyet.audit"
    label = "audit"
    verbose_name = "Nhật ký thay đổi"
