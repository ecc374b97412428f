"""The unread notification count shown as a badge in every page's header."""

from typing import Any

from django.http import HttpRequest

from nghiquyet.notifications.selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    """``unread_notifications``: the signed-in user's unread count (nothing for visitors)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
