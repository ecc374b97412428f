"""The one permission-aware door for reads: ``Model.objects.visible_to(user, action)``.

A membership (organisation, role) covers the organisation's subtree. Subtrees are
materialized paths, so the filter is the indexed ``__under`` lookup (``core/paths.py``) on
SQLite and PostgreSQL alike.

Every organisation-owned model's queryset is an ``OrgScopedQuerySet``. It names the path of the
owning unit (``org_path_lookup``) and, when viewing reaches further than the owner's subtree,
*declares* the extra reach in ``view_reach`` instead of re-implementing ``visible_to``:

- ``Unowned("organisation")``: rows owned by no unit (system-wide) are visible to everyone
  signed in;
- ``Ancestors("owner__path")``: rows owned by an ancestor of a granted unit (a superior's
  forms and indicators, which the unit reports);
- ``Ancestors("organisation__path", where=Q(status__in=ISSUED))``: the same, for some rows only
  (issued documents of the committees above);
- ``Via("connected_units__path")``: rows linked to a unit of the subtree through a relation
  (a study session broadcast to a ward);
- ``NamedUser("consultations__recipients__user")``: rows that name the user personally.

Reaches apply to ``view`` only; every other action needs the owner's subtree. Declarations that
cross a many-valued relation set ``distinct_reach = True`` so each row is returned once.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from django.db import models
from django.db.models import Q

from nghiquyet.core.actors import AnyUser as AnyUser
from nghiquyet.core.paths import ancestor_paths, is_under

if TYPE_CHECKING:
    from nghiquyet.orgs.models import Organisation

M = TypeVar("M", bound=models.Model)
_CACHE_ATTR = "_nghiquyet_grant_paths"


def grant_paths(user: "AnyUser", action: str = "view") -> list[str]:
    """The materialized paths of the organisations whose subtree ``user`` may act on.

    Returns a sorted list with no path below another one of the list; ``[]`` for anonymous
    users. Cached on the user instance for the request (``forget_grants`` drops it).
    """
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
    from nghiquyet.access.roles import roles_allowing
    from nghiquyet.accounts.models import Membership

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
        if not any(is_under(path, k) for k in kept):
            kept.append(path)
    return kept


def ancestor_grant_paths(paths: list[str]) -> list[str]:
    """Every ancestor path of each granted path, the granted paths included, sorted."""
    return sorted({p for path in paths for p in ancestor_paths(path, include_self=True)})


def is_everywhere(user: "AnyUser") -> bool:
    """Superusers act on every organisation."""
    return bool(user.is_authenticated and getattr(user, "is_superuser", False))


def can(user: "AnyUser", action: str, organisation: "Organisation") -> bool:
    """Whether ``user`` may perform ``action`` on ``organisation`` (and so on its data)."""
    if is_everywhere(user):
        return True
    return any(is_under(organisation.path, p) for p in grant_paths(user, action))


def under_any(lookup: str, paths: list[str]) -> Q:
    """``Q`` matching rows whose ``lookup`` path lies under one of ``paths`` (none: no row)."""
    return reduce(or_, (Q(**{f"{lookup}__under": p}) for p in paths), Q(pk__in=[]))


class Reach(ABC):
    """One declared way, besides the owner's subtree, in which a row becomes visible."""

    @abstractmethod
    def condition(self, user: "AnyUser", paths: list[str]) -> Q:
        """The rows this reach adds for ``user`` holding view grants on ``paths``."""


@dataclass(frozen=True)
class Unowned(Reach):
    """Rows whose owner (``relation``) is empty are system-wide."""

    relation: str

    def condition(self, user: "AnyUser", paths: list[str]) -> Q:
        return Q(**{f"{self.relation}__isnull": True})


@dataclass(frozen=True)
class Ancestors(Reach):
    """Rows owned by a granted unit's ancestor (``lookup`` is a path), optionally filtered."""

    lookup: str
    where: Q = field(default_factory=Q)

    def condition(self, user: "AnyUser", paths: list[str]) -> Q:
        return Q(**{f"{self.lookup}__in": ancestor_grant_paths(paths)}) & self.where


@dataclass(frozen=True)
class Via(Reach):
    """Rows linked through a relation (``lookup`` is that unit's path) to the subtree."""

    lookup: str

    def condition(self, user: "AnyUser", paths: list[str]) -> Q:
        return under_any(self.lookup, paths)


@dataclass(frozen=True)
class NamedUser(Reach):
    """Rows that name the user personally through ``lookup``."""

    lookup: str

    def condition(self, user: "AnyUser", paths: list[str]) -> Q:
        return Q(**{self.lookup: user.pk})


class OrgScopedQuerySet(models.QuerySet[M], Generic[M]):
    """A queryset for models owned by an organisation; subclasses declare, never override.

    ``org_path_lookup`` names the owner's path; ``view_reach`` lists the extra reaches of
    viewing (see the module docstring); ``distinct_reach`` returns each row once when a reach
    crosses a many-valued relation.
    """

    org_path_lookup: ClassVar[str] = "organisation__path"
    view_reach: ClassVar[tuple[Reach, ...]] = ()
    distinct_reach: ClassVar[bool] = False

    def visible_to(self, user: "AnyUser", action: str = "view") -> Self:
        """Rows ``user`` may perform ``action`` on: the owners' subtrees of the user's grants,
        plus the declared reaches for ``view``. Superusers see everything, anonymous nothing."""
        if is_everywhere(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        paths = grant_paths(user, action)
        condition = under_any(self.org_path_lookup, paths)
        if action == "view" and self.view_reach:
            condition = reduce(or_, (r.condition(user, paths) for r in self.view_reach), condition)
        elif not paths:
            return self.none()
        return self._matching(condition, distinct=self.distinct_reach and action == "view")

    def linked_to(self, organisation: "Organisation") -> Self:
        """Rows owned in ``organisation``'s subtree or linked to it by a declared ``Via``."""
        condition = Q(**{f"{self.org_path_lookup}__under": organisation.path})
        vias = [r for r in self.view_reach if isinstance(r, Via)]
        for via in vias:
            condition |= under_any(via.lookup, [organisation.path])
        return self._matching(condition, distinct=bool(vias) and self.distinct_reach)

    def _matching(self, condition: Q, *, distinct: bool) -> Self:
        if distinct:
            return self.filter(pk__in=self.model._default_manager.filter(condition).values("pk"))
        return self.filter(condition)

    def within(self, organisation: "Organisation") -> Self:
        """Rows owned by ``organisation`` or anything below it."""
        return self.filter(**{f"{self.org_path_lookup}__under": organisation.path})
