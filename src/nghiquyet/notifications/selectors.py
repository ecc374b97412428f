"""Reads for notifications: a user sees only their own."""

from django.db.models import QuerySet

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import NotFoundError
from nghiquyet.notifications.models import Notification, Preference


def notification_visible(user: AnyUser) -> QuerySet[Notification]:
    """``user``'s own notifications, newest first (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user.pk).select_related("organisation")


def notification_get(user: AnyUser, pk: int) -> Notification:
    """``user``'s notification ``pk``; NotFoundError for anyone else's."""
    found = notification_visible(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Không tìm thấy thông báo.")
    return found


def unread_count(user: AnyUser) -> int:
    """How many of ``user``'s notifications are not read yet (the header badge)."""
    return notification_visible(user).filter(read_at__isnull=True).count()


def email_enabled(user: AnyUser) -> bool:
    """Whether ``user`` gets notifications by e-mail (yes unless turned off)."""
    preference = Preference.objects.filter(user_id=user.pk or 0).first()
    return preference is None or preference.email_enabled
