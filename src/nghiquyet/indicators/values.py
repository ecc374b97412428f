"""Saving reported values: one at a time or in bulk, all or nothing, with live roll-up.

Both paths share one writer. It validates every row before writing anything, asks the
reporting app whether the values are locked, skips rows that would not change (so a re-import
writes nothing), upserts the values with one statement, moves the aggregates of the ancestors
by delta (``rollup.py``) and writes the audit: one entry per value for ``value_save``, and one
entry per unit for ``values_save_many`` listing every change (before and after). One entry per
unit keeps a 3-million-value import at a few thousand audit rows while the history of any
value can still be read from the entries of its unit.
"""

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
from nghiquyet.core import hooks
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.paths import is_under
from nghiquyet.core.periods import Period
from nghiquyet.indicators import rollup, rules
from nghiquyet.indicators.audit_log import write_audit
from nghiquyet.indicators.figures import Stored, stored_number
from nghiquyet.indicators.models import Indicator, IndicatorValue, ValueType
from nghiquyet.orgs.models import Organisation

Number = Decimal | int | float | str | None
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


def _clean(row: ValueRow) -> tuple[_Clean | None, dict[str, str]]:
    errors: dict[str, str] = {}
    ind, org = row.indicator, row.organisation
    period = _period(row.period, errors)
    owner = ind.organisation if ind.organisation_id else None
    if owner is not None and not is_under(org.path, owner.path):
        errors["indicator"] = f"Chỉ tiêu {ind.code} không áp dụng cho {org.name}."
    if row.value_type not in VALUE_TYPES:
        errors["value_type"] = "Loại số phải là “ước” hoặc “chính thức”."
    value = rules.parse_number(row.value, "value", errors, ind)
    num = rules.parse_number(row.numerator, "numerator", errors)
    den = rules.parse_number(row.denominator, "denominator", errors)
    text = (row.text or "").strip()
    if errors or period is None:
        return None, errors
    checked = rules.check_figure(ind, value, num, den, text, errors)
    if errors:
        return None, errors
    note = (row.note or "").strip()[:500]
    clean = _Clean(
        ind,
        org,
        period,
        row.value_type,
        checked.value,
        num,
        den,
        checked.stated,
        text,
        note,
        checked.warning,
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


def _check_locks(actor: AnyUser, rows: Sequence[_Clean]) -> None:
    """Tell the apps that these values are about to change (``hooks.values_writing``); the
    reporting app refuses locked units and periods there, in one query."""
    cells: dict[tuple[Organisation, str], set[int]] = defaultdict(set)
    orgs: dict[int, Organisation] = {}
    for row in rows:
        org = orgs.setdefault(row.organisation.pk, row.organisation)
        cells[(org, row.code)].add(row.indicator.id)
    hooks.values_writing(actor=actor, cells={k: sorted(v) for k, v in cells.items()})


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
    if year_errors := _year_errors([clean]):
        raise InvalidInputError({"value": year_errors[0]})
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
    if not errors:
        # Every row is clean here, so ``cleaned`` is indexed like ``rows``.
        errors = {f"rows.{i}.value": m for i, m in _year_errors(cleaned).items()}
    if errors:
        raise InvalidInputError(errors)
    return _write(actor, cleaned, per_value_audit=False)


YearFigures = dict[tuple[int, int], dict[str, dict[str, Decimal | None]]]


def _year_errors(rows: Sequence[_Clean]) -> dict[int, str]:
    """The year-versus-quarters rule (``rules.year_quarters_check``) for every row it applies
    to, against the stored figures overlaid with the other rows of the same batch. Returns
    messages by row index."""
    checked = [
        (i, r)
        for i, r in enumerate(rows)
        if r.value is not None and rules.follows_year(r.indicator, r.period)
    ]
    if not checked:
        return {}
    figures = _year_figures([r for _, r in checked])
    for _, r in checked:
        by_type = figures.setdefault((r.organisation.id, r.indicator.id), {})
        by_type.setdefault(r.code, {})[r.value_type] = r.value
    errors: dict[int, str] = {}
    for index, r in checked:
        stood = figures[(r.organisation.id, r.indicator.id)]
        effective = {code: _final_first(types) for code, types in stood.items()}
        check = rules.year_quarters_check(r.indicator, r.period, r.value, effective)  # type: ignore[arg-type]
        if check.error:
            errors[index] = check.error
        elif check.warning:
            # Kept with the figure, like a stated ratio that disagrees (shown as a flag).
            r.warning = " ".join(w for w in (r.warning, check.warning) if w)
    return errors


def _year_figures(rows: Sequence[_Clean]) -> YearFigures:
    """The stored figures of the years (and their quarters) the rows fall in."""
    codes = set()
    for r in rows:
        year = r.period.year_period()
        codes |= {year.code, *(q.code for q in year.quarters())}
    found = IndicatorValue.objects.filter(
        organisation_id__in={r.organisation.id for r in rows},
        indicator_id__in={r.indicator.id for r in rows},
        period_code__in=codes,
    ).values_list("organisation_id", "indicator_id", "period_code", "value_type", Stored("value"))
    figures: YearFigures = {}
    for org_id, ind_id, code, value_type, value in found:
        by_code = figures.setdefault((org_id, ind_id), {})
        by_code.setdefault(code, {})[value_type] = stored_number(value)
    return figures


def _final_first(types: dict[str, Decimal | None]) -> Decimal | None:
    final = types.get(ValueType.CHINH_THUC)
    return final if final is not None else types.get(ValueType.UOC)


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
        Stored("value"),
        Stored("numerator"),
        Stored("denominator"),
        Stored("stated"),
        "text",
        "note",
    )
    return {tuple(f[:4]): (*(stored_number(n) for n in f[4:8]), *f[8:]) for f in found}


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
    if ledger.damaged:
        # A figure stored before the bounds existed could not be read; the deltas above
        # were computed without it, so rebuild the chains from the children instead.
        touched = {r.organisation.pk: r.organisation for r in rows if r.indicator.rolls_up}
        rollup.recompute(o for org in touched.values() for o in rollup.ancestors_and_self(org))
