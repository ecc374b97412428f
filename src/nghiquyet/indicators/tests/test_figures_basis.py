"""Figures that say what they stand on (issue 9, §5 and §7): coverage, year to date, the same
period across the 2025 reform, ratio parts, and the summary of a unit without targets."""

import datetime as dt
from decimal import Decimal

import pytest

from nghiquyet.core.demo import DemoContext
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.periods import Period
from nghiquyet.indicators import demo as indicators_demo
from nghiquyet.indicators.report import sections
from nghiquyet.indicators.services import target_set
from nghiquyet.indicators.tests.helpers import make_indicator, make_org
from nghiquyet.indicators.values import value_save
from nghiquyet.orgs import demo as orgs_demo
from nghiquyet.orgs.models import OrgKind, Succession
from nghiquyet.reporting.services.forms import form_create


@pytest.fixture
def demo(cast):
    ctx = DemoContext(actor=cast.root, today=dt.date(2026, 1, 15), say=lambda s: None)
    orgs_demo.load(ctx)
    indicators_demo.load(ctx)
    return ctx


def _lines(cast, org, period):
    return sections(org=org, period=Period.parse(period), actor=cast.root)


def _line(cast, org, period, code):
    return {e["code"]: e for e in _lines(cast, org, period)["indicators"]}[code]


def _save(cast, ind, org, period, value=None, **parts):
    value_save(
        actor=cast.root, indicator=ind, organisation=org, period=period, value=value, **parts
    )


def test_demo_export_q4_status_carries_the_cumulative_figure_it_was_judged_on(cast, demo):
    line = _line(cast, demo.org("DT"), "2025Q4", "XUAT-KHAU")
    assert (line["status"], line["percent_of_target"]) == ("vuot", 110.77)
    assert line["to_date"] == {
        "value": 3.6,
        "display": "3,60 tỷ USD",
        "from": "2025-01-01",
        "to": "2025-12-31",
    }


def test_every_demo_line_with_a_status_has_the_figure_it_was_judged_on(cast, demo):
    for period in ("2025Q1", "2025Q4", "2025", "2020-2025"):
        for line in _lines(cast, demo.org("DT"), period)["indicators"]:
            if line["status"] not in (None, "chua_co_so_lieu"):
                assert line["display"] or line["to_date"], (period, line["code"])


def test_quarter_against_year_target_is_judged_on_the_year_to_date(cast):
    ind = make_indicator(cast.root, "DV-MOI", rolls_up=False)
    target_set(actor=cast.root, indicator=ind, organisation=cast.commune, period="2025", text="100")
    for quarter, value in (("2025Q1", 30), ("2025Q2", 40), ("2025Q3", 50)):
        _save(cast, ind, cast.commune, quarter, value)
    line = _line(cast, cast.commune, "2025Q3", "DV-MOI")
    assert line["value"] == 50 and line["status"] == "vuot"
    assert line["to_date"] == {
        "value": 120,
        "display": "120 người",
        "from": "2025-01-01",
        "to": "2025-09-30",
    }


