from django.contrib import admin

from nghiquyet.audit.models import AuditEntry
from nghiquyet.web.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_username", "action", "target_repr", "organisation", "ip")
    list_filter = ("action",)
    search_fields = ("actor_username", "target_repr", "request_id")
