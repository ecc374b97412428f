"""Read-only admin: every change goes through the services, and so the audit log."""

from django.contrib import admin

from nghiquyet.tasks.models import (
    Comment,
    CompletionReport,
    Extension,
    Occurrence,
    ProgressUpdate,
    Section,
    Task,
)
from nghiquyet.web.admin import ReadOnlyAdmin

for model in (Section, Task, Occurrence, ProgressUpdate, CompletionReport, Extension, Comment):
    admin.site.register(model, ReadOnlyAdmin)
