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
