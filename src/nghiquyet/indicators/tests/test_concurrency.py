"""Concurrent writers under one ancestor must not lose roll-up updates (PostgreSQL and SQLite)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from nghiquyet.indicators.models import Aggregate
from nghiquyet.indicators.tests.helpers import make_indicator, make_org
from nghiquyet.indicators.values import value_save

WRITERS = 6


@pytest.mark.django_db(transaction=True)
def test_parallel_saves_under_one_commune_all_reach_the_aggregate(cast):
    indicator = make_indicator(cast.root, "DV-MOI")
    cells = [make_org(cast.root, f"P-CL-SS{i}", cast.commune) for i in range(WRITERS)]
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            value_save(
                actor=cast.root,
                indicator=indicator,
                organisation=cells[index],
                period="2025Q4",
                value=index + 1,
            )
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    expected = Decimal(sum(range(1, WRITERS + 1)))
    for org in (cast.commune, cast.province):
        agg = Aggregate.objects.get(indicator=indicator, organisation=org, period_code="2025Q4")
        assert agg.value == expected
