"""Creating many organisations at once (imports, benchmarks), with the same rules."""

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Upper

from nghiquyet.access.scoping import AnyUser
from nghiquyet.audit.services import AuditChange, audit_record_many, snapshot
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.text import fold
from nghiquyet.orgs.audit_actions import OrgsAudit
from nghiquyet.orgs.models import (
    Organisation,
    path_segment,
)
from nghiquyet.orgs.services.rules import AUDITED_FIELDS, CODE_RE, check_parent, validate_fields


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
            check_parent(actor, parent)
            managed[parent.path] = True
        elif parent is None:
            check_parent(actor, None)
        validate_fields(
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
    _audit_created(actor, saved)
    return saved


def _audit_created(actor: AnyUser, saved: list[Organisation]) -> None:
    changes = [
        AuditChange(target=org, organisation=org, after=snapshot(org, AUDITED_FIELDS))
        for org in saved
    ]
    audit_record_many(actor=actor, action=OrgsAudit.ORGANISATION_CREATE, changes=changes)


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
