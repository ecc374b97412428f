"""Live roll-up: materialized ``Aggregate`` rows kept fresh by delta along the ancestor path.

A unit's aggregate is the sum of its children's *effective* figures: a child's own reported
figure (final before estimate) if it has one, otherwise the child's own aggregate. Counts and
amounts sum their values; ratios sum numerators and denominators. So a save changes at most
one row per ancestor, and the walk stops at the first ancestor whose own reported (official)
figure hides the change from the levels above. Tree changes (move, merge) recompute the
aggregates of the affected ancestors from their children, deepest first.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from nghiquyet.core.periods import Period
from nghiquyet.indicators.figures import Stored, is_damaged, stored_number
from nghiquyet.indicators.models import Aggregate, Indicator, IndicatorValue, ValueType
from nghiquyet.orgs.models import PATH_STEP, Organisation

Key = tuple[int, int, str]
ZERO = Decimal(0)


# (value, numerator, denominator): plain tuples, because the bulk path makes millions of them.
Contribution = tuple[Decimal, Decimal, Decimal]
NOTHING: Contribution = (ZERO, ZERO, ZERO)


@dataclass
class AggState:
    value: Decimal = ZERO
    numerator: Decimal = ZERO
    denominator: Decimal = ZERO
    contributors: int = 0


def contribution_of(
    indicator: Indicator,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> Contribution:
    if indicator.kind == "ty_le":
        return (ZERO, numerator or ZERO, denominator or ZERO)
    return (value or ZERO, ZERO, ZERO)


@dataclass
class Ledger:
    """Own figures and aggregates of the touched units and their ancestors, in memory.

    ``set_own`` records a change; ``settle`` then moves the deltas up level by level, deepest
    first, so a batch costs one step per touched (unit, indicator, period) and not one walk
    per row. The effective figure of every key is remembered before its first change.
    """

    parents: dict[int, int | None]
    depth: dict[int, int] = field(default_factory=dict)
    own: dict[Key, dict[str, Contribution]] = field(default_factory=dict)
    agg: dict[Key, AggState] = field(default_factory=dict)
    dirty: set[Key] = field(default_factory=set)
    before: dict[Key, Contribution | None] = field(default_factory=dict)
    # Set when a stored figure was out of its column's range (read as zero); the caller then
    # rebuilds the chains with ``recompute`` rather than trusting the deltas.
    damaged: bool = False

    def effective(self, key: Key) -> Contribution | None:
        own = self.own.get(key)
        if own:
            return own.get(ValueType.CHINH_THUC) or own.get(ValueType.UOC)
        state = self.agg.get(key)
        if state is not None and state.contributors > 0:
            return (state.value, state.numerator, state.denominator)
        return None

    def _remember(self, key: Key) -> None:
        if key not in self.before:
            self.before[key] = self.effective(key)

    def set_own(self, key: Key, value_type: str, contribution: Contribution) -> None:
        self._remember(key)
        self.own.setdefault(key, {})[value_type] = contribution

    def set_own_many(self, changes: Iterable[tuple[Key, str, Contribution]]) -> None:
        """``set_own`` for each (key, value type, contribution), in one loop."""
        own, before, effective = self.own, self.before, self.effective
        for key, value_type, contribution in changes:
            if key not in before:
                before[key] = effective(key)
            figures = own.get(key)
            if figures is None:
                own[key] = {value_type: contribution}
            else:
                figures[value_type] = contribution

    def settle(self) -> None:
        pending = set(self.before)
        depth, parents, agg, dirty = self.depth, self.parents, self.agg, self.dirty
        while pending:
            deepest = max(depth.get(k[0], 0) for k in pending)
            level = [k for k in pending if depth.get(k[0], 0) == deepest]
            pending.difference_update(level)
            # Move each changed key's delta into its parent's aggregate (one step per key).
            for key in level:
                before, after = self.before.get(key), self.effective(key)
                parent = parents.get(key[0])
                if parent is None or before == after:
                    continue
                parent_key = (parent, key[1], key[2])
                self._remember(parent_key)
                state = agg.get(parent_key)
                if state is None:
                    state = agg[parent_key] = AggState()
                _apply_delta(state, before, after)
                dirty.add(parent_key)
                pending.add(parent_key)
        self.before.clear()


def _apply_delta(state: AggState, before: Contribution | None, after: Contribution | None) -> None:
    old, new = before or NOTHING, after or NOTHING
    state.value += new[0] - old[0]
    state.numerator += new[1] - old[1]
    state.denominator += new[2] - old[2]
    state.contributors += (after is not None) - (before is not None)


def ancestry(org_ids: Iterable[int]) -> tuple[dict[int, int | None], dict[int, int]]:
    """Parent and depth of every given unit and of each of its ancestors."""
    paths = dict(Organisation.objects.filter(pk__in=set(org_ids)).values_list("pk", "path"))
    wanted = {p[: i * PATH_STEP] for p in paths.values() for i in range(1, len(p) // PATH_STEP)}
    by_path = dict(Organisation.objects.filter(path__in=wanted).values_list("path", "pk"))
    by_path.update({path: pk for pk, path in paths.items()})
    parents = {pk: by_path.get(path[:-PATH_STEP]) for path, pk in by_path.items()}
    return parents, {pk: len(path) // PATH_STEP for path, pk in by_path.items()}


def lock_trees(parents: dict[int, int | None]) -> None:
    """Serialise roll-up writers per tree by locking the root units' rows.

    Aggregates are read, adjusted and written back as absolute figures; two transactions under
    the same ancestor must not interleave, or one update is lost. On PostgreSQL this takes a
    row lock on each root (in primary-key order, so writers cannot deadlock); on SQLite it does
    nothing, because IMMEDIATE transactions already run one writer at a time.
    """
    roots = sorted(pk for pk, parent in parents.items() if parent is None)
    list(Organisation.objects.select_for_update().filter(pk__in=roots).order_by("pk").values("pk"))


def load_ledger(indicators: dict[int, Indicator], org_ids: set[int], periods: set[str]) -> Ledger:
    """Lock the trees, then read the current own figures and aggregates of the touched units
    and their ancestors (so the reads see every earlier writer's commit)."""
    parents, depth = ancestry(org_ids)
    lock_trees(parents)
    ledger = Ledger(parents=parents, depth=depth)
    scope = Q(organisation_id__in=list(parents), indicator_id__in=list(indicators))
    scope &= Q(period_code__in=list(periods))
    rows = IndicatorValue.objects.filter(scope).values_list(
        "organisation_id", "indicator_id", "period_code", "value_type", *_STORED
    )
    for org_id, ind_id, code, vtype, *raw in rows:
        value, num, den = _numbers(ledger, raw)
        contribution = contribution_of(indicators[ind_id], value, num, den)
        ledger.own.setdefault((org_id, ind_id, code), {})[vtype] = contribution
    aggs = Aggregate.objects.filter(scope).values_list(
        "organisation_id", "indicator_id", "period_code", "contributors", *_STORED
    )
    for org_id, ind_id, code, count, *raw in aggs:
        value, num, den = (n or ZERO for n in _numbers(ledger, raw))
        ledger.agg[(org_id, ind_id, code)] = AggState(value, num, den, count)
    return ledger


_STORED = (Stored("value"), Stored("numerator"), Stored("denominator"))


def _numbers(ledger: Ledger, raw: list[Decimal | None]) -> list[Decimal | None]:
    """Stored figures as read through ``Stored``; a damaged one reads as None and marks the
    ledger."""
    if any(is_damaged(n) for n in raw):
        ledger.damaged = True
    return [stored_number(n) for n in raw]


_AGG_COLUMNS = (
    "indicator_id",
    "organisation_id",
    "period_code",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "contributors",
)


def flush(ledger: Ledger) -> int:
    """Settle, then upsert every aggregate the ledger changed. Returns the rows written."""
    ledger.settle()
    ops = connection.ops
    spans: dict[str, tuple[object, object]] = {}
    params = []
    for key in ledger.dirty:
        org_id, ind_id, code = key
        state = ledger.agg[key]
        span = spans.get(code)
        if span is None:
            period = Period.parse(code)
            span = spans[code] = (
                ops.adapt_datefield_value(period.start),
                ops.adapt_datefield_value(period.end),
            )
        params.append(
            (
                ind_id,
                org_id,
                code,
                *span,
                state.value,
                state.numerator,
                state.denominator,
                state.contributors,
            )
        )
    upsert(Aggregate._meta.db_table, _AGG_COLUMNS, _AGG_KEY, _AGG_COLUMNS[5:], params)
    ledger.dirty.clear()
    return len(params)


_AGG_KEY = ("organisation_id", "indicator_id", "period_code")
# PostgreSQL: from how many rows a write goes through COPY and a temporary table (below, the
# statement and its parameters are sent once for all rows, ``executemany``).
COPY_FROM_ROWS = 2000


def upsert(
    table: str,
    columns: Sequence[str],
    key: Sequence[str],
    update: Sequence[str],
    params: Sequence[Sequence[Any]],
) -> None:
    """Insert ``params`` (tuples in the order of ``columns``) into ``table``; where a row
    with the same ``key`` columns exists, set its ``update`` columns instead (``ON CONFLICT
    … DO UPDATE``).

    One ``INSERT … VALUES`` run for every row (``executemany``), except on PostgreSQL from
    ``COPY_FROM_ROWS`` rows: ``COPY`` into a temporary table, then one ``INSERT … SELECT``
    (several times faster for a large batch). No key may appear twice in ``params``.
    """
    if not params:
        return
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in update)
    conflict = f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    one = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(params) >= COPY_FROM_ROWS:
            _copy_upsert(cursor, table, names, conflict, params)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES {one}{conflict}", params)  # noqa: S608


