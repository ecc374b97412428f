"""After the run: every expected value stored exactly once, and every roll-up right.

The checks read the tables with plain SQL, independent of the product's roll-up code:

- ``lost``: an expected (unit, indicator) with no stored value for the period;
- ``duplicated``: a (unit, indicator) with more than one stored row for the period (of any
  value type: each unit sent its official figures once);
- ``wrong``: a stored official value that differs from what the unit sent;
- ``unexpected``: a value stored under the province for a unit or indicator nobody sent;
- ``rollup``: an ancestor whose stored roll-up (``Aggregate``) differs from the sum of its
  leaves' values, recomputed in SQL (counts and amounts: Σ value; ratios: Σ numerator and
  Σ denominator, decision 0007);
- ``totals``: the province's roll-up against the sum of the expected figures (from the
  manifest, not the database).

The roll-up check sums leaves, which equals the product's rule (sum of the children's
effective figures) when only leaves report, as in the load test; a value stored on a unit with
children is reported under ``unexpected`` rather than silently mis-summed.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from loadtest.scenario import RATIO, Figure, Manifest
from nghiquyet.indicators.models import Aggregate, Indicator, IndicatorValue
from nghiquyet.orgs.models import Organisation

Triple = tuple[Decimal, Decimal, Decimal]
OFFICIAL = "chinh_thuc"
TABLES = {
    "val": IndicatorValue._meta.db_table,
    "agg": Aggregate._meta.db_table,
    "org": Organisation._meta.db_table,
    "ind": Indicator._meta.db_table,
}


@dataclass
class CheckReport:
    """Problems found, each a short line naming the unit, indicator and figures."""

    values_expected: int = 0
    values_stored: int = 0
    ancestors_checked: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    rollup: list[str] = field(default_factory=list)
    totals: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        problems = (self.lost, self.duplicated, self.wrong, self.unexpected)
        return not any(problems) and not self.rollup and not self.totals

    def as_dict(self) -> dict[str, object]:
        return {**self.__dict__, "ok": self.ok}


def check(manifest: Manifest) -> CheckReport:
    """Compare the database with what ``manifest``'s units sent; see the module docstring."""
    report = CheckReport()
    expected = manifest.expected()
    report.values_expected = len(expected)
    stored = _stored(manifest)
    report.values_stored = sum(len(rows) for rows in stored.values())
    _compare_values(manifest, expected, stored, report)
    _compare_rollups(manifest, report)
    _compare_totals(manifest, expected, report)
    return report


def _sql(template: str) -> str:
    return template.format(**TABLES)


def _rows(sql: str, params: list[object]) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(_sql(sql), params)
        return list(cursor.fetchall())


def _num(x: object) -> Decimal:
    return Decimal(0) if x is None else Decimal(str(x)).quantize(Decimal("0.000001"))


def _triple(fig: Figure, kind: str) -> Triple:
    if kind == RATIO:
        return (_num(0), _num(fig.numerator), _num(fig.denominator))
    return (_num(fig.value), _num(0), _num(0))


StoredRow = tuple[str, Triple]


def _stored(manifest: Manifest) -> dict[tuple[str, str], list[StoredRow]]:
    """Every stored row of the period under the province: {(unit, indicator): [(type, triple)]}."""
    rows = _rows(
        "SELECT o.code, i.code, i.kind, v.value_type, v.value, v.numerator, v.denominator "
        "FROM {val} v JOIN {org} o ON o.id = v.organisation_id "
        "JOIN {ind} i ON i.id = v.indicator_id "
        "JOIN {org} root ON o.path LIKE root.path || '%%' "
        "WHERE root.code = %s AND v.period_code = %s",
        [manifest.province, manifest.period],
    )
    out: dict[tuple[str, str], list[StoredRow]] = defaultdict(list)
    for unit, ind, kind, value_type, value, num, den in rows:
        triple = (_num(0), _num(num), _num(den)) if kind == RATIO else (_num(value), *_zeros())
        out[(str(unit), str(ind))].append((str(value_type), triple))
    return out


def _zeros() -> tuple[Decimal, Decimal]:
    return (_num(0), _num(0))


