"""The base of every admin page: the Django admin only reads.

Every change goes through a service, which checks permission and writes the audit log; an admin
that could add, change or delete rows would bypass both.
"""

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """A ModelAdmin that lists and shows rows but offers no add, change or delete."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
