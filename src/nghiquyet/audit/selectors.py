"""Reads of the change log: the entries a user may see, and their data as users read it."""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Func, IntegerField, Q
from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.audit.models import AuditEntry, AuditEntryQuerySet
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.core.formats import format_date_short, format_number
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_for_subtree(user: AnyUser, org: Organisation, flt: AuditFilter) -> AuditEntryQuerySet:
    """Changes in ``org``'s subtree that ``user`` may see, newest first."""
    qs = AuditEntry.objects.visible_to(user).within(org).select_related("organisation")
    if flt.actor:
        qs = qs.filter(actor_username__iexact=flt.actor.strip())
    if flt.action:
        qs = qs.filter(Q(action=flt.action) | Q(action__startswith=f"{flt.action}."))
    if flt.date_from:
        qs = qs.filter(created_at__date__gte=flt.date_from)
    if flt.date_to:
        qs = qs.filter(created_at__date__lte=flt.date_to)
    return qs.order_by("-created_at", "-id")


class BulkRows(Func):
    """The number of rows of a bulk write's ``after["values"]`` list, NULL for any other entry,
    counted by the database without sending the payload to Python."""

    template = (
        "CASE WHEN jsonb_typeof(%(expressions)s -> 'values') = 'array' "
        "THEN jsonb_array_length(%(expressions)s -> 'values') END"
    )
    output_field = IntegerField()

    def __init__(self) -> None:
        super().__init__(F("after"))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = (
            "CASE WHEN json_type(%(expressions)s, '$.values') = 'array' "
            "THEN json_array_length(%(expressions)s, '$.values') END"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


def audit_list(user: AnyUser, org: Organisation, flt: AuditFilter) -> AuditEntryQuerySet:
    """``audit_for_subtree`` without the payload columns (``before``, ``after``): a bulk import
    writes one large JSON per unit, which the list neither sorts nor reads. Call
    ``audit_with_payloads`` on the page's entries."""
    return audit_for_subtree(user, org, flt).defer("before", "after")


def audit_with_payloads(entries: Iterable[AuditEntry]) -> list[tuple[AuditEntry, int | None]]:
    """``entries`` (from ``audit_list``), each with the row count of a bulk write (None for
    any other entry); ``before`` and ``after`` are loaded for the others only (a bulk write's
    rows are shown on the entry's own page, ``audit_entry_get``). Two queries."""
    out = list(entries)
    ids = [e.pk for e in out]
    counted = AuditEntry.objects.filter(pk__in=ids).annotate(bulk_rows=BulkRows())
    bulk: dict[int, int | None] = dict(counted.values_list("pk", "bulk_rows"))
    small = [pk for pk in ids if bulk.get(pk) is None]
    payloads = {
        pk: (before, after)
        for pk, before, after in AuditEntry.objects.filter(pk__in=small).values_list(
            "pk", "before", "after"
        )
    }
    for entry in out:
        entry.before, entry.after = payloads.get(entry.pk, (None, None))
    return [(entry, bulk.get(entry.pk)) for entry in out]


def audit_entry_get(user: AnyUser, pk: int) -> AuditEntry:
    """One entry ``user`` may see, with its whole payload; NotFoundError otherwise."""
    entry = AuditEntry.objects.visible_to(user).select_related("organisation").filter(pk=pk)
    found = entry.first()
    if found is None:
        raise NotFoundError("Không tìm thấy mục nhật ký trong phạm vi của bạn.")
    return found


def audit_action_codes(user: AnyUser, org: Organisation) -> list[str]:
    qs = AuditEntry.objects.visible_to(user).within(org)
    return sorted(set(qs.values_list("action", flat=True).distinct()))


# Readable changes ------------------------------------------------------------------------------

# Labels of the keys services write into ``before``/``after`` when the target model has no field
# of that name (or no model); a model field's own verbose name is used first.
KEY_LABELS = {
    "code": "Mã",
    "name": "Tên",
    "period": "Kỳ",
    "periods": "Các kỳ",
    "status": "Trạng thái",
    "reason": "Lý do",
    "form": "Biểu mẫu",
    "indicator": "Chỉ tiêu",
    "text": "Nội dung",
    "until": "Đến hết ngày",
    "task": "Nhiệm vụ",
    "done_on": "Ngày hoàn thành",
    "due": "Hạn",
    "successor": "Đơn vị kế thừa",
    "full_name": "Họ và tên",
    "username": "Tên đăng nhập",
    "role": "Vai trò",
    "organisation": "Đơn vị",
    "value": "Giá trị",
    "value_type": "Loại số liệu",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "stated": "Tỷ lệ ghi trên báo cáo",
    "note": "Ghi chú",
    "low": "Giá trị dưới",
    "high": "Giá trị trên",
    "op": "Phép so sánh",
    "year": "Năm",
    "amount": "Số tiền",
}
VALUE_LABELS = {
    "chinh_thuc": "chính thức",
    "uoc": "ước",
    "eq": "bằng",
    "ge": "từ … trở lên",
    "gt": "trên",
    "le": "từ … trở xuống",
    "lt": "dưới",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")
_PERIOD_CODE = re.compile(r"^\d{4}(Q[1-4]|S[12]|N9|M(0[1-9]|1[0-2]))$")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
PERIOD_KEYS = frozenset({"period", "period_code", "ky"})
# Keys whose values are figures even when stored as strings of digits (Decimal as JSON).
NUMBER_KEYS = frozenset(
    {"value", "numerator", "denominator", "stated", "low", "high", "amount", "score"}
)
_INTEGER = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class ChangeRow:
    """One field of an audit entry as users read it: its label and the values before/after."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ChangeTable:
    """A bulk write's rows (``{"columns": [...], "values": [[...], ...]}``) as a table."""

    headers: list[str]
    rows: list[list[str]]


def _model_field(target_type: str, key: str) -> "models.Field[Any, Any] | None":
    try:
        model = apps.get_model(target_type)
        field = model._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    return field if isinstance(field, models.Field) else None


def key_label(target_type: str, key: str) -> str:
    """The Vietnamese label of ``key``: the model field's name, a known key, else the key."""
    if key in KEY_LABELS:
        return KEY_LABELS[key]
    field = _model_field(target_type, key)
    if field is not None:
        return str(field.verbose_name).capitalize()
    return key.replace("_", " ").capitalize()


def _text(value: object) -> str:
    """A stored JSON scalar as users write it (dates 03/07/2026, numbers 1.234,5, kỳ labels)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float):
        return format_number(Decimal(str(value)), _places(str(value)))
    text = str(value)
    if _ISO_DATE.match(text):
        return format_date_short(dt.date.fromisoformat(text))
    if _ISO_DATETIME.match(text):
        return _datetime_text(text)
    if _PERIOD_CODE.match(text):
        return Period.parse(text).label
    if _DECIMAL.match(text):
        return format_number(Decimal(text).normalize(), _places(str(Decimal(text).normalize())))
    return VALUE_LABELS.get(text, text)


def _datetime_text(text: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%H:%M} {format_date_short(moment.date())}"


def _places(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text and "e" not in text.lower() else 0


def value_text(target_type: str, key: str, value: object) -> str:
    """``value`` of ``key`` for reading: a choice's label, a period's label, lists joined."""
    if isinstance(value, list):
        return ", ".join(value_text(target_type, key, v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(
            f"{key_label(target_type, k)}: {value_text(target_type, k, v)}"
            for k, v in value.items()
        )
    field = _model_field(target_type, key)
    if field is not None and field.choices and isinstance(value, str):
        return str(dict(field.flatchoices).get(value, value)) or "—"
    if key in NUMBER_KEYS and isinstance(value, str) and _INTEGER.match(value):
        return format_number(Decimal(value))
    if key in PERIOD_KEYS and isinstance(value, str | int):
        try:
            return Period.parse(str(value)).label
        except InvalidInputError:
            return str(value)
    return _text(value)


def change_rows(entry: AuditEntry) -> list[ChangeRow]:
    """The fields of ``entry`` that a reader needs: those that changed, or all of a creation."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    keys = [k for k in {**before, **after} if not _is_table(before.get(k) or after.get(k))]
    if before and after:
        keys = [k for k in keys if before.get(k) != after.get(k)]
    return [
        ChangeRow(
            key_label(entry.target_type, k),
            value_text(entry.target_type, k, before[k]) if k in before else "",
            value_text(entry.target_type, k, after[k]) if k in after else "",
        )
        for k in keys
    ]


def _is_table(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, list) for v in value)


def change_table(entry: AuditEntry) -> ChangeTable | None:
    """A bulk write's values as a table with Vietnamese headers, or None."""
    data = entry.after if isinstance(entry.after, dict) else None
    if not data or not isinstance(data.get("columns"), list) or not _is_table(data.get("values")):
        return None
    columns = [str(c) for c in data["columns"]]
    return ChangeTable(
        headers=[key_label(entry.target_type, c) for c in columns],
        rows=[
            [value_text(entry.target_type, c, v) for c, v in zip(columns, row, strict=False)]
            for row in data["values"]
        ],
    )
