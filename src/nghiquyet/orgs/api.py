"""Organisation endpoints: thin wrappers over selectors and services."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from nghiquyet.access.tokens import actor_of
from nghiquyet.orgs import selectors, services
from nghiquyet.orgs.models import PATH_STEP, Organisation, OrgKind
from nghiquyet.orgs.schemas import (
    OrgCreateIn,
    OrgDetailOut,
    OrgDissolveIn,
    OrgMergeIn,
    OrgMoveIn,
    OrgOut,
    OrgUpdateIn,
    SuccessionOut,
    TermIn,
    TermOut,
)

PREFIX = "/orgs"
SEARCH_MAX_LENGTH = 200  # characters of a search string

router = Router(tags=["Tổ chức"])


def org_out(org: Organisation, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    return {
        "code": org.code,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "kind_label": org.get_kind_display(),
        "parent": org.parent.code if org.parent_id and org.parent else None,
        "depth": org.depth,
        "body_code": org.body_code,
        "superior_line": org.superior_line,
        "place_name": org.place_name,
        "valid_from": org.valid_from,
        "valid_to": org.valid_to,
        "active": org.is_active_on(today),
    }


KIND_LABELS = dict(OrgKind.choices)
LIST_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "parent__code",
    "path",
    "body_code",
    "superior_line",
    "place_name",
    "valid_from",
    "valid_to",
)


def org_rows(qs: QuerySet[Organisation]) -> list[dict]:
    """List rows straight from ``values()``: a subtree list can hold thousands of units."""
    today = timezone.localdate()
    rows = []
    for row in qs.values(*LIST_FIELDS):
        started = row["valid_from"] is None or row["valid_from"] <= today
        ended = row["valid_to"] is not None and row["valid_to"] < today
        row["kind_label"] = KIND_LABELS.get(row["kind"], row["kind"])
        row["parent"] = row.pop("parent__code")
        row["depth"] = len(row.pop("path")) // PATH_STEP
        row["active"] = started and not ended
        rows.append(row)
    return rows


def _detail(request: HttpRequest, org: Organisation) -> dict:
    user = actor_of(request)
    children = selectors.org_children(user, org).select_related("parent")
    return org_out(org) | {
        "children": [org_out(c) for c in children],
        "predecessors": [
            {
                "code": s.predecessor.code,
                "name": s.predecessor.name,
                "kind": s.kind,
                "effective": s.effective,
            }
            for s in selectors.org_predecessors(org)
        ],
        "successors": [
            {
                "code": s.successor.code,
                "name": s.successor.name,
                "kind": s.kind,
                "effective": s.effective,
            }
            for s in selectors.org_successors(org)
        ],
        "terms": selectors.org_terms(org),
    }


def _related(code: str, field: str) -> Organisation:
    """A unit named in a payload. Its scope is checked by the service, after the permission
    on the unit being changed, so that a refusal is 403 rather than a validation error."""
    org = selectors.org_by_code(code)
    if org is None:
        raise services.out_of_scope(field, code)
    return org


@router.get("/", response=list[OrgOut], summary="Danh sách đơn vị trong một cây con")
def list_orgs(
    request: HttpRequest,
    root: str | None = None,
    on: dt.date | None = None,
    q: str = Query("", max_length=SEARCH_MAX_LENGTH),
    limit: int = Query(500, ge=1, le=5000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list[dict]:
    user = actor_of(request)
    if q:
        qs = selectors.org_search(user, q, limit=limit)
    elif root:
        qs = selectors.org_subtree(user, selectors.org_get(user, root), on=on)[
            offset : offset + limit
        ]
    else:
        qs = selectors.org_visible(user)[offset : offset + limit]
    return org_rows(qs)


@router.get("/{code}", response=OrgDetailOut, summary="Chi tiết đơn vị")
def get_org(request: HttpRequest, code: str) -> dict:
    return _detail(request, selectors.org_get(actor_of(request), code))


@router.post("/", response={201: OrgDetailOut}, summary="Tạo đơn vị")
def create_org(request: HttpRequest, payload: OrgCreateIn) -> Status[Any]:
    data = payload.dict()
    parent = _related(data.pop("parent"), "parent")
    org = services.org_create(actor=actor_of(request), parent=parent, **data)
    return Status(201, _detail(request, org))


@router.patch("/{code}", response=OrgDetailOut, summary="Sửa thông tin đơn vị")
def update_org(request: HttpRequest, code: str, payload: OrgUpdateIn) -> dict:
    org = selectors.org_get(actor_of(request), code)
    changes = payload.dict(exclude_unset=True)
    services.org_update(actor=actor_of(request), org=org, **changes)
    return _detail(request, org)


@router.post("/{code}/move", response=OrgDetailOut, summary="Chuyển đơn vị sang cấp trên khác")
def move_org(request: HttpRequest, code: str, payload: OrgMoveIn) -> dict:
    org = selectors.org_get(actor_of(request), code)
    parent = _related(payload.parent, "parent")
    return _detail(request, services.org_move(actor=actor_of(request), org=org, new_parent=parent))


@router.post("/{code}/merge", response=OrgDetailOut, summary="Hợp nhất các đơn vị vào đơn vị này")
def merge_into(request: HttpRequest, code: str, payload: OrgMergeIn) -> dict:
    user = actor_of(request)
    successor = selectors.org_get(user, code)
    olds = [_related(c, "predecessors") for c in payload.predecessors]
    services.org_merge(
        actor=user,
        predecessors=olds,
        successor=successor,
        effective=payload.effective,
        move_children=payload.move_children,
        note=payload.note,
    )
    return _detail(request, successor)


@router.post("/{code}/dissolve", response=OrgDetailOut, summary="Giải thể đơn vị")
def dissolve_org(request: HttpRequest, code: str, payload: OrgDissolveIn) -> dict:
    org = selectors.org_get(actor_of(request), code)
    services.org_dissolve(actor=actor_of(request), org=org, effective=payload.effective)
    return _detail(request, org)


@router.get("/{code}/terms", response=list[TermOut], summary="Các nhiệm kỳ của đơn vị")
def list_terms(request: HttpRequest, code: str) -> list:
    return selectors.org_terms(selectors.org_get(actor_of(request), code))


@router.post("/{code}/terms", response={201: TermOut}, summary="Thêm nhiệm kỳ")
def create_term(request: HttpRequest, code: str, payload: TermIn) -> Status[Any]:
    org = selectors.org_get(actor_of(request), code)
    return Status(
        201, services.term_create(actor=actor_of(request), organisation=org, **payload.dict())
    )


__all__ = ["PREFIX", "SuccessionOut", "router"]
