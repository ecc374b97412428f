"""Writes for the registers. Each checks permission and bounds, runs in a transaction and
audits; the web forms, the API and the workbook call these same functions."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.formats import MAX_INTEGER_DIGITS, MAX_PLACES
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.documents.models import Document
from nghiquyet.orgs.models import Organisation
from nghiquyet.registers.audit_actions import RegistersAudit as A
from nghiquyet.registers.models import (
    Allocation,
    Disbursement,
    Movement,
    MovementCount,
    MovementKind,
    MovementStatus,
    Project,
    Survey,
    SurveyAnswer,
)

MIN_DATE, MAX_DATE = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
MAX_COUNT = 10_000_000
MAX_AMOUNT = Decimal(10) ** MAX_INTEGER_DIGITS


def _require(actor: AnyUser, org: Organisation) -> None:
    if not can(actor, Action.EDIT, org):
        raise PermissionDeniedError(f"Bạn không có quyền cập nhật dữ liệu của {org.name}.")


def _text(errors: dict[str, str], field: str, value: str, limit: int, label: str) -> str:
    text = value.strip()
    if not text:
        errors[field] = f"Chưa nhập {label}."
    elif len(text) > limit:
        errors[field] = f"{label.capitalize()} dài quá {limit} ký tự."
    return text


def _date(errors: dict[str, str], field: str, day: dt.date) -> None:
    if not MIN_DATE <= day <= MAX_DATE:
        errors[field] = "Ngày phải trong khoảng 01/01/1990 – 31/12/2100."


def _count(errors: dict[str, str], field: str, value: int, label: str) -> None:
    if not 0 <= value <= MAX_COUNT:
        errors[field] = f"{label} phải là số nguyên từ 0 đến 10.000.000."


def _amount(errors: dict[str, str], field: str, value: Decimal, label: str) -> None:
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        errors[field] = f"{label} phải là số không âm, nhỏ hơn 10^{MAX_INTEGER_DIGITS}."
    elif value != value.quantize(Decimal(1).scaleb(-MAX_PLACES)):
        errors[field] = f"{label} có quá {MAX_PLACES} chữ số thập phân."


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise InvalidInputError(errors)


# Models and movements ------------------------------------------------------------------------


@transaction.atomic
def movement_create(
    *,
    actor: AnyUser,
    organisation: Organisation,
    name: str,
    kind: str,
    start_date: dt.date,
    status: str = MovementStatus.DANG_HOAT_DONG,
    description: str = "",
    participants: int | None = None,
    as_of: dt.date | None = None,
) -> Movement:
    """Register a model or movement, with its first participant count when given."""
    _require(actor, organisation)
    errors: dict[str, str] = {}
    name = _text(errors, "name", name, 300, "tên mô hình, phong trào")
    if kind not in MovementKind.values:
        errors["kind"] = f"Loại “{kind}” không hợp lệ."
    if status not in MovementStatus.values:
        errors["status"] = f"Trạng thái “{status}” không hợp lệ."
    _date(errors, "start_date", start_date)
    if len(description) > 5000:
        errors["description"] = "Mô tả dài quá 5.000 ký tự."
    if name and Movement.objects.filter(organisation=organisation, name__iexact=name).exists():
        errors["name"] = f"{organisation.name} đã có mô hình “{name}”."
    if participants is not None:
        _count(errors, "participants", participants, "Số người tham gia")
    _raise(errors)
    movement = Movement.objects.create(
        organisation=organisation,
        name=name,
        kind=kind,
        start_date=start_date,
        status=status,
        description=description.strip(),
    )
    audit_record(
        actor=actor,
        action=A.MOVEMENT_CREATE,
        target=movement,
        organisation=organisation,
        after={"name": name, "kind": kind, "start_date": start_date.isoformat(), "status": status},
    )
    if participants is not None:
        movement_count_set(
            actor=actor,
            movement=movement,
            as_of=as_of or start_date,
            participants=participants,
        )
    return movement


@transaction.atomic
def movement_status_set(*, actor: AnyUser, movement: Movement, status: str) -> Movement:
    _require(actor, movement.organisation)
    if status not in MovementStatus.values:
        raise InvalidInputError.single("status", f"Trạng thái “{status}” không hợp lệ.")
    before = movement.status
    movement.status = status
    movement.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=A.MOVEMENT_STATUS,
        target=movement,
        organisation=movement.organisation,
        before={"status": before},
        after={"status": status},
    )
    return movement


@transaction.atomic
def movement_count_set(
    *, actor: AnyUser, movement: Movement, as_of: dt.date, participants: int
) -> MovementCount:
    """Record how many took part on ``as_of`` (replacing that day's figure)."""
    _require(actor, movement.organisation)
    errors: dict[str, str] = {}
    _count(errors, "participants", participants, "Số người tham gia")
    _date(errors, "as_of", as_of)
    if as_of < movement.start_date:
        errors["as_of"] = "Ngày số liệu trước ngày bắt đầu của mô hình."
    _raise(errors)
    row, _ = MovementCount.objects.update_or_create(
        movement=movement, as_of=as_of, defaults={"participants": participants}
    )
    audit_record(
        actor=actor,
        action=A.MOVEMENT_COUNT_SET,
        target=row,
        organisation=movement.organisation,
        after={"movement": movement.pk, "as_of": as_of.isoformat(), "participants": participants},
    )
    return row


# Surveys ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    count: int


def _check_answers(answers: Sequence[Answer], returned: int) -> dict[str, str]:
    totals: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for a in answers:
        if not a.question.strip() or not a.answer.strip():
            return {"answers": "Mỗi kết quả cần câu hỏi và phương án trả lời."}
        if len(a.question) > 300 or len(a.answer) > 200:
            return {"answers": "Câu hỏi tối đa 300 ký tự, phương án tối đa 200 ký tự."}
        if not 0 <= a.count <= MAX_COUNT:
            return {"answers": "Số phiếu của một phương án phải là số nguyên không âm."}
        key = (a.question.strip(), a.answer.strip())
        if key in seen:
            return {"answers": f"Phương án “{key[1]}” của câu “{key[0]}” khai hai lần."}
        seen.add(key)
        totals[key[0]] = totals.get(key[0], 0) + a.count
    over = [q for q, n in totals.items() if n > returned]
    if over:
        return {
            "answers": f"Câu “{over[0]}”: tổng số phiếu các phương án ({totals[over[0]]}) "
            f"lớn hơn số phiếu thu về ({returned})."
        }
    return {}


@transaction.atomic
def survey_create(
    *,
    actor: AnyUser,
    organisation: Organisation,
    topic: str,
    conducted_on: dt.date,
    forms_issued: int,
    forms_returned: int,
    document: Document | None = None,
    summary: str = "",
    answers: Iterable[Answer] = (),
) -> Survey:
    """Register a survey with its counts per answer. Answers to one question may not add up
    to more than the forms returned, which may not exceed the forms issued."""
    _require(actor, organisation)
    rows = list(answers)
    errors: dict[str, str] = {}
    topic = _text(errors, "topic", topic, 300, "chủ đề khảo sát")
    _date(errors, "conducted_on", conducted_on)
    _count(errors, "forms_issued", forms_issued, "Số phiếu phát ra")
    _count(errors, "forms_returned", forms_returned, "Số phiếu thu về")
    if "forms_returned" not in errors and forms_returned > forms_issued:
        errors["forms_returned"] = (
            f"Số phiếu thu về ({forms_returned}) lớn hơn số phiếu phát ra ({forms_issued})."
        )
    if len(summary) > 10000:
        errors["summary"] = "Tóm tắt dài quá 10.000 ký tự."
    if document is not None and not Document.objects.visible_to(actor).filter(pk=document.pk):
        errors["document"] = "Văn bản không thuộc phạm vi bạn được xem."
    errors |= _check_answers(rows, forms_returned)
    _raise(errors)
    survey = Survey.objects.create(
        organisation=organisation,
        topic=topic,
        document=document,
        conducted_on=conducted_on,
        forms_issued=forms_issued,
        forms_returned=forms_returned,
        summary=summary.strip(),
        created_by=actor if actor.is_authenticated else None,
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            survey=survey, question=a.question.strip(), answer=a.answer.strip(), count=a.count
        )
        for a in rows
    )
    audit_record(
        actor=actor,
        action=A.SURVEY_CREATE,
        target=survey,
        organisation=organisation,
        after={
            "topic": topic,
            "document": document and document.pk,
            "conducted_on": conducted_on.isoformat(),
            "forms_issued": forms_issued,
            "forms_returned": forms_returned,
            "answers": [[a.question, a.answer, a.count] for a in rows],
        },
    )
    return survey


