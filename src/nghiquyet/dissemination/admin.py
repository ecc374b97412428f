"""Read-only admin: every change goes through the services, and so the audit log."""

from django.contrib import admin

from nghiquyet.dissemination.models import Attendance, Plan, StudySession
from nghiquyet.web.admin import ReadOnlyAdmin

for model in (
    StudySession,
    Attendance,
    Plan,
):
    admin.site.register(model, ReadOnlyAdmin)
