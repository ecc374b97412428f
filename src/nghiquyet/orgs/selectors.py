"""Reads of the organisation tree. Every list goes through ``visible_to``."""

import datetime as dt

from django.db.models import Count, Q

from nghiquyet.access.scoping import AnyUser, grant_paths, is_everywhere
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.text import fold
from nghiquyet.orgs.models import PATH_STEP, Organisation, OrganisationQuerySet, Succession, Term


def org_visible(user: "AnyUser", action: str = "view") -> OrganisationQuerySet:
    return Organisation.objects.visible_to(user, action)


def org_get(user: "AnyUser", code: str, action: str = "view") -> Organisation:
    """The organisation with ``code`` if ``user`` may act on it; NotFoundError otherwise."""
    org = org_visible(user, action).filter(code__iexact=code).first()
    if org is None:
        raise NotFoundError(f"Không tìm thấy đơn vị “{code}” trong phạm vi của bạn.")
    return org


def org_get_by_pk(user: "AnyUser", pk: int, action: str = "view") -> Organisation:
    org = org_visible(user, action).filter(pk=pk).first()
    if org is None:
        raise NotFoundError("Không tìm thấy đơn vị trong phạm vi của bạn.")
    return org


def org_by_code(code: str) -> Organisation | None:
    """Unscoped lookup, only for resolving a code named in input; services check scope."""
    return Organisation.objects.filter(code__iexact=code.strip()).first()


def org_roots(user: "AnyUser") -> OrganisationQuerySet:
    """The top-most organisations the user can see: the roots of their grants."""
    if is_everywhere(user):
        roots = Organisation.objects.filter(parent__isnull=True)
    else:
        roots = Organisation.objects.filter(path__in=grant_paths(user, "view"))
    return roots.annotate(child_count=Count("children"))


def org_subtree(
    user: "AnyUser", org: Organisation, *, include_self: bool = True, on: dt.date | None = None
) -> OrganisationQuerySet:
    qs = org_visible(user).subtree_of(org, include_self=include_self)
    return qs.active_at(on) if on else qs


def org_children(
    user: "AnyUser", org: Organisation, *, on: dt.date | None = None
) -> OrganisationQuerySet:
    qs = org_visible(user).filter(parent=org).annotate(child_count=Count("children"))
    return qs.active_at(on) if on else qs


def org_ancestors(user: "AnyUser", org: Organisation) -> list[Organisation]:
    """Ancestors from the root down, limited to those the user may see."""
    return list(org_visible(user).filter(path__in=org.ancestor_paths).order_by("path"))


def org_search(user: "AnyUser", text: str, limit: int = 30) -> OrganisationQuerySet:
    """Accent-insensitive search on name and code: "cao lanh" finds "Cao Lãnh"."""
    folded = fold(text)
    qs = org_visible(user)
    if folded:
        qs = qs.filter(Q(search_name__contains=folded) | Q(code__icontains=text.strip()))
    return qs.order_by("path")[:limit]


def org_predecessors(org: Organisation) -> list[Succession]:
    return list(Succession.objects.filter(successor=org).select_related("predecessor"))


def org_successors(org: Organisation) -> list[Succession]:
    return list(Succession.objects.filter(predecessor=org).select_related("successor"))


def org_terms(org: Organisation) -> list[Term]:
    return list(Term.objects.filter(organisation=org).order_by("-start_year"))


def org_depth_of(path: str) -> int:
    return len(path) // PATH_STEP
