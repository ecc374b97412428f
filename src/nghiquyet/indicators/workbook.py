"""Workbook sheets ``Chỉ tiêu``, ``Chỉ tiêu giao`` and ``Số liệu`` (issue 4, item 9).

Rows are upserted by their codes through the services, so importing the same file twice
changes nothing. Column keys are the services' field names, so a service's error lands on the
cell that caused it. Kinds, directions, period rules and field groups accept their codes or
their Vietnamese names as people write them (``Catalog``: case, accents and punctuation
ignored). A value row repeated in the sheet is refused naming the sheet row it repeats, and a
refusal of the whole batch (a locked report) is traced to the rows it concerns.
"""

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import transaction

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.core.errors import InvalidInputError, ServiceError
from nghiquyet.core.periods import Period
from nghiquyet.core.text import fold
from nghiquyet.core.workbook import (
    CREATED,
    UNCHANGED,
    UPDATED,
    Catalog,
    CellError,
    Column,
    ImportContext,
    Row,
    SheetSpec,
    WorkbookError,
    collect_errors,
    service_errors,
)
from nghiquyet.indicators import selectors, services
from nghiquyet.indicators.models import (
    Combine,
    Direction,
    FieldGroup,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    Target,
    ValueType,
)
from nghiquyet.indicators.refs import Refs
from nghiquyet.indicators.values import ValueRow

KINDS = Catalog("Loại", IndicatorKind.choices, {"Tỷ lệ phần trăm": IndicatorKind.TY_LE})
DIRECTIONS = Catalog(
    "Chiều",
    Direction.choices,
    {"tăng": Direction.TANG, "giảm": Direction.GIAM, "cao hơn tốt": Direction.TANG},
)
COMBINES = Catalog(
    "Cộng dồn",
    Combine.choices,
    {"tổng": Combine.TONG, "cuối kỳ": Combine.CUOI_KY, "bình quân": Combine.BINH_QUAN},
)
VALUE_TYPES = Catalog("Loại số", ValueType.choices, {"ước tính": ValueType.UOC})
FIELD_GROUPS = Catalog(
    "Lĩnh vực",
    FieldGroup.choices,
    {
        "Xây dựng Đảng": FieldGroup.XAY_DUNG_DANG,
        "Xây dựng Đảng và hệ thống chính trị": FieldGroup.XAY_DUNG_DANG,
        "Văn hóa xã hội": FieldGroup.VAN_HOA_XA_HOI,
        "Quốc phòng an ninh": FieldGroup.QUOC_PHONG_AN_NINH,
    },
)
MILESTONE_WORDS = {"dat": Decimal(1), "chua dat": Decimal(0), "khong dat": Decimal(0)}


def _int(row: Row, key: str, label: str, default: int | None = None) -> int | None:
    number = row.decimal(key, label=label)
    if number is None:
        return default
    if number != number.to_integral_value():
        raise row.error(key, f"{label} phải là số nguyên.")
    return int(number)


# --- Chỉ tiêu -------------------------------------------------------------------------------

INDICATOR_COLUMNS = [
    Column("code", "Mã", required=True, width=14),
    Column("name", "Tên", required=True, width=50),
    Column("unit", "Đơn vị tính", width=14),
    Column("kind", "Loại", required=True, width=12),
    Column("direction", "Chiều", width=8),
    Column("factor", "Hệ số", width=8),
    Column("combine", "Cộng dồn", width=10),
    Column("rolls_up", "Tổng hợp", width=9),
    Column("decimals", "Số lẻ", width=7),
    Column("field_group", "Lĩnh vực", required=True, width=30),
]


def _indicator_fields(row: Row) -> dict[str, Any]:
    return {
        "code": row.text("code", required=True, label="mã chỉ tiêu"),
        "name": row.text("name", required=True, label="tên chỉ tiêu"),
        "unit": row.text("unit"),
        "kind": KINDS.read(row, "kind"),
        "direction": DIRECTIONS.read(row, "direction", default=Direction.TANG),
        "factor": _int(row, "factor", "Hệ số"),
        "combine": COMBINES.read(row, "combine", default=Combine.TONG),
        "rolls_up": row.yes_no("rolls_up"),
        "decimals": _int(row, "decimals", "Số lẻ", default=0),
        "field_group": FIELD_GROUPS.read(row, "field_group"),
    }


def _outcome(before: Any, fields: dict[str, Any]) -> str:
    if before is None:
        return CREATED
    return UNCHANGED if all(getattr(before, k) == v for k, v in fields.items()) else UPDATED


def load_indicators(ctx: ImportContext, rows: list[Row]) -> None:
    def one(row: Row) -> None:
        fields = _indicator_fields(row)
        before = Indicator.objects.filter(code__iexact=fields["code"]).first()
        services.indicator_upsert(actor=ctx.actor, **fields)
        compared = {k: v for k, v in fields.items() if k != "code"}
        ctx.count("Chỉ tiêu", outcome=_outcome(before, compared))

    collect_errors(rows, one)


