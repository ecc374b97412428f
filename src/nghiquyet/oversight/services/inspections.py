"""Writes of inspection and supervision: programmes, records, conclusions and remedies.

Each remedy of a conclusion becomes a task of the subject unit, assigned by the inspecting
body, through the tasks app's ``task_create``; its progress, completion and overdue status are
the tasks app's.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.paths import is_under
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation
from nghiquyet.oversight.audit_actions import OversightAudit as A
from nghiquyet.oversight.models import (
    MEMBER_DISCIPLINE,
    ORG_DISCIPLINE,
    Inspection,
    InspectionStatus,
    Kind,
    Programme,
    Remedy,
    Result,
)
from nghiquyet.tasks.services import TaskInput, task_create

MIN_DATE, MAX_DATE = dt.date(1990, 1, 1), dt.date(2100, 12, 31)


def _require(actor: AnyUser, body: Organisation) -> None:
    if not can(actor, Action.EDIT, body):
        raise PermissionDeniedError(f"Bạn không có quyền cập nhật dữ liệu của {body.name}.")


def _user(actor: AnyUser) -> Any:
    return actor if actor.is_authenticated else None


@transaction.atomic
def programme_create(
    *, actor: AnyUser, organisation: Organisation, year: int, title: str, note: str = ""
) -> Programme:
    """Open a body's programme of inspection and supervision for a year (one per year)."""
    _require(actor, organisation)
    errors: dict[str, str] = {}
    if not 2000 <= year <= 2100:
        errors["year"] = "Năm phải trong khoảng 2000–2100."
    if not title.strip() or len(title.strip()) > 300:
        errors["title"] = "Tên chương trình phải có từ 1 đến 300 ký tự."
    if len(note) > 5000:
        errors["note"] = "Ghi chú dài quá 5.000 ký tự."
    if Programme.objects.filter(organisation=organisation, year=year).exists():
        errors["year"] = f"{organisation.name} đã có chương trình năm {year}."
    if errors:
        raise InvalidInputError(errors)
    programme = Programme.objects.create(
        organisation=organisation, year=year, title=title.strip(), note=note.strip()
    )
    audit_record(
        actor=actor,
        action=A.PROGRAMME_CREATE,
        target=programme,
        organisation=organisation,
        after={"year": year, "title": programme.title},
    )
    return programme


@dataclass(frozen=True)
class Member:
    """A party member as a subject: the minimum a record needs."""

    name: str
    unit: Organisation
    card: str = ""


@dataclass
class InspectionInput:
    body: Organisation
    kind: str
    content: str
    start_date: dt.date
    subject_org: Organisation | None = None
    member: Member | None = None
    end_date: dt.date | None = None
    review_period: str = ""
    programme: Programme | None = None
    code: str = ""


def _check_subject(data: InspectionInput) -> dict[str, str]:
    if (data.subject_org is None) == (data.member is None):
        return {"subject": "Chọn một đối tượng: tổ chức đảng hoặc đảng viên."}
    if data.subject_org is not None:
        org = data.subject_org
        if org == data.body or not is_under(org.path, data.body.path):
            return {"subject": f"“{org.name}” không trực thuộc {data.body.name}."}
        return {}
    member = data.member
    if member is None:
        return {}
    if not member.name.strip() or len(member.name.strip()) > 120:
        return {"member_name": "Họ và tên đảng viên phải có từ 1 đến 120 ký tự."}
    if len(member.card.strip()) > 20:
        return {"member_card": "Số thẻ đảng viên tối đa 20 ký tự."}
    if not is_under(member.unit.path, data.body.path):
        return {"member_unit": f"“{member.unit.name}” không thuộc {data.body.name}."}
    return {}


def _check_inspection(data: InspectionInput) -> dict[str, str]:
    errors = _check_subject(data)
    if data.kind not in Kind.values:
        errors["kind"] = f"Loại “{data.kind}” không hợp lệ."
    if not data.content.strip() or len(data.content) > 5000:
        errors["content"] = "Nội dung phải có từ 1 đến 5.000 ký tự."
    if not data.code.strip() or len(data.code.strip()) > 40:
        errors["code"] = "Mã phải có từ 1 đến 40 ký tự."
    for name in ("start_date", "end_date"):
        day = getattr(data, name)
        if day is not None and not MIN_DATE <= day <= MAX_DATE:
            errors[name] = "Ngày phải trong khoảng 01/01/1990 – 31/12/2100."
    if data.end_date is not None and data.end_date < data.start_date:
        errors["end_date"] = "Ngày kết thúc không được trước ngày bắt đầu."
    if data.review_period:
        try:
            data.review_period = Period.parse(data.review_period).code  # Stored as its code.
        except ValueError as exc:
            errors["review_period"] = str(exc)
    if data.programme is not None and data.programme.organisation_id != data.body.pk:
        errors["programme"] = "Chương trình thuộc đơn vị khác."
    return errors


def _next_code(body: Organisation, year: int) -> str:
    taken = Inspection.objects.filter(body=body, start_date__year=year).count()
    while True:
        taken += 1
        code = f"KTGS-{year}-{taken:03d}"
        if not Inspection.objects.filter(body=body, code__iexact=code).exists():
            return code


def _snapshot(i: Inspection) -> dict[str, Any]:
    return {
        "code": i.code,
        "kind": i.kind,
        "subject_org": i.subject_org.code if i.subject_org else None,
        "member": bool(i.member_name),
        "member_unit": i.member_unit.code if i.member_unit else None,
        "start_date": i.start_date.isoformat(),
        "end_date": i.end_date and i.end_date.isoformat(),
        "status": i.status,
        "result": i.result,
        "discipline": i.discipline,
    }


