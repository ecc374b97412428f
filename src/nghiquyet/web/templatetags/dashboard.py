"""``{% dashboard_tiles as t %}``: the start page's dashboard block for the working unit
(``web.dashboards.start_tiles``), computed where the block is included so that the start page
view needs no change."""

from typing import Any

from django import template

from nghiquyet.web.dashboards import StartTiles, start_tiles

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_tiles(context: dict[str, Any]) -> StartTiles | None:
    """The tiles of the context's ``org`` for the signed-in user; None without a unit."""
    org, request = context.get("org"), context.get("request")
    if org is None or request is None:
        return None
    work = context.get("work")
    # The start page computed its "Báo cáo thu từ cấp dưới" list for the same unit and day.
    collected = work.collected if work is not None else None
    return start_tiles(request.user, org, getattr(work, "today", None), collected=collected)
