"""Rules shared by the organisation services: codes, fields, scope and permission."""

import datetime as dt
import re

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can, is_everywhere
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.orgs.models import (
    Organisation,
    OrgKind,
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


def require_manage(actor: AnyUser, org: Organisation, message: str) -> None:
    if not can(actor, Action.MANAGE, org):
        raise PermissionDeniedError(message)


def validate_fields(
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
    longest = Organisation._meta.get_field("name").max_length or 0
    if not name.strip():
        errors["name"] = "Chưa nhập tên đơn vị."
    elif len(name.strip()) > longest:
        errors["name"] = f"Tên đơn vị dài {len(name.strip())} ký tự, tối đa {longest} ký tự."
    if kind not in OrgKind.values:
        errors["kind"] = f"Loại đơn vị “{kind}” không hợp lệ."
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."
    if errors:
        raise InvalidInputError(errors)


def out_of_scope(field: str, code: str) -> InvalidInputError:
    """The same message whether the unit does not exist or is outside the actor's scope."""
    return InvalidInputError.single(field, f"Không tìm thấy đơn vị “{code}” trong phạm vi của bạn.")


def check_related(actor: AnyUser, org: Organisation, field: str) -> None:
    """A unit named in the input: invisible is bad input (422), visible but not ours is 403."""
    if not can(actor, Action.VIEW, org):
        raise out_of_scope(field, org.code)
    if not can(actor, Action.MANAGE, org):
        raise PermissionDeniedError(f"Bạn không có quyền quản trị đơn vị “{org.name}”.")


def check_parent(actor: AnyUser, parent: Organisation | None) -> None:
    if parent is None:
        if not is_everywhere(actor):
            raise InvalidInputError.single("parent", "Phải chọn đơn vị cấp trên.")
        return
    check_related(actor, parent, "parent")
    if parent.valid_to is not None:
        raise InvalidInputError.single(
            "parent", f"Đơn vị cấp trên “{parent.name}” đã giải thể hoặc hợp nhất."
        )
