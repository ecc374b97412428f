"""Saving reported values: one at a time or in bulk, all or nothing, with live roll-up.

Both paths share one writer. It validates every row before writing anything, asks the
reporting app whether the values are locked, skips rows that would not change (so a re-import
writes nothing), upserts the values with one statement, moves the aggregates of the ancestors
by delta (``rollup.py``) and writes the audit: one entry per value for ``value_save``, and one
entry per unit for ``values_save_many`` listing every change (before and after). One entry per
unit keeps a 3-million-value import at a few thousand audit rows while the history of any
value can still be read from the entries of its unit.
"""

import importlib
import importlib.util
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.formats import format_number, parse_decimal, quantize
from nghiquyet.core.paths import is_under
from nghiquyet.core.periods import Period
from nghiquyet.indicators import rollup
from nghiquyet.indicators.audit_log import write_audit
from nghiquyet.indicators.figures import ratio
from nghiquyet.indicators.models import Indicator, IndicatorKind, IndicatorValue, ValueType
from nghiquyet.orgs.models import Organisation

Number = Decimal | int | str | None
LOCKS_MODULE = "nghiquyet.reporting.locks"
VALUE_TYPES = frozenset(ValueType.values)


@dataclass
class ValueRow:
    """One value to save. Numbers may be Decimals or Vietnamese text (``1.223``, ``99,58``)."""

    indicator: Indicator
    organisation: Organisation
    period: Period | str
    value_type: str = ValueType.CHINH_THUC
    value: Number = None
    numerator: Number = None
    denominator: Number = None
    text: str = ""
    note: str = ""


