"""Registers: figures from the seed articles, exact disbursement arithmetic, the report key."""

import datetime as dt
from decimal import Decimal

import pytest

from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.core.report import build_report
from nghiquyet.registers.selectors import project_figures
from nghiquyet.registers.services import (
    Answer,
    allocation_set,
    disbursement_set,
    movement_count_set,
    movement_create,
    project_create,
    survey_create,
)

D = Decimal


@pytest.fixture
def projects(cast):
    road = project_create(
        actor=cast.xa,
        organisation=cast.commune,
        code="DA-01",
        name="Đường liên xã",
        plan_start=2021,
        plan_end=2025,
        total_investment=D("3700.5"),
    )
    school = project_create(
        actor=cast.chibo,
        organisation=cast.other_cell,
        code="DA-02",
        name="Trường mầm non",
        plan_start=2022,
        plan_end=2024,
        total_investment=D("12.345678"),
    )
    allocation_set(actor=cast.xa, project=road, year=2023, amount=D("300"))
    allocation_set(actor=cast.chibo, project=school, year=2023, amount=D("3"))
    allocation_set(actor=cast.xa, project=road, year=2022, amount=D("250"))
    for period, amount in [
        ("2023Q1", "50.1"),
        ("2023Q2", "70"),
        ("2023Q3", "80.25"),
        ("2023Q4", "99.65"),
    ]:
        disbursement_set(actor=cast.xa, project=road, period=period, amount=D(amount))
    disbursement_set(actor=cast.chibo, project=school, period="2023", amount=D("1.000001"))
    disbursement_set(actor=cast.xa, project=road, period="2022M12", amount=D("150"))
    disbursement_set(actor=cast.xa, project=road, period="2022Q3", amount=D("40"))
    return road, school


def test_disbursed_pct_and_change_vs_last_year_are_exact(cast, projects):
    year = project_figures(cast.lanhdao, cast.province, Period.parse("2023"))
    assert year.count == 2
    assert year.total_investment == D("3712.845678")
    assert year.allocated == D("303")
    assert year.disbursed == D("301.000001")
    assert year.disbursed_pct == D("99.34")  # 301.000001 / 303 = 99.3399...
    assert year.disbursed_last_year == D("190")
    assert year.change_vs_last_year_pct == D("58.42")  # 111.000001 / 190 = 58.4210...
    # Q3 is cumulative from January: Q1 + Q2 + Q3 of the road; the school's year is not in.
    q3 = project_figures(cast.lanhdao, cast.province, Period.parse("2023Q3"))
    assert q3.disbursed == D("200.35")
    assert q3.disbursed_pct == D("66.12")  # 200.35 / 303 = 66.122...
    assert q3.disbursed_last_year == D("40")
    assert q3.change_vs_last_year_pct == D("400.88")  # 160.35 / 40 = 4.00875 -> half up


def test_no_last_year_figure_gives_no_comparison(cast, projects):
    q1 = project_figures(cast.xa, cast.commune, Period.parse("2022Q1"))
    assert q1.disbursed_last_year == D(0)
    assert q1.change_vs_last_year_pct is None


def test_overlapping_disbursement_periods_are_refused(cast, projects):
    road, _ = projects
    with pytest.raises(InvalidInputError) as exc:
        disbursement_set(actor=cast.xa, project=road, period="2023M02", amount=D(1))
    # Both periods as reports write them, never their codes (walk defect: "2023Q1").
    assert exc.value.errors["period"][0] == (
        "Kỳ Tháng 02/2023 trùng với kỳ Quý I/2023 đã nhập của dự án."
    )


def test_amounts_are_bounded_and_other_units_refused(cast, projects):
    road, school = projects
    with pytest.raises(InvalidInputError) as exc:
        allocation_set(actor=cast.xa, project=road, year=2026, amount=D(1))
    assert "ngoài giai đoạn kế hoạch 2021–2025" in exc.value.errors["year"][0]
    with pytest.raises(InvalidInputError):
        allocation_set(actor=cast.xa, project=road, year=2024, amount=D("-1"))
    with pytest.raises(InvalidInputError):
        allocation_set(actor=cast.xa, project=road, year=2024, amount=D("0.0000001"))
    with pytest.raises(PermissionDeniedError):
        allocation_set(actor=cast.xa, project=school, year=2023, amount=D(1))


def test_survey_counts_must_hold_together(cast):
    base = {
        "actor": cast.xa,
        "organisation": cast.commune,
        "topic": "Dư luận xã hội về Đại hội",
        "conducted_on": dt.date(2025, 10, 1),
        "forms_issued": 250,
    }
    with pytest.raises(InvalidInputError) as exc:
        survey_create(**base, forms_returned=251)
    assert list(exc.value.errors) == ["forms_returned"]
    with pytest.raises(InvalidInputError) as exc:
        survey_create(
            **base,
            forms_returned=240,
            answers=[Answer("Đánh giá", "Phấn khởi", 200), Answer("Đánh giá", "Bình thường", 41)],
        )
    assert "(241) lớn hơn số phiếu thu về (240)" in exc.value.errors["answers"][0]


def test_registers_report_key_exact(cast, projects):
    for i in range(15):
        movement_create(
            actor=cast.xa,
            organisation=cast.commune,
            name=f"Hội quán số {i + 1}",
            kind="mo_hinh",
            start_date=dt.date(2019, 1, 1),
            participants=53 if i < 14 else 66,  # 14 × 53 + 66 = 808
            as_of=dt.date(2020, 6, 30),
        )
    ended = movement_create(
        actor=cast.xa,
        organisation=cast.commune,
        name="Phong trào đã kết thúc",
        kind="phong_trao",
        start_date=dt.date(2019, 1, 1),
        status="ket_thuc",
        participants=10,
    )
    movement_count_set(actor=cast.xa, movement=ended, as_of=dt.date(2023, 1, 1), participants=12)
    survey_create(
        actor=cast.xa,
        organisation=cast.commune,
        topic="Dư luận xã hội sau Đại hội",
        conducted_on=dt.date(2023, 5, 4),
        forms_issued=250,
        forms_returned=246,
        answers=[
            Answer("Đánh giá Đại hội", "Thành công", 240),
            Answer("Đánh giá Đại hội", "Khác", 6),
        ],
    )
    report = build_report(org=cast.province, period=Period.parse("2023"), actor=cast.tinhuy)
    assert report["registers"] == {
        "models": {"count": 15, "participants": 808},
        "surveys": {"count": 1, "forms_issued": 250, "forms_returned": 246},
        "projects": {
            "count": 2,
            "total_investment": 3712.845678,
            "allocated": 303,
            "disbursed": 301.000001,
            "disbursed_pct": 99.34,
            "disbursed_change_vs_last_year_pct": 58.42,
        },
    }
    # The other commune's user sees its own subtree only.
    other = build_report(org=cast.other_cell, period=Period.parse("2023"), actor=cast.chibo)
    assert other["registers"]["models"] == {"count": 0, "participants": 0}
    assert other["registers"]["projects"]["allocated"] == 3
