import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from nghiquyet.access.scoping import AnyUser
from nghiquyet.audit.models import AuditEntry, AuditEntryQuerySet
from nghiquyet.orgs.models import Organisation


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_for_subtree(user: AnyUser, org: Organisation, flt: AuditFilter) -> AuditEntryQuerySet:
    """Changes in ``org``'s subtree that ``user`` may see, newest first."""
    qs = AuditEntry.objects.visible_to(user).within(org).select_related("organisation")
    if flt.actor:
        qs = qs.filter(actor_username__iexact=flt.actor.strip())
    if flt.action:
        qs = qs.filter(Q(action=flt.action) | Q(action__startswith=f"{flt.action}."))
    if flt.date_from:
        qs = qs.filter(created_at__date__gte=flt.date_from)
    if flt.date_to:
        qs = qs.filter(created_at__date__lte=flt.date_to)
    return qs.order_by("-created_at", "-id")


def audit_action_codes(user: AnyUser, org: Organisation) -> list[str]:
    qs = AuditEntry.objects.visible_to(user).within(org)
    return sorted(set(qs.values_list("action", flat=True).distinct()))
