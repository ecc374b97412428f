"""Writes to the organisation tree. Each runs in a transaction, checks permission and audits."""

import datetime as dt
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr, Upper

from nghiquyet.accounts.roles import Action
from nghiquyet.audit.models import AuditEntry
from nghiquyet.audit.services import audit_entry, audit_record, snapshot
from nghiquyet.core import hooks
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.scoping import AnyUser, can, is_everywhere
from nghiquyet.core.text import fold
from nghiquyet.orgs.models import (
    Organisation,
    OrgKind,
    Succession,
    SuccessionKind,
    Term,
    path_segment,
)

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
EDITABLE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "body_code",
    "superior_line",
    "place_name",
    "valid_from",
    "valid_to",
)
AUDITED_FIELDS = ("code", "parent", *EDITABLE_FIELDS)
ONE_DAY = dt.timedelta(days=1)


def _require(actor: AnyUser, org: Organisation, message: str) -> None:
    if not can(actor, Action.MANAGE, org):
        raise PermissionDeniedError(message)


def _validate(
    *,
    name: str,
    kind: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    code: str | None = None,
    exclude_pk: int | None = None,
) -> None:
    errors: dict[str, str] = {}
    if code is not None:
        if not CODE_RE.match(code):
            errors["code"] = (
                "Mã đơn vị chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới "
                "(tối đa 40 ký tự)."
            )
        elif Organisation.objects.filter(code__iexact=code).exclude(pk=exclude_pk or 0).exists():
            errors["code"] = f"Mã đơn vị “{code}” đã được dùng cho một đơn vị khác."
    if not name.strip():
        errors["name"] = "Chưa nhập tên đơn vị."
    if kind not in OrgKind.values:
        errors["kind"] = f"Loại đơn vị “{kind}” không hợp lệ."
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."
    if errors:
        raise InvalidInputError(errors)


def out_of_scope(field: str, code: str) -> InvalidInputError:
    """The same message whether the unit does not exist or is outside the actor's scope."""
    return InvalidInputError.single(field, f"Không tìm thấy đơn vị “{code}” trong phạm vi của bạn.")


def _check_related(actor: AnyUser, org: Organisation, field: str) -> None:
    """A unit named in the input: invisible is bad input (422), visible but not ours is 403."""
    if not can(actor, Action.VIEW, org):
        raise out_of_scope(field, org.code)
    if not can(actor, Action.MANAGE, org):
        raise PermissionDeniedError(f"Bạn không có quyền quản trị đơn vị “{org.name}”.")


