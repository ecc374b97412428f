"""Template filters for Vietnamese numbers and dates."""

import datetime as dt
from decimal import Decimal

from django import template

from nghiquyet.core.formats import format_date_long, format_date_short, format_number

register = template.Library()


@register.filter
def vn_number(value: Decimal | int | None, places: int = 0) -> str:
    return format_number(value, int(places))


@register.filter
def vn_date(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date_short(value)


@register.filter
def vn_date_long(value: dt.date | None) -> str:
    return format_date_long(value) if value else ""
