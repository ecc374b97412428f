"""The load test's checker finds lost, duplicated and wrong values and wrong roll-ups.

The database is built by the load test's own seed (3 communes in 2 groups) and filled through
``values_save_many``; each test then damages one thing behind the services' back.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from loadtest import scenario
from loadtest.check import check
from loadtest.seed import build
from nghiquyet.core.periods import Period
from nghiquyet.indicators.models import Aggregate, Indicator, IndicatorValue
from nghiquyet.indicators.services import ValueRow, values_save_many
from nghiquyet.orgs.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def manifest(monkeypatch):
    monkeypatch.setattr(scenario, "UNITS_PER_GROUP", 2)
    made = build(units=3, leaders=1)
    admin = get_user_model().objects.get(username="lt-admin")
    period = Period.parse(made.period)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=made.indicators)}
    rows = []
    for unit in made.units:
        org = Organisation.objects.get(code=unit["code"])
        for code, kind in made.indicators.items():
            fig = scenario.figure(unit["code"], code, kind)
            numbers = (
                {"numerator": Decimal(fig.numerator), "denominator": Decimal(fig.denominator)}
                if kind == scenario.RATIO
                else {"value": Decimal(fig.value)}
            )
            rows.append(ValueRow(indicators[code], org, period, **numbers))
    values_save_many(actor=admin, rows=rows)
    return made


def _value(made, unit_index=0, indicator="LT-I00"):
    return IndicatorValue.objects.get(
        organisation__code=made.units[unit_index]["code"],
        indicator__code=indicator,
        period_code=made.period,
    )


def test_checker_passes_when_every_value_is_stored_once_and_rolled_up(manifest):
    report = check(manifest)
    assert report.ok, report.as_dict()
    assert report.values_expected == report.values_stored == 3 * 8
    # The province and its two groups.
    assert report.ancestors_checked == 3


def test_checker_finds_a_lost_value(manifest):
    _value(manifest, 1).delete()
    report = check(manifest)
    assert not report.ok
    assert report.lost == [f"{manifest.units[1]['code']} LT-I00: chưa lưu"]
    # The roll-up rows still hold the deleted figure, so they no longer match the leaves.
    assert len(report.rollup) == 2


def test_checker_finds_a_duplicated_value(manifest):
    official = _value(manifest, 2, "LT-I01")
    official.pk = None
    official.value_type = "uoc"
    official.save()
    report = check(manifest)
    assert report.duplicated == [f"{manifest.units[2]['code']} LT-I01: 2 dòng"]
    assert not report.ok and not report.lost and not report.rollup


def test_checker_finds_a_value_that_differs_from_what_was_sent(manifest):
    IndicatorValue.objects.filter(pk=_value(manifest, 0, "LT-I02").pk).update(numerator=0)
    report = check(manifest)
    assert [line.split(":")[0] for line in report.wrong] == [f"{manifest.units[0]['code']} LT-I02"]
    assert not report.ok


def test_checker_finds_a_stale_group_rollup(manifest):
    group = scenario.group_code(1)
    Aggregate.objects.filter(organisation__code=group, indicator__code="LT-I03").update(
        value=Decimal(1)
    )
    report = check(manifest)
    assert [line.split(":")[0] for line in report.rollup] == [f"{group} LT-I03"]
    assert report.totals == [] and not report.ok


def test_checker_finds_a_province_total_that_misses_a_unit(manifest):
    unit = manifest.units[2]["code"]
    IndicatorValue.objects.filter(organisation__code=unit).delete()
    Aggregate.objects.filter(organisation__code=scenario.group_code(1)).delete()
    Aggregate.objects.filter(organisation__code=manifest.province).update(
        value=0, numerator=0, denominator=0
    )
    report = check(manifest)
    assert len(report.lost) == 8
    assert len(report.totals) == 8
    assert not report.ok
