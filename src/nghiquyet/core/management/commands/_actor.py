from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def actor_or_superuser(username: str | None) -> Any:
    """The named user, or the first superuser: the operator running the command."""
    User = get_user_model()
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        return user
    user = User.objects.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        raise CommandError("Chưa có tài khoản quản trị hệ thống; dùng --user.")
    return user