@dataclass
class _Clean:
    indicator: Indicator
    organisation: Organisation
    period: Period
    value_type: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    stated: Decimal | None
    text: str
    note: str
    warning: str
    code: str = field(init=False)
    key: tuple[int, int, str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.code = self.period.code
        self.key = (self.indicator.id, self.organisation.id, self.code, self.value_type)

    def stored(self) -> tuple[Any, ...]:
        return (self.value, self.numerator, self.denominator, self.stated, self.text, self.note)


def _number(raw: Number, field: str, errors: dict[str, str]) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return parse_decimal(raw)
    except ValueError as exc:
        errors[field] = str(exc)
        return None


def _clean(row: ValueRow) -> tuple[_Clean | None, dict[str, str]]:
    errors: dict[str, str] = {}
    ind, org = row.indicator, row.organisation
    period = _period(row.period, errors)
    owner = ind.organisation if ind.organisation_id else None
    if owner is not None and not is_under(org.path, owner.path):
        errors["indicator"] = f"Chỉ tiêu {ind.code} không áp dụng cho {org.name}."
    if row.value_type not in VALUE_TYPES:
        errors["value_type"] = "Loại số phải là “ước” hoặc “chính thức”."
    value = _number(row.value, "value", errors)
    num = _number(row.numerator, "numerator", errors)
    den = _number(row.denominator, "denominator", errors)
    text = (row.text or "").strip()
    if errors or period is None:
        return None, errors
    stated, warning = None, ""
    if ind.kind == IndicatorKind.TY_LE:
        value, stated, warning = _ratio(ind, value, num, den, errors)
    else:
        _plain(ind, value, num, den, text, errors)
    if errors:
        return None, errors
    clean = _Clean(
        ind,
        org,
        period,
        row.value_type,
        value,
        num,
        den,
        stated,
        text,
        (row.note or "").strip()[:500],
        warning,
    )
    return clean, {}


@lru_cache(maxsize=512)
def _parse_period(code: str) -> Period:
    return Period.parse(code)


def _period(raw: Period | str, errors: dict[str, str]) -> Period | None:
    if isinstance(raw, Period):
        return raw
    try:
        return _parse_period(raw)
    except ValueError as exc:
        errors["period"] = str(exc)
        return None


def _ratio(
    ind: Indicator,
    value: Decimal | None,
    num: Decimal | None,
    den: Decimal | None,
    errors: dict[str, str],
) -> tuple[Decimal | None, Decimal | None, str]:
    if num is None and den is None:
        if value is None:
            errors["value"] = "Chưa nhập tỷ lệ hoặc tử số và mẫu số."
        return value, None, ""
    if num is None or den is None:
        errors["numerator" if num is None else "denominator"] = "Phải nhập cả tử số và mẫu số."
    elif den <= 0:
        errors["denominator"] = "Mẫu số phải lớn hơn 0."
    elif num < 0:
        errors["numerator"] = "Tử số không được âm."
    elif num > den:
        errors["numerator"] = "Tử số không được lớn hơn mẫu số."
    if errors or num is None or den is None:
        return None, None, ""
    computed = ratio(num, den, ind.factor or 100)
    return computed, value, _mismatch(ind, value, computed, num, den)


def _mismatch(
    ind: Indicator, stated: Decimal | None, computed: Decimal | None, num: Decimal, den: Decimal
) -> str:
    """A data-quality warning when a stated ratio differs from num/den beyond rounding."""
    if stated is None or computed is None:
        return ""
    exponent = stated.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    if quantize(computed, places) == stated:
        return ""
    unit = ind.unit or "%"
    shown = format_number(computed, max(places, 2))
    return (
        f"Tỷ lệ ghi {format_number(stated, places)}{unit} không khớp với "
        f"{format_number(num)}/{format_number(den)} = {shown}{unit}."
    )


def _plain(
    ind: Indicator,
    value: Decimal | None,
    num: Decimal | None,
    den: Decimal | None,
    text: str,
    errors: dict[str, str],
) -> None:
    if num is not None or den is not None:
        errors["numerator"] = "Chỉ chỉ tiêu tỷ lệ mới có tử số và mẫu số."
    if ind.kind == IndicatorKind.DINH_TINH:
        if not text:
            errors["text"] = "Chưa nhập nội dung đánh giá."
        if value is not None:
            errors["value"] = "Chỉ tiêu định tính không nhập số."
        return
    if value is None:
        errors["value"] = "Chưa nhập giá trị."
    elif ind.kind == IndicatorKind.SO_LUONG and value < 0:
        errors["value"] = "Số lượng không được âm."
    elif ind.kind == IndicatorKind.MOC and value not in (0, 1):
        errors["value"] = "Chỉ tiêu mốc nhận 1 (đạt) hoặc 0 (chưa đạt)."


def _check_locks(actor: AnyUser, rows: Sequence[_Clean]) -> None:
    """Ask the reporting app (``locks.check_writable_many``) about every unit and period
    written, in one query. The indicators app does not import reporting: the lock rules are
    the reporting app's, reached through this one documented entry point."""
    if importlib.util.find_spec(LOCKS_MODULE) is None:
        return
    locks = importlib.import_module(LOCKS_MODULE)
    cells: dict[tuple[Organisation, str], set[int]] = defaultdict(set)
    orgs: dict[int, Organisation] = {}
    for row in rows:
        org = orgs.setdefault(row.organisation.pk, row.organisation)
        cells[(org, row.code)].add(row.indicator.id)
    locks.check_writable_many(actor=actor, cells={k: sorted(v) for k, v in cells.items()})


def _check_permission(actor: AnyUser, rows: Iterable[ValueRow]) -> None:
    seen: set[int] = set()
    for row in rows:
        org = row.organisation
        if org.pk in seen:
            continue
        if not can(actor, Action.EDIT, org):
            raise PermissionDeniedError(f"Bạn không có quyền nhập số liệu cho {org.name}.")
        seen.add(org.pk)


@transaction.atomic
def value_save(
    *,
    actor: AnyUser,
    indicator: Indicator,
    organisation: Organisation,
    period: Period | str,
    value_type: str = ValueType.CHINH_THUC,
    value: Number = None,
    numerator: Number = None,
    denominator: Number = None,
    text: str = "",
    note: str = "",
) -> IndicatorValue:
    """Save one value (errors keyed by field) and refresh the roll-up above it."""
    row = ValueRow(
        indicator, organisation, period, value_type, value, numerator, denominator, text, note
    )
    _check_permission(actor, [row])
    clean, errors = _clean(row)
    if clean is None:
        raise InvalidInputError(errors)
    _write(actor, [clean], per_value_audit=True)
    return IndicatorValue.objects.get(
        indicator=indicator,
        organisation=organisation,
        period_code=clean.code,
        value_type=clean.value_type,
    )


@transaction.atomic
def values_save_many(*, actor: AnyUser, rows: Sequence[ValueRow]) -> int:
    """Save many values, all or nothing. Errors are keyed ``rows.<index>.<field>``.

    Returns the number of values that changed.
    """
    _check_permission(actor, rows)
    cleaned: list[_Clean] = []
    errors: dict[str, str] = {}
    seen: dict[tuple[int, int, str, str], int] = {}
    for index, row in enumerate(rows):
        clean, row_errors = _clean(row)
        errors.update({f"rows.{index}.{f}": m for f, m in row_errors.items()})
        if clean is None:
            continue
        if clean.key in seen:
            errors[f"rows.{index}.indicator"] = f"Trùng với dòng {seen[clean.key] + 1}."
        seen[clean.key] = index
        cleaned.append(clean)
    if errors:
        raise InvalidInputError(errors)
    return _write(actor, cleaned, per_value_audit=False)


def _existing(rows: Sequence[_Clean]) -> dict[tuple[int, int, str, str], tuple[Any, ...]]:
    orgs = {r.organisation.id for r in rows}
    inds = {r.indicator.id for r in rows}
    codes = {r.code for r in rows}
    found = IndicatorValue.objects.filter(
        organisation_id__in=orgs, indicator_id__in=inds, period_code__in=codes
    ).values_list(
        "indicator_id",
        "organisation_id",
        "period_code",
        "value_type",
        "value",
        "numerator",
        "denominator",
        "stated",
        "text",
        "note",
    )
    return {tuple(f[:4]): tuple(f[4:]) for f in found}  # type: ignore[misc]


def _write(actor: AnyUser, rows: Sequence[_Clean], *, per_value_audit: bool) -> int:
    before = _existing(rows)
    changed = [r for r in rows if before.get(r.key) != r.stored()]
    if not changed:
        return 0
    # Only real changes are refused by a lock: re-importing an approved report is harmless.
    _check_locks(actor, changed)
    # The ledger reads the figures as they were, so it must load before the upsert.
    ledger = _ledger(changed)
    _upsert(actor, changed)
    if ledger is not None:
        _roll_up(ledger, changed)
    write_audit(actor, changed, before, per_value_audit)
    return len(changed)


_VALUE_COLUMNS = (
    "indicator_id",
    "organisation_id",
    "period_code",
    "period_start",
    "period_end",
    "value_type",
    "value",
    "numerator",
    "denominator",
    "stated",
    "text",
    "note",
    "warning",
    "updated_at",
    "updated_by_id",
)


def _upsert(actor: AnyUser, rows: Sequence[_Clean]) -> None:
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    user_id = actor.pk if getattr(actor, "is_authenticated", False) and actor.pk else None
    spans: dict[str, tuple[Any, Any]] = {}
    params = []
    for r in rows:
        code = r.code
        if code not in spans:
            spans[code] = (
                ops.adapt_datefield_value(r.period.start),
                ops.adapt_datefield_value(r.period.end),
            )
        start, end = spans[code]
        params.append(
            (
                r.indicator.id,
                r.organisation.id,
                code,
                start,
                end,
                r.value_type,
                r.value,
                r.numerator,
                r.denominator,
                r.stated,
                r.text,
                r.note,
                r.warning,
                now,
                user_id,
            )
        )
    table = IndicatorValue._meta.db_table
    updates = ", ".join(f"{c} = excluded.{c}" for c in _VALUE_COLUMNS[6:])
    sql = (
        f"INSERT INTO {table} ({', '.join(_VALUE_COLUMNS)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(_VALUE_COLUMNS))}) "
        f"ON CONFLICT (organisation_id, indicator_id, period_code, value_type) "
        f"DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _ledger(rows: Sequence[_Clean]) -> rollup.Ledger | None:
    rolling = [r for r in rows if r.indicator.rolls_up]
    if not rolling:
        return None
    indicators = {r.indicator.id: r.indicator for r in rolling}
    return rollup.load_ledger(
        indicators, {r.organisation.id for r in rolling}, {r.code for r in rolling}
    )


def _roll_up(ledger: rollup.Ledger, rows: Sequence[_Clean]) -> None:
    for r in rows:
        if not r.indicator.rolls_up:
            continue
        contribution = rollup.contribution_of(r.indicator, r.value, r.numerator, r.denominator)
        key = (r.organisation.id, r.indicator.id, r.code)
        ledger.set_own(key, r.value_type, contribution)
    rollup.flush(ledger)