# Public-investment projects --------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    actor: AnyUser,
    organisation: Organisation,
    code: str,
    name: str,
    plan_start: int,
    plan_end: int,
    total_investment: Decimal,
) -> Project:
    """Register a project of the unit's medium-term investment plan."""
    _require(actor, organisation)
    errors: dict[str, str] = {}
    code = _text(errors, "code", code, 40, "mã dự án")
    name = _text(errors, "name", name, 300, "tên dự án")
    if not 1990 <= plan_start <= 2100:
        errors["plan_start"] = "Năm bắt đầu kế hoạch phải trong khoảng 1990–2100."
    if not plan_start <= plan_end <= plan_start + 10:
        errors["plan_end"] = "Năm kết thúc kế hoạch phải từ năm bắt đầu đến 10 năm sau."
    _amount(errors, "total_investment", total_investment, "Tổng mức đầu tư")
    if code and Project.objects.filter(organisation=organisation, code__iexact=code).exists():
        errors["code"] = f"Mã dự án “{code}” đã có ở {organisation.name}."
    _raise(errors)
    project = Project.objects.create(
        organisation=organisation,
        code=code,
        name=name,
        plan_start=plan_start,
        plan_end=plan_end,
        total_investment=total_investment,
    )
    audit_record(
        actor=actor,
        action=A.PROJECT_CREATE,
        target=project,
        organisation=organisation,
        after={
            "code": code,
            "name": name,
            "plan": [plan_start, plan_end],
            "total_investment": str(total_investment),
        },
    )
    return project


