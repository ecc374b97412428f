"""Changes to the tree: create, correct, move, dissolve, merge, split, and terms."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from nghiquyet.access.scoping import AnyUser
from nghiquyet.audit.services import audit_record, snapshot
from nghiquyet.core import hooks
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.lengths import check_lengths
from nghiquyet.core.paths import is_under
from nghiquyet.core.text import fold
from nghiquyet.orgs.audit_actions import OrgsAudit
from nghiquyet.orgs.models import (
    Organisation,
    Succession,
    SuccessionKind,
    Term,
    path_segment,
)
from nghiquyet.orgs.services.rules import (
    AUDITED_FIELDS,
    EDITABLE_FIELDS,
    ONE_DAY,
    check_parent,
    check_related,
    require_manage,
    validate_fields,
)


@transaction.atomic
def org_create(
    *,
    actor: AnyUser,
    code: str,
    name: str,
    kind: str,
    parent: Organisation | None,
    short_name: str = "",
    body_code: str = "",
    superior_line: str = "",
    place_name: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Organisation:
    code = code.strip()
    validate_fields(name=name, kind=kind, valid_from=valid_from, valid_to=valid_to, code=code)
    check_parent(actor, parent)
    org = Organisation(
        code=code,
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        parent=parent,
        path=f"tmp-{uuid.uuid4().hex}",
        body_code=body_code.strip(),
        superior_line=superior_line.strip(),
        place_name=place_name.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        search_name=fold(f"{name} {short_name}"),
    )
    check_lengths(org)
    org.save()
    org.path = (parent.path if parent else "") + path_segment(org.pk)
    org.save(update_fields=["path"])
    audit_record(
        actor=actor,
        action=OrgsAudit.ORGANISATION_CREATE,
        target=org,
        organisation=org,
        after=snapshot(org, AUDITED_FIELDS),
    )
    return org


@transaction.atomic
def org_update(*, actor: AnyUser, org: Organisation, **changes: object) -> Organisation:
    """Rename or correct an organisation. The code and the place in the tree stay."""
    require_manage(actor, org, "Bạn không có quyền sửa đơn vị này.")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInputError({f: "Trường này không sửa được." for f in sorted(unknown)})
    before = snapshot(org, AUDITED_FIELDS)
    for name, value in changes.items():
        setattr(org, name, value.strip() if isinstance(value, str) else value)
    validate_fields(name=org.name, kind=org.kind, valid_from=org.valid_from, valid_to=org.valid_to)
    org.search_name = fold(f"{org.name} {org.short_name}")
    check_lengths(org)
    org.save()
    audit_record(
        actor=actor,
        action=OrgsAudit.ORGANISATION_UPDATE,
        target=org,
        organisation=org,
        before=before,
        after=snapshot(org, AUDITED_FIELDS),
    )
    return org


@transaction.atomic
def org_move(*, actor: AnyUser, org: Organisation, new_parent: Organisation) -> Organisation:
    """Put ``org`` and its whole subtree under ``new_parent``, re-pathing every descendant;
    the apps rebuild what the move changes above it (``hooks.org_moved``). Raises
    ``PermissionDeniedError`` outside the actor's scope, ``InvalidInputError`` for a root or a
    parent inside the subtree."""
    return _move(actor, org, new_parent, announce=True)


def _move(
    actor: AnyUser, org: Organisation, new_parent: Organisation, *, announce: bool
) -> Organisation:
    """``org_move``; without ``announce`` the apps are not told (a merge moves every child,
    then tells them once: ``hooks.org_merged`` rebuilds both chains)."""
    require_manage(actor, org, "Bạn không có quyền chuyển đơn vị này.")
    if org.parent_id is None:
        raise InvalidInputError.single("parent", "Không thể chuyển đơn vị gốc.")
    check_parent(actor, new_parent)
    if is_under(new_parent.path, org.path):
        raise InvalidInputError.single(
            "parent", "Không thể chuyển một đơn vị vào chính nó hoặc đơn vị trực thuộc của nó."
        )
    before = snapshot(org, AUDITED_FIELDS) | {"path": org.path}
    old_parent = org.parent
    old_path = org.path
    new_path = new_parent.path + path_segment(org.pk)
    Organisation.objects.filter(path__under=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )
    Organisation.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    if announce and old_parent is not None:  # Always a parent: a root was refused above.
        hooks.org_moved(org=org, old_parent=old_parent, new_parent=new_parent)
    audit_record(
        actor=actor,
        action=OrgsAudit.ORGANISATION_MOVE,
        target=org,
        organisation=org,
        before=before,
        after=snapshot(org, AUDITED_FIELDS) | {"path": org.path},
    )
    return org


def _end(
    actor: AnyUser,
    org: Organisation,
    effective: dt.date,
    action: OrgsAudit,
    extra: dict[str, Any],
) -> None:
    before = snapshot(org, AUDITED_FIELDS)
    if not org.is_active_on(effective - ONE_DAY):
        raise InvalidInputError.single(
            "effective", f"Đơn vị “{org.name}” không còn hoạt động trước ngày hiệu lực."
        )
    org.valid_to = effective - ONE_DAY
    org.save(update_fields=["valid_to", "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        target=org,
        organisation=org,
        before=before,
        after=snapshot(org, AUDITED_FIELDS) | extra,
    )


@transaction.atomic
def org_dissolve(*, actor: AnyUser, org: Organisation, effective: dt.date) -> Organisation:
    """End ``org`` from ``effective`` on. Its active children must be moved or ended first."""
    require_manage(actor, org, "Bạn không có quyền giải thể đơn vị này.")
    active_children = Organisation.objects.filter(parent=org).active_at(effective).count()
    if active_children:
        raise InvalidInputError.single(
            "effective",
            f"Còn {active_children} đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc giải thể "
            "các đơn vị đó trước.",
        )
    _end(actor, org, effective, OrgsAudit.ORGANISATION_DISSOLVE, {})
    return org


@dataclass
class MergeResult:
    successor: Organisation
    predecessors: list[Organisation]
    moved_children: list[Organisation] = field(default_factory=list)


@transaction.atomic
def org_merge(
    *,
    actor: AnyUser,
    predecessors: Sequence[Organisation],
    successor: Organisation,
    effective: dt.date,
    kind: str = SuccessionKind.HOP_NHAT,
    move_children: bool = True,
    note: str = "",
) -> MergeResult:
    """Merge ``predecessors`` into ``successor`` from ``effective``.

    The predecessors end the day before, keep their data, and point to the successor. Their
    units still active on ``effective`` move under the successor when ``move_children``.
    """
    _check_merge(actor, predecessors, successor, effective)
    result = MergeResult(successor=successor, predecessors=list(predecessors))
    if successor.valid_from is None or successor.valid_from > effective:
        successor.valid_from = effective
        successor.save(update_fields=["valid_from", "updated_at"])
    for old in predecessors:
        if move_children:
            result.moved_children += _adopt_children(actor, old, successor, effective)
        Succession.objects.create(
            predecessor=old, successor=successor, kind=kind, effective=effective, note=note
        )
        merged_out = OrgsAudit.ORGANISATION_MERGE_OUT
        _end(actor, old, effective, merged_out, {"successor": successor.code})
    hooks.org_merged(predecessors=list(predecessors), successor=successor, effective=effective)
    audit_record(
        actor=actor,
        action=OrgsAudit.ORGANISATION_MERGE,
        target=successor,
        organisation=successor,
        after={
            "predecessors": [o.code for o in predecessors],
            "effective": effective.isoformat(),
            "moved_children": [o.code for o in result.moved_children],
        },
    )
    return result


def _check_merge(
    actor: AnyUser,
    predecessors: Sequence[Organisation],
    successor: Organisation,
    effective: dt.date,
) -> None:
    if not predecessors:
        raise InvalidInputError.single("predecessors", "Chưa chọn đơn vị được hợp nhất.")
    require_manage(actor, successor, "Bạn không có quyền quản trị đơn vị kế thừa.")
    for old in predecessors:
        check_related(actor, old, "predecessors")
        if old.pk == successor.pk or is_under(successor.path, old.path):
            raise InvalidInputError.single(
                "successor",
                "Đơn vị kế thừa không được là đơn vị bị hợp nhất hoặc đơn vị trực thuộc của nó.",
            )
    if successor.valid_to is not None and successor.valid_to < effective:
        raise InvalidInputError.single("successor", "Đơn vị kế thừa đã hết hiệu lực.")


def _adopt_children(
    actor: AnyUser, old: Organisation, successor: Organisation, effective: dt.date
) -> list[Organisation]:
    children = list(Organisation.objects.filter(parent=old).active_at(effective))
    # Rebuilding the roll-up chains once per child made a commune's merger cost seconds per
    # cell at province size; the merge's own hook rebuilds both chains once.
    return [_move(actor, child, successor, announce=False) for child in children]


# Bounds of a term, shared by the web form and the API (the Party was founded in 1930).
TERM_FIRST_YEAR = 1930
TERM_LAST_YEAR = 2100
TERM_ORDINAL_MAX_LENGTH = 10


@transaction.atomic
def term_create(
    *,
    actor: AnyUser,
    organisation: Organisation,
    start_year: int,
    end_year: int,
    ordinal: str = "",
    congress_from: dt.date | None = None,
    congress_to: dt.date | None = None,
) -> Term:
    require_manage(actor, organisation, "Bạn không có quyền quản trị đơn vị này.")
    errors: dict[str, str] = {}
    if not TERM_FIRST_YEAR <= start_year <= TERM_LAST_YEAR:
        errors["start_year"] = (
            f"Năm bắt đầu nhiệm kỳ phải trong khoảng {TERM_FIRST_YEAR}–{TERM_LAST_YEAR}."
        )
    if not TERM_FIRST_YEAR <= end_year <= TERM_LAST_YEAR:
        errors["end_year"] = (
            f"Năm kết thúc nhiệm kỳ phải trong khoảng {TERM_FIRST_YEAR}–{TERM_LAST_YEAR}."
        )
    elif end_year <= start_year:
        errors["end_year"] = "Năm kết thúc nhiệm kỳ phải sau năm bắt đầu."
    if len(ordinal.strip()) > TERM_ORDINAL_MAX_LENGTH:
        errors["ordinal"] = f"Đại hội lần thứ không được dài quá {TERM_ORDINAL_MAX_LENGTH} ký tự."
    for name, day, label in (
        ("congress_from", congress_from, "Ngày khai mạc đại hội"),
        ("congress_to", congress_to, "Ngày bế mạc đại hội"),
    ):
        if day is not None and not TERM_FIRST_YEAR <= day.year <= TERM_LAST_YEAR:
            errors[name] = f"{label} phải trong khoảng năm {TERM_FIRST_YEAR}–{TERM_LAST_YEAR}."
    if (
        "start_year" not in errors
        and Term.objects.filter(organisation=organisation, start_year=start_year).exists()
    ):
        errors["start_year"] = f"Đơn vị đã có nhiệm kỳ bắt đầu năm {start_year}."
    if congress_from and congress_to and congress_to < congress_from:
        errors["congress_to"] = "Ngày bế mạc đại hội không được trước ngày khai mạc."
    if errors:
        raise InvalidInputError(errors)
    term = Term.objects.create(
        organisation=organisation,
        start_year=start_year,
        end_year=end_year,
        ordinal=ordinal.strip().upper(),
        congress_from=congress_from,
        congress_to=congress_to,
    )
    audit_record(
        actor=actor,
        action=OrgsAudit.TERM_CREATE,
        target=term,
        organisation=organisation,
        after=snapshot(term, ("start_year", "end_year", "ordinal", "congress_from", "congress_to")),
    )
    return term


@transaction.atomic
def org_split(
    *,
    actor: AnyUser,
    org: Organisation,
    successors: Sequence[Organisation],
    effective: dt.date,
    note: str = "",
) -> Organisation:
    """End ``org`` from ``effective``; its work passes to several ``successors``.

    Its active children must already have been moved (for example by merging them).
    """
    require_manage(actor, org, "Bạn không có quyền quản trị đơn vị này.")
    if not successors:
        raise InvalidInputError.single("successors", "Chưa chọn đơn vị kế thừa.")
    for new in successors:
        require_manage(actor, new, "Bạn không có quyền quản trị đơn vị kế thừa.")
    org_dissolve(actor=actor, org=org, effective=effective)
    for new in successors:
        Succession.objects.create(
            predecessor=org,
            successor=new,
            kind=SuccessionKind.CHIA_TACH,
            effective=effective,
            note=note,
        )
    audit_record(
        actor=actor,
        action=OrgsAudit.ORGANISATION_SPLIT,
        target=org,
        organisation=org,
        after={"successors": [o.code for o in successors], "effective": effective.isoformat()},
    )
    return org
