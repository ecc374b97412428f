"""The ``national`` bench scenario (issue 13, items 1-2): PostgreSQL only, loaded by COPY, its
SQL roll-up checked against ``rollup.recompute``. Timings are never asserted."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from nghiquyet.indicators import bench_national
from nghiquyet.indicators.models import Aggregate, IndicatorValue
from nghiquyet.orgs.models import Organisation, OrgKind

ON_POSTGRESQL = connection.vendor == "postgresql"
TINY = ["--scenario", "national", "--scale", "0.001", "--only", "indicators"]


def _bench(tmp_path):
    out = tmp_path / "national.json"
    call_command("bench", *TINY, "-o", str(out), stdout=StringIO(), stderr=StringIO())
    return json.loads(out.read_text())


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the national scenario loads with PostgreSQL COPY")
@pytest.mark.django_db
def test_national_scenario_loads_the_country_checks_its_roll_up_and_times_the_reads(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(bench_national, "ROUNDS", 2)
    saved = _bench(tmp_path)
    figures = saved["indicators"]
    units = figures["units"]
    assert units["provinces"] == Organisation.objects.filter(parent__isnull=True).count() == 2
    assert units["cells"] == Organisation.objects.filter(kind=OrgKind.CHI_BO_CO_SO).count()
    # Every cell reports every indicator every quarter; the three levels have their roll-up.
    assert figures["values"] == units["cells"] * 60 * 20 == IndicatorValue.objects.count()
    assert figures["aggregates"]["rows"] == Aggregate.objects.count() > 0
    # The check ran: a cell's values re-saved through the service unchanged, and the roll-up
    # rows of a province and two communes equal to what rollup.recompute rebuilds.
    check = figures["correctness_check"]
    assert check["values_resaved_unchanged"] == 60 * 20
    assert check["rollup_rows_equal_to_recompute"] == 3 * 48 * 20
    assert figures["product_per_raw_copy"] > 0
    assert set(figures["national_dashboard"]) == {"2025Q4", "2025"}
    for read in figures["national_dashboard"].values():
        assert read["queries"] == 1 and read["raw"]["queries"] == 1
    assert figures["province_dashboard_in_national_tree"]["queries"] > 0
    subtree = figures["subtree_list_of_a_province"]
    assert subtree["api_whole_subtree"]["queries"] > 0 and subtree["selector"]["queries"] == 1
    assert set(figures["budgets"]) >= {
        "national_dashboard_p50_ms",
        "province_dashboard_p50_ms",
        "subtree_list_of_a_province_p50_ms",
        "import_per_raw_copy",
    }
    # The scratch tables of the raw driver are gone.
    assert bench_national.RAW_TABLE not in connection.introspection.table_names()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the national scenario loads with PostgreSQL COPY")
@pytest.mark.django_db
def test_a_wrong_sql_roll_up_is_caught_by_the_check(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_national, "ROUNDS", 2)
    wrong = bench_national._ROLL_UP.replace("COUNT(*)", "COUNT(*) + 1")
    monkeypatch.setattr(bench_national, "_ROLL_UP", wrong)
    with pytest.raises(RuntimeError, match=r"differs from rollup\.recompute"):
        _bench(tmp_path)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the national scenario loads with PostgreSQL COPY")
@pytest.mark.django_db
def test_values_not_as_the_service_stores_them_are_caught_by_the_check(tmp_path, monkeypatch):
    # A ratio's value written as its bare percentage without the six places the service keeps.
    monkeypatch.setattr(bench_national, "ROUNDS", 2)
    maker = bench_national._figure_maker

    def rounded(ctx):
        figure = maker(ctx)

        def draw(kind):
            value, num, den = figure(kind)
            return (str(round(float(value))), num, den) if kind == "ty_le" else (value, num, den)

        return draw

    monkeypatch.setattr(bench_national, "_figure_maker", rounded)
    with pytest.raises(RuntimeError, match="through the service changed"):
        _bench(tmp_path)


@pytest.mark.skipif(ON_POSTGRESQL, reason="the refusal is what SQLite gets")
@pytest.mark.django_db
def test_sqlite_is_refused_with_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="chỉ chạy trên PostgreSQL"):
        _bench(tmp_path)
