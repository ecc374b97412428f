"""National figures summed at read time from the provinces' roll-up rows (issue 13)."""

import datetime as dt
from decimal import Decimal

import pytest

from nghiquyet.core.periods import Period
from nghiquyet.indicators.figures import TONG_HOP, ratio
from nghiquyet.indicators.models import Aggregate
from nghiquyet.indicators.national import national_totals
from nghiquyet.indicators.services import ValueRow, value_save, values_save_many
from nghiquyet.orgs.models import OrgKind

from .helpers import make_indicator, make_org

Q3, Q4 = Period.parse("2025Q3"), Period.parse("2025Q4")


@pytest.fixture
def country(cast):
    """Two provinces: the cast's (two communes, a cell each) and a second one with one commune
    and two cells; a count, a ratio, a growth rate (does not roll up) and a count nobody
    reported, with every cell's figures for two quarters."""
    root = cast.root
    second = make_org(root, "T-AG", None, OrgKind.TINH_UY)
    commune = make_org(root, "X-AG", second, OrgKind.DANG_UY_XA)
    cells = [cast.cell, cast.other_cell]
    cells += [make_org(root, f"X-AG-CB{i}", commune) for i in (1, 2)]
    inds = {
        "count": make_indicator(root, "QG-DV"),
        "ratio": make_indicator(root, "QG-TL", "ty_le"),
        "growth": make_indicator(root, "QG-TD", "toc_do", combine="binh_quan"),
        "empty": make_indicator(root, "QG-TRONG"),
    }
    # Per cell and quarter: (count, numerator, denominator, growth).
    figures = {
        Q3: [(10, 1, 4, 5), (20, 3, 4, 6), (30, 90, 100, 7), (40, 0, 2, 8)],
        Q4: [(1, 2, 2, 5), (2, 1, 10, 6), (3, 5, 10, 7), (4, 1, 1, 8)],
    }
    rows = []
    for period, per_cell in figures.items():
        for cell, (count, num, den, growth) in zip(cells, per_cell, strict=True):
            rows += [
                ValueRow(inds["count"], cell, period, value=count),
                ValueRow(inds["ratio"], cell, period, numerator=num, denominator=den),
                ValueRow(inds["growth"], cell, period, value=growth),
            ]
    values_save_many(actor=root, rows=rows)
    return {"provinces": [cast.province, second], "inds": inds}


def _province_rows(country, ind, period):
    return list(
        Aggregate.objects.filter(
            organisation__in=country["provinces"], indicator=ind, period_code=period.code
        )
    )


@pytest.mark.django_db
def test_national_count_is_the_sum_of_the_provinces_roll_ups(country, django_assert_num_queries):
    inds = country["inds"]
    with django_assert_num_queries(1):
        totals = national_totals(period=Q3, indicators=list(inds.values()))
    rows = _province_rows(country, inds["count"], Q3)
    assert len(rows) == 2
    assert totals[inds["count"].pk].value == sum(r.value for r in rows) == 100
    assert totals[inds["count"].pk].source == TONG_HOP
    assert totals[inds["count"].pk].covered_end == dt.date(2025, 9, 30)


@pytest.mark.django_db
def test_national_ratio_is_recomputed_from_the_summed_parts(country):
    ind = country["inds"]["ratio"]
    figure = national_totals(period=Q3, indicators=[ind])[ind.pk]
    rows = _province_rows(country, ind, Q3)
    assert figure.numerator == sum(r.numerator for r in rows) == 94
    assert figure.denominator == sum(r.denominator for r in rows) == 110
    assert figure.value == ratio(Decimal(94), Decimal(110), 100)
    # Not the mean of the two provinces' ratios (4/8 and 90/102).
    mean = (ratio(Decimal(4), Decimal(8), 100) + ratio(Decimal(90), Decimal(102), 100)) / 2
    assert figure.value != mean


@pytest.mark.django_db
def test_indicators_that_do_not_roll_up_or_have_no_figure_are_absent(country):
    inds = country["inds"]
    totals = national_totals(period=Q3, indicators=list(inds.values()))
    assert set(totals) == {inds["count"].pk, inds["ratio"].pk}
    assert national_totals(period=Q3, indicators=[inds["growth"], inds["empty"]]) == {}


@pytest.mark.django_db
def test_national_year_combines_the_quarters_by_the_indicators_rule(country):
    inds = country["inds"]
    totals = national_totals(period=Period.parse("2025"), indicators=list(inds.values()))
    assert totals[inds["count"].pk].value == 100 + 10
    year_ratio = totals[inds["ratio"].pk]
    assert (year_ratio.numerator, year_ratio.denominator) == (94 + 9, 110 + 23)
    assert year_ratio.value == ratio(Decimal(103), Decimal(133), 100)
    assert year_ratio.covered_end == dt.date(2025, 12, 31)


@pytest.mark.django_db
def test_a_province_committees_own_figure_is_not_added_to_its_roll_up(country, cast):
    ind = country["inds"]["count"]
    value_save(actor=cast.root, indicator=ind, organisation=cast.province, period=Q3, value=999)
    assert national_totals(period=Q3, indicators=[ind])[ind.pk].value == 100
