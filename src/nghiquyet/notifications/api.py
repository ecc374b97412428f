"""The unit's inbox and the user's notifications, as JSON.

``GET /inbox/?org=CODE`` lists the items of the working unit (default: the user's first
unit), ``GET /notifications/`` the user's own notifications, ``POST
/notifications/{id}/read`` and ``POST /notifications/read`` mark them read. A unit outside
the caller's scope, or someone else's notification, answers 404.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from nghiquyet.access.tokens import actor_of
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.inbox import InboxItem, unit_inbox
from nghiquyet.notifications import selectors, services
from nghiquyet.notifications.models import Notification
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get, org_roots

# Mounted at the API's root: the two resources are /inbox/ and /notifications/.
PREFIX = ""
router = Router(tags=["Việc cần làm và thông báo"])


class InboxItemOut(Schema):
    key: str
    kind: str
    title: str
    unit: str
    deadline: dt.date | None
    status: str
    reason: str
    url: str
    waiting_for: str
    overdue: bool


class NotificationOut(Schema):
    id: int
    unit: str
    item_key: str
    kind: str
    day: dt.date
    title: str
    status: str
    deadline: dt.date | None
    url: str
    read: bool
    created_at: dt.datetime


class ReadOut(Schema):
    marked: int


def _item_out(item: InboxItem, today: dt.date) -> dict[str, Any]:
    return {
        "key": item.key,
        "kind": item.kind,
        "title": item.title,
        "unit": item.unit.code,
        "deadline": item.deadline,
        "status": item.status,
        "reason": item.reason,
        "url": item.url,
        "waiting_for": item.waiting_for,
        "overdue": item.overdue(today),
    }


def _notification_out(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "unit": n.organisation.code,
        "item_key": n.item_key,
        "kind": n.kind,
        "day": n.day,
        "title": n.title,
        "status": n.status,
        "deadline": n.deadline,
        "url": n.url,
        "read": n.read_at is not None,
        "created_at": n.created_at,
    }


def _working_unit(request: HttpRequest, code: str) -> Organisation:
    user = actor_of(request)
    if code:
        return org_get(user, code)
    org = org_roots(user).first()
    if org is None:
        raise NotFoundError("Tài khoản chưa được phân quyền trên đơn vị nào.")
    return org


@router.get("/inbox/", response=list[InboxItemOut], summary="Việc cần làm của đơn vị")
def inbox(request: HttpRequest, org: str = Query("", max_length=40)) -> list[dict[str, Any]]:
    """Everything due from unit ``org`` (default: the caller's first unit), earliest deadline
    first, as the start page lists it."""
    today = timezone.localdate()
    unit = _working_unit(request, org)
    return [_item_out(i, today) for i in unit_inbox(user=actor_of(request), org=unit, today=today)]


@router.get("/notifications/", response=list[NotificationOut], summary="Thông báo của tôi")
def notifications(
    request: HttpRequest,
    unread: bool = False,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict[str, Any]]:
    """The caller's own notifications, newest first (``unread=true``: only unread ones)."""
    rows = selectors.notification_visible(actor_of(request))
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return [_notification_out(n) for n in rows[offset : offset + limit]]


@router.post("/notifications/read", response=ReadOut, summary="Đánh dấu tất cả đã đọc")
def read_all(request: HttpRequest) -> dict[str, int]:
    user = actor_of(request)
    rows = list(selectors.notification_visible(user).filter(read_at__isnull=True))
    return {"marked": services.notification_mark_read(actor=user, notifications=rows)}


@router.post("/notifications/{pk}/read", response=ReadOut, summary="Đánh dấu đã đọc")
def read_one(request: HttpRequest, pk: int) -> dict[str, int]:
    user = actor_of(request)
    row = selectors.notification_get(user, pk)
    return {"marked": services.notification_mark_read(actor=user, notifications=[row])}
