"""The quarters-versus-year rule for every way of combining (issue 9, §7): an error where the
data settle it, a warning kept with the figure where they cannot yet."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.periods import Period
from nghiquyet.indicators.models import Indicator, IndicatorValue
from nghiquyet.indicators.tests.helpers import make_indicator
from nghiquyet.indicators.values import value_save
from nghiquyet.indicators.year_rule import year_quarters_check


def _save(cast, ind, period, value):
    return value_save(
        actor=cast.root, indicator=ind, organisation=cast.commune, period=period, value=value
    )


def _fill(cast, ind, values):
    for n, value in enumerate(values, start=1):
        _save(cast, ind, f"2025Q{n}", value)


def test_end_of_period_year_must_equal_the_fourth_quarter(cast):
    ind = make_indicator(cast.root, "DV-CK", combine="cuoi_ky", rolls_up=False)
    _fill(cast, ind, (100, 110, 120, 130))
    with pytest.raises(InvalidInputError) as err:
        _save(cast, ind, "2025", 120)
    assert err.value.errors["value"] == [
        "Chỉ tiêu lấy số cuối kỳ: số cả năm 2025 (120 người) phải bằng số quý IV (130 người)."
    ]
    assert _save(cast, ind, "2025", 130).warning == ""


def test_end_of_period_without_fourth_quarter_is_a_warning(cast):
    ind = make_indicator(cast.root, "DV-CK", combine="cuoi_ky", rolls_up=False)
    _fill(cast, ind, (100, 110))
    saved = _save(cast, ind, "2025", 150)
    assert saved.warning.startswith(
        "Chỉ tiêu lấy số cuối kỳ: số cả năm 2025 (150 người) khác số quý gần nhất đã nhập "
        "(110 người); số cả năm phải bằng số quý IV."
    )
    assert "Chưa đủ 4 quý" in saved.warning


def test_average_year_is_the_mean_of_the_quarters_within_rounding(cast):
    ind = make_indicator(
        cast.root,
        "TN-BQ",
        kind="gia_tri",
        unit="triệu đồng",
        decimals=1,
        combine="binh_quan",
        rolls_up=False,
    )
    _fill(cast, ind, ("60,1", "60,2", "60,2", "60,2"))  # mean 60,175
    assert _save(cast, ind, "2025", "60,2").warning == ""
    with pytest.raises(InvalidInputError) as err:
        _save(cast, ind, "2025", "61,0")
    assert err.value.errors["value"] == [
        "Chỉ tiêu lấy số bình quân: số cả năm 2025 (61,0 triệu đồng) khác bình quân các quý "
        "đã nhập (60,2 triệu đồng)."
    ]


def test_average_with_missing_quarters_is_a_warning(cast):
    ind = make_indicator(
        cast.root,
        "TN-BQ",
        kind="gia_tri",
        unit="triệu đồng",
        decimals=1,
        combine="binh_quan",
        rolls_up=False,
    )
    _fill(cast, ind, ("60", "62"))
    saved = _save(cast, ind, "2025", "70")
    assert "khác bình quân các quý đã nhập (61,0 triệu đồng)" in saved.warning
    assert "Chưa đủ 4 quý" in saved.warning


def test_summed_count_all_four_quarters_below_the_year_is_refused(cast):
    ind = make_indicator(cast.root, "DV-MOI", rolls_up=False)
    _fill(cast, ind, (10, 10, 10, 10))
    with pytest.raises(InvalidInputError) as err:
        _save(cast, ind, "2025", 50)
    assert err.value.errors["value"] == [
        "Tổng 4 quý năm 2025 (40 người) nhỏ hơn số cả năm (50 người); số cả năm phải bằng "
        "tổng các quý."
    ]
    assert _save(cast, ind, "2025", 40).warning == ""


def test_summed_ratio_year_lies_between_its_quarters(cast):
    ind = make_indicator(cast.root, "TL-KN", kind="ty_le", rolls_up=False)
    _fill(cast, ind, ("90", "92", "94", "96"))
    with pytest.raises(InvalidInputError) as err:
        _save(cast, ind, "2025", "97,5")
    assert "nằm ngoài khoảng các quý đã nhập (90,00% – 96,00%)" in err.value.errors["value"][0]
    assert _save(cast, ind, "2025", "93").warning == ""


def test_grid_shows_the_warning(cast):
    """The reporting grid reaches the same rule: a partial end-of-period year is a warning."""
    ind = make_indicator(cast.root, "DV-CK", combine="cuoi_ky", rolls_up=False)
    check = year_quarters_check(
        ind, Period.parse("2025Q2"), Decimal(110), {"2025": Decimal(150), "2025Q1": Decimal(100)}
    )
    assert check.error == "" and "khác số quý gần nhất đã nhập (110 người)" in check.warning


@given(
    combine=st.sampled_from(["tong", "cuoi_ky", "binh_quan"]),
    values=st.lists(
        st.one_of(st.none(), st.decimals(min_value=0, max_value=10**9, places=2)),
        min_size=5,
        max_size=5,
    ),
    code=st.sampled_from(["2025", "2025Q1", "2025Q4"]),
)
def test_check_never_raises(combine, values, code):
    ind = Indicator(code="X", kind="so_luong", combine=combine, decimals=0, unit="người")
    figures = dict(zip(["2025", "2025Q1", "2025Q2", "2025Q3", "2025Q4"], values, strict=True))
    value = figures.get(code) or Decimal(1)
    check = year_quarters_check(ind, Period.parse(code), value, figures)
    assert not (check.error and check.warning)


def test_warning_is_stored(cast):
    ind = make_indicator(cast.root, "DV-CK", combine="cuoi_ky", rolls_up=False)
    _fill(cast, ind, (100,))
    _save(cast, ind, "2025", 150)
    assert IndicatorValue.objects.get(indicator=ind, period_code="2025").warning