@transaction.atomic
def allocation_set(*, actor: AnyUser, project: Project, year: int, amount: Decimal) -> Allocation:
    """Set the capital allocated to ``project`` for ``year`` (a year of its plan)."""
    _require(actor, project.organisation)
    errors: dict[str, str] = {}
    if not project.plan_start <= year <= project.plan_end:
        errors["year"] = f"Năm {year} ngoài giai đoạn kế hoạch {project.plan_label} của dự án."
    _amount(errors, "amount", amount, "Vốn giao")
    _raise(errors)
    before = Allocation.objects.filter(project=project, year=year).first()
    row, _ = Allocation.objects.update_or_create(
        project=project, year=year, defaults={"amount": amount}
    )
    audit_record(
        actor=actor,
        action=A.ALLOCATION_SET,
        target=row,
        organisation=project.organisation,
        before={"amount": str(before.amount)} if before else None,
        after={"project": project.code, "year": year, "amount": str(amount)},
    )
    return row


def parse_disbursement_period(code: str) -> Period:
    """A month, quarter, half, nine months or year; a term is too coarse to compare."""
    period = Period.parse(code)
    if period.kind is PeriodKind.TERM:
        raise ValueError(
            "Kỳ giải ngân là tháng, quý, 6 tháng, 9 tháng hoặc năm, không là nhiệm kỳ."
        )
    return period


@transaction.atomic
def disbursement_set(
    *, actor: AnyUser, project: Project, period: str, amount: Decimal
) -> Disbursement:
    """Set the capital disbursed during ``period``. Periods of a project never overlap, so a
    quarter cannot be entered beside a month it contains."""
    _require(actor, project.organisation)
    errors: dict[str, str] = {}
    try:
        p = parse_disbursement_period(period)
    except ValueError as exc:
        raise InvalidInputError.single("period", str(exc)) from None
    if not project.plan_start <= p.start.year <= project.plan_end + 1:
        errors["period"] = f"Kỳ {p.label} ngoài giai đoạn kế hoạch {project.plan_label} của dự án."
    _amount(errors, "amount", amount, "Số vốn giải ngân")
    clash = (
        Disbursement.objects.filter(project=project, start__lte=p.end, end__gte=p.start)
        .exclude(period=p.code)
        .first()
    )
    if clash is not None:
        errors["period"] = f"Kỳ {p.label} trùng với kỳ {clash.period_label} đã nhập của dự án."
    _raise(errors)
    before = Disbursement.objects.filter(project=project, period=p.code).first()
    row, _ = Disbursement.objects.update_or_create(
        project=project,
        period=p.code,
        defaults={"amount": amount, "start": p.start, "end": p.end},
    )
    audit_record(
        actor=actor,
        action=A.DISBURSEMENT_SET,
        target=row,
        organisation=project.organisation,
        before={"amount": str(before.amount)} if before else None,
        after={"project": project.code, "period": p.code, "amount": str(amount)},
    )
    return row