@transaction.atomic
def inspection_create(*, actor: AnyUser, data: InspectionInput) -> Inspection:
    """Plan (or record) an inspection or supervision. A record in a programme is planned; it
    is in progress from its start date. The audit keeps no member's name: the change log is
    read more widely than the record."""
    _require(actor, data.body)
    data.code = data.code.strip() or _next_code(data.body, data.start_date.year)
    errors = _check_inspection(data)
    if Inspection.objects.filter(body=data.body, code__iexact=data.code).exists():
        errors["code"] = f"Mã “{data.code}” đã được {data.body.name} dùng."
    if errors:
        raise InvalidInputError(errors)
    started = data.start_date <= timezone.localdate()
    member = data.member
    inspection = Inspection.objects.create(
        code=data.code,
        body=data.body,
        programme=data.programme,
        kind=data.kind,
        subject_org=data.subject_org,
        member_name=member.name.strip() if member else "",
        member_card=member.card.strip() if member else "",
        member_unit=member.unit if member else None,
        content=data.content.strip(),
        review_period=data.review_period.strip().upper(),
        start_date=data.start_date,
        end_date=data.end_date,
        status=InspectionStatus.DANG_TIEN_HANH if started else InspectionStatus.KE_HOACH,
        created_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action=A.INSPECTION_CREATE,
        target=inspection,
        organisation=data.body,
        after=_snapshot(inspection),
    )
    return inspection


@dataclass(frozen=True)
class RemedyInput:
    text: str
    deadline: dt.date


def _check_conclusion(
    inspection: Inspection,
    result: str,
    findings: str,
    concluded_on: dt.date,
    discipline: str,
    remedies: Sequence[RemedyInput],
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if inspection.status == InspectionStatus.DA_KET_LUAN:
        errors["result"] = "Cuộc kiểm tra, giám sát này đã có kết luận."
    if result not in Result.values:
        errors["result"] = f"Kết quả “{result}” không hợp lệ."
    if len(findings) > 10000:
        errors["findings"] = "Kết luận dài quá 10.000 ký tự."
    if not inspection.start_date <= concluded_on <= MAX_DATE:
        errors["concluded_on"] = "Ngày kết luận phải từ ngày bắt đầu kiểm tra, giám sát."
    elif concluded_on > timezone.localdate():
        errors["concluded_on"] = "Ngày kết luận không được sau hôm nay."
    allowed = MEMBER_DISCIPLINE if inspection.about_member else ORG_DISCIPLINE
    if discipline and result != Result.CO_VI_PHAM:
        errors["discipline"] = "Chỉ kỷ luật khi kết luận có vi phạm."
    elif discipline and discipline not in allowed:
        errors["discipline"] = "Hình thức kỷ luật không áp dụng cho đối tượng này."
    for n, r in enumerate(remedies, 1):
        if not r.text.strip() or len(r.text) > 1000:
            errors["remedies"] = f"Yêu cầu khắc phục thứ {n}: nội dung có từ 1 đến 1.000 ký tự."
        elif not concluded_on <= r.deadline <= MAX_DATE:
            errors["remedies"] = (
                f"Yêu cầu khắc phục thứ {n}: thời hạn {r.deadline:%d/%m/%Y} phải từ ngày kết "
                f"luận ({concluded_on:%d/%m/%Y}) trở đi."
            )
    if remedies and result == Result.TOT:
        errors["remedies"] = "Kết luận “thực hiện tốt” không kèm yêu cầu khắc phục."
    return errors


@transaction.atomic
def inspection_conclude(
    *,
    actor: AnyUser,
    inspection: Inspection,
    result: str,
    concluded_on: dt.date,
    findings: str = "",
    discipline: str = "",
    remedies: Iterable[RemedyInput] = (),
    end_date: dt.date | None = None,
) -> Inspection:
    """Conclude: result, findings, discipline, and remedies that become tasks of the subject
    unit with their deadlines."""
    _require(actor, inspection.body)
    items = list(remedies)
    errors = _check_conclusion(inspection, result, findings, concluded_on, discipline, items)
    if errors:
        raise InvalidInputError(errors)
    before = _snapshot(inspection)
    inspection.status = InspectionStatus.DA_KET_LUAN
    inspection.result, inspection.findings = result, findings.strip()
    inspection.discipline, inspection.concluded_on = discipline, concluded_on
    inspection.end_date = end_date or inspection.end_date or concluded_on
    inspection.save()
    audit_record(
        actor=actor,
        action=A.INSPECTION_CONCLUDE,
        target=inspection,
        organisation=inspection.body,
        before=before,
        after=_snapshot(inspection),
    )
    for n, item in enumerate(items, 1):
        _remedy_create(actor, inspection, item, n)
    return inspection


def _remedy_create(actor: AnyUser, inspection: Inspection, item: RemedyInput, n: int) -> Remedy:
    unit = inspection.subject_unit
    concluded = inspection.concluded_on or inspection.start_date
    task = task_create(
        actor=actor,
        data=TaskInput(
            code=f"{inspection.code}-KP{n}"[:40],
            title=f"Khắc phục sau {inspection.get_kind_display().lower()} "
            f"{inspection.code}: {item.text.strip()}"[:1000],
            assigning=inspection.body,
            lead=unit,
            start_date=concluded,
            deadline=item.deadline,
        ),
    )
    remedy = Remedy.objects.create(
        inspection=inspection, text=item.text.strip(), deadline=item.deadline, task=task
    )
    audit_record(
        actor=actor,
        action=A.REMEDY_CREATE,
        target=remedy,
        organisation=inspection.body,
        after={
            "inspection": inspection.code,
            "deadline": item.deadline.isoformat(),
            "task": task.pk,
        },
    )
    return remedy
