"""Template filters for Vietnamese numbers and dates."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

from nghiquyet.core.formats import format_date_long, format_date_short, format_number

register = template.Library()


@register.filter
def vn_number(value: Decimal | int | None, places: int = 0) -> str:
    return format_number(value, int(places))


def _local_date(value: object) -> dt.date | None:
    """A date in Asia/Ho_Chi_Minh; aware datetimes are converted first. Empty gives None."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, dt.date) else None


@register.filter
def vn_date(value: object) -> str:
    return format_date_short(_local_date(value))


@register.filter
def vn_date_long(value: object) -> str:
    day = _local_date(value)
    return format_date_long(day) if day else ""
