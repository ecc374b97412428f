"""The one permission-aware door for reads: ``Model.objects.visible_to(user, action)``.

A membership (organisation, role) covers the organisation's subtree. Subtrees are
materialized paths, so the filter is a path-prefix match that works on SQLite and PostgreSQL.
"""

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from nghiquyet.orgs.models import Organisation

    AnyUser = User | AnonymousUser
else:
    AnyUser = Any

M = TypeVar("M", bound=models.Model)
_CACHE_ATTR = "_nghiquyet_grant_paths"


def grant_paths(user: "AnyUser", action: str = "view") -> list[str]:
    """The materialized paths of the organisations whose subtree ``user`` may act on."""
    if not user.is_authenticated:
        return []
    cache: dict[str, list[str]] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if action not in cache:
        cache[action] = _load_paths(user, action)
    return cache[action]


def forget_grants(user: Any) -> None:
    """Drop the per-instance cache after memberships change."""
    user.__dict__.pop(_CACHE_ATTR, None)


def _load_paths(user: "AnyUser", action: str) -> list[str]:
    from nghiquyet.accounts.models import Membership
    from nghiquyet.accounts.roles import roles_allowing

    paths = sorted(
        set(
            Membership.objects.filter(
                user_id=user.pk or 0, role__in=roles_allowing(action)
            ).values_list("organisation__path", flat=True)
        )
    )
    # A path already covered by a shorter granted path adds nothing.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def is_everywhere(user: "AnyUser") -> bool:
    return bool(user.is_authenticated and getattr(user, "is_superuser", False))


def can(user: "AnyUser", action: str, organisation: "Organisation") -> bool:
    """Whether ``user`` may perform ``action`` on ``organisation`` (and so on its data)."""
    if is_everywhere(user):
        return True
    return any(organisation.path.startswith(p) for p in grant_paths(user, action))


class OrgScopedQuerySet(models.QuerySet[M], Generic[M]):
    """A queryset for models owned by an organisation. Subclasses name the path lookup."""

    org_path_lookup = "organisation__path"

    def visible_to(self, user: "AnyUser", action: str = "view") -> Self:
        if is_everywhere(user):
            return self.all()
        paths = grant_paths(user, action)
        if not paths:
            return self.none()
        lookup = f"{self.org_path_lookup}__under"
        return self.filter(reduce(or_, (Q(**{lookup: p}) for p in paths)))

    def within(self, organisation: "Organisation") -> Self:
        """Rows owned by ``organisation`` or anything below it."""
        return self.filter(**{f"{self.org_path_lookup}__under": organisation.path})
