"""The locking contract ``check_writable``: approved values are frozen, sent ones frozen for
data entry, and lock exceptions reopen one unit and period until a date."""

import datetime as dt

import pytest
from django.utils import timezone

from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.reporting import services
from nghiquyet.reporting.locks import check_writable
from nghiquyet.reporting.models import ReportingForm, Submission
from nghiquyet.testing import Cast

PERIOD = "2025Q3"


def _ids(form: ReportingForm) -> list[int]:
    return list(form.indicators.values_list("pk", flat=True))


def _check(cast: Cast, actor, form: ReportingForm, period: str = PERIOD, ids=None) -> None:
    check_writable(
        actor=actor,
        organisation=cast.commune,
        period_code=period,
        indicator_ids=_ids(form) if ids is None else ids,
    )


def _send(cast: Cast, form: ReportingForm) -> Submission:
    return services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=PERIOD
    )


def _approve(cast: Cast, form: ReportingForm) -> Submission:
    return services.submission_approve(actor=cast.tinhuy, submission=_send(cast, form))


def test_draft_values_are_writable(cast: Cast, form: ReportingForm) -> None:
    services.submission_open(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=PERIOD
    )
    _check(cast, cast.xa, form)


def test_approved_values_are_locked_for_everyone(cast: Cast, form: ReportingForm) -> None:
    _approve(cast, form)
    for actor in (cast.xa, cast.tinhuy, cast.root):
        with pytest.raises(PermissionDeniedError) as err:
            _check(cast, actor, form)
        assert "đã được duyệt" in err.value.message
        assert "quý III/2025" in err.value.message


def test_lock_matches_period_written_differently(cast: Cast, form: ReportingForm) -> None:
    _approve(cast, form)
    with pytest.raises(PermissionDeniedError):
        _check(cast, cast.xa, form, period="2025q3")


def test_lock_covers_only_the_form_indicators_unit_and_period(
    cast: Cast, form: ReportingForm, indicators
) -> None:
    _approve(cast, form)
    outside_form = [indicators[2].pk]
    _check(cast, cast.xa, form, ids=outside_form)
    _check(cast, cast.xa, form, period="2025Q4")
    check_writable(
        actor=cast.tinhuy,
        organisation=cast.other_commune,
        period_code=PERIOD,
        indicator_ids=_ids(form),
    )


def test_sent_values_frozen_for_data_entry_but_not_for_approver(
    cast: Cast, form: ReportingForm
) -> None:
    _send(cast, form)
    with pytest.raises(PermissionDeniedError) as err:
        _check(cast, cast.xa, form)
    assert "đang chờ duyệt" in err.value.message
    _check(cast, cast.tinhuy, form)


def test_returned_and_unlocked_values_are_writable(cast: Cast, form: ReportingForm) -> None:
    sub = _send(cast, form)
    services.submission_return(actor=cast.tinhuy, submission=sub, reason="Thiếu số liệu")
    _check(cast, cast.xa, form)
    _send(cast, form)
    sub = services.submission_approve(actor=cast.tinhuy, submission=sub)
    services.submission_unlock(actor=cast.tinhuy, submission=sub, reason="Điều chỉnh")
    _check(cast, cast.xa, form)


def test_lock_exception_reopens_until_its_date(cast: Cast, form: ReportingForm) -> None:
    _approve(cast, form)
    today = timezone.localdate()
    with pytest.raises(PermissionDeniedError):
        services.lock_exception_grant(
            actor=cast.xa,
            organisation=cast.commune,
            period_code=PERIOD,
            until=today,
            reason="Tự cho phép",
        )
    exception = services.lock_exception_grant(
        actor=cast.tinhuy,
        organisation=cast.commune,
        period_code=PERIOD,
        until=today,
        reason="Bổ sung số liệu thu ngân sách",
    )
    _check(cast, cast.xa, form)
    # Once its last day has passed, the approved lock applies again.
    type(exception).objects.filter(pk=exception.pk).update(until=today - dt.timedelta(days=1))
    with pytest.raises(PermissionDeniedError):
        _check(cast, cast.xa, form)


def test_lock_exception_needs_reason_and_future_date(cast: Cast, form: ReportingForm) -> None:
    from nghiquyet.core.errors import InvalidInputError

    today = timezone.localdate()
    with pytest.raises(InvalidInputError):
        services.lock_exception_grant(
            actor=cast.tinhuy,
            organisation=cast.commune,
            period_code=PERIOD,
            until=today,
            reason=" ",
        )
    with pytest.raises(InvalidInputError):
        services.lock_exception_grant(
            actor=cast.tinhuy,
            organisation=cast.commune,
            period_code=PERIOD,
            until=today - dt.timedelta(days=1),
            reason="Muộn",
        )


def test_bulk_check_refuses_only_the_locked_unit_and_period(
    cast: Cast, form: ReportingForm
) -> None:
    from nghiquyet.reporting.locks import check_writable_many

    _approve(cast, form)
    ids = _ids(form)
    # Another unit, another period and an indicator outside the form stay writable together.
    check_writable_many(
        actor=cast.tinhuy,
        cells={(cast.other_commune, PERIOD): ids, (cast.commune, "2025Q4"): ids},
    )
    with pytest.raises(PermissionDeniedError, match="đã được duyệt"):
        check_writable_many(
            actor=cast.tinhuy,
            cells={(cast.other_commune, PERIOD): ids, (cast.commune, "2025q3"): ids[:1]},
        )
