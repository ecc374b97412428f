"""The organisation a user is working in, remembered in the session."""

from django.http import HttpRequest

from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_roots, org_visible

SESSION_KEY = "nghiquyet_current_org"


def current_org(request: HttpRequest) -> Organisation | None:
    """The remembered organisation if still visible, else the user's first grant root."""
    user = request.user
    if not user.is_authenticated:
        return None
    pk = request.session.get(SESSION_KEY)
    org = org_visible(user).filter(pk=pk).first() if pk else None
    return org or org_roots(user).first()


def remember_org(request: HttpRequest, org: Organisation) -> None:
    request.session[SESSION_KEY] = org.pk
