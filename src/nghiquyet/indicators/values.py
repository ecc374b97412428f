"""Saving reported values: one at a time or in bulk, all or nothing, with live roll-up.

Both paths share one writer. It validates every row before writing anything, asks the
reporting app whether the values are locked, skips rows that would not change (so a re-import
writes nothing), upserts the values with one statement, moves the aggregates of the ancestors
by delta (``rollup.py``) and writes the audit: one entry per value for ``value_save``, and one
entry per unit for ``values_save_many`` listing every change (before and after). One entry per
unit keeps a 3-million-value import at a few thousand audit rows while the history of any
value can still be read from the entries of its unit.

The bulk path is written for batches of tens of thousands of rows (issue 13): numbers that are
already Decimal skip the text parser, the year-versus-quarters rule reads the quarters only
where a year figure exists, and the upsert goes through ``rollup.upsert`` (on PostgreSQL,
``COPY`` into a temporary table from ``rollup.COPY_FROM_ROWS`` rows).
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
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


class _Clean:
    """A checked row. A plain class with slots: the bulk path makes one per value."""

    __slots__ = (
        "code",
        "denominator",
        "indicator",
        "key",
        "note",
        "numerator",
        "organisation",
        "period",
        "stated",
        "text",
        "value",
        "value_type",
        "warning",
    )

    def __init__(
        self,
        indicator: Indicator,
        organisation: Organisation,
        period: Period,
        value_type: str,
        value: Decimal | None,
        numerator: Decimal | None,
        denominator: Decimal | None,
        stated: Decimal | None,
        text: str,
        note: str,
        warning: str,
    ) -> None:
        self.indicator = indicator
        self.organisation = organisation
        self.period = period
        self.value_type = value_type
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.stated = stated
        self.text = text
        self.note = note
        self.warning = warning
        self.code = _code(period)
        self.key: tuple[int, int, str, str] = (indicator.id, organisation.id, self.code, value_type)

    def stored(self) -> tuple[Any, ...]:
        return (self.value, self.numerator, self.denominator, self.stated, self.text, self.note)


def _clean(row: ValueRow) -> tuple[_Clean | None, dict[str, str]]:
    errors: dict[str, str] = {}
    ind, org = row.indicator, row.organisation
    raw_period = row.period
    period = raw_period if type(raw_period) is Period else _period(raw_period, errors)
    owner = ind.organisation if ind.organisation_id else None
    if owner is not None and not is_under(org.path, owner.path):
        errors["indicator"] = f"Chỉ tiêu {ind.code} không áp dụng cho {org.name}."
    if row.value_type not in VALUE_TYPES:
        errors["value_type"] = "Loại số phải là “ước” hoặc “chính thức”."
    value = rules.parse_number(row.value, "value", errors, ind)
    num = rules.parse_number(row.numerator, "numerator", errors)
    den = rules.parse_number(row.denominator, "denominator", errors)
    text = row.text.strip() if row.text else ""
    if errors or period is None:
        return None, errors
    checked = rules.check_figure(ind, value, num, den, text, errors)
    if errors:
        return None, errors
    note = row.note.strip()[:500] if row.note else ""
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


@lru_cache(maxsize=1024)
def _code(period: Period) -> str:
    return period.code


@lru_cache(maxsize=1024)
def _year_codes(period: Period) -> tuple[str, tuple[str, ...]]:
    """The code of the year ``period`` falls in, and the codes of that year's quarters."""
    year = period.year_period()
    return year.code, tuple(q.code for q in year.quarters())


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
    by_cell: dict[tuple[int, str], set[int]] = defaultdict(set)
    orgs: dict[int, Organisation] = {}
    for row in rows:
        org = row.organisation
        orgs.setdefault(org.id, org)
        by_cell[(org.id, row.code)].add(row.indicator.id)
    cells = {(orgs[org_id], code): sorted(ids) for (org_id, code), ids in by_cell.items()}
    hooks.values_writing(actor=actor, cells=cells)


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
    """Save many values, all or nothing, and return how many changed (unchanged rows are
    skipped, so a re-import returns 0).

    ``rows`` are ``ValueRow`` (numbers as Decimal, int, float or Vietnamese text). Raises
    ``PermissionDeniedError`` if ``actor`` may not edit a row's unit or a reporting lock
    refuses the change, and ``InvalidInputError`` with every bad row's messages keyed
    ``rows.<index>.<field>`` (nothing is written then).
    """
    _check_permission(actor, rows)
    cleaned: list[_Clean] = []
    errors: dict[str, str] = {}
    seen: dict[tuple[int, int, str, str], int] = {}
    for index, row in enumerate(rows):
        clean, row_errors = _clean(row)
        if row_errors:
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


# (organisation id, indicator id, year code)
YearKey = tuple[int, int, str]


