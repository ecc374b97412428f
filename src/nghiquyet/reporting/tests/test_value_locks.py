"""The lock seen through the indicators' value services, as the acceptance criterion says:
a nhap_lieu user cannot change values after approval, nor values of another unit."""

import pytest

from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.indicators.models import IndicatorValue
from nghiquyet.indicators.values import ValueRow, value_save, values_save_many
from nghiquyet.reporting import services
from nghiquyet.testing import Cast

PERIOD = "2025Q3"


def _save(cast: Cast, actor, indicator, value: str, org=None):
    return value_save(
        actor=actor,
        indicator=indicator,
        organisation=org or cast.commune,
        period=PERIOD,
        value=value,
    )


def _approve(cast: Cast, form) -> None:
    sub = services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=PERIOD
    )
    services.submission_approve(actor=cast.tinhuy, submission=sub)


def test_data_entry_user_cannot_change_values_after_approval(cast: Cast, form, indicators) -> None:
    kn = indicators[0]
    _save(cast, cast.xa, kn, "12")
    _approve(cast, form)
    with pytest.raises(PermissionDeniedError, match="đã được duyệt"):
        _save(cast, cast.xa, kn, "15")
    with pytest.raises(PermissionDeniedError):
        values_save_many(
            actor=cast.xa,
            rows=[ValueRow(kn, cast.commune, PERIOD, value="15")],
        )
    assert IndicatorValue.objects.get(indicator=kn).value == 12


def test_data_entry_user_cannot_change_values_of_another_unit(cast: Cast, form, indicators) -> None:
    with pytest.raises(PermissionDeniedError):
        _save(cast, cast.xa, indicators[0], "3", org=cast.other_commune)
    assert not IndicatorValue.objects.exists()


def test_values_under_review_are_frozen_for_data_entry_only(cast: Cast, form, indicators) -> None:
    kn = indicators[0]
    _save(cast, cast.xa, kn, "12")
    services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=PERIOD
    )
    with pytest.raises(PermissionDeniedError, match="chờ duyệt"):
        _save(cast, cast.xa, kn, "13")
    _save(cast, cast.tinhuy, kn, "13")
    assert IndicatorValue.objects.get(indicator=kn).value == 13


def test_indicator_outside_form_stays_editable_after_approval(cast: Cast, form, indicators) -> None:
    _approve(cast, form)
    saved = _save(cast, cast.xa, indicators[2], "1.250")
    assert saved.value == 1250


def test_after_unlock_the_unit_can_correct_again(cast: Cast, form, indicators) -> None:
    kn = indicators[0]
    _approve(cast, form)
    sub = form.submissions.get()
    services.submission_unlock(actor=cast.tinhuy, submission=sub, reason="Sai số kết nạp")
    assert _save(cast, cast.xa, kn, "14").value == 14


def test_api_refuses_values_of_an_approved_report(cast: Cast, client_for, form, indicators) -> None:
    """The lock reaches the API's writes through ``hooks.values_writing``."""
    _save(cast, cast.xa, indicators[0], "12")
    _approve(cast, form)
    payload = '{"indicator": "KN-DV", "org": "P-CL", "period": "2025Q3", "value": "15"}'
    response = client_for("xa").put(
        "/api/v1/indicators/values", data=payload, content_type="application/json"
    )
    assert response.status_code == 403 and "đã được duyệt" in response.content.decode()
    assert IndicatorValue.objects.get(indicator=indicators[0]).value == 12
