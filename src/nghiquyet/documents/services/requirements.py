"""Implementation requirements: which units must act on a document, doing what, by when."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

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


def _requirement_state(req: Requirement) -> dict[str, str]:
    return {"deadline": req.deadline.isoformat(), "note": req.note}


@transaction.atomic
def requirement_update(
    *, actor: AnyUser, requirement: Requirement, deadline: dt.date, note: str = ""
) -> Requirement:
    """Change a requirement's deadline and note (who must act, and what, stay as assigned:
    to change those, withdraw it and assign a new one). Needs ``edit`` on the issuing unit;
    InvalidInputError on ``deadline`` before the day it was assigned, or if withdrawn."""
    require_edit(actor, requirement.document.organisation)
    if requirement.withdrawn_at is not None:
        raise InvalidInputError.single("requirement", "Yêu cầu này đã được thu hồi.")
    if deadline < requirement.assigned_on:
        raise InvalidInputError.single(
            "deadline",
            f"Thời hạn không được trước ngày giao ({requirement.assigned_on:%d/%m/%Y}).",
        )
    before = _requirement_state(requirement)
    requirement.deadline, requirement.note = deadline, (note or "").strip()[:500]
    requirement.save(update_fields=["deadline", "note"])
    audit_record(
        actor=actor,
        action=DocumentsAudit.REQUIREMENT_UPDATE,
        target=requirement,
        organisation=requirement.document.organisation,
        before=before,
        after=_requirement_state(requirement),
    )
    return requirement


@transaction.atomic
def requirement_withdraw(*, actor: AnyUser, requirement: Requirement, reason: str) -> Requirement:
    """Thu hồi a requirement: it obliges nobody from now on (it leaves lists, matrices and
    counts) but the row stays for the history. Needs ``edit`` on the issuing unit;
    InvalidInputError on ``reason`` when empty, or if it was withdrawn already."""
    require_edit(actor, requirement.document.organisation)
    if requirement.withdrawn_at is not None:
        raise InvalidInputError.single("requirement", "Yêu cầu này đã được thu hồi.")
    text = (reason or "").strip()[:2000]
    if not text:
        raise InvalidInputError.single("reason", "Phải nêu lý do thu hồi.")
    requirement.withdrawn_at = timezone.now()
    requirement.withdrawn_by = actor if actor.is_authenticated else None
    requirement.withdraw_reason = text
    requirement.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit_record(
        actor=actor,
        action=DocumentsAudit.REQUIREMENT_WITHDRAW,
        target=requirement,
        organisation=requirement.document.organisation,
        before=_requirement_state(requirement),
        after={"reason": text},
    )
    return requirement