def _year_errors(rows: Sequence[_Clean]) -> dict[int, str]:
    """The year-versus-quarters rule (``rules.year_quarters_check``) for every row it applies
    to, against the stored figures overlaid with the other rows of the same batch. Returns
    messages by row index.

    The rule has nothing to say about a quarter while its year has no figure, nor about a
    year none of whose quarters has one. So the stored year figures are read first, and the
    quarters only for the (unit, indicator, year) that have a year figure: an import of
    quarters alone costs one small query and no call of the rule per row.
    """
    follows: dict[tuple[int, int], bool] = {}
    year_of: dict[int, str] = {}
    keyed: list[tuple[int, _Clean, YearKey]] = []
    with_year_row: set[YearKey] = set()
    for index, r in enumerate(rows):
        if r.value is None:
            continue
        # Once per (indicator, period) of the batch, by identity (both outlive this call).
        pair = (id(r.indicator), id(r.period))
        applies = follows.get(pair)
        if applies is None:
            applies = follows[pair] = rules.follows_year(r.indicator, r.period)
        if not applies:
            continue
        year_code = year_of.get(id(r.period))
        if year_code is None:
            year_code = year_of[id(r.period)] = _year_codes(r.period)[0]
        key = (r.organisation.id, r.indicator.id, year_code)
        keyed.append((index, r, key))
        if r.code == year_code:
            with_year_row.add(key)
    if not keyed:
        return {}
    keys = {key for _, _, key in keyed}
    years = _stored_figures(keys, lambda year_code: [year_code])
    dated = with_year_row | {k for k, by_code in years.items() if _final_first(by_code[k[2]])}
    if not dated:
        return {}
    figures = _stored_figures(dated, lambda y: [y, *_quarters_of(y)])
    for _, r, key in keyed:
        if key in dated:
            by_code = figures.setdefault(key, {})
            by_code.setdefault(r.code, {})[r.value_type] = r.value
    errors: dict[int, str] = {}
    for index, r, key in keyed:
        if key not in dated:
            continue
        effective = {code: _final_first(types) for code, types in figures[key].items()}
        check = rules.year_quarters_check(r.indicator, r.period, r.value, effective)  # type: ignore[arg-type]
        if check.error:
            errors[index] = check.error
        elif check.warning:
            # Kept with the figure, like a stated ratio that disagrees (shown as a flag).
            r.warning = " ".join(w for w in (r.warning, check.warning) if w)
    return errors


@lru_cache(maxsize=256)
def _quarters_of(year_code: str) -> tuple[str, ...]:
    return _year_codes(Period.parse(year_code))[1]


def _stored_figures(
    keys: Collection[YearKey], codes_of: Callable[[str], list[str]]
) -> dict[YearKey, dict[str, dict[str, Decimal | None]]]:
    """The stored figures of the given (unit, indicator, year) for the periods ``codes_of``
    names in each year, by key, period code and value type."""
    codes = {code for k in keys for code in codes_of(k[2])}
    found = IndicatorValue.objects.filter(
        organisation_id__in={k[0] for k in keys},
        indicator_id__in={k[1] for k in keys},
        period_code__in=codes,
    ).values_list("organisation_id", "indicator_id", "period_code", "value_type", Stored("value"))
    figures: dict[YearKey, dict[str, dict[str, Decimal | None]]] = {}
    for org_id, ind_id, code, value_type, value in found:
        key = (org_id, ind_id, _year_codes(_parse_period(code))[0])
        if key in keys:
            by_code = figures.setdefault(key, {})
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
    changed = [r for r in rows if before.get(r.key) != r.stored()] if before else list(rows)
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
    params: list[tuple[Any, ...]] = []
    append = params.append
    for r in rows:
        code = r.code
        span = spans.get(code)
        if span is None:
            span = spans[code] = (
                ops.adapt_datefield_value(r.period.start),
                ops.adapt_datefield_value(r.period.end),
            )
        append(
            (
                r.indicator.id,
                r.organisation.id,
                code,
                span[0],
                span[1],
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
    rollup.upsert(table, _VALUE_COLUMNS, _VALUE_KEY, _VALUE_COLUMNS[6:], params)


_VALUE_KEY = ("organisation_id", "indicator_id", "period_code", "value_type")


def _ledger(rows: Sequence[_Clean]) -> rollup.Ledger | None:
    rolling = [r for r in rows if r.indicator.rolls_up]
    if not rolling:
        return None
    indicators = {r.indicator.id: r.indicator for r in rolling}
    return rollup.load_ledger(
        indicators, {r.organisation.id for r in rolling}, {r.code for r in rolling}
    )


def _roll_up(ledger: rollup.Ledger, rows: Sequence[_Clean]) -> None:
    contribution_of = rollup.contribution_of
    ledger.set_own_many(
        (
            (r.organisation.id, r.indicator.id, r.code),
            r.value_type,
            contribution_of(r.indicator, r.value, r.numerator, r.denominator),
        )
        for r in rows
        if r.indicator.rolls_up
    )
    rollup.flush(ledger)
    if ledger.damaged:
        # A figure stored before the bounds existed could not be read; the deltas above
        # were computed without it, so rebuild the chains from the children instead.
        touched = {r.organisation.pk: r.organisation for r in rows if r.indicator.rolls_up}
        rollup.recompute(o for org in touched.values() for o in rollup.ancestors_and_self(org))
