import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from nghiquyet.access.tokens import actor_of
from nghiquyet.audit.selectors import AuditFilter, audit_for_subtree
from nghiquyet.orgs.selectors import org_get

PREFIX = "/audit"
router = Router(tags=["Nhật ký"])


class AuditOut(Schema):
    id: int
    created_at: dt.datetime
    actor: str
    action: str
    action_label: str
    target_type: str
    target_id: str
    target: str
    organisation: str | None
    before: Any
    after: Any
    ip: str | None
    request_id: str


@router.get("/", response=list[AuditOut], summary="Nhật ký thay đổi của một cây con")
def list_audit(
    request: HttpRequest,
    org: str,
    actor: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict]:
    user = actor_of(request)
    flt = AuditFilter(actor=actor, action=action, date_from=date_from, date_to=date_to)
    entries = audit_for_subtree(user, org_get(user, org), flt)[offset : offset + limit]
    return [
        {
            "id": e.pk,
            "created_at": e.created_at,
            "actor": e.actor_username,
            "action": e.action,
            "action_label": e.action_label,
            "target_type": e.target_type,
            "target_id": e.target_id,
            "target": e.target_repr,
            "organisation": e.organisation.code if e.organisation else None,
            "before": e.before,
            "after": e.after,
            "ip": e.ip,
            "request_id": e.request_id,
        }
        for e in entries
    ]
