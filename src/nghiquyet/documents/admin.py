"""Read-only admin: every change goes through the services, and so the audit log."""

from django.contrib import admin

from nghiquyet.documents.models import (
    Attachment,
    Comment,
    Consultation,
    Document,
    DocumentRelation,
    Recipient,
    Requirement,
)
from nghiquyet.web.admin import ReadOnlyAdmin

for model in (
    Document,
    DocumentRelation,
    Attachment,
    Requirement,
    Consultation,
    Recipient,
    Comment,
):
    admin.site.register(model, ReadOnlyAdmin)
