import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from nghiquyet.access.tokens import actor_of
from nghiquyet.audit.models import AuditEntry
from nghiquyet.audit.selectors import AuditFilter, audit_entry_get, audit_list, audit_with_payloads
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
    # A bulk write's row count. In the list its ``before``/``after`` are null: its rows are in
    # ``GET /audit/{id}`` (one large JSON per unit and bulk import).
    bulk_rows: int | None = None
    ip: str | None
    request_id: str


def _entry_out(e: AuditEntry, bulk_rows: int | None) -> dict[str, Any]:
    return {
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
        "bulk_rows": bulk_rows,
        "ip": e.ip,
        "request_id": e.request_id,
    }


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
    """Newest first. A bulk write comes with ``bulk_rows`` and without its payload."""
    user = actor_of(request)
    flt = AuditFilter(actor=actor, action=action, date_from=date_from, date_to=date_to)
    entries = audit_list(user, org_get(user, org), flt)[offset : offset + limit]
    return [_entry_out(e, bulk) for e, bulk in audit_with_payloads(entries)]


@router.get("/{pk}", response=AuditOut, summary="Một mục nhật ký, với toàn bộ nội dung")
def get_audit(request: HttpRequest, pk: int) -> dict[str, Any]:
    entry = audit_entry_get(actor_of(request), pk)
    rows = entry.after.get("values") if isinstance(entry.after, dict) else None
    return _entry_out(entry, len(rows) if isinstance(rows, list) else None)