def test_aggregate_from_one_of_two_units_says_so_and_is_provisional(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    target_set(actor=cast.root, indicator=ind, organisation=cast.province, period="2025", text="10")
    _save(cast, ind, cast.commune, "2025", 12)
    line = _line(cast, cast.province, "2025", "DV-MOI")
    assert line["coverage"]["reported"] == 1 and line["coverage"]["expected"] == 2
    assert line["coverage_text"] == "tổng hợp từ 1/2 đơn vị"
    assert (line["status"], line["indicative_status"]) == ("tam_tinh", "vuot")
    assert line["value"] == 12


def test_coverage_threshold_on_the_form_lets_a_partial_roll_up_be_judged(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    form_create(
        actor=cast.root,
        owner=cast.province,
        code="BM-DV",
        name="Đảng viên mới",
        period_type="nam",
        indicators=[ind],
        org_kinds=[OrgKind.DANG_UY_XA],
        coverage_threshold_pct="50",
    )
    target_set(actor=cast.root, indicator=ind, organisation=cast.province, period="2025", text="10")
    _save(cast, ind, cast.commune, "2025", 12)
    line = _line(cast, cast.province, "2025", "DV-MOI")
    assert line["status"] == "vuot" and line["indicative_status"] is None
    assert line["coverage"] == {
        "reported": 1,
        "expected": 2,
        "percent_only": 0,
        "threshold_pct": 50,
    }


def test_coverage_threshold_out_of_range_is_refused(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    with pytest.raises(InvalidInputError) as err:
        form_create(
            actor=cast.root,
            owner=cast.province,
            code="BM-DV",
            name="Đảng viên mới",
            period_type="nam",
            indicators=[ind],
            coverage_threshold_pct="120",
        )
    assert err.value.errors["coverage_threshold_pct"] == [
        "Ngưỡng đủ số đơn vị báo cáo phải từ 0 đến 100%."
    ]


def test_twenty_six_communes_one_reported(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    for n in range(24):
        make_org(cast.root, f"X-{n:02d}", cast.province, OrgKind.DANG_UY_XA)
    _save(cast, ind, cast.commune, "2026Q1", 5)
    line = _line(cast, cast.province, "2026Q1", "DV-MOI")
    assert line["coverage_text"] == "tổng hợp từ 1/26 đơn vị"


def test_ratio_entered_only_as_percentage_is_kept_out_but_said(cast):
    ind = make_indicator(cast.root, "KET-NAP", kind="ty_le")
    _save(cast, ind, cast.commune, "2025", numerator=90, denominator=100)
    _save(cast, ind, cast.other_commune, "2025", "95")
    line = _line(cast, cast.province, "2025", "KET-NAP")
    assert (line["numerator"], line["denominator"], line["display"]) == (90, 100, "90,00%")
    assert line["coverage"]["reported"] == 1 and line["coverage"]["percent_only"] == 1
    assert line["coverage_text"] == "tổng hợp từ 1/2 đơn vị; 1 đơn vị chỉ báo tỷ lệ, chưa tính"


def test_count_has_no_numerator_or_denominator(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    _save(cast, ind, cast.commune, "2025", 12)
    line = _line(cast, cast.commune, "2025", "DV-MOI")
    assert (line["value"], line["numerator"], line["denominator"]) == (12, None, None)


def test_unit_without_targets_has_no_zero_of_zero_sentence(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    _save(cast, ind, cast.commune, "2025", 12)
    summary = _lines(cast, cast.commune, "2025")["summary"]
    assert summary["with_target"] == 0
    assert "0/0" not in summary["sentence"]
    assert summary["sentence"] == "Đơn vị chưa được giao chỉ tiêu cho kỳ này."


@pytest.fixture
def merged_ward(cast):
    """A ward formed on 1/7/2025 from three communes that reported 2025Q1."""
    ind = make_indicator(cast.root, "DV-MOI")
    ward = make_org(cast.root, "P-MOI", cast.province, OrgKind.DANG_UY_XA)
    olds = []
    for n, value in enumerate((10, 20, 30)):
        old = make_org(cast.root, f"X-CU{n}", cast.province, OrgKind.DANG_UY_XA)
        old.valid_from, old.valid_to = dt.date(2020, 1, 1), dt.date(2025, 6, 30)
        old.save()
        _save(cast, ind, old, "2025Q1", value)
        Succession.objects.create(
            predecessor=old, successor=ward, kind="hop_nhat", effective=dt.date(2025, 7, 1)
        )
        olds.append(old)
    _save(cast, ind, ward, "2026Q1", 66)
    return ind, ward, olds


def test_merged_ward_compares_with_the_sum_of_its_predecessors(cast, merged_ward):
    _, ward, _ = merged_ward
    line = _line(cast, ward, "2026Q1", "DV-MOI")
    assert line["same_period_last_year"] == 60
    assert line["same_period_last_year_source"] == "predecessors"
    assert line["same_period_last_year_note"] == "cùng kỳ tính theo các đơn vị tiền thân"
    assert line["change_vs_last_year_pct"] == 10


def test_ward_own_figure_wins_over_predecessors(cast, merged_ward):
    ind, ward, _ = merged_ward
    _save(cast, ind, ward, "2025Q1", 55)
    line = _line(cast, ward, "2026Q1", "DV-MOI")
    assert (line["same_period_last_year"], line["same_period_last_year_source"]) == (55, "own")


def test_split_predecessor_uses_its_recorded_share_or_says_why_not(cast, merged_ward):
    _, ward, olds = merged_ward
    other = make_org(cast.root, "P-KHAC", cast.province, OrgKind.DANG_UY_XA)
    split = Succession.objects.create(
        predecessor=olds[2], successor=other, kind="chia_tach", effective=dt.date(2025, 7, 1)
    )
    line = _line(cast, ward, "2026Q1", "DV-MOI")
    assert line["same_period_last_year"] is None
    assert "chưa ghi tỷ lệ chia tách của Đơn vị X-CU2" in line["same_period_last_year_note"]
    Succession.objects.filter(predecessor=olds[2], successor=ward).update(share=Decimal(40))
    split.share = Decimal(60)
    split.save()
    line = _line(cast, ward, "2026Q1", "DV-MOI")
    assert line["same_period_last_year"] == 42  # 10 + 20 + 40% × 30


def test_dashboard_says_cumulative_coverage_provisional_and_predecessors(
    cast, client_for, merged_ward
):
    ind, ward, _ = merged_ward
    target_set(actor=cast.root, indicator=ind, organisation=cast.province, period="2026", text="50")
    target_set(actor=cast.root, indicator=ind, organisation=ward, period="2026", text="50")
    _save(cast, ind, ward, "2026Q2", 10)
    client = client_for("tinhuy")
    page = client.get("/chi-tieu/bang/", {"org": ward.code, "period": "2026Q2"}).content.decode()
    assert "lũy kế 76" in page
    assert "không có số cùng kỳ: thiếu số liệu của Đơn vị X-CU0, Đơn vị X-CU1" in page
    page = client.get("/chi-tieu/bang/", {"org": ward.code, "period": "2026Q1"}).content.decode()
    assert "cùng kỳ tính theo các đơn vị tiền thân" in page
    page = client.get("/chi-tieu/bang/", {"org": "T-DT", "period": "2026"}).content.decode()
    assert "tổng hợp từ 1/3 đơn vị" in page and "Tạm tính" in page
    page = client.get("/chi-tieu/bang/", {"org": "P-CL", "period": "2026"}).content.decode()
    assert "0/0" not in page and "Đơn vị chưa được giao chỉ tiêu cho kỳ này." in page


def test_ratio_from_predecessors_sums_parts_and_refuses_bare_percentages(cast):
    ind = make_indicator(cast.root, "KET-NAP", kind="ty_le", rolls_up=False)
    ward = make_org(cast.root, "P-MOI", cast.province, OrgKind.DANG_UY_XA)
    olds = []
    for n in range(2):
        old = make_org(cast.root, f"X-CU{n}", cast.province, OrgKind.DANG_UY_XA)
        old.valid_from, old.valid_to = dt.date(2020, 1, 1), dt.date(2025, 6, 30)
        old.save()
        Succession.objects.create(
            predecessor=old, successor=ward, kind="hop_nhat", effective=dt.date(2025, 7, 1)
        )
        olds.append(old)
    _save(cast, ind, olds[0], "2025Q1", numerator=90, denominator=100)
    _save(cast, ind, olds[1], "2025Q1", numerator=45, denominator=50)
    _save(cast, ind, ward, "2026Q1", numerator=140, denominator=150)
    line = _line(cast, ward, "2026Q1", "KET-NAP")
    assert line["same_period_last_year"] == 90  # 135/150
    _save(cast, ind, olds[1], "2025Q1", "90")
    line = _line(cast, ward, "2026Q1", "KET-NAP")
    assert line["same_period_last_year"] is None
    assert line["same_period_last_year_note"] == (
        "không có số cùng kỳ: chỉ có tỷ lệ, không có tử số và mẫu số của Đơn vị X-CU1"
    )


def test_a_quarter_nobody_reported_yet_is_judged_provisionally_on_the_months_before(cast):
    from nghiquyet.indicators.selectors import unit_lines

    ind = make_indicator(cast.root, "DV-LK")
    cell2 = make_org(cast.root, "P-CL-CB2", cast.commune)
    target_set(
        actor=cast.root, indicator=ind, organisation=cast.commune, period="2026", text="1.000"
    )
    for cell in (cast.cell, cell2):
        _save(cast, ind, cell, "2026Q1", Decimal(100))
    [line] = unit_lines(org=cast.commune, period=Period.parse("2026Q2"), indicators=[ind])
    # Nothing for the second quarter yet: the status stands on the 200 of the first quarter,
    # a roll-up missing both units for the quarter, so it is provisional, not "chưa đạt".
    assert line.figure is None
    assert line.to_date is not None and line.to_date.value == Decimal(200)
    assert line.status == "tam_tinh"
    assert line.indicative_status == "chua_dat"
