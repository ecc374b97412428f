"""Rows in both communes, made through the services, for the route-coverage matrix and the
schemathesis run: what xa may reach (P-CL) and its mirror in the other commune (X-MH)."""

import datetime as dt
import io
from decimal import Decimal

from django.contrib.auth.models import User

from nghiquyet.dissemination.services import session_create
from nghiquyet.documents.models import Document, Status
from nghiquyet.documents.services import DocumentInput, document_create
from nghiquyet.documents.services.attachments import attachment_add
from nghiquyet.documents.services.consultations import comment_add as consultation_comment
from nghiquyet.documents.services.consultations import consultation_open
from nghiquyet.exports.services import draft_create
from nghiquyet.indicators.services import indicator_create
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import term_create
from nghiquyet.oversight.services.inspections import (
    InspectionInput,
    inspection_create,
    programme_create,
)
from nghiquyet.registers.services import movement_create, project_create
from nghiquyet.reporting.models import ReportingForm
from nghiquyet.reporting.services import form_create, submission_submit
from nghiquyet.tasks.models import Task
from nghiquyet.tasks.services import TaskInput, task_create
from nghiquyet.tasks.services.workflow import extension_request
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


# --- Rows of every kind the pages and operations name (route coverage) -------------------------

PDF = b"%PDF-1.4\n% nghiquyet\n"
LATER = dt.date(2099, 1, 15)  # a deadline never in the past, whatever day the tests run


def _consultation(cast: Cast, org: Organisation, author: User) -> tuple[int, int]:
    """A draft of ``org`` sent for comments to ``org`` and its cell, with one comment of
    ``author`` (a user of one of them)."""
    draft = document_create(
        actor=cast.root,
        organisation=org,
        data=DocumentInput(
            scheme="dang", doc_type="ke_hoach", title="Dự thảo kế hoạch", status=Status.DU_THAO
        ),
    )
    cell = org.children.first()
    consultation = consultation_open(
        actor=cast.root, document=draft, deadline=LATER, units=[org, cell]
    )
    comment = consultation_comment(actor=author, consultation=consultation, text="Góp ý")
    return consultation.pk, comment.pk


def _extension(cast: Cast, task_pk: int) -> int:
    task = Task.objects.get(pk=task_pk)
    occurrence = task.occurrences.order_by("pk").first()
    assert occurrence is not None
    extension = extension_request(
        actor=cast.root, occurrence=occurrence, new_date=LATER, reason="Chờ kinh phí"
    )
    return extension.pk


def _session(cast: Cast, org: Organisation, doc: int) -> int:
    document = Document.objects.get(pk=doc)
    return session_create(
        actor=cast.root,
        organisation=org,
        title="Học tập Nghị quyết",
        documents=[document],
        start_date=dt.date(2025, 12, 1),
        format="truc_tiep",
    ).pk


def _registers(cast: Cast, org: Organisation) -> dict[str, int]:
    movement = movement_create(
        actor=cast.root,
        organisation=org,
        name="Dân vận khéo",
        kind="mo_hinh",
        start_date=START,
        participants=10,
        as_of=START,
    )
    project = project_create(
        actor=cast.root,
        organisation=org,
        code=f"DA-{org.code}",
        name="Đường giao thông nông thôn",
        plan_start=2026,
        plan_end=2030,
        total_investment=Decimal("1000"),
    )
    return {"movement": movement.pk, "project": project.pk}


def _inspection(cast: Cast, org: Organisation) -> int:
    programme_create(actor=cast.root, organisation=org, year=2025, title="Chương trình kiểm tra")
    data = InspectionInput(
        body=org,
        kind="kiem_tra_chuyen_de",
        content="Việc học tập nghị quyết",
        start_date=dt.date(2025, 10, 1),
        subject_org=org.children.first(),
    )
    return inspection_create(actor=cast.root, data=data).pk


def seed_records(cast: Cast) -> dict[str, object]:
    """``seed_both_communes`` and one row of each kind the routes name, in P-CL (bare key) and
    in X-MH (``other_`` key), all through the services.

    Adds ``consultation``, ``comment`` (P-CL's own comment on it), ``attachment`` (a PDF of
    ``doc``), ``extension`` (a pending request on ``task``), ``draft`` (P-CL's 2025 report),
    ``session``, ``movement``, ``project``, ``inspection``, and the primary keys
    ``commune_pk`` and ``other_commune_pk`` (form fields choose units by key); each commune's
    2025Q3 report is sent (``da_gui``) so it can be approved or returned.
    """
    keys = seed_both_communes(cast)
    keys.update(commune_pk=cast.commune.pk, other_commune_pk=cast.other_commune.pk)
    for prefix, org, author in (
        ("", cast.commune, cast.xa),
        ("other_", cast.other_commune, cast.chibo),
    ):
        doc, task = int(keys[f"{prefix}doc"]), int(keys[f"{prefix}task"])  # type: ignore[call-overload]
        keys[f"{prefix}consultation"], keys[f"{prefix}comment"] = _consultation(cast, org, author)
        attachment = attachment_add(
            actor=cast.root,
            document=Document.objects.get(pk=doc),
            name="van-ban.pdf",
            stream=io.BytesIO(PDF),
        )
        keys[f"{prefix}attachment"] = attachment.pk
        keys[f"{prefix}extension"] = _extension(cast, task)
        keys[f"{prefix}draft"] = draft_create(
            actor=cast.root, org=org, period="2025", kind="dinh_ky"
        ).pk
        keys[f"{prefix}session"] = _session(cast, org, doc)
        keys[f"{prefix}inspection"] = _inspection(cast, org)
        keys.update({f"{prefix}{k}": v for k, v in _registers(cast, org).items()})
        form = ReportingForm.objects.get(code="BC-QUY")
        submission_submit(actor=cast.root, form=form, organisation=org, period_code="2025Q3")
    return keys