def export_indicators(actor: AnyUser) -> Iterator[list[Any]]:
    for ind in selectors.indicator_visible(actor):
        yield [
            ind.code,
            ind.name,
            ind.unit,
            ind.get_kind_display(),
            "tăng" if ind.direction == Direction.TANG else "giảm",
            ind.factor,
            {"tong": "tổng", "cuoi_ky": "cuối kỳ", "binh_quan": "bình quân"}[ind.combine],
            "có" if ind.rolls_up else "không",
            ind.decimals,
            ind.get_field_group_display(),
        ]


# --- Chỉ tiêu giao --------------------------------------------------------------------------

TARGET_COLUMNS = [
    Column("indicator", "Mã chỉ tiêu", required=True, width=14),
    Column("organisation", "Mã đơn vị", required=True, width=16),
    Column("period", "Kỳ", required=True, width=11),
    Column("text", "Chỉ tiêu", required=True, width=24),
]


def load_targets(ctx: ImportContext, rows: list[Row]) -> None:
    refs = Refs(ctx.actor)

    def one(row: Row) -> None:
        indicator = refs.indicator(row.text("indicator", required=True, label="mã chỉ tiêu"))
        organisation = refs.org(row.text("organisation", required=True), "organisation")
        period = row.text("period", required=True, label="kỳ")
        text = row.text("text", required=True, label="chỉ tiêu")
        before = _target_before(indicator, organisation, period)
        services.target_set(
            actor=ctx.actor,
            indicator=indicator,
            organisation=organisation,
            period=period,
            text=text,
        )
        ctx.count("Chỉ tiêu giao", outcome=_outcome(before, {"text": text.strip()[:200]}))

    collect_errors(rows, one)


def _target_before(indicator: Indicator, organisation: Any, period: str) -> Target | None:
    try:
        code = Period.parse(period).code
    except ValueError:
        return None  # target_set refuses it on its cell.
    return Target.objects.filter(
        indicator=indicator, organisation=organisation, period_code=code
    ).first()


def export_targets(actor: AnyUser) -> Iterator[list[Any]]:
    qs = selectors.targets_visible(actor).order_by(
        "organisation__path", "indicator__code", "period_start"
    )
    for t in qs:
        yield [t.indicator.code, t.organisation.code, t.period_code, t.text]


# --- Số liệu --------------------------------------------------------------------------------

VALUE_COLUMNS = [
    Column("indicator", "Mã chỉ tiêu", required=True, width=14),
    Column("organisation", "Mã đơn vị", required=True, width=16),
    Column("period", "Kỳ", required=True, width=11),
    Column("value", "Giá trị", width=14),
    Column("numerator", "Tử số", width=12),
    Column("denominator", "Mẫu số", width=12),
    Column("value_type", "Loại số", width=11),
    Column("note", "Ghi chú", width=30),
]
_SERVICE_FIELD_TO_COLUMN = {"text": "value", "org": "organisation"}


def _value_row(ctx: ImportContext, refs: Refs, row: Row) -> ValueRow:
    try:
        indicator = refs.indicator(row.text("indicator", required=True, label="mã chỉ tiêu"))
        organisation = refs.org(row.text("organisation", required=True, label="mã đơn vị"))
    except InvalidInputError as exc:
        field, messages = next(iter(exc.errors.items()))
        raise row.error("organisation" if field == "org" else field, messages[0]) from None
    if not can(ctx.actor, Action.EDIT, organisation):
        raise row.error("organisation", f"Bạn không có quyền nhập số liệu cho {organisation.name}.")
    value_type = VALUE_TYPES.read(row, "value_type", default=ValueType.CHINH_THUC)
    fields: dict[str, Any] = {"value_type": value_type, "note": row.text("note")}
    if indicator.kind == IndicatorKind.DINH_TINH:
        fields["text"] = row.text("value")
    elif indicator.kind == IndicatorKind.MOC and fold(row.text("value")) in MILESTONE_WORDS:
        fields["value"] = MILESTONE_WORDS[fold(row.text("value"))]
    else:
        fields["value"] = row.decimal("value", label="giá trị")
    fields["numerator"] = row.decimal("numerator", label="tử số")
    fields["denominator"] = row.decimal("denominator", label="mẫu số")
    period = row.text("period", required=True, label="kỳ")
    return ValueRow(indicator, organisation, period, **fields)


def _key(value: ValueRow) -> tuple[int, int, str, str] | None:
    """The stored identity of a value row; None when its period cannot be read (the service
    refuses it on its cell)."""
    try:
        code = Period.parse(str(value.period)).code
    except ValueError:
        return None
    return (value.indicator.pk, value.organisation.pk, code, value.value_type)


