"""Issue 9 §4: a unit recalls a sent report before approval, an approver revokes a lock
exception, and a period that has not begun takes no official figures."""

import datetime as dt

import pytest
from django.urls import reverse

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.periods import Period, PeriodKind, period_containing
from nghiquyet.reporting import services
from nghiquyet.reporting.locks import check_writable, lock_exception_active
from nghiquyet.reporting.models import LockException, ReportingForm, Submission
from nghiquyet.reporting.rules import local_today
from nghiquyet.reporting.services import TransitionError
from nghiquyet.testing import Api, Cast, Page, PermissionMatrix

SENT = "2025Q3"
LOGIN = 302


def _future() -> Period:
    """The quarter after the current one: it has not begun on any day the suite runs."""
    after = period_containing(local_today(), PeriodKind.QUARTER).end + dt.timedelta(days=1)
    return period_containing(after, PeriodKind.QUARTER)


def _current() -> Period:
    return period_containing(local_today(), PeriodKind.QUARTER)


def _sent(cast: Cast, form: ReportingForm) -> Submission:
    return services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=SENT
    )


def _writable(cast: Cast, ids: list[int]) -> None:
    check_writable(actor=cast.xa, organisation=cast.commune, period_code=SENT, indicator_ids=ids)


# --- Recall ------------------------------------------------------------------------------------


def test_unit_recalls_a_sent_report_which_becomes_a_draft_and_keeps_its_first_sending(
    cast: Cast, form: ReportingForm
) -> None:
    sent = _sent(cast, form)
    first = sent.first_submitted_at
    recalled = services.submission_recall(actor=cast.xa, submission=sent, reason="Sai số liệu")
    assert recalled.status == "nhap"
    assert recalled.first_submitted_at == first
    entry = AuditEntry.objects.get(action="reporting.submission.recall", target_id=sent.pk)
    assert entry.before["status"] == "da_gui" and entry.after["status"] == "nhap"
    again = services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=SENT
    )
    assert again.status == "da_gui" and again.first_submitted_at == first


@pytest.mark.parametrize("step", ["approve", "return"])
def test_a_decided_report_cannot_be_recalled(cast: Cast, form: ReportingForm, step: str) -> None:
    sent = _sent(cast, form)
    if step == "approve":
        services.submission_approve(actor=cast.tinhuy, submission=sent)
    else:
        services.submission_return(actor=cast.tinhuy, submission=sent, reason="Thiếu số")
    with pytest.raises(TransitionError) as err:
        services.submission_recall(actor=cast.xa, submission=sent)
    assert "rút lại" in err.value.message


@pytest.mark.parametrize("persona", ["lanhdao", "chibo"])
def test_only_the_units_editors_recall(cast: Cast, form: ReportingForm, persona: str) -> None:
    sent = _sent(cast, form)
    with pytest.raises(PermissionDeniedError):
        services.submission_recall(actor=cast.persona(persona), submission=sent)
    assert Submission.objects.get().status == "da_gui"


def test_recalled_values_open_again_for_the_unit(
    cast: Cast, form: ReportingForm, indicators
) -> None:
    sent = _sent(cast, form)
    ids = [indicators[0].pk]
    with pytest.raises(PermissionDeniedError):
        check_writable(
            actor=cast.xa, organisation=cast.commune, period_code=SENT, indicator_ids=ids
        )
    services.submission_recall(actor=cast.xa, submission=sent)
    _writable(cast, ids)


def test_grid_offers_recall_to_the_unit_and_not_to_a_reader(
    cast: Cast, form: ReportingForm, client_for
) -> None:
    _sent(cast, form)
    url = reverse("reporting:grid", args=[form.code, "P-CL", SENT])
    assert "Rút lại báo cáo" in client_for("xa").get(url).content.decode()
    assert "Rút lại báo cáo" not in client_for("lanhdao").get(url).content.decode()


# --- Lock exception revoke -----------------------------------------------------------------------


def _exception(cast: Cast) -> LockException:
    return services.lock_exception_grant(
        actor=cast.tinhuy,
        organisation=cast.commune,
        period_code=SENT,
        until=local_today() + dt.timedelta(days=10),
        reason="Điều chỉnh số liệu sau kiểm tra",
    )


