"""The calendar of deadlines: one month, day by day, each deadline linking to its task."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from nghiquyet.tasks import forms as t_forms
from nghiquyet.tasks import selectors
from nghiquyet.tasks.views import _unit


def _month(text: str) -> dt.date:
    if not text:
        return timezone.localdate().replace(day=1)
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def _shift(month: dt.date, step: int) -> str:
    index = month.year * 12 + month.month - 1 + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """Deadlines of the working unit's tasks (or another unit's, by code) in one month."""
    form = t_forms.CalendarForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    org = _unit(request, data.get("don_vi", ""))
    month = _month(data.get("thang", ""))
    role = data.get("vai_tro") or "chu_tri"
    f = selectors.OccurrenceFilter(org=org, role=role)
    days = selectors.calendar_month(request.user, f, month) if org else []
    query = f"&don_vi={org.code}&vai_tro={role}" if org and data.get("don_vi") else ""
    context = {
        "form": form,
        "org": org,
        "month": month,
        "days": days,
        "today": timezone.localdate(),
        "previous": f"?thang={_shift(month, -1)}{query}",
        "next": f"?thang={_shift(month, 1)}{query}",
    }
    status = 422 if form.is_bound and form.errors else 200
    return TemplateResponse(request, "tasks/calendar.html", context, status=status)