def _check_parent(actor: AnyUser, parent: Organisation | None) -> None:
    if parent is None:
        if not is_everywhere(actor):
            raise InvalidInputError.single("parent", "Phải chọn đơn vị cấp trên.")
        return
    _check_related(actor, parent, "parent")
    if parent.valid_to is not None:
        raise InvalidInputError.single(
            "parent", f"Đơn vị cấp trên “{parent.name}” đã giải thể hoặc hợp nhất."
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
    _validate(name=name, kind=kind, valid_from=valid_from, valid_to=valid_to, code=code)
    _check_parent(actor, parent)
    org = Organisation.objects.create(
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
    org.path = (parent.path if parent else "") + path_segment(org.pk)
    org.save(update_fields=["path"])
    audit_record(
        actor=actor,
        action="orgs.organisation.create",
        target=org,
        organisation=org,
        after=snapshot(org, AUDITED_FIELDS),
    )
    return org


@transaction.atomic
def org_update(*, actor: AnyUser, org: Organisation, **changes: object) -> Organisation:
    """Rename or correct an organisation. The code and the place in the tree stay."""
    _require(actor, org, "Bạn không có quyền sửa đơn vị này.")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInputError({f: "Trường này không sửa được." for f in sorted(unknown)})
    before = snapshot(org, AUDITED_FIELDS)
    for name, value in changes.items():
        setattr(org, name, value.strip() if isinstance(value, str) else value)
    _validate(name=org.name, kind=org.kind, valid_from=org.valid_from, valid_to=org.valid_to)
    org.search_name = fold(f"{org.name} {org.short_name}")
    org.save()
    audit_record(
        actor=actor,
        action="orgs.organisation.update",
        target=org,
        organisation=org,
        before=before,
        after=snapshot(org, AUDITED_FIELDS),
    )
    return org


@transaction.atomic
def org_move(*, actor: AnyUser, org: Organisation, new_parent: Organisation) -> Organisation:
    """Put ``org`` and its whole subtree under ``new_parent``, re-pathing every descendant."""
    _require(actor, org, "Bạn không có quyền chuyển đơn vị này.")
    if org.parent_id is None:
        raise InvalidInputError.single("parent", "Không thể chuyển đơn vị gốc.")
    _check_parent(actor, new_parent)
    if new_parent.path.startswith(org.path):
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
    hooks.notify("org_moved", org=org, old_parent=old_parent, new_parent=new_parent)
    audit_record(
        actor=actor,
        action="orgs.organisation.move",
        target=org,
        organisation=org,
        before=before,
        after=snapshot(org, AUDITED_FIELDS) | {"path": org.path},
    )
    return org


def _end(actor: AnyUser, org: Organisation, effective: dt.date, action: str, extra: dict) -> None:
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
    _require(actor, org, "Bạn không có quyền giải thể đơn vị này.")
    active_children = Organisation.objects.filter(parent=org).active_at(effective).count()
    if active_children:
        raise InvalidInputError.single(
            "effective",
            f"Còn {active_children} đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc giải thể "
            "các đơn vị đó trước.",
        )
    _end(actor, org, effective, "orgs.organisation.dissolve", {})
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
        _end(actor, old, effective, "orgs.organisation.merge_out", {"successor": successor.code})
    hooks.notify(
        "org_merged", predecessors=list(predecessors), successor=successor, effective=effective
    )
    audit_record(
        actor=actor,
        action="orgs.organisation.merge",
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
    _require(actor, successor, "Bạn không có quyền quản trị đơn vị kế thừa.")
    for old in predecessors:
        _check_related(actor, old, "predecessors")
        if old.pk == successor.pk or successor.path.startswith(old.path):
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
    return [org_move(actor=actor, org=child, new_parent=successor) for child in children]


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
    _require(actor, organisation, "Bạn không có quyền quản trị đơn vị này.")
    errors: dict[str, str] = {}
    if end_year <= start_year:
        errors["end_year"] = "Năm kết thúc nhiệm kỳ phải sau năm bắt đầu."
    if Term.objects.filter(organisation=organisation, start_year=start_year).exists():
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
        action="orgs.term.create",
        target=term,
        organisation=organisation,
        after=snapshot(term, ("start_year", "end_year", "ordinal", "congress_from", "congress_to")),
    )
    return term


@dataclass
class OrgRow:
    """One organisation for bulk creation; ``parent_code`` refers to an existing or earlier row."""

    code: str
    name: str
    kind: str
    parent_code: str | None
    short_name: str = ""
    body_code: str = ""
    superior_line: str = ""
    place_name: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@transaction.atomic
def orgs_create_many(*, actor: AnyUser, rows: Iterable[OrgRow]) -> list[Organisation]:
    """Create many organisations at once (imports, benchmarks), level by level.

    Same rules and audit as ``org_create``, with bulk statements instead of one per row.
    """
    pending = list(rows)
    known = _existing_parents(pending)
    created: list[Organisation] = []
    while pending:
        level = [r for r in pending if r.parent_code is None or r.parent_code.upper() in known]
        if not level:
            raise InvalidInputError.single(
                "parent", f"Không tìm thấy đơn vị cấp trên “{pending[0].parent_code}”."
            )
        created += _create_level(actor, level, known)
        pending = [r for r in pending if r.code.upper() not in known]
    return created


def _existing_parents(rows: list[OrgRow]) -> dict[str, Organisation]:
    codes = {r.parent_code.upper() for r in rows if r.parent_code}
    existing = Organisation.objects.filter(code__in={c for r in rows if (c := r.parent_code)})
    return {o.code.upper(): o for o in existing if o.code.upper() in codes}


def _create_level(
    actor: AnyUser, level: list[OrgRow], known: dict[str, Organisation]
) -> list[Organisation]:
    managed: dict[str, bool] = {}
    objs = []
    for row in level:
        parent = known[row.parent_code.upper()] if row.parent_code else None
        if parent is not None and parent.path not in managed:
            _check_parent(actor, parent)
            managed[parent.path] = True
        elif parent is None:
            _check_parent(actor, None)
        _validate(
            name=row.name,
            kind=row.kind,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            code=None,
        )
        objs.append(_unsaved(row, parent))
    _check_codes([o.code for o in objs])
    saved = Organisation.objects.bulk_create(objs)
    for org in saved:
        org.path = (org.parent.path if org.parent else "") + path_segment(org.pk)
        known[org.code.upper()] = org
    Organisation.objects.bulk_update(saved, ["path"])
    AuditEntry.objects.bulk_create([_create_entry(actor, org) for org in saved])
    return saved


def _unsaved(row: OrgRow, parent: Organisation | None) -> Organisation:
    return Organisation(
        code=row.code.strip(),
        name=row.name.strip(),
        short_name=row.short_name,
        kind=row.kind,
        parent=parent,
        path=f"tmp-{uuid.uuid4().hex}",
        body_code=row.body_code,
        superior_line=row.superior_line,
        place_name=row.place_name,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        search_name=fold(f"{row.name} {row.short_name}"),
    )


def _check_codes(codes: list[str]) -> None:
    bad = [c for c in codes if not CODE_RE.match(c)]
    if bad:
        raise InvalidInputError.single("code", f"Mã đơn vị “{bad[0]}” không hợp lệ.")
    counts = Counter(c.upper() for c in codes)
    dupes = {c for c, n in counts.items() if n > 1}
    taken: set[str] = set()
    for start in range(0, len(codes), 500):
        chunk = list(counts)[start : start + 500]
        taken.update(
            Organisation.objects.annotate(upper_code=Upper("code"))
            .filter(upper_code__in=chunk)
            .values_list("upper_code", flat=True)
        )
    clash = sorted(dupes | taken)
    if clash:
        raise InvalidInputError.single("code", f"Mã đơn vị “{clash[0]}” đã được dùng.")


def _create_entry(actor: AnyUser, org: Organisation) -> AuditEntry:
    return audit_entry(
        actor=actor,
        action="orgs.organisation.create",
        target=org,
        organisation=org,
        after=snapshot(org, AUDITED_FIELDS),
    )


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
    _require(actor, org, "Bạn không có quyền quản trị đơn vị này.")
    if not successors:
        raise InvalidInputError.single("successors", "Chưa chọn đơn vị kế thừa.")
    for new in successors:
        _require(actor, new, "Bạn không có quyền quản trị đơn vị kế thừa.")
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
        action="orgs.organisation.split",
        target=org,
        organisation=org,
        after={"successors": [o.code for o in successors], "effective": effective.isoformat()},
    )
    return org
