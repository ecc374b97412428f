"""What a page may offer: the same checks the views and services make before they act.

A page shows an action only when the request it leads to would be accepted. The write forms
that are not about one unit (record a study session, assign a task, import the workbook) are
refused to a user who holds the needed role on no unit at all; actions on one unit ask
``access.scoping.can``, which every service calls. Templates reach both through the ``access``
template tags (``web/templatetags/access.py``), so a page and its view cannot disagree.
"""

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can, grant_paths, is_everywhere
from nghiquyet.orgs.models import Organisation


def may_anywhere(user: AnyUser, action: Action | str) -> bool:
    """Whether ``user`` may perform ``action`` on at least one unit (superusers: always).

    The forms that let the user pick the unit (study sessions, study plans, tasks, registers,
    oversight records) and the all-sheets workbook upload (``manage``) are refused otherwise.
    """
    return is_everywhere(user) or bool(grant_paths(user, str(Action(action))))


def may_on(user: AnyUser, action: Action | str, organisation: Organisation | None) -> bool:
    """Whether ``user`` may perform ``action`` on ``organisation`` (False for no unit)."""
    return organisation is not None and can(user, str(Action(action)), organisation)
