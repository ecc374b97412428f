"""Read-only admin: every change goes through the services, and so the audit log."""

from django.contrib import admin

from nghiquyet.reporting.models import LockException, Reminder, ReportingForm, Submission
from nghiquyet.web.admin import ReadOnlyAdmin

for model in (
    ReportingForm,
    Submission,
    LockException,
    Reminder,
):
    admin.site.register(model, ReadOnlyAdmin)