def _compare_values(
    manifest: Manifest,
    expected: dict[tuple[str, str], Figure],
    stored: dict[tuple[str, str], list[StoredRow]],
    report: CheckReport,
) -> None:
    for key, fig in sorted(expected.items()):
        rows = stored.get(key, [])
        if not rows:
            report.lost.append(f"{key[0]} {key[1]}: chưa lưu")
        elif len(rows) > 1:
            report.duplicated.append(f"{key[0]} {key[1]}: {len(rows)} dòng")
        want = _triple(fig, manifest.indicators[key[1]])
        official = [t for vt, t in rows if vt == OFFICIAL]
        if rows and official[:1] != [want]:
            report.wrong.append(f"{key[0]} {key[1]}: lưu {official or rows}, gửi {want}")
    for key in sorted(stored.keys() - expected.keys()):
        report.unexpected.append(f"{key[0]} {key[1]}: {stored[key]}")


# Σ over the leaves strictly below each ancestor inside the province, per indicator.
LEAF_SUMS = (
    "SELECT a.code, i.code, "
    "SUM(CASE WHEN i.kind = %s THEN 0 ELSE COALESCE(v.value, 0) END), "
    "SUM(CASE WHEN i.kind = %s THEN COALESCE(v.numerator, 0) ELSE 0 END), "
    "SUM(CASE WHEN i.kind = %s THEN COALESCE(v.denominator, 0) ELSE 0 END) "
    "FROM {org} root JOIN {org} a ON a.path LIKE root.path || '%%' "
    "JOIN {org} o ON o.path LIKE a.path || '%%' AND o.id <> a.id "
    "JOIN {val} v ON v.organisation_id = o.id "
    "JOIN {ind} i ON i.id = v.indicator_id "
    "WHERE root.code = %s AND v.period_code = %s AND v.value_type = %s "
    "AND NOT EXISTS (SELECT 1 FROM {org} c WHERE c.parent_id = o.id) "
    "GROUP BY a.code, i.code"
)
STORED_ROLLUPS = (
    "SELECT a.code, i.code, g.value, g.numerator, g.denominator "
    "FROM {agg} g JOIN {org} a ON a.id = g.organisation_id "
    "JOIN {ind} i ON i.id = g.indicator_id "
    "JOIN {org} root ON a.path LIKE root.path || '%%' "
    "WHERE root.code = %s AND g.period_code = %s"
)


def _compare_rollups(manifest: Manifest, report: CheckReport) -> None:
    params = [manifest.province, manifest.period]
    sums = {
        (str(a), str(i)): (_num(v), _num(n), _num(d))
        for a, i, v, n, d in _rows(LEAF_SUMS, [RATIO, RATIO, RATIO, *params, OFFICIAL])
    }
    stored = {
        (str(a), str(i)): (_num(v), _num(n), _num(d))
        for a, i, v, n, d in _rows(STORED_ROLLUPS, params)
    }
    report.ancestors_checked = len({a for a, _ in sums})
    zero = (_num(0), _num(0), _num(0))
    for key in sorted(sums.keys() | stored.keys()):
        want, got = sums.get(key, zero), stored.get(key, zero)
        if want != got:
            report.rollup.append(f"{key[0]} {key[1]}: tổng hợp {got}, tổng cấp dưới {want}")


def _compare_totals(
    manifest: Manifest, expected: dict[tuple[str, str], Figure], report: CheckReport
) -> None:
    want: dict[str, list[Decimal]] = defaultdict(lambda: [_num(0)] * 3)
    for (_, ind), fig in expected.items():
        triple = _triple(fig, manifest.indicators[ind])
        want[ind] = [a + b for a, b in zip(want[ind], triple, strict=True)]
    got = {
        str(i): (_num(v), _num(n), _num(d))
        for a, i, v, n, d in _rows(STORED_ROLLUPS, [manifest.province, manifest.period])
        if a == manifest.province
    }
    for ind, triple in sorted(want.items()):
        if got.get(ind) != tuple(triple):
            report.totals.append(f"{manifest.province} {ind}: {got.get(ind)}, mong đợi {triple}")
