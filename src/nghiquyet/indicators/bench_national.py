"""Benchmark, ``national`` scenario (issue 13, items 1-2): the whole country, PostgreSQL only.

At scale 1: 34 provinces (the roots of the tree), 3.321 commune-level committees spread over
them and 52.000 grassroots cells under the communes (55.355 units); 60 indicators of the
province bench's mix and 20 quarters, every cell reporting every indicator every quarter
(62,4 million values). ``--scale`` shrinks the communes and cells; the provinces stay 34 until
there are fewer than two communes per province (at least 2).

The load goes round the services, as a national import of history would: the units and the
values are written by ``COPY`` with the rows the services would write (paths as
``orgs_create_many`` builds them, values as ``values_save_many`` stores them), then the roll-up
rows are computed set-based in SQL, level by level, deepest first. The load is then checked
(RuntimeError if it fails): one cell's values given again to ``values_save_many`` change
nothing, and the roll-up of a province and of two communes equals what ``rollup.recompute``
rebuilds. The indicators and one province's targets go through the services. Left out: the
audit rows the services would write (one per unit created, one per unit imported); no timed
figure reads them.

Each step is timed; the values' ``COPY`` is compared with the raw driver's ``COPY`` of the same
rows into a bare table with the value table's key. Then the national dashboard
(``national.national_totals``), a province's dashboard (``selectors.unit_lines``) and the subtree
list of a province (the orgs API and ``orgs.selectors.org_subtree``) are timed against plain
SQL reading the same rows, with their query counts and the budgets of issue 13.
"""

import itertools
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.management.base import CommandError
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nghiquyet.core.bench import BenchContext, percentiles_ms, timed
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.core.text import fold
from nghiquyet.indicators import rollup
from nghiquyet.indicators.bench import bench_indicators
from nghiquyet.indicators.figures import ratio
from nghiquyet.indicators.models import Aggregate, Indicator, IndicatorValue, ValueType
from nghiquyet.indicators.national import national_totals
from nghiquyet.indicators.selectors import dashboard_lines, unit_lines
from nghiquyet.indicators.services import ValueRow, target_set, values_save_many
from nghiquyet.orgs.models import Organisation, OrgKind, path_segment
from nghiquyet.orgs.selectors import org_subtree

PROVINCES, COMMUNES, CELLS = 34, 3321, 52_000
INDICATORS, QUARTERS = 60, 20
ROUNDS = 30  # timed runs per figure, after one warm-up run
BLOCK_ROWS = 200_000  # values per COPY statement (one transaction each)
RAW_TABLE = "bench_raw_national_values"
NO_FK_TABLE = "bench_national_values_no_fk"
SAMPLE_BLOCKS = 5
REFUSED = (
    "Kịch bản national chỉ chạy trên PostgreSQL (nạp dữ liệu bằng COPY): "
    "đặt DATABASE_URL=postgres://… rồi chạy lại."
)
# The orgs list API's columns (orgs.api.LIST_FIELDS); the import contracts keep logic and
# benches away from API modules, so the selector is materialised with the same list here.
LIST_FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "short_name",
    "kind",
    "parent__code",
    "path",
    "body_code",
)
LIST_FIELDS += ("superior_line", "place_name", "valid_from", "valid_to")


class Unit(NamedTuple):
    pk: int
    code: str
    path: str
    parent: int | None


@dataclass
class Tree:
    provinces: list[Unit] = field(default_factory=list)
    communes: list[Unit] = field(default_factory=list)
    cells: list[Unit] = field(default_factory=list)


