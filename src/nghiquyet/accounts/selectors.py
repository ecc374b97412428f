from django.contrib.auth.models import User

from nghiquyet.access.scoping import AnyUser
from nghiquyet.accounts.models import ApiToken, Membership, MembershipQuerySet
from nghiquyet.orgs.models import Organisation


def memberships_of_org(user: AnyUser, org: Organisation) -> MembershipQuerySet:
    """Memberships held directly on ``org``, if ``user`` may see it."""
    return (
        Membership.objects.visible_to(user)
        .filter(organisation=org)
        .select_related("user")
        .order_by("user__username", "role")
    )


def memberships_of_user(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__path")
    )


def tokens_of_user(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))
