"""Codes that would collide with fixed routes (issue 9, §7), read from the URLconf."""

import pytest

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.routes import reserved_for, route_words
from nghiquyet.indicators.tests.helpers import make_indicator
from nghiquyet.reporting.services.forms import form_create


def test_route_words_come_from_the_urlconf():
    assert {"them", "bang", "nhap-excel"} <= route_words("/chi-tieu/")
    assert {"values", "targets", "report"} <= reserved_for("api:list_indicators")
    assert "them" in reserved_for("reporting:index")


@pytest.mark.parametrize("code", ["them", "BANG", "nhap-excel", "values", "Report", "targets"])
def test_indicator_code_equal_to_a_route_word_is_refused(cast, code):
    with pytest.raises(InvalidInputError) as err:
        make_indicator(cast.root, code)
    message = err.value.errors["code"][0]
    assert message.startswith(f"Mã chỉ tiêu “{code}” trùng với một địa chỉ cố định")
    assert "“them”" in message


def test_reporting_form_code_equal_to_a_route_word_is_refused(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    with pytest.raises(InvalidInputError) as err:
        form_create(
            actor=cast.root,
            owner=cast.province,
            code="Them",
            name="Biểu",
            period_type="nam",
            indicators=[ind],
        )
    assert err.value.errors["code"][0].startswith("Mã biểu mẫu “Them” trùng với")


def test_ordinary_codes_are_accepted(cast):
    assert make_indicator(cast.root, "THEM-MOI").code == "THEM-MOI"
