"""Rows in both communes, made through the services, for the route-coverage matrix and the
schemathesis run: what xa may reach (P-CL) and its mirror in the other commune (X-MH)."""

import datetime as dt

from nghiquyet.documents.models import Status
from nghiquyet.documents.services import DocumentInput, document_create
from nghiquyet.indicators.services import indicator_create
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import term_create
from nghiquyet.reporting.services import form_create
from nghiquyet.tasks.services import TaskInput, task_create
from nghiquyet.testing import Cast

START = dt.date(2025, 9, 1)


def _document(cast: Cast, org: Organisation) -> int:
    term_create(actor=cast.root, organisation=org, start_year=2025, end_year=2030)
    data = DocumentInput(
        scheme="dang",
        doc_type="ke_hoach",
        title=f"Kế hoạch thực hiện Nghị quyết của {org.name}",
        issue_date=dt.date(2025, 11, 3),
        status=Status.BAN_HANH,
    )
    return document_create(actor=cast.root, organisation=org, data=data).pk


def _task(cast: Cast, org: Organisation) -> int:
    data = TaskInput(
        code=f"NV-{org.code}",
        title=f"Nhiệm vụ của {org.name}",
        assigning=org,
        lead=org,
        start_date=START,
        deadline=dt.date(2026, 6, 30),
    )
    return task_create(actor=cast.root, data=data).pk


def seed_both_communes(cast: Cast) -> dict[str, object]:
    """A document and a task in each commune, an indicator and a quarterly commune form.

    Returns their keys: ``doc`` and ``task`` (P-CL's), ``other_doc`` and ``other_task``
    (X-MH's), ``indicator`` and ``form`` (codes, owned by the province).
    """
    indicator = indicator_create(
        actor=cast.root,
        code="KN-DV",
        name="Kết nạp đảng viên mới",
        unit="đảng viên",
        field_group="xay_dung_dang",
        kind="so_luong",
        rolls_up=True,
    )
    form_create(
        actor=cast.root,
        owner=cast.province,
        code="BC-QUY",
        name="Báo cáo quý của cấp xã",
        period_type="quy",
        indicators=[indicator],
        org_kinds=[OrgKind.DANG_UY_XA],
    )
    return {
        "doc": _document(cast, cast.commune),
        "other_doc": _document(cast, cast.other_commune),
        "task": _task(cast, cast.commune),
        "other_task": _task(cast, cast.other_commune),
        "indicator": "KN-DV",
        "indicator_pk": indicator.pk,
        "form": "BC-QUY",
    }
