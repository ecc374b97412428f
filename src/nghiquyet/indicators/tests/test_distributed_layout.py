"""The product's value queries on a Citus-like layout, distributed by province (issue 13, item 6).

docs/scaling.md argues that if one PostgreSQL primary is ever not enough, the value tables
should be distributed by PROVINCE, the root of each organisation tree. This module checks that
argument against the SQL the product really runs. It builds three small provinces through the
services, copies the organisation, value and roll-up tables into tables declared
``PARTITION BY LIST (province_id)`` (the province in every primary and unique key, one
partition per province, as Citus would place one shard per province), records the statements
of the province and commune dashboards, of one cell's save and of the subtree list, adds
``province_id = <province>`` to each, and checks that:

- every per-province read returns the same rows as on the product's tables and its plan
  (``EXPLAIN``) touches one partition of each table only;
- every row a cell's save writes (its values and its ancestors' roll-up rows) belongs to the
  cell's province and lands in that province's partition, and replaying the writes leaves the
  copies equal to the product's tables;
- the national figure (the province roots' roll-up rows) reads every partition and equals the
  sum of the reported leaves.

What it does not prove: this is stock PostgreSQL, not Citus. There is no distributed planner,
no network, no two-phase commit and no timing. Indicators, targets, the audit log and the
reporting locks stay ordinary tables here (reference or coordinator tables under Citus; the
save's audit row is then a second placement to commit). Statements are recorded with
``connection.execute_wrapper`` rather than ``CaptureQueriesContext`` because the latter keeps
the text of an ``executemany`` but not its parameters, which the replay of the writes needs.
"""

import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Sum
from django.test import Client

from nghiquyet.access.roles import Role
from nghiquyet.accounts.services import membership_grant
from nghiquyet.core.paths import PATH_STEP
from nghiquyet.core.periods import Period
from nghiquyet.indicators.models import Aggregate, Indicator, IndicatorValue
from nghiquyet.indicators.selectors import unit_lines
from nghiquyet.indicators.services import ValueRow, values_save_many
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import OrgRow, orgs_create_many

from .helpers import make_indicator

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="declarative partitioning (the Citus-like layout) needs PostgreSQL",
    ),
    pytest.mark.django_db,
]

# The product's table and its partitioned copy. Under Citus the three would be distributed
# tables co-located on province_id.
COPIES = {
    "orgs_organisation": "dist_org",
    "indicators_indicatorvalue": "dist_value",
    "indicators_aggregate": "dist_aggregate",
}
# The primary key and the product's unique key, each led by the distribution column.
KEYS = {
    "dist_org": ("id", "path"),
    "dist_value": ("id", "organisation_id, indicator_id, period_code, value_type"),
    "dist_aggregate": ("id", "organisation_id, indicator_id, period_code"),
}
PERIODS = (Period.parse("2024Q2"), Period.parse("2025Q2"))
NOW = Period.parse("2025Q2")


@dataclass
class Country:
    """Three provinces (roots), each with two communes of three cells; values on the cells."""

    provinces: list[Organisation]
    units: dict[str, Organisation]
    indicators: list[Indicator]
    province_of: dict[int, int]  # Organisation id -> its province's id.
    actor: User


@dataclass
class Statement:
    sql: str
    params: Any  # A sequence, or a list of them for ``executemany``.


