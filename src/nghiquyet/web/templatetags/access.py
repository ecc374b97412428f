"""Template tags that ask the views' own permission checks (``nghiquyet.web.permissions``).

``{% load access %}`` then ``{% if user|may_anywhere:"edit" %}`` for a form that picks its
unit, or ``{% may "approve" root as can_remind %}`` for an action on one unit.
"""

from django import template

from nghiquyet.access.scoping import AnyUser
from nghiquyet.orgs.models import Organisation
from nghiquyet.web import permissions

register = template.Library()


@register.filter
def may_anywhere(user: AnyUser, action: str) -> bool:
    return permissions.may_anywhere(user, action)


@register.simple_tag(takes_context=True)
def may(context: template.Context, action: str, organisation: Organisation | None) -> bool:
    return permissions.may_on(context["request"].user, action, organisation)
