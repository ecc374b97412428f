"""Dashboards (issue 12, item 5): the results page, children side by side, the heat map and the
start page tiles; scoped by ``visible_to``, with query counts independent of the units."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.core.periods import Period
from nghiquyet.indicators.services import target_set
from nghiquyet.indicators.tests.helpers import make_indicator, make_org
from nghiquyet.indicators.values import value_save
from nghiquyet.testing import Page, PermissionMatrix
from nghiquyet.web.dashboards import SubmissionTile, latest_quarter, start_tiles

OWN = {"anonymous": 302, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
OTHER = {"anonymous": 302, "xa": 404, "lanhdao": 200, "tinhuy": 200}
PAGES = ("web:results", "web:children", "web:heat_map", "web:heat_map_requirements")


class TestDashboardPermissions(PermissionMatrix):
    routes = [
        *(Page(name, args=("P-CL",), expect=OWN) for name in PAGES),
        *(Page(name, args=("X-MH",), expect=OTHER) for name in PAGES),
    ]


def _save(cast, ind, org, period, value):
    value_save(
        actor=cast.root, indicator=ind, organisation=org, period=period, value=Decimal(value)
    )


@pytest.fixture
def year(cast):
    """DV-MOI: 1.000 a year for P-CL, 200 for each of two cells; the cells report 300 and 100
    over the first three quarters of 2026."""
    ind = make_indicator(cast.root, "DV-MOI")
    cell2 = make_org(cast.root, "P-CL-CB2", cast.commune)
    target_set(
        actor=cast.root, indicator=ind, organisation=cast.commune, period="2026", text="1.000"
    )
    for cell in (cast.cell, cell2):
        target_set(actor=cast.root, indicator=ind, organisation=cell, period="2026", text="200")
    for quarter in ("2026Q1", "2026Q2", "2026Q3"):
        _save(cast, ind, cast.cell, quarter, 100)
    _save(cast, ind, cell2, "2026Q1", 100)
    return ind


def _get(client, name, org="P-CL", **query):
    return client.get(reverse(name, args=[org]), query)


def test_results_page_shows_status_and_outlook_in_words_and_the_trend(cast, client_for, year):
    page = _get(client_for("xa"), "web:results", ky="2026N9")
    html = page.content.decode()
    assert page.status_code == 200
    # 400 of 1.000 after nine months: "Chưa đạt", and 600 in three months is out of reach.
    assert "Chưa đạt" in html and "Khó đạt được" in html
    assert "0/1 chỉ tiêu đạt và vượt" in html
    assert "Chỉ tiêu 2026: 1.000" in html  # the trend chart's target line
    assert '<svg class="chart" role="img"' in html
    # The unit and the period are picked from lists, not typed.
    assert '<select name="don_vi"' in html and '<select name="ky"' in html


def test_picking_another_unit_opens_its_page_keeping_the_period(cast, client_for, year):
    page = _get(client_for("xa"), "web:results", don_vi="P-CL-CB1", ky="2026N9")
    assert page.status_code == 302
    assert page["Location"] == reverse("web:results", args=["P-CL-CB1"]) + "?ky=2026N9"


def test_a_period_not_offered_is_refused_in_words(cast, client_for):
    page = _get(client_for("xa"), "web:results", ky="2026Q9")
    assert page.status_code == 422
    assert "Hãy chọn một mục trong danh sách." in page.content.decode()


def test_a_unit_picked_outside_the_scope_is_refused(cast, client_for):
    assert _get(client_for("xa"), "web:results", don_vi="X-MH").status_code == 422


def test_children_side_by_side_sorted_by_percent_with_a_bar_chart(cast, client_for, year):
    page = _get(client_for("xa"), "web:children", ky="2026N9", chi_tieu="DV-MOI")
    html = page.content.decode()
    assert page.status_code == 200
    rows = page.context["view"].rows
    assert [(r.org.code, r.percent, r.line.status) for r in rows] == [
        ("P-CL-CB1", Decimal("150.00"), "vuot"),
        ("P-CL-CB2", Decimal("50.00"), "chua_dat"),
    ]
    assert "300 người · Vượt · 150,00%" in html  # the bar's label says value, status and %
    cell = reverse("web:results", args=["P-CL-CB1"]) + "?ky=2026N9"
    assert cell in html  # drills down keeping the period


def test_heat_map_cells_say_the_status_and_drill_down(cast, client_for, year):
    page = _get(client_for("xa"), "web:heat_map", ky="2026N9")
    html = page.content.decode()
    assert page.status_code == 200
    assert [[line.status for line in lines] for _, lines in page.context["view"].rows] == [
        ["vuot"],
        ["chua_dat"],
    ]
    assert 'class="heat-vuot"' in html and ">Vượt</a>" in html and ">Chưa đạt</a>" in html
    assert reverse("web:results", args=["P-CL-CB2"]) + "?ky=2026N9" in html


def test_the_start_page_shows_the_tiles_with_status_labels(cast, client_for, year):
    page = client_for("xa").get(reverse("web:home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tình hình thực hiện" in html
    assert "Xem toàn bộ kết quả thực hiện" in html


def test_start_tiles_put_the_worst_first_with_status_and_outlook(cast, year):
    tiles = start_tiles(cast.xa, cast.commune, today=dt.date(2026, 10, 20))
    assert tiles.period == Period.parse("2026Q3")
    [tile] = tiles.tiles
    # In the third quarter only one of the two cells reported: the status is provisional.
    assert (tile.status_label, tile.outlook_label) == ("Tạm tính", "Khó đạt được")
    assert tiles.overdue_tasks == 0


def test_submission_sentence():
    tile = SubmissionTile("Biểu", Period.parse("2026Q3"), 26, 23, 20)
    assert tile.sentence == "23/26 đơn vị đã gửi, 20 đúng hạn"
    assert SubmissionTile("B", Period.parse("2026"), 1234, 1001, 0).sentence == (
        "1.001/1.234 đơn vị đã gửi, 0 đúng hạn"
    )


def test_latest_quarter_is_the_last_one_ended():
    assert latest_quarter(dt.date(2026, 1, 5)) == Period.parse("2025Q4")
    assert latest_quarter(dt.date(2026, 7, 1)) == Period.parse("2026Q2")


def _count(client, name, **query) -> int:
    client.get(reverse(name, args=["P-CL"]), query)  # grants are cached after the first
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(name, args=["P-CL"]), query).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_queries_do_not_grow_with_the_units(cast, client_for, year, name):
    client = client_for("tinhuy")
    query = {"ky": "2026N9", "chi_tieu": "DV-MOI"} if name == "web:children" else {"ky": "2026N9"}
    before = _count(client, name, **query)
    for n in range(3, 8):
        cell = make_org(cast.root, f"P-CL-CB{n}", cast.commune)
        target_set(actor=cast.root, indicator=year, organisation=cell, period="2026", text="50")
        _save(cast, year, cell, "2026Q2", n)
    assert _count(client, name, **query) == before


def test_start_tiles_queries_do_not_grow_with_the_units(cast, year):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            start_tiles(cast.tinhuy, cast.commune, today=dt.date(2026, 10, 20))
        return len(ctx.captured_queries)

    count()
    before = count()
    for n in range(3, 8):
        cell = make_org(cast.root, f"P-CL-CB{n}", cast.commune)
        _save(cast, year, cell, "2026Q2", n)
    assert count() == before


def test_a_valid_period_outside_the_list_is_still_shown(cast, client_for):
    page = _get(client_for("xa"), "web:results", ky="2019")
    assert page.status_code == 200
    assert '<option value="2019" selected>Năm 2019</option>' in page.content.decode()
    assert _get(client_for("xa"), "web:results", ky="1800").status_code == 422


def test_results_page_starts_the_units_report_for_its_period(cast, client_for, year):
    """ "Lập báo cáo của đơn vị này" makes the unit the working unit (an explicit POST) and opens
    the report page with the results page's period chosen; a read-only leader is not offered
    it."""
    client = client_for("tinhuy")
    html = _get(client, "web:results", ky="2026N9").content.decode()
    assert "Lập báo cáo của đơn vị này" in html
    next_url = reverse("exports:index") + "?ky=2026N9"
    moved = client.post(reverse("web:switch_org"), {"code": "P-CL", "next": next_url})
    assert moved["Location"] == next_url
    report_page = client.get(next_url).content.decode()
    assert "Đảng ủy phường Cao Lãnh" in report_page
    assert '<option value="2026N9" selected>' in report_page
    leader = _get(client_for("lanhdao"), "web:results", ky="2026N9").content.decode()
    assert "Lập báo cáo của đơn vị này" not in leader


def test_the_start_page_tile_reuses_the_to_do_list_and_says_the_same(cast, year):
    from nghiquyet.orgs.models import OrgKind
    from nghiquyet.reporting.services import form_create, submission_submit
    from nghiquyet.web.work import unit_work

    form = form_create(
        actor=cast.root,
        owner=cast.commune,
        code="BC-QUY-CB",
        name="Báo cáo quý của chi bộ",
        period_type="quy",
        indicators=[year],
        org_kinds=[OrgKind.CHI_BO_CO_SO],
    )
    submission_submit(
        actor=cast.root, form=form, organisation=cast.cell, period_code="2026Q3", now=None
    )
    today = dt.date(2026, 10, 20)
    work = unit_work(cast.xa, cast.commune, today)
    own = start_tiles(cast.xa, cast.commune, today).submissions
    reused = start_tiles(cast.xa, cast.commune, today, collected=work.collected).submissions
    assert reused == own
    assert [(t.expected, t.sent) for t in own] == [(2, 1)]
