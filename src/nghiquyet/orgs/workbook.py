"""The `Đơn vị` sheet: organisations by code, upserted (re-importing changes nothing).

``Loại`` takes a kind's code or name as people write it (``Tỉnh ủy``, ``Huyện uỷ``, ``Đảng ủy
xã``, ``Chi bộ``), ignoring case and accents.
"""

from collections.abc import Iterable
from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.workbook import (
    CREATED,
    UNCHANGED,
    UPDATED,
    Catalog,
    Column,
    ImportContext,
    Row,
    SheetSpec,
    collect_errors,
)
from nghiquyet.orgs import selectors, services
from nghiquyet.orgs.models import Organisation, OrgKind

SHEET = "Đơn vị"
COLUMNS = [
    Column("code", "Mã", required=True, width=16),
    Column("name", "Tên", required=True, width=40),
    Column("parent", "Mã cấp trên", required=True, width=16),
    Column("kind", "Loại", required=True, width=28),
    Column("body_code", "Ký hiệu", width=10),
    Column("place_name", "Địa danh", width=16),
    Column("valid_from", "Hiệu lực từ", width=14),
    Column("valid_to", "Hiệu lực đến", width=14),
]
# "Chi bộ" alone is how a grassroots cell is written in the registers (DOMAIN.md: chi bộ cơ
# sở under a commune's Đảng ủy); a chi bộ under a grassroots đảng bộ is written in full.
KINDS = Catalog("Loại đơn vị", OrgKind.choices, {"Chi bộ": OrgKind.CHI_BO_CO_SO})


def _kind(row: Row) -> str:
    return KINDS.read(row, "kind")


def _parent(ctx: ImportContext, row: Row) -> Organisation | None:
    code = row.text("parent")
    if not code:
        return None
    parent = selectors.org_by_code(code)
    if parent is None:
        raise row.error("parent", f"Không tìm thấy đơn vị “{code}” trong phạm vi của bạn.")
    return parent


def _load_row(ctx: ImportContext, row: Row) -> None:
    code = row.text("code", required=True, label="mã đơn vị")
    fields: dict[str, Any] = {
        "name": row.text("name", required=True, label="tên đơn vị"),
        "kind": _kind(row),
        "body_code": row.text("body_code"),
        "place_name": row.text("place_name"),
        "valid_from": row.date("valid_from"),
        "valid_to": row.date("valid_to"),
    }
    parent = _parent(ctx, row)
    existing = Organisation.objects.filter(code__iexact=code).first()
    if existing is None:
        services.org_create(actor=ctx.actor, code=code, parent=parent, **fields)
        ctx.count(SHEET, outcome=CREATED)
    else:
        changed = _update_existing(ctx, existing, parent, fields)
        ctx.count(SHEET, outcome=UPDATED if changed else UNCHANGED)


def _update_existing(
    ctx: ImportContext, org: Organisation, parent: Organisation | None, fields: dict
) -> bool:
    moved = parent is not None and org.parent_id != parent.pk
    if parent is not None and moved:
        services.org_move(actor=ctx.actor, org=org, new_parent=parent)
        org.refresh_from_db()
    changed = {k: v for k, v in fields.items() if getattr(org, k) != v}
    if changed:
        services.org_update(actor=ctx.actor, org=org, **changed)
    return bool(moved or changed)


def load(ctx: ImportContext, rows: list[Row]) -> None:
    """Every row, all checked; a code repeated in the sheet is refused on its later row (the
    later row would otherwise silently overwrite the earlier one)."""
    first_row: dict[str, int] = {}

    def load_row(row: Row) -> None:
        code = row.text("code", required=True, label="mã đơn vị")
        first = first_row.setdefault(code.casefold(), row.number)
        if first != row.number:
            raise row.error("code", f"Mã đơn vị “{code}” trùng với dòng {first}.")
        _load_row(ctx, row)

    collect_errors(rows, load_row)


def export(actor: AnyUser) -> Iterable[list[Any]]:
    for org in selectors.org_visible(actor).select_related("parent").order_by("path"):
        yield [
            org.code,
            org.name,
            org.parent.code if org.parent else "",
            org.get_kind_display(),
            org.body_code,
            org.place_name,
            org.valid_from,
            org.valid_to,
        ]


SHEETS = [SheetSpec(name=SHEET, columns=COLUMNS, load=load, export=export, blame="parent")]
