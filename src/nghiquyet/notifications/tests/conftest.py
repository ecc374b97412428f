"""The issue's scenario: the province returned xa's report for the latest ended quarter with a
reason, and gave all communes a requirement due in 14 days."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from nghiquyet.documents.models import Document, Requirement, Status
from nghiquyet.documents.services import DocumentInput, document_create, requirement_create
from nghiquyet.documents.tests.conftest import terms  # noqa: F401  (a fixture)
from nghiquyet.indicators.models import Indicator
from nghiquyet.orgs.models import OrgKind
from nghiquyet.reporting.inbox import latest_ended_period
from nghiquyet.reporting.models import ReportingForm, Submission
from nghiquyet.reporting.services import form_create, submission_return, submission_submit
from nghiquyet.testing import Cast

REASON = "Thiếu số liệu kết nạp đảng viên tháng 9, đề nghị bổ sung."


@dataclass
class Scenario:
    today: dt.date
    form: ReportingForm
    submission: Submission
    document: Document
    requirement: Requirement


def _form(cast: Cast) -> ReportingForm:
    indicator = Indicator.objects.create(
        code="KN-DV",
        name="Kết nạp đảng viên mới",
        unit="đảng viên",
        kind="so_luong",
        combine="tong",
        field_group="xay_dung_dang",
        organisation=cast.province,
        position=0,
    )
    return form_create(
        actor=cast.tinhuy,
        owner=cast.province,
        code="BC-QUY-XA",
        name="Báo cáo quý của cấp xã",
        period_type="quy",
        indicators=[indicator],
        org_kinds=[OrgKind.DANG_UY_XA],
        deadline_days=15,
        grace_days=0,
    )


def build_scenario(cast: Cast) -> Scenario:
    """Through the services, as the issue says: xa sends the quarter, the province returns
    it with ``REASON``; the province issues a plan and requires all communes to issue theirs
    within 14 days."""
    today = timezone.localdate()
    form = _form(cast)
    period = latest_ended_period(form, today)
    assert period is not None
    sent = submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=period.code
    )
    returned = submission_return(actor=cast.tinhuy, submission=sent, reason=REASON)
    document = document_create(
        actor=cast.tinhuy,
        organisation=cast.province,
        data=DocumentInput(
            scheme="dang",
            doc_type="ke_hoach",
            title="Kế hoạch thực hiện Nghị quyết Đại hội",
            issue_date=today,
            status=Status.BAN_HANH,
        ),
    )
    requirement = requirement_create(
        actor=cast.tinhuy,
        document=document,
        action="ban_hanh",
        doc_type="ke_hoach",
        rule="truc_thuoc",
        assigned_on=today,
        deadline=today + dt.timedelta(days=14),
    )
    return Scenario(today, form, returned, document, requirement)


@pytest.fixture
def scenario(cast: Cast, terms) -> Scenario:  # noqa: F811
    return build_scenario(cast)
