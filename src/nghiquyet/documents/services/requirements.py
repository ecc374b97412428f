"""Implementation requirements: which units must act on a document, doing what, by when."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from nghiquyet.access.roles import Action as Perm
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.documents.audit_actions import DocumentsAudit
from nghiquyet.documents.models import Action, Document, Requirement, TargetRule
from nghiquyet.documents.services.documents import require_edit
from nghiquyet.orgs.models import PARTY_CELL_KINDS, Organisation, OrgKind


def resolve_targets(
    *,
    document: Document,
    rule: str,
    day: dt.date,
    kind: str = "",
    units: Iterable[Organisation] = (),
) -> list[Organisation]:
    """The units a rule names, among those active on ``day``, below the issuing unit."""
    base = document.organisation
    below = Organisation.objects.subtree_of(base, include_self=False).active_at(day)
    if rule == TargetRule.DANH_SACH:
        return list(units)
    if rule == TargetRule.TRUC_THUOC:
        return list(below.filter(parent=base))
    if rule == TargetRule.THEO_LOAI:
        return list(below.filter(kind=kind))
    return list(below.filter(kind__in=PARTY_CELL_KINDS))


def _validate(
    actor: AnyUser,
    document: Document,
    action: str,
    rule: str,
    doc_type: str,
    kind: str,
    assigned_on: dt.date,
    deadline: dt.date,
    units: list[Organisation],
) -> None:
    errors: dict[str, str] = {}
    if action not in Action.values:
        errors["action"] = "Yêu cầu không hợp lệ."
    if doc_type and action != Action.BAN_HANH:
        errors["doc_type"] = "Chỉ yêu cầu ban hành văn bản mới cần chọn loại văn bản."
    if rule not in TargetRule.values:
        errors["rule"] = "Cách xác định đơn vị phải thực hiện không hợp lệ."
    elif rule == TargetRule.THEO_LOAI and kind not in OrgKind.values:
        errors["target_kind"] = "Chưa chọn loại đơn vị."
    elif rule == TargetRule.DANH_SACH and not units:
        errors["units"] = "Chưa chọn đơn vị phải thực hiện."
    if deadline < assigned_on:
        errors["deadline"] = "Thời hạn không được trước ngày giao."
    outside = [u for u in units if not can(actor, Perm.VIEW, u)]
    if outside:
        errors["units"] = f"Đơn vị “{outside[0].name}” không thuộc phạm vi của bạn."
    if errors:
        raise InvalidInputError(errors)


@transaction.atomic
def requirement_create(
    *,
    actor: AnyUser,
    document: Document,
    action: str,
    rule: str,
    deadline: dt.date,
    assigned_on: dt.date | None = None,
    doc_type: str = "",
    target_kind: str = "",
    units: Iterable[Organisation] = (),
    note: str = "",
) -> Requirement:
    require_edit(actor, document.organisation)
    assigned = assigned_on or document.issue_date or deadline
    unit_list = list(units)
    _validate(actor, document, action, rule, doc_type, target_kind, assigned, deadline, unit_list)
    targets = resolve_targets(
        document=document, rule=rule, day=assigned, kind=target_kind, units=unit_list
    )
    if not targets:
        raise InvalidInputError.single(
            "rule", "Không có đơn vị nào đang hoạt động thỏa điều kiện vào ngày giao."
        )
    req = Requirement.objects.create(
        document=document,
        action=action,
        doc_type=doc_type,
        rule=rule,
        target_kind=target_kind if rule == TargetRule.THEO_LOAI else "",
        assigned_on=assigned,
        deadline=deadline,
        note=note.strip()[:500],
        created_by=actor if actor.is_authenticated else None,
    )
    req.targets.set(targets)
    audit_record(
        actor=actor,
        action=DocumentsAudit.REQUIREMENT_CREATE,
        target=req,
        organisation=document.organisation,
        after={
            "document": document.pk,
            "action": action,
            "rule": rule,
            "deadline": deadline.isoformat(),
            "targets": sorted(t.code for t in targets),
        },
    )
    return req
