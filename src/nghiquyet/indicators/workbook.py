"""Workbook sheets ``Chỉ tiêu``, ``Chỉ tiêu giao`` and ``Số liệu`` (issue 4, item 9).

Rows are upserted by their codes through the services, so importing the same file twice
changes nothing. Column keys are the services' field names, so a service's error lands on the
cell that caused it. Kinds, directions, period rules and field groups accept their codes or
their Vietnamese names.
"""

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from django.db.models import TextChoices

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import InvalidInputError, ServiceError
from nghiquyet.core.text import fold
from nghiquyet.core.workbook import (
    CellError,
    Column,
    ImportContext,
    Row,
    SheetSpec,
    WorkbookError,
    collect_errors,
)
from nghiquyet.indicators import selectors, services
from nghiquyet.indicators.models import (
    Combine,
    Direction,
    FieldGroup,
    IndicatorKind,
    IndicatorValue,
    ValueType,
)
from nghiquyet.indicators.refs import Refs
from nghiquyet.indicators.values import ValueRow

DIRECTION_WORDS = {"tang": Direction.TANG, "giam": Direction.GIAM}
COMBINE_WORDS = {"tong": Combine.TONG, "cuoi ky": Combine.CUOI_KY, "binh quan": Combine.BINH_QUAN}
VALUE_TYPE_WORDS = {"uoc": ValueType.UOC, "chinh thuc": ValueType.CHINH_THUC}
MILESTONE_WORDS = {"dat": Decimal(1), "chua dat": Decimal(0), "khong dat": Decimal(0)}


def _choice(
    row: Row, key: str, choices: type[TextChoices], words: Mapping[str, str], label: str
) -> str:
    text = fold(row.text(key, required=True, label=label))
    known = {fold(c): str(c) for c in choices.values} | {
        fold(str(lbl)): str(c) for c, lbl in choices.choices
    }
    known |= {fold(w): str(c) for w, c in words.items()}
    if text.replace(" ", "_") in known:
        return known[text.replace(" ", "_")]
    if text in known:
        return known[text]
    names = ", ".join(str(lbl) for _, lbl in choices.choices)
    raise row.error(key, f"{label} không hợp lệ; dùng một trong: {names}.")


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
    kind = _choice(row, "kind", IndicatorKind, {}, "Loại")
    return {
        "code": row.text("code", required=True, label="mã chỉ tiêu"),
        "name": row.text("name", required=True, label="tên chỉ tiêu"),
        "unit": row.text("unit"),
        "kind": kind,
        "direction": _choice(row, "direction", Direction, DIRECTION_WORDS, "Chiều")
        if row.text("direction")
        else Direction.TANG,
        "factor": _int(row, "factor", "Hệ số"),
        "combine": _choice(row, "combine", Combine, COMBINE_WORDS, "Cộng dồn")
        if row.text("combine")
        else Combine.TONG,
        "rolls_up": row.yes_no("rolls_up"),
        "decimals": _int(row, "decimals", "Số lẻ", default=0),
        "field_group": _choice(row, "field_group", FieldGroup, {}, "Lĩnh vực"),
    }


def load_indicators(ctx: ImportContext, rows: list[Row]) -> None:
    def one(row: Row) -> None:
        services.indicator_upsert(actor=ctx.actor, **_indicator_fields(row))
        ctx.count("Chỉ tiêu")

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
        services.target_set(
            actor=ctx.actor,
            indicator=refs.indicator(row.text("indicator", required=True, label="mã chỉ tiêu")),
            organisation=refs.org(row.text("organisation", required=True), "organisation"),
            period=row.text("period", required=True, label="kỳ"),
            text=row.text("text", required=True, label="chỉ tiêu"),
        )
        ctx.count("Chỉ tiêu giao")

    collect_errors(rows, one)


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


def _value_row(refs: Refs, row: Row) -> ValueRow:
    try:
        indicator = refs.indicator(row.text("indicator", required=True, label="mã chỉ tiêu"))
        organisation = refs.org(row.text("organisation", required=True, label="mã đơn vị"))
    except InvalidInputError as exc:
        field, messages = next(iter(exc.errors.items()))
        raise row.error("organisation" if field == "org" else field, messages[0]) from None
    value_type = (
        _choice(row, "value_type", ValueType, VALUE_TYPE_WORDS, "Loại số")
        if row.text("value_type")
        else ValueType.CHINH_THUC
    )
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


def load_values(ctx: ImportContext, rows: list[Row]) -> None:
    refs = Refs(ctx.actor)
    built: list[ValueRow] = []
    errors: list[CellError] = []
    for row in rows:
        try:
            built.append(_value_row(refs, row))
        except CellError as exc:
            errors.append(exc)
    if errors:
        raise WorkbookError(errors)
    try:
        services.values_save_many(actor=ctx.actor, rows=built)
    except InvalidInputError as exc:
        raise WorkbookError(list(_cell_errors(rows, exc))) from None
    except ServiceError as exc:
        raise WorkbookError(
            [CellError(f"{rows[0].sheet}!A{rows[0].number}", exc.message)]
        ) from None
    ctx.count("Số liệu", len(built))


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
    SheetSpec("Chỉ tiêu giao", TARGET_COLUMNS, load_targets, export_targets),
    SheetSpec("Số liệu", VALUE_COLUMNS, load_values, export_values),
]