@pytest.fixture
def country() -> Country:
    actor = User.objects.create_superuser("cit-root")
    rows = []
    for p in range(3):
        province = f"CIT-P{p}"
        rows.append(OrgRow(province, f"Tỉnh ủy thử {p}", OrgKind.TINH_UY, None))
        for c in range(2):
            commune = f"{province}-X{c}"
            rows.append(OrgRow(commune, f"Đảng ủy xã {p}.{c}", OrgKind.DANG_UY_XA, province))
            rows += [
                OrgRow(f"{commune}-CB{k}", f"Chi bộ {k}", OrgKind.CHI_BO_CO_SO, commune)
                for k in range(3)
            ]
    created = orgs_create_many(actor=actor, rows=rows)
    units = {o.code: o for o in created}
    by_path = {o.path: o.pk for o in created}
    province_of = {o.pk: by_path[o.path[:PATH_STEP]] for o in created}
    indicators = [
        make_indicator(actor, "CIT-SL", "so_luong"),
        make_indicator(actor, "CIT-TL", "ty_le"),
        make_indicator(actor, "CIT-TD", "toc_do"),
    ]
    rng = random.Random(13)
    cells = [o for o in created if o.kind == OrgKind.CHI_BO_CO_SO]
    values = [
        _value(rng, ind, cell, period) for cell in cells for ind in indicators for period in PERIODS
    ]
    values_save_many(actor=actor, rows=values)
    provinces = [units[f"CIT-P{p}"] for p in range(3)]
    _build_layout([p.pk for p in provinces])
    return Country(provinces, units, indicators, province_of, actor)


def _value(rng: random.Random, ind: Indicator, org: Organisation, period: Period) -> ValueRow:
    if ind.kind == "ty_le":
        den = rng.randint(50, 400)
        return ValueRow(
            ind, org, period, numerator=Decimal(rng.randint(0, den)), denominator=Decimal(den)
        )
    if ind.kind == "toc_do":
        return ValueRow(ind, org, period, value=Decimal(rng.randint(40, 90)) / 10)
    return ValueRow(ind, org, period, value=Decimal(rng.randint(0, 500)))


def _build_layout(provinces: list[int]) -> None:
    """The partitioned copies, one partition per province, filled from the product's tables.

    A row's province is the unit whose path is the first segment of the row's unit's path.
    """
    with connection.cursor() as cursor:
        cursor.execute("CREATE SEQUENCE dist_id START 1000000")
        for table, copy in COPIES.items():
            primary, unique = KEYS[copy]
            cursor.execute(
                f"CREATE TABLE {copy} (province_id bigint NOT NULL,"
                f" LIKE {table} INCLUDING DEFAULTS) PARTITION BY LIST (province_id)"
            )
            cursor.execute(
                f"ALTER TABLE {copy} ADD PRIMARY KEY (province_id, {primary}),"
                f" ADD UNIQUE (province_id, {unique}),"
                f" ALTER COLUMN id SET DEFAULT nextval('dist_id')"
            )
            for pk in provinces:
                cursor.execute(
                    f"CREATE TABLE {copy}_p{pk} PARTITION OF {copy} FOR VALUES IN ({pk})"
                )
        # The product's subtree index (varchar_pattern_ops), on every partition.
        cursor.execute("CREATE INDEX ON dist_org (path varchar_pattern_ops)")
        cursor.execute(
            "INSERT INTO dist_org SELECT r.id, o.* FROM orgs_organisation o"
            " JOIN orgs_organisation r ON r.path = left(o.path, %s) WHERE r.id = ANY(%s)",
            [PATH_STEP, provinces],
        )
        for table in ("indicators_indicatorvalue", "indicators_aggregate"):
            cursor.execute(
                f"INSERT INTO {COPIES[table]} SELECT o.province_id, t.* FROM {table} t"  # noqa: S608
                " JOIN dist_org o ON o.id = t.organisation_id"
            )
        cursor.execute("ANALYZE dist_org, dist_value, dist_aggregate")