def test_revoked_exception_locks_approved_values_again(
    cast: Cast, form: ReportingForm, indicators
) -> None:
    services.submission_approve(actor=cast.tinhuy, submission=_sent(cast, form))
    exception = _exception(cast)
    ids = [indicators[0].pk]
    _writable(cast, ids)
    services.lock_exception_revoke(actor=cast.tinhuy, exception=exception, reason="Đã sửa xong")
    assert not lock_exception_active(cast.commune, SENT)
    with pytest.raises(PermissionDeniedError):
        check_writable(
            actor=cast.xa, organisation=cast.commune, period_code=SENT, indicator_ids=ids
        )
    exception.refresh_from_db()
    assert exception.revoked_by == cast.tinhuy and exception.revoke_reason == "Đã sửa xong"
    assert AuditEntry.objects.filter(
        action="reporting.lock_exception.revoke", target_id=exception.pk
    ).exists()
    with pytest.raises(TransitionError):
        services.lock_exception_revoke(actor=cast.tinhuy, exception=exception)


@pytest.mark.parametrize("persona", ["xa", "lanhdao", "chibo"])
def test_only_an_approver_above_revokes(cast: Cast, persona: str) -> None:
    exception = _exception(cast)
    with pytest.raises(PermissionDeniedError):
        services.lock_exception_revoke(actor=cast.persona(persona), exception=exception)
    assert lock_exception_active(cast.commune, SENT)


def test_form_page_lists_running_exceptions_with_revoke_for_approvers_only(
    cast: Cast, form: ReportingForm, client_for
) -> None:
    exception = _exception(cast)
    url = reverse("reporting:form", args=[form.code]) + f"?don_vi=T-DT&ky={SENT}"
    revoke = reverse("reporting:revoke_lock_exception", args=[form.code, exception.pk])
    assert revoke in client_for("tinhuy").get(url).content.decode()
    assert revoke not in client_for("lanhdao").get(url).content.decode()
    client_for("tinhuy").post(revoke, {"don_vi": "T-DT", "ky": SENT})
    assert "Điều chỉnh số liệu" not in client_for("tinhuy").get(url).content.decode()


# --- Future periods ---------------------------------------------------------------------------


def test_official_figures_of_a_period_not_begun_are_refused_naming_the_period(
    cast: Cast, form: ReportingForm, indicators
) -> None:
    future = _future()
    with pytest.raises(InvalidInputError) as err:
        services.submission_save_entries(
            actor=cast.xa,
            form=form,
            organisation=cast.commune,
            period_code=future.code,
            entries={indicators[0].pk: {"value": "12"}},
        )
    message = err.value.errors["period"][0]
    assert future.label in message and "chưa bắt đầu" in message
    assert f"{future.start:%d/%m/%Y}" in message
    assert not Submission.objects.exists()


def test_quy_3_2026_is_named_in_the_message(cast: Cast, form: ReportingForm) -> None:
    """The issue's example: on 30/06/2026, quý 3/2026 has not begun."""
    from unittest import mock

    with (
        mock.patch("nghiquyet.reporting.rules.local_today", return_value=dt.date(2026, 6, 30)),
        pytest.raises(InvalidInputError) as err,
    ):
        services.submission_submit(
            actor=cast.xa, form=form, organisation=cast.commune, period_code="2026Q3"
        )
    assert err.value.errors["period"][0].startswith(
        "Kỳ Quý III/2026 chưa bắt đầu (bắt đầu từ ngày 01/07/2026)"
    )


def test_a_period_not_begun_cannot_be_sent(cast: Cast, form: ReportingForm) -> None:
    with pytest.raises(InvalidInputError):
        services.submission_submit(
            actor=cast.xa, form=form, organisation=cast.commune, period_code=_future().code
        )
    assert not Submission.objects.exists()


def test_the_current_period_has_begun_and_takes_figures(
    cast: Cast, form: ReportingForm, indicators
) -> None:
    sub, _rows = services.submission_save_entries(
        actor=cast.xa,
        form=form,
        organisation=cast.commune,
        period_code=_current().code,
        entries={indicators[0].pk: {"value": "1.061"}},
        submit=True,
    )
    assert sub.status == "da_gui"