def run(ctx: BenchContext) -> dict[str, Any]:
    """The scenario's figures (see the module docstring). CommandError on any database but
    PostgreSQL; RuntimeError when the SQL roll-up differs from ``rollup.recompute``."""
    if connection.vendor != "postgresql":
        raise CommandError(REFUSED)
    load_start = os.getloadavg()
    tag = _free_tag(ctx)
    units_s, tree = timed(lambda: _tree(ctx, tag))
    inds = _indicators(ctx, tag)
    periods = [Period(PeriodKind.QUARTER, 2021 + i // 4, i % 4 + 1) for i in range(QUARTERS)]
    ctx.say(f"   {_count(tree)} units in {units_s:.1f} s; loading values")
    values = _load_values(ctx, tree, inds, periods)
    aggregates = _roll_up(ctx, tree)
    vacuum_s, _ = timed(_vacuum_analyze)
    check = _check(ctx, tree)
    province = Organisation.objects.get(pk=tree.provinces[0].pk)
    _targets(ctx, province, inds, periods)
    load_after = os.getloadavg()
    national = {p.code: _national(inds, p) for p in (periods[-1], periods[-1].year_period())}
    province_dashboard = _province_dashboard(province, inds, periods)
    subtree = _subtree(ctx, province)
    return {
        "scenario": ctx.scenario,
        "units": {**_sizes(tree), "copy_s": round(units_s, 2)},
        "indicators": len(inds),
        "periods": len(periods),
        **values,
        "aggregates": aggregates,
        "vacuum_analyze_s": round(vacuum_s, 2),
        "correctness_check": check,
        "database_bytes": _database_bytes(),
        "national_dashboard": national,
        "province_dashboard_in_national_tree": province_dashboard,
        "subtree_list_of_a_province": subtree,
        "load_average": {"start": load_start, "after_load": load_after, "end": os.getloadavg()},
        "budgets": _budgets(values, national, province_dashboard, subtree),
    }


def _free_tag(ctx: BenchContext) -> str:
    """A code prefix no unit uses yet, so that the scenario runs again on the same database."""
    while True:
        tag = f"N{ctx.rng.randrange(10**6):06d}"
        if not Organisation.objects.filter(code__istartswith=f"{tag}-").exists():
            return tag


def _count(tree: Tree) -> int:
    return len(tree.provinces) + len(tree.communes) + len(tree.cells)


def _sizes(tree: Tree) -> dict[str, int]:
    return {
        "provinces": len(tree.provinces),
        "communes": len(tree.communes),
        "cells": len(tree.cells),
        "total": _count(tree),
    }


# Units -------------------------------------------------------------------------------------

_ORG_COLUMNS = (
    "id, code, name, short_name, kind, parent_id, path, body_code, superior_line, place_name, "
    "valid_from, valid_to, search_name, created_at, updated_at"
)


def _tree(ctx: BenchContext, tag: str) -> Tree:
    """The units, written by one COPY with the ids, paths and search names the services give."""
    communes = ctx.size(COMMUNES, 2)
    provinces, cells = max(2, min(PROVINCES, communes // 2)), ctx.size(CELLS, communes)
    ids = iter(_reserve_ids(provinces + communes + cells))
    tree, rows = Tree(), []

    def add(level: list[Unit], code: str, name: str, kind: str, parent: Unit | None) -> Unit:
        pk = next(ids)
        up, above = (parent.pk, parent.path) if parent else (None, "")
        unit = Unit(pk, code, above + path_segment(pk), up)
        level.append(unit)
        rows.append((pk, code, name, "", kind, up, unit.path, "", "", "", None, None, fold(name)))
        return unit

    for p in range(provinces):
        add(tree.provinces, f"{tag}-T{p:02d}", f"Tỉnh ủy thử {p:02d}", OrgKind.TINH_UY, None)
    for c in range(communes):
        province = tree.provinces[c % provinces]
        name = f"Đảng ủy xã thử {c:04d}"
        add(tree.communes, f"{province.code}-X{c:04d}", name, OrgKind.DANG_UY_XA, province)
    for c, commune in enumerate(tree.communes):
        for k in range(cells // communes + (c < cells % communes)):
            code, kind = f"{commune.code}-CB{k:02d}", OrgKind.CHI_BO_CO_SO
            add(tree.cells, code, f"Chi bộ thử {k:02d}", kind, commune)
    now = timezone.now()
    _copy(Organisation._meta.db_table, _ORG_COLUMNS, [(*row, now, now) for row in rows])
    return tree


def _reserve_ids(count: int) -> list[int]:
    table = Organisation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _indicators(ctx: BenchContext, tag: str) -> list[Indicator]:
    """The province bench's mix: counts, amounts, ratios, and growth rates that do not roll up."""
    return bench_indicators(ctx.actor, tag, INDICATORS)


def _targets(
    ctx: BenchContext, province: Organisation, inds: list[Indicator], periods: list[Period]
) -> None:
    texts = {"ty_le": "≥ 60", "toc_do": "6,0-7,0"}
    for ind in inds:
        for year in sorted({p.year for p in periods}):
            text = texts.get(ind.kind, "1.000.000")
            target_set(
                actor=ctx.actor, indicator=ind, organisation=province, period=str(year), text=text
            )


# Values ------------------------------------------------------------------------------------

_VALUE_COLUMNS = (
    "indicator_id, organisation_id, period_code, period_start, period_end, value_type, value, "
    "numerator, denominator, stated, text, note, warning, updated_at, updated_by_id"
)
_RAW_COLUMNS = "organisation_id, indicator_id, period, value_type, value, numerator, denominator"


def _load_values(
    ctx: BenchContext, tree: Tree, inds: list[Indicator], periods: list[Period]
) -> dict[str, Any]:
    """Every cell's values by COPY, BLOCK_ROWS at a time, each block also copied by the raw
    driver into a bare table with the value table's key; the first SAMPLE_BLOCKS blocks also
    into a copy of the value table without its foreign keys (what the deferred checks cost).
    Rows are built before the clocks start; the scratch tables are dropped afterwards."""
    clock = dict.fromkeys(("product", "raw", "sample_product", "sample_no_fk"), 0.0)
    total = sampled = 0
    _scratch_tables(create=True)
    try:
        for number, (rows, raw) in enumerate(_blocks(ctx, tree, inds, periods)):
            product = _copy(IndicatorValue._meta.db_table, _VALUE_COLUMNS, rows)
            clock["product"] += product
            clock["raw"] += _copy(RAW_TABLE, _RAW_COLUMNS, raw)
            total += len(rows)
            if number < SAMPLE_BLOCKS:
                clock["sample_product"] += product
                clock["sample_no_fk"] += _copy(NO_FK_TABLE, _VALUE_COLUMNS, rows)
                sampled += len(rows)
            if number % 10 == 9:
                rates = f"{total / clock['product']:.0f}/s, raw {total / clock['raw']:.0f}/s"
                ctx.say(f"   {total} values, {rates}")
    finally:
        _scratch_tables(create=False)
    product_rate, raw_rate = total / clock["product"], total / clock["raw"]
    return {
        "values": total,
        "values_copy_s": round(clock["product"], 2),
        "values_copy_per_s": round(product_rate),
        "raw_copy_per_s": round(raw_rate),
        "product_per_raw_copy": round(product_rate / raw_rate, 3),
        "sample_without_foreign_keys": {
            "values": sampled,
            "values_copy_per_s": round(sampled / clock["sample_product"]),
            "no_foreign_keys_copy_per_s": round(sampled / clock["sample_no_fk"]),
        },
    }


def _blocks(
    ctx: BenchContext, tree: Tree, inds: list[Indicator], periods: list[Period]
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Rows of the value table and of the raw table, in the order of the value table's key
    (unit, indicator, period), as ``values_save_many`` would store them: a ratio's value is
    its numerator over its denominator (``rules.check_ratio``)."""
    now, user = timezone.now(), ctx.actor.pk
    spans = [(p.code, p.start, p.end) for p in periods]
    figure = _figure_maker(ctx)
    final = str(ValueType.CHINH_THUC)
    rows: list[tuple[Any, ...]] = []
    raw: list[tuple[Any, ...]] = []
    for cell in tree.cells:
        for ind in inds:
            for code, start, end in spans:
                value, num, den = figure(ind.kind)
                rows.append((ind.pk, cell.pk, code, start, end, final, value, num, den))
                rows[-1] += (None, "", "", "", now, user)
                raw.append((cell.pk, ind.pk, code, final, value, num, den))
        if len(rows) >= BLOCK_ROWS:
            yield rows, raw
            rows, raw = [], []
    if rows:
        yield rows, raw


def _figure_maker(ctx: BenchContext) -> Callable[[str], tuple[str | None, ...]]:
    """(value, numerator, denominator) as text, drawn like the province bench's ``_row``:
    counts 0-500, ratios from a denominator of 50-400, growth rates 4,0-9,0."""
    draw = ctx.rng.random
    counts = [str(n) for n in range(501)]
    growth = [str(Decimal(g) / 10) for g in range(40, 91)]
    ratios: dict[tuple[int, int], str] = {}

    def figure(kind: str) -> tuple[str | None, ...]:
        if kind == "ty_le":
            den = 50 + int(draw() * 351)
            num = int(draw() * (den + 1))
            if (num, den) not in ratios:
                ratios[(num, den)] = str(ratio(Decimal(num), Decimal(den), 100))
            return ratios[(num, den)], counts[num], counts[den]
        if kind == "toc_do":
            return growth[int(draw() * 51)], None, None
        return counts[int(draw() * 501)], None, None

    return figure


def _copy(table: str, columns: str, rows: list[tuple[Any, ...]]) -> float:
    """Seconds to COPY ``rows`` into ``table`` and commit (deferred foreign keys included)."""
    start = time.perf_counter()
    statement = f"COPY {table} ({columns}) FROM STDIN"
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in rows:
            copy.write_row(row)
    return time.perf_counter() - start


def _scratch_tables(*, create: bool) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}, {NO_FK_TABLE}")
        if not create:
            return
        cursor.execute(
            f"CREATE TABLE {RAW_TABLE} (organisation_id bigint NOT NULL, "
            "indicator_id bigint NOT NULL, period varchar(12) NOT NULL, "
            "value_type varchar(10) NOT NULL, value numeric(24, 6), "
            "numerator numeric(24, 6), denominator numeric(24, 6), "
            "PRIMARY KEY (organisation_id, indicator_id, period, value_type))"
        )
        # Columns, defaults, identity, checks and indexes; LIKE never copies foreign keys.
        table = IndicatorValue._meta.db_table
        cursor.execute(f"CREATE TABLE {NO_FK_TABLE} (LIKE {table} INCLUDING ALL)")


# Roll-up -----------------------------------------------------------------------------------

# The aggregates of the parents of the units at one depth under one province, from each child's
# effective figure (rollup.Ledger.effective): its own final figure, else its own estimate, else
# its own aggregate when it has no figure of its own. Ratios sum numerators and denominators and
# keep a zero value; counts and amounts sum values; contributors count the children.
_ROLL_UP = """
INSERT INTO indicators_aggregate (indicator_id, organisation_id, period_code, period_start,
    period_end, value, numerator, denominator, contributors)
SELECT e.indicator_id, e.parent_id, e.period_code, e.period_start, e.period_end,
    SUM(CASE WHEN i.kind = 'ty_le' THEN 0 ELSE COALESCE(e.value, 0) END),
    SUM(CASE WHEN i.kind = 'ty_le' THEN COALESCE(e.numerator, 0) ELSE 0 END),
    SUM(CASE WHEN i.kind = 'ty_le' THEN COALESCE(e.denominator, 0) ELSE 0 END),
    COUNT(*)
FROM (
    SELECT k.parent_id, v.indicator_id, v.period_code, v.period_start, v.period_end,
        v.value, v.numerator, v.denominator
    FROM orgs_organisation k
    JOIN indicators_indicatorvalue v ON v.organisation_id = k.id
    WHERE k.path LIKE %(under)s AND length(k.path) = %(length)s
        AND (v.value_type = 'chinh_thuc' OR NOT EXISTS (
            SELECT 1 FROM indicators_indicatorvalue f
            WHERE f.organisation_id = v.organisation_id AND f.indicator_id = v.indicator_id
                AND f.period_code = v.period_code AND f.value_type = 'chinh_thuc'))
    UNION ALL
    SELECT k.parent_id, a.indicator_id, a.period_code, a.period_start, a.period_end,
        a.value, a.numerator, a.denominator
    FROM orgs_organisation k
    JOIN indicators_aggregate a ON a.organisation_id = k.id
    WHERE k.path LIKE %(under)s AND length(k.path) = %(length)s AND a.contributors > 0
        AND NOT EXISTS (
            SELECT 1 FROM indicators_indicatorvalue o
            WHERE o.organisation_id = a.organisation_id AND o.indicator_id = a.indicator_id
                AND o.period_code = a.period_code)
) e
JOIN indicators_indicator i ON i.id = e.indicator_id AND i.rolls_up
GROUP BY e.indicator_id, e.parent_id, e.period_code, e.period_start, e.period_end
"""


def _roll_up(ctx: BenchContext, tree: Tree) -> dict[str, Any]:
    """Every aggregate of the tree, set-based: the communes from their cells, then the
    provinces from their communes, one INSERT … SELECT … GROUP BY per province and level."""
    written, start = 0, time.perf_counter()
    step = len(path_segment(1))
    for child_depth in (3, 2):
        for province in tree.provinces:
            params: dict[str, str | int] = {
                "under": f"{province.path}%",
                "length": child_depth * step,
            }
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(_ROLL_UP, params)
                written += cursor.rowcount
        ctx.say(f"   roll-up of depth {child_depth - 1}: {written} rows")
    seconds = time.perf_counter() - start
    return {"rows": written, "seconds": round(seconds, 2), "rows_per_s": round(written / seconds)}


def _vacuum_analyze() -> None:
    """VACUUM (ANALYZE) the loaded tables, as a national import would end, so that the reads
    timed next do not meet autovacuum's first pass over millions of new rows; ANALYZE alone
    inside a transaction (tests), where VACUUM cannot run."""
    tables = ", ".join(m._meta.db_table for m in (Organisation, IndicatorValue, Aggregate))
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {tables}")


def _check(ctx: BenchContext, tree: Tree) -> dict[str, Any]:
    """Whether the load wrote what the services would have, in transactions rolled back
    (RuntimeError if not): re-saving one cell's values through ``values_save_many`` changes
    none of them, and the SQL roll-up of a province and of two communes (one in it, one
    elsewhere) equals what ``rollup.recompute`` rebuilds, row for row (value, numerator,
    denominator, contributors, period dates)."""
    resaved, changed = _resave(ctx, tree.cells[0].pk)
    if not resaved or changed:
        raise RuntimeError(
            f"Re-saving a cell's {resaved} values through the service changed {changed}."
        )
    province = tree.provinces[0]
    communes = [next(c for c in tree.communes if c.parent == province.pk), tree.communes[-1]]
    ids = [province.pk, *(c.pk for c in communes)]
    before = _aggregate_rows(ids)
    seconds, after = timed(lambda: _recomputed(ids))
    if not before or before != after:
        differing = [k for k in before.keys() | after.keys() if before.get(k) != after.get(k)]
        raise RuntimeError(
            f"The SQL roll-up differs from rollup.recompute at {differing[:3]} (organisation, "
            f"indicator, period); {len(before)} rows before, {len(after)} after."
        )
    ctx.say(f"   checked: {resaved} values re-saved unchanged, {len(before)} roll-up rows equal")
    return {
        "values_resaved_unchanged": resaved,
        "rollup_units": [province.code, *(c.code for c in communes)],
        "rollup_rows_equal_to_recompute": len(before),
        "recompute_s": round(seconds, 2),
    }


def _resave(ctx: BenchContext, cell_pk: int) -> tuple[int, int]:
    """(values of the cell, values ``values_save_many`` changed when given them again)."""
    cell = Organisation.objects.get(pk=cell_pk)
    rows = [
        # A ratio is given by its parts, as typed; the service computes the value.
        ValueRow(
            v.indicator,
            cell,
            v.period_code,
            v.value_type,
            None if v.indicator.is_ratio else v.value,
            v.numerator,
            v.denominator,
        )
        for v in IndicatorValue.objects.filter(organisation=cell).select_related("indicator")
    ]
    with transaction.atomic():
        changed = values_save_many(actor=ctx.actor, rows=rows)
        transaction.set_rollback(True)
    return len(rows), changed


def _recomputed(ids: list[int]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    with transaction.atomic():
        rollup.recompute(Organisation.objects.filter(pk__in=ids))
        rows = _aggregate_rows(ids)
        transaction.set_rollback(True)
    return rows


_AGGREGATE_FIELDS: tuple[str, ...] = (
    "organisation_id",
    "indicator_id",
    "period_code",
    "period_start",
)
_AGGREGATE_FIELDS += ("period_end", "value", "numerator", "denominator", "contributors")


def _aggregate_rows(ids: list[int]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    rows = Aggregate.objects.filter(organisation_id__in=ids).values_list(*_AGGREGATE_FIELDS)
    return {tuple(r[:3]): tuple(r[3:]) for r in rows}


def _database_bytes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), pg_total_relation_size(%s), "
            "pg_total_relation_size(%s)",
            [IndicatorValue._meta.db_table, Aggregate._meta.db_table],
        )
        database, values, aggregates = cursor.fetchone()
    return {"database": database, "values_table": values, "aggregates_table": aggregates}


# Timed reads -------------------------------------------------------------------------------


def _series(fn: Callable[[], Any], rounds: int | None = None) -> dict[str, Any]:
    """p50/p95 of ``rounds`` runs after a warm-up run, whose queries are counted (the clock
    runs without the query log)."""
    reset_queries()  # A test client's request resets the log; start from an empty one.
    with CaptureQueriesContext(connection) as captured:
        fn()
    queries = len(captured.captured_queries)  # Read now: the next request clears the log.
    samples = [timed(fn)[0] for _ in range(rounds or ROUNDS)]
    return {**percentiles_ms(samples), "queries": queries}


def _with_ratio(product: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    per_raw = round(product["p50_ms"] / raw["p50_ms"], 1) if raw["p50_ms"] else None
    return {**product, "raw": raw, "product_per_raw_p50": per_raw}


def _national(inds: list[Indicator], period: Period) -> dict[str, Any]:
    rolling = [i.pk for i in inds if i.rolls_up]

    def product() -> None:
        if len(national_totals(period=period, indicators=inds)) != len(rolling):
            raise RuntimeError(f"The national figures of {period.code} miss indicators.")

    sql = (
        "SELECT a.indicator_id, a.period_code, a.value, a.numerator, a.denominator "
        "FROM indicators_aggregate a JOIN orgs_organisation o ON o.id = a.organisation_id "
        "WHERE o.parent_id IS NULL AND a.indicator_id = ANY(%s) "
        "AND a.period_start >= %s AND a.period_end <= %s"
    )
    raw = _raw_read(sql, [rolling, period.start, period.end])
    return _with_ratio(_series(product), _series(raw))


def _raw_read(sql: str, params: list[Any]) -> Callable[[], Any]:
    def read() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return read


def _province_dashboard(
    province: Organisation, inds: list[Indicator], periods: list[Period]
) -> dict[str, Any]:
    """The province's dashboard for 60 indicators, turning over its last four quarters and its
    last year (as the province bench): computed (``unit_lines``) and as pages read it
    (``dashboard_lines``, the cache warm: no write in between); raw: its roll-up rows of the
    same spans."""
    choices = [*periods[-4:], periods[-1].year_period()]
    turn = itertools.count()

    def product(fn: Callable[..., Any]) -> Callable[[], None]:
        def read() -> None:
            period = choices[next(turn) % len(choices)]
            if not fn(org=province, period=period, indicators=inds):
                raise RuntimeError("The province dashboard must show the indicators.")

        return read

    def raw() -> None:
        period = choices[next(turn) % len(choices)]
        last = period.same_period_last_year() or period
        sql = (
            "SELECT indicator_id, period_code, value, numerator, denominator "
            "FROM indicators_aggregate WHERE organisation_id = %s AND indicator_id = ANY(%s) "
            "AND period_start >= %s AND period_end <= %s"
        )
        _raw_read(sql, [province.pk, [i.pk for i in inds], last.start, period.end])()

    raw_series = _series(raw)
    computed = _with_ratio(_series(product(unit_lines)), raw_series)
    cached = _with_ratio(_series(product(dashboard_lines)), raw_series)
    return {**cached, "computed": computed}


def _subtree(ctx: BenchContext, province: Organisation) -> dict[str, Any]:
    """The list of a province's subtree: the orgs API as a superuser (its first page of 500
    and the whole subtree with ``limit=5000``), the selector materialised as the API does
    (``values()`` of its columns), and the raw ``SELECT … WHERE path LIKE 'p%'``."""
    from django.test import Client

    size = Organisation.objects.subtree_of(province).count()
    client = Client()
    client.force_login(ctx.actor)

    def api(limit: int) -> Callable[[], None]:
        def get() -> None:
            response = client.get("/api/v1/orgs/", {"root": province.code, "limit": str(limit)})
            if response.status_code != 200 or len(response.json()) != min(limit, size):
                raise RuntimeError(f"The subtree list answered {response.status_code}.")

        return get

    def selector() -> None:
        list(org_subtree(ctx.actor, province).values(*LIST_FIELDS))

    sql = (
        "SELECT o.code, o.name, o.short_name, o.kind, p.code, o.path, o.body_code, "
        "o.superior_line, o.place_name, o.valid_from, o.valid_to FROM orgs_organisation o "
        "LEFT JOIN orgs_organisation p ON p.id = o.parent_id WHERE o.path LIKE %s "
        "ORDER BY o.path"
    )
    raw = _series(_raw_read(sql, [f"{province.path}%"]))
    return {
        "units": size,
        "api_whole_subtree": _with_ratio(_series(api(5000)), raw),
        "api_first_page_500": _series(api(500)),
        "selector": _with_ratio(_series(selector), raw),
    }


def _budgets(
    values: dict[str, Any],
    national: dict[str, dict[str, Any]],
    province: dict[str, Any],
    subtree: dict[str, Any],
) -> dict[str, Any]:
    """Issue 13's budgets next to the figures they judge."""
    return {
        "national_dashboard_p50_ms": max(n["p50_ms"] for n in national.values()),
        "national_dashboard_budget_ms": 50,
        # As pages read it (cached, decision 0014); computed: every figure worked out again.
        "province_dashboard_p50_ms": province["p50_ms"],
        "province_dashboard_computed_p50_ms": province["computed"]["p50_ms"],
        "province_dashboard_budget_ms": 5,
        # One request of the list as the API serves it (its default page of 500 units), and
        # the whole subtree in one request (limit=5000).
        "subtree_list_of_a_province_p50_ms": subtree["api_first_page_500"]["p50_ms"],
        "subtree_list_whole_province_p50_ms": subtree["api_whole_subtree"]["p50_ms"],
        "subtree_list_of_a_province_budget_ms": 20,
        "import_per_raw_copy": values["product_per_raw_copy"],
        "import_per_raw_copy_budget": 0.5,
    }
