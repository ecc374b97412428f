"""Benchmarks: each app's ``bench.py`` has ``run(ctx: BenchContext) -> dict``.

Figures are wall-clock on the machine that runs ``make bench``; budgets live in the issues.
"""

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from nghiquyet.core.contrib import app_modules


@dataclass
class BenchContext:
    actor: User
    scale: float = 1.0
    # "" (sizes from ``scale``), "commune" or "province" (see the command's --scenario).
    scenario: str = ""
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    say: Callable[[str], None] = print

    def size(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.scale))


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def percentiles_ms(samples: list[float]) -> dict[str, float]:
    """p50 and p95 of durations given in seconds, in milliseconds."""
    ordered = sorted(samples)
    p95_index = max(0, round(0.95 * len(ordered)) - 1)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[p95_index] * 1000, 2),
        "n": len(ordered),
    }


def run_benchmarks(ctx: BenchContext, only: set[str] | None = None) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for module in app_modules("bench"):
        label = module.__name__.split(".")[1]
        if only and label not in only:
            continue
        ctx.say(f"… {label}")
        results[label] = module.run(ctx)
    return results


# The raw driver's table: the value row's columns and unique key, nothing else (no roll-up,
# no validation, no audit), so that product ÷ raw shows what the product's work costs.
RAW_TABLE = "bench_raw_values"
RAW_COLUMNS = "indicator_id, organisation_id, period, value_type, value, numerator, denominator"
RAW_INSERT = (
    "INSERT INTO bench_raw_values (indicator_id, organisation_id, period, value_type, value, "
    "numerator, denominator) VALUES (%s, %s, %s, %s, %s, %s, %s)"
)
RawRow = tuple[int, int, str, str, Any, Any, Any]


def raw_insert(batches: list[list[RawRow]]) -> dict[str, float]:
    """Values per second the database driver itself reaches writing ``batches`` (one
    transaction each) into a scratch table with the value table's key: ``executemany`` on
    every database, and ``COPY`` on PostgreSQL. The table is dropped afterwards."""
    from django.db import connection, transaction

    total = sum(len(b) for b in batches)
    out: dict[str, float] = {}
    methods = ["executemany"] + (["copy"] if connection.vendor == "postgresql" else [])
    for method in methods:
        _raw_table(create=True)
        start = time.perf_counter()
        for batch in batches:
            with transaction.atomic(), connection.cursor() as cursor:
                _raw_write(cursor, method, batch)
        out[f"raw_{method}_values_per_s"] = round(total / (time.perf_counter() - start))
        _raw_table(create=False)
    return out


def _raw_table(*, create: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        if create:
            cursor.execute(
                f"CREATE TABLE {RAW_TABLE} (indicator_id integer NOT NULL, "
                "organisation_id integer NOT NULL, period varchar(16) NOT NULL, "
                "value_type varchar(16) NOT NULL, value numeric(24, 6), "
                "numerator numeric(24, 6), denominator numeric(24, 6), "
                "PRIMARY KEY (indicator_id, organisation_id, period, value_type))"
            )


def _raw_write(cursor: Any, method: str, batch: list[RawRow]) -> None:
    if method == "copy":
        with cursor.cursor.copy(f"COPY {RAW_TABLE} ({RAW_COLUMNS}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(row)
        return
    cursor.executemany(RAW_INSERT, batch)


def compare(new: Any, old: Any, path: str = "") -> list[tuple[str, float, float]]:
    """Every number found at the same place in two bench results: (dotted path, new, old)."""
    if isinstance(new, dict) and isinstance(old, dict):
        out = []
        for key in new.keys() & old.keys():
            out += compare(new[key], old[key], f"{path}.{key}" if path else key)
        return sorted(out)
    numbers = isinstance(new, int | float) and isinstance(old, int | float)
    if numbers and not isinstance(new, bool):
        return [(path, float(new), float(old))]
    return []
