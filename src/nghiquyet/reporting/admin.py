"""Read-only admin: every change goes through the services, and so the audit log."""

from django.contrib import admin

from nghiquyet.orgs.admin import ReadOnlyAdmin
from nghiquyet.reporting.models import LockException, Reminder, ReportingForm, Submission

for model in (
    ReportingForm,
    Submission,
    LockException,
    Reminder,
):
    admin.site.register(model, ReadOnlyAdmin)
