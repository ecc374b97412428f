"""The submission state machine: who may move a report, and which moves are refused."""

import pytest

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.reporting import services
from nghiquyet.reporting.models import ReportingForm, Submission
from nghiquyet.reporting.services import TransitionError
from nghiquyet.testing import Cast

Q1 = "2025Q3"


def _sent(cast: Cast, form: ReportingForm) -> Submission:
    return services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=Q1
    )


def test_commune_user_sends_own_report(cast: Cast, form: ReportingForm) -> None:
    sub = _sent(cast, form)
    assert sub.status == "da_gui"
    assert sub.first_submitted_at == sub.submitted_at
    assert sub.submitted_by == cast.xa
    assert (
        AuditEntry.objects.filter(action="reporting.submission.submit", target_id=sub.pk).count()
        == 1
    )


def test_period_code_is_normalised(cast: Cast, form: ReportingForm) -> None:
    sub = services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=" 2025q3 "
    )
    assert sub.period_code == "2025Q3"


def test_commune_user_cannot_send_other_commune_report(cast: Cast, form: ReportingForm) -> None:
    with pytest.raises(PermissionDeniedError):
        services.submission_submit(
            actor=cast.xa, form=form, organisation=cast.other_commune, period_code=Q1
        )
    assert not Submission.objects.exists()


@pytest.mark.parametrize("persona", ["lanhdao", "chibo"])
def test_viewer_and_cell_user_cannot_send_commune_report(
    cast: Cast, form: ReportingForm, persona: str
) -> None:
    with pytest.raises(PermissionDeniedError):
        services.submission_submit(
            actor=cast.persona(persona), form=form, organisation=cast.commune, period_code=Q1
        )


def test_unit_outside_form_cannot_send(cast: Cast, form: ReportingForm) -> None:
    with pytest.raises(InvalidInputError) as err:
        services.submission_submit(actor=cast.xa, form=form, organisation=cast.cell, period_code=Q1)
    assert "không thuộc diện báo cáo" in err.value.errors["organisation"][0]


def test_wrong_period_kind_is_refused(cast: Cast, form: ReportingForm) -> None:
    with pytest.raises(InvalidInputError) as err:
        services.submission_submit(
            actor=cast.xa, form=form, organisation=cast.commune, period_code="2025"
        )
    assert "theo kỳ quý" in err.value.errors["period"][0]
    with pytest.raises(InvalidInputError):
        services.submission_submit(
            actor=cast.xa, form=form, organisation=cast.commune, period_code="2025Q5"
        )


def test_sending_twice_is_refused_in_vietnamese(cast: Cast, form: ReportingForm) -> None:
    _sent(cast, form)
    with pytest.raises(TransitionError) as err:
        _sent(cast, form)
    assert err.value.message == "Không thể gửi báo cáo đang ở trạng thái “Đã gửi”."


def test_province_admin_approves_commune_report(cast: Cast, form: ReportingForm) -> None:
    sub = services.submission_approve(actor=cast.tinhuy, submission=_sent(cast, form))
    assert sub.status == "da_duyet"
    assert sub.decided_by == cast.tinhuy


def test_approver_of_the_unit_itself_cannot_approve_it(
    cast: Cast, form: ReportingForm, approver_at_commune
) -> None:
    sub = _sent(cast, form)
    with pytest.raises(PermissionDeniedError):
        services.submission_approve(actor=approver_at_commune, submission=sub)
    with pytest.raises(PermissionDeniedError):
        services.submission_return(actor=approver_at_commune, submission=sub, reason="Sai")
    sub.refresh_from_db()
    assert sub.status == "da_gui"


@pytest.mark.parametrize("persona", ["xa", "chibo", "lanhdao"])
def test_non_approvers_cannot_approve(cast: Cast, form: ReportingForm, persona: str) -> None:
    sub = _sent(cast, form)
    with pytest.raises(PermissionDeniedError):
        services.submission_approve(actor=cast.persona(persona), submission=sub)


def test_draft_cannot_be_approved_or_returned(cast: Cast, form: ReportingForm) -> None:
    draft = services.submission_open(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=Q1
    )
    with pytest.raises(TransitionError, match="Không thể duyệt báo cáo"):
        services.submission_approve(actor=cast.tinhuy, submission=draft)
    with pytest.raises(TransitionError, match="Không thể trả lại"):
        services.submission_return(actor=cast.tinhuy, submission=draft, reason="x")
    with pytest.raises(TransitionError, match="Không thể mở khóa"):
        services.submission_unlock(actor=cast.tinhuy, submission=draft, reason="x")