def _parse_values(
    ctx: ImportContext, rows: list[Row]
) -> tuple[list[tuple[Row, ValueRow]], list[CellError]]:
    """The rows read into ValueRows (the first of repeated rows only), and every bad cell."""
    refs = Refs(ctx.actor)
    built: list[tuple[Row, ValueRow]] = []
    errors: list[CellError] = []
    first: dict[tuple[int, int, str, str], Row] = {}
    for row in rows:
        try:
            value = _value_row(ctx, refs, row)
        except CellError as exc:
            errors.append(exc)
            continue
        key = _key(value)
        if key is not None and key in first:
            errors.append(row.error("indicator", _repeated(first[key])))
            continue
        if key is not None:
            first[key] = row
        built.append((row, value))
    return built, errors


def _repeated(first: Row) -> str:
    return (
        f"Trùng với dòng {first.number} (cùng chỉ tiêu, đơn vị, kỳ và loại số); "
        "mỗi số liệu chỉ ghi một dòng."
    )


def load_values(ctx: ImportContext, rows: list[Row]) -> None:
    """Save the sheet's values in one batch. Every bad cell is reported together: cells that
    cannot be read, repeated rows and the service's refusals of the rows that could be read."""
    built, errors = _parse_values(ctx, rows)
    existing = _existing_keys([v for _, v in built])
    try:
        changed = services.values_save_many(actor=ctx.actor, rows=[v for _, v in built])
    except InvalidInputError as exc:
        errors += _cell_errors([r for r, _ in built], exc)
    except ServiceError:
        errors += _trace_refusal(ctx, built)
    if errors:
        raise WorkbookError(errors)
    created = sum(1 for _, v in built if _key(v) not in existing)
    ctx.count("Số liệu", created, CREATED)
    ctx.count("Số liệu", changed - created, UPDATED)
    ctx.count("Số liệu", len(built) - changed, UNCHANGED)


def _existing_keys(values: list[ValueRow]) -> set[tuple[int, int, str, str]]:
    keys = {k for k in map(_key, values) if k is not None}
    if not keys:
        return set()
    found = IndicatorValue.objects.filter(
        indicator_id__in={k[0] for k in keys},
        organisation_id__in={k[1] for k in keys},
        period_code__in={k[2] for k in keys},
    ).values_list("indicator_id", "organisation_id", "period_code", "value_type")
    return {(i, o, p, t) for i, o, p, t in found} & keys


def _trace_refusal(ctx: ImportContext, built: list[tuple[Row, ValueRow]]) -> list[CellError]:
    """The batch was refused as a whole (a locked report): save row by row, each in its own
    savepoint, to name every value cell that cannot change. The caller rolls back anyway."""
    errors: list[CellError] = []
    for row, value in built:
        try:
            with transaction.atomic():
                services.values_save_many(actor=ctx.actor, rows=[value])
        except InvalidInputError as exc:
            errors += service_errors(row, exc, _SERVICE_FIELD_TO_COLUMN)
        except ServiceError as exc:
            errors.append(row.error("value", exc.message))
    return errors


def _cell_errors(rows: list[Row], exc: InvalidInputError) -> Iterator[CellError]:
    for key, messages in exc.errors.items():
        _, index, field = key.split(".", 2)
        row = rows[int(index)]
        for message in messages:
            yield row.error(_SERVICE_FIELD_TO_COLUMN.get(field, field), message)


def _plain(number: Decimal | None) -> Decimal | None:
    return None if number is None else number.normalize()


def export_values(actor: AnyUser) -> Iterable[list[Any]]:
    qs = selectors.values_visible(actor).order_by(
        "organisation__path", "indicator__code", "period_start", "period_end", "value_type"
    )
    for v in qs.iterator(chunk_size=5000):
        yield _value_cells(v)


def _value_cells(v: IndicatorValue) -> list[Any]:
    ind = v.indicator
    if ind.kind == IndicatorKind.DINH_TINH:
        shown: Any = v.text
    elif ind.is_ratio and v.denominator is not None:
        shown = _plain(v.stated)
    else:
        shown = _plain(v.value)
    return [
        ind.code,
        v.organisation.code,
        v.period_code,
        shown,
        _plain(v.numerator),
        _plain(v.denominator),
        "ước" if v.value_type == ValueType.UOC else "chính thức",
        v.note,
    ]


SHEETS = [
    SheetSpec("Chỉ tiêu", INDICATOR_COLUMNS, load_indicators, export_indicators),
    SheetSpec("Chỉ tiêu giao", TARGET_COLUMNS, load_targets, export_targets, "organisation"),
    SheetSpec("Số liệu", VALUE_COLUMNS, load_values, export_values, "organisation"),
]