def test_estimates_of_a_future_period_only_where_the_form_allows(
    cast: Cast, form: ReportingForm, indicators
) -> None:
    future = _future().code
    entries = {indicators[0].pk: {"value": "12"}}
    kwargs = {"form": form, "organisation": cast.commune, "period_code": future}
    with pytest.raises(InvalidInputError) as err:
        services.submission_save_entries(actor=cast.xa, entries=entries, value_type="uoc", **kwargs)
    assert "không cho nhập số ước" in err.value.errors["period"][0]
    services.form_update(actor=cast.tinhuy, form=form, future_estimates=True)
    form.refresh_from_db()
    sub, _rows = services.submission_save_entries(
        actor=cast.xa, entries=entries, value_type="uoc", **kwargs
    )
    assert sub.status == "nhap"
    with pytest.raises(InvalidInputError):
        services.submission_save_entries(actor=cast.xa, entries=entries, **kwargs)
    with pytest.raises(InvalidInputError):
        services.submission_save_entries(
            actor=cast.xa, entries=entries, value_type="uoc", submit=True, **kwargs
        )


def test_grid_of_a_future_period_is_closed(cast: Cast, form: ReportingForm, client_for) -> None:
    future = _future()
    url = reverse("reporting:grid", args=[form.code, "P-CL", future.code])
    page = client_for("xa").get(url).content.decode()
    assert "chưa bắt đầu" in page and future.label in page
    assert "Lưu và gửi báo cáo" not in page and 'value="save"' not in page
    refused = client_for("xa").post(url, {"action": "save"}, follow=True)
    assert "chưa bắt đầu" in refused.content.decode()
    current = reverse("reporting:grid", args=[form.code, "P-CL", _current().code])
    assert "Lưu và gửi báo cáo" in client_for("xa").get(current).content.decode()


def test_api_refuses_official_figures_of_a_future_period(
    cast: Cast, form: ReportingForm, client_for
) -> None:
    future = _future().code
    response = client_for("xa").post(
        f"/api/v1/reporting/submissions/{form.code}/P-CL/{future}/values",
        {"entries": {"KN-DV": {"value": "3"}}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "chưa bắt đầu" in str(response.json())


# --- Permission matrix -----------------------------------------------------------------------


class TestRecallRevokePermissions(PermissionMatrix):
    routes = [
        Page(
            "reporting:decide",
            args=("BC-QUY-XA", "P-CL", SENT, "rut-lai"),
            post={"reason": "Sửa lại"},
            expect={"anonymous": LOGIN, "xa": 302, "chibo": 404, "lanhdao": 403, "tinhuy": 302},
        ),
        Api(
            "post",
            f"/api/v1/reporting/submissions/BC-QUY-XA/P-CL/{SENT}/recall",
            body={"reason": "Sửa lại"},
            expect={"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 403, "tinhuy": 200},
        ),
        Page(
            "reporting:revoke_lock_exception",
            args=("BC-QUY-XA", 1),
            post={"reason": "Đã sửa xong"},
            expect={"anonymous": LOGIN, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 302},
        ),
        Api(
            "post",
            "/api/v1/reporting/lock-exceptions/1/revoke",
            body={"reason": "Đã sửa xong"},
            expect={"anonymous": 401, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 200},
        ),
    ]

    pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

    @pytest.fixture(autouse=True)
    def rows(self, cast: Cast, form: ReportingForm) -> None:
        _sent(cast, form)
        _exception(cast)

    def state(self, cast: Cast) -> object:
        return (
            list(Submission.objects.values_list("status", flat=True)),
            list(LockException.objects.values_list("revoked_at", flat=True)),
        )


def test_grid_of_a_future_period_takes_estimates_where_the_form_allows_but_never_sends(
    cast: Cast, form: ReportingForm, client_for
) -> None:
    services.form_update(actor=cast.tinhuy, form=form, future_estimates=True)
    url = reverse("reporting:grid", args=[form.code, "P-CL", _future().code])
    estimates = client_for("xa").get(f"{url}?loai=uoc").content.decode()
    assert 'value="save"' in estimates and "Lưu và gửi báo cáo" not in estimates
    official = client_for("xa").get(f"{url}?loai=chinh_thuc").content.decode()
    assert 'value="save"' not in official
