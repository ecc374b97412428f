"""Read-only admin views: changes go through the services (and so the audit log)."""

from django.contrib import admin

from nghiquyet.orgs.models import Organisation, Succession, Term
from nghiquyet.web.admin import ReadOnlyAdmin


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name", "search_name")


@admin.register(Succession)
class SuccessionAdmin(ReadOnlyAdmin):
    list_display = ("predecessor", "successor", "kind", "effective")


@admin.register(Term)
class TermAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "start_year", "end_year", "ordinal")
