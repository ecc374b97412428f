from collections.abc import Iterable

from django import template

from nghiquyet.accounts.lockout import locked_usernames
from nghiquyet.accounts.models import Membership

register = template.Library()


@register.simple_tag
def locked_members(memberships: Iterable[Membership]) -> set[str]:
    """Usernames among ``memberships`` whose login is locked now (one query)."""
    return locked_usernames({m.user.username for m in memberships})