def _copy_upsert(
    cursor: Any, table: str, names: str, conflict: str, params: Sequence[Sequence[Any]]
) -> None:
    """PostgreSQL: ``COPY`` the rows into a temporary table shaped like ``table`` (dropped at
    the end, and with the transaction if it fails), then upsert them in one statement. Runs
    in the caller's transaction, or in one of its own outside any."""
    staging = f"nq_staging_{table}"
    if not connection.in_atomic_block:
        # ON COMMIT DROP would drop the table as soon as an autocommit statement ends.
        with transaction.atomic():
            _copy_upsert(cursor, table, names, conflict, params)
        return
    cursor.execute(
        f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "  # noqa: S608
        f"SELECT {names} FROM {table} WITH NO DATA"
    )
    with cursor.cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
        for row in params:
            copy.write_row(row)
    cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging}{conflict}")  # noqa: S608
    cursor.execute(f"DROP TABLE {staging}")


def recompute(orgs: Iterable[Organisation]) -> None:
    """Rebuild the aggregates of ``orgs`` from their children's figures, deepest first."""
    rolling = {i.pk: i for i in Indicator.objects.filter(rolls_up=True)}
    if not rolling:
        return
    for org in sorted({o.pk: o for o in orgs}.values(), key=lambda o: -len(o.path)):
        _recompute_one(org, rolling)


def _recompute_one(org: Organisation, rolling: dict[int, Indicator]) -> None:
    children = list(Organisation.objects.filter(parent=org).values_list("pk", flat=True))
    Aggregate.objects.filter(organisation=org).delete()
    if not children:
        return
    periods = set(
        IndicatorValue.objects.filter(organisation_id__in=children).values_list(
            "period_code", flat=True
        )
    ) | set(
        Aggregate.objects.filter(organisation_id__in=children).values_list("period_code", flat=True)
    )
    ledger = load_ledger(rolling, set(children), periods)
    ledger.parents = {c: org.pk for c in children}
    sums: dict[Key, AggState] = {}
    keys = {(c, i, p) for (c, i, p) in [*ledger.own, *ledger.agg] if c in ledger.parents}
    for child, ind_id, code in keys:
        contribution = ledger.effective((child, ind_id, code))
        if contribution is not None:
            _apply_delta(sums.setdefault((org.pk, ind_id, code), AggState()), None, contribution)
    ledger.agg.update(sums)
    ledger.dirty = set(sums)
    flush(ledger)


def ancestors_and_self(org: Organisation) -> list[Organisation]:
    return list(Organisation.objects.filter(path__in=[*org.ancestor_paths, org.path]))
