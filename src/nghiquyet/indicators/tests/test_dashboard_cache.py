"""The cached dashboard (``dashboard_lines``) never outlives a committed write to its tree."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from nghiquyet.core.periods import Period
from nghiquyet.indicators.selectors import dashboard_lines, unit_lines
from nghiquyet.indicators.services import target_set
from nghiquyet.indicators.tests.helpers import make_indicator
from nghiquyet.indicators.values import ValueRow, values_save_many
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.services import org_create

QUARTER = Period.parse("2025Q4")


def _figure(org, indicator):
    lines = dashboard_lines(org=org, period=QUARTER, indicators=[indicator])
    return lines[0].figure.value if lines and lines[0].figure else None


def _save(cast, org, indicator, value):
    values_save_many(actor=cast.root, rows=[ValueRow(indicator, org, QUARTER, value=value)])


@pytest.mark.django_db(transaction=True)
def test_a_committed_save_below_shows_at_once_and_a_hit_costs_one_query(cast):
    indicator = make_indicator(cast.root, "DV-CACHE")
    _save(cast, cast.cell, indicator, 5)
    assert _figure(cast.commune, indicator) == Decimal(5)
    with CaptureQueriesContext(connection) as hit:
        assert _figure(cast.commune, indicator) == Decimal(5)
    assert len(hit.captured_queries) == 1  # the generations; the lines come from the cache
    _save(cast, cast.cell, indicator, 7)
    assert _figure(cast.commune, indicator) == Decimal(7)
    assert dashboard_lines(org=cast.commune, period=QUARTER, indicators=[indicator])[0].figure == (
        unit_lines(org=cast.commune, period=QUARTER, indicators=[indicator])[0].figure
    )


@pytest.mark.django_db(transaction=True)
def test_a_target_set_after_caching_is_shown(cast):
    indicator = make_indicator(cast.root, "DV-CACHE-T")
    _save(cast, cast.commune, indicator, 5)
    first = dashboard_lines(org=cast.commune, period=QUARTER, indicators=[indicator])[0]
    assert first.target is None
    target_set(
        actor=cast.root, indicator=indicator, organisation=cast.commune, period="2025", text="10"
    )
    line = dashboard_lines(org=cast.commune, period=QUARTER, indicators=[indicator])[0]
    assert line.target is not None


@pytest.mark.django_db(transaction=True)
def test_a_write_in_another_tree_keeps_the_cache(cast):
    indicator = make_indicator(cast.root, "DV-CACHE-K")
    _save(cast, cast.cell, indicator, 5)
    other = org_create(
        actor=cast.root,
        code="T-KHAC",
        name="Tỉnh ủy khác",
        kind=OrgKind.TINH_UY,
        parent=None,
        valid_from=dt.date(2025, 7, 1),
    )
    assert _figure(cast.commune, indicator) == Decimal(5)
    _save(cast, other, indicator, 9)
    with CaptureQueriesContext(connection) as hit:
        assert _figure(cast.commune, indicator) == Decimal(5)
    assert len(hit.captured_queries) == 1


@pytest.mark.django_db(transaction=True)
def test_a_request_sees_its_own_write_before_it_commits(cast):
    indicator = make_indicator(cast.root, "DV-CACHE-R")
    _save(cast, cast.cell, indicator, 5)
    assert _figure(cast.commune, indicator) == Decimal(5)
    with transaction.atomic():
        _save(cast, cast.cell, indicator, 8)
        assert _figure(cast.commune, indicator) == Decimal(8)
