"""Read-only admin: drafts change only through the services, which version and audit them."""

from django.contrib import admin

from nghiquyet.exports.models import DraftVersion, ReportDraft, ReportFile
from nghiquyet.web.admin import ReadOnlyAdmin

for model in (ReportDraft, DraftVersion, ReportFile):
    admin.site.register(model, ReadOnlyAdmin)
