"""What every page needs: navigation, the current organisation and its breadcrumb."""

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from nghiquyet.orgs.selectors import org_ancestors
from nghiquyet.web.current import current_org


def _nav_items() -> list[dict[str, str]]:
    items = []
    for config in apps.get_app_configs():
        for label, url_name in getattr(config, "nav_items", []):
            try:
                items.append({"label": label, "url": reverse(url_name), "name": url_name})
            except NoReverseMatch:
                continue
    return items


def shell(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": []}
    org = current_org(request)
    return {
        "nav_items": _nav_items(),
        "current_org": org,
        "current_org_ancestors": org_ancestors(request.user, org) if org else [],
    }