def test_return_needs_a_reason_and_keeps_first_sending_time(
    cast: Cast, form: ReportingForm
) -> None:
    sub = _sent(cast, form)
    first = sub.first_submitted_at
    with pytest.raises(InvalidInputError) as err:
        services.submission_return(actor=cast.tinhuy, submission=sub, reason="   ")
    assert err.value.errors == {"reason": ["Phải nêu lý do."]}
    sub = services.submission_return(
        actor=cast.tinhuy, submission=sub, reason="Tỷ lệ BHYT chưa khớp tử số"
    )
    assert (sub.status, sub.reason) == ("tra_lai", "Tỷ lệ BHYT chưa khớp tử số")
    with pytest.raises(TransitionError):
        services.submission_approve(actor=cast.tinhuy, submission=sub)
    again = _sent(cast, form)
    assert again.status == "da_gui"
    assert again.first_submitted_at == first
    assert again.submitted_at > first


def test_approved_report_cannot_be_sent_or_returned(cast: Cast, form: ReportingForm) -> None:
    sub = services.submission_approve(actor=cast.tinhuy, submission=_sent(cast, form))
    with pytest.raises(TransitionError):
        _sent(cast, form)
    with pytest.raises(TransitionError):
        services.submission_return(actor=cast.tinhuy, submission=sub, reason="x")


def test_unlock_takes_approver_and_reason_and_is_audited(cast: Cast, form: ReportingForm) -> None:
    sub = services.submission_approve(actor=cast.tinhuy, submission=_sent(cast, form))
    with pytest.raises(PermissionDeniedError):
        services.submission_unlock(actor=cast.xa, submission=sub, reason="Sửa số")
    with pytest.raises(InvalidInputError):
        services.submission_unlock(actor=cast.tinhuy, submission=sub, reason="")
    sub = services.submission_unlock(
        actor=cast.tinhuy, submission=sub, reason="Cục Thống kê điều chỉnh số liệu"
    )
    assert sub.status == "nhap"
    entry = AuditEntry.objects.get(action="reporting.submission.unlock")
    assert entry.actor == cast.tinhuy
    assert entry.before["status"] == "da_duyet"
    assert entry.after == {
        "status": "nhap",
        "reason": "Cục Thống kê điều chỉnh số liệu",
        "period": Q1,
    }


def test_form_create_checks_permission_and_input(cast: Cast, indicators) -> None:
    with pytest.raises(PermissionDeniedError):
        services.form_create(
            actor=cast.xa,
            owner=cast.commune,
            code="F1",
            name="Biểu",
            period_type="quy",
            indicators=indicators,
        )
    with pytest.raises(InvalidInputError) as err:
        services.form_create(
            actor=cast.tinhuy,
            owner=cast.commune,
            code=" ",
            name="",
            period_type="tuan",
            indicators=[],
            org_kinds=["khong_co"],
            units=[cast.other_commune],
            deadline_days=-1,
            outlier_pct="abc",
        )
    assert set(err.value.errors) == {
        "code",
        "name",
        "period_type",
        "org_kinds",
        "units",
        "deadline_days",
        "outlier_pct",
    }


def test_form_code_is_unique_ignoring_case(cast: Cast, form: ReportingForm, indicators) -> None:
    with pytest.raises(InvalidInputError) as err:
        services.form_create(
            actor=cast.tinhuy,
            owner=cast.province,
            code="bc-quy-xa",
            name="Khác",
            period_type="nam",
            indicators=indicators,
        )
    assert "đã có" in err.value.errors["code"][0]


def test_listed_unit_reports_even_if_its_kind_is_not_assigned(cast: Cast, indicators) -> None:
    form = services.form_create(
        actor=cast.tinhuy,
        owner=cast.province,
        code="BC-CB",
        name="Báo cáo chi bộ điểm",
        period_type="quy",
        indicators=indicators,
        units=[cast.cell],
    )
    sub = services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.cell, period_code=Q1
    )
    assert sub.status == "da_gui"
    with pytest.raises(InvalidInputError):
        services.submission_submit(
            actor=cast.xa, form=form, organisation=cast.commune, period_code=Q1
        )