@contextmanager
def recording() -> Iterator[list[Statement]]:
    """Every statement the product sends to the database, with its parameters."""
    statements: list[Statement] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(Statement(sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


def distributed(statements: list[Statement]) -> list[Statement]:
    """The statements that touch a table the layout distributes."""
    return [s for s in statements if any(f'"{t}"' in s.sql or f" {t} " in s.sql for t in COPIES)]


def on_layout(sql: str, province: int) -> str:
    """A product SELECT rewritten for the partitioned copies of one province.

    The tables are renamed, and every use of a distributed table is pinned to the province:
    ``province_id = <province>`` joins the ON clause of a joined one and the WHERE clause of
    the main one (Django wraps a WHERE clause of several conditions in parentheses, so one
    more condition in front keeps its meaning). Citus routes such a query to one shard.
    """
    sql = renamed(sql)
    pin = f'."province_id" = {province} AND '
    sql = re.sub(
        r'JOIN ("dist_\w+")(?: (T\d+))? ON \(', lambda m: f"{m[0]}{m[2] or m[1]}{pin}", sql
    )
    main = re.match(r'("dist_\w+") ', sql.split(" FROM ", 1)[1])
    if main:
        assert " WHERE " in sql, sql
        sql = sql.replace(" WHERE ", f" WHERE {main[1]}{pin}", 1)
    return sql


def run(sql: str, params: Any) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def partitions(sql: str, params: Any) -> set[str]:
    """The partitions of the copies that the plan of ``sql`` scans."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return {name for name in _relations(plan[0]["Plan"]) if name.startswith("dist_")}


def _relations(node: dict[str, Any]) -> Iterator[str]:
    if "Relation Name" in node:
        yield node["Relation Name"]
    for child in node.get("Plans", []):
        yield from _relations(child)


def province_of_partition(name: str) -> int:
    return int(name.rsplit("_p", 1)[1])


def renamed(sql: str) -> str:
    for table, copy in COPIES.items():
        sql = sql.replace(f'"{table}"', f'"{copy}"')
    return sql


def assert_single_shard(statements: list[Statement], province: int) -> tuple[int, int]:
    """Each read of a distributed table, rewritten for ``province``: the same rows as on the
    product's tables, and a plan that scans one partition of each table, that province's.
    Without the province the same query scans every partition (so the pin is what prunes).
    Returns the number of statements and of rows compared."""
    reads = [s for s in distributed(statements) if s.sql.lstrip().upper().startswith("SELECT")]
    rows = 0
    for s in reads:
        rewritten = on_layout(s.sql, province)
        found = run(rewritten, s.params)
        assert Counter(found) == Counter(run(s.sql, s.params)), rewritten
        rows += len(found)
        touched = partitions(rewritten, s.params)
        assert {province_of_partition(n) for n in touched} == {province}, (touched, rewritten)
        tables = [n.rsplit("_p", 1)[0] for n in touched]
        assert len(tables) == len(set(tables)), touched
        assert len({province_of_partition(n) for n in partitions(renamed(s.sql), s.params)}) == 3
    return len(reads), rows


def test_dashboard_reads_of_a_province_and_a_commune_touch_one_partition(country: Country) -> None:
    for org in (country.provinces[1], country.units["CIT-P1-X0"]):
        with recording() as statements:
            lines = unit_lines(org=org, period=NOW, indicators=country.indicators)
        # The two rolling indicators; the growth rate is reported by cells only.
        assert [line.indicator.code for line in lines] == ["CIT-SL", "CIT-TL"]
        tables = {t for s in distributed(statements) for t in COPIES if f'"{t}"' in s.sql}
        assert {"indicators_indicatorvalue", "indicators_aggregate"} <= tables
        statements_checked, compared = assert_single_shard(statements, country.province_of[org.pk])
        assert statements_checked >= 5 and compared > 0


def test_subtree_list_as_the_api_reads_it_touches_one_partition(country: Country) -> None:
    province = country.provinces[2]
    user = User.objects.create_user("cit-tinh")
    membership_grant(actor=country.actor, user=user, organisation=province, role=Role.QUAN_TRI)
    client = Client()
    client.force_login(user)
    with recording() as statements:
        response = client.get("/api/v1/orgs/", {"root": "CIT-P2", "limit": "500"})
    assert response.status_code == 200
    listed = response.json()
    assert [row["code"] for row in listed][:2] == ["CIT-P2", "CIT-P2-X0"]
    assert len(listed) == 9
    # The user's grants (memberships joined to their units), the root named in the request
    # (``org_get``), then the subtree list (``org_subtree``) itself.
    checked, compared = assert_single_shard(statements, province.pk)
    assert checked >= 3 and compared >= 1 + 1 + 9


def test_a_cell_save_writes_one_province_and_replays_on_its_partition(country: Country) -> None:
    cell = country.units["CIT-P0-X1-CB2"]
    province = country.province_of[cell.pk]
    rows = [ValueRow(ind, cell, NOW, value=Decimal("7.5")) for ind in country.indicators[::2]]
    rows.append(
        ValueRow(country.indicators[1], cell, NOW, numerator=Decimal(3), denominator=Decimal(4))
    )
    with recording() as statements:
        assert values_save_many(actor=country.actor, rows=rows) == 3
    writes = [s for s in distributed(statements) if s.sql.startswith("INSERT")]
    assert len(writes) == 2  # The value upsert, then the ancestors' roll-up upsert.
    landed: set[str] = set()
    written: set[int] = set()
    for write in writes:
        for params in write.params:
            written.add(params[1])  # Both upserts put organisation_id second.
            landed.add(_replay(write.sql, country.province_of[params[1]], params))
    commune = cell.parent_id
    assert {cell.pk, commune, province} == written
    assert {country.province_of[pk] for pk in written} == {province}
    assert landed == {f"dist_value_p{province}", f"dist_aggregate_p{province}"}
    assert_copies_equal_product()
    # The save's reads (its current figures, the ledger, the tree lock) on the partitions.
    statements_checked, compared = assert_single_shard(statements, province)
    assert statements_checked >= 7 and compared > 0


def _replay(sql: str, province: int, params: tuple[Any, ...]) -> str:
    """One row of a product upsert, on the copy, keyed by province. Returns the partition the
    row landed in (PostgreSQL routes an INSERT to its partition at run time, so ``EXPLAIN``
    cannot show it; ``RETURNING tableoid`` does)."""
    for table, copy in COPIES.items():
        sql = re.sub(rf"\b{table}\b", copy, sql)
    sql = re.sub(r"INSERT INTO (\w+) \(", r"INSERT INTO \1 (province_id, ", sql, count=1)
    sql = sql.replace("VALUES (", "VALUES (%s, ", 1).replace(
        "ON CONFLICT (", "ON CONFLICT (province_id, ", 1
    )
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING tableoid::regclass::text", [province, *params])
        return str(cursor.fetchone()[0])


def assert_copies_equal_product() -> None:
    """The copies hold the product's rows (the surrogate ids of new rows aside). Table and
    column names come from this module and the models, never from input."""
    for table, columns in (
        ("indicators_indicatorvalue", [f.column for f in IndicatorValue._meta.concrete_fields]),
        ("indicators_aggregate", [f.column for f in Aggregate._meta.concrete_fields]),
    ):
        listed = ", ".join(c for c in columns if c != "id")
        mine = "WHERE organisation_id IN (SELECT id FROM dist_org)"
        product = run(f"SELECT {listed} FROM {table} {mine}", [])  # noqa: S608
        copy = run(f"SELECT {listed} FROM {COPIES[table]}", [])  # noqa: S608
        assert Counter(copy) == Counter(product)


def test_national_figure_reads_every_partition_and_adds_up(country: Country) -> None:
    """Sums across provinces: the province roots' roll-up rows (a root is its own province)."""
    for ind in country.indicators[:2]:
        columns = ("numerator", "denominator") if ind.is_ratio else ("value",)
        sums = ", ".join(f"sum({c})" for c in columns)
        sql = (
            f"SELECT {sums}, sum(contributors) FROM dist_aggregate"  # noqa: S608
            " WHERE organisation_id = province_id AND indicator_id = %s AND period_code = %s"
        )
        params = [ind.pk, NOW.code]
        assert partitions(sql, params) == {f"dist_aggregate_p{p.pk}" for p in country.provinces}
        [(*national, contributors)] = run(sql, params)
        scope = {"indicator": ind, "period_code": NOW.code}
        roots = Aggregate.objects.filter(organisation__in=country.provinces, **scope)
        leaves = IndicatorValue.objects.filter(
            organisation__kind=OrgKind.CHI_BO_CO_SO, organisation__code__startswith="CIT-", **scope
        )
        totals = [Sum(c) for c in columns]
        assert national == list(roots.aggregate(*totals).values())
        assert national == list(leaves.aggregate(*totals).values())
        assert all(n > 0 for n in national)
        assert contributors == 3 * 2  # Each province root sums its two communes.
