"""Creating and editing sections and tasks, and keeping a task's occurrences in step."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.paths import is_under
from nghiquyet.documents.doctypes import DocType
from nghiquyet.documents.models import Document
from nghiquyet.orgs.models import Organisation
from nghiquyet.tasks.audit_actions import TasksAudit as A
from nghiquyet.tasks.models import (
    CompletionReport,
    Extension,
    Occurrence,
    ProgressUpdate,
    Section,
    SectionKind,
    Task,
)
from nghiquyet.tasks.permissions import require
from nghiquyet.tasks.schedule import check_schedule, occurrence_dates

MIN_DATE, MAX_DATE = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
LIMITS = {"code": 40, "title": 1000, "description": 10000, "phase": 20}


def _user(actor: AnyUser) -> Any:
    return actor if actor.is_authenticated else None


@transaction.atomic
def section_create(
    *,
    actor: AnyUser,
    document: Document,
    kind: str,
    name: str,
    parent: Section | None = None,
    position: int = 0,
) -> Section:
    """Add a programme, breakthrough or group to a document the actor's unit issued.

    Raises PermissionDeniedError without edit rights on the issuing unit, InvalidInputError
    for an unknown kind, an empty name or a parent from another document.
    """
    require(can(actor, Action.EDIT, document.organisation), "Bạn không có quyền sửa văn bản này.")
    errors: dict[str, str] = {}
    if kind not in SectionKind.values:
        errors["kind"] = f"Loại nhóm “{kind}” không hợp lệ."
    if not name.strip() or len(name.strip()) > 300:
        errors["name"] = "Tên nhóm phải có từ 1 đến 300 ký tự."
    if parent is not None and parent.document_id != document.pk:
        errors["parent"] = "Nhóm cha thuộc văn bản khác."
    if not 0 <= position <= 999:
        errors["position"] = "Thứ tự phải từ 0 đến 999."
    if errors:
        raise InvalidInputError(errors)
    section = Section.objects.create(
        document=document, parent=parent, kind=kind, name=name.strip(), position=position
    )
    after = {
        "document": document.pk,
        "kind": kind,
        "name": section.name,
        "parent": parent and parent.pk,
    }
    audit_record(
        actor=actor,
        action=A.SECTION_CREATE,
        target=section,
        organisation=document.organisation,
        after=after,
    )
    return section


@dataclass
class TaskInput:
    """What a user types for a task. Units and documents are already resolved in scope."""

    code: str
    title: str
    assigning: Organisation
    lead: Organisation
    start_date: dt.date
    deadline: dt.date | None = None
    recurrence: str = ""
    recurrence_offset: int = 0
    recurrence_until: dt.date | None = None
    description: str = ""
    document: Document | None = None
    section: Section | None = None
    parent: Task | None = None
    phase: str = ""
    coordinating_units: Sequence[Organisation] = field(default_factory=list)
    expected_doc_type: str = ""

    def cleaned(self) -> "TaskInput":
        self.code, self.title = self.code.strip(), self.title.strip()
        self.description, self.phase = self.description.strip(), self.phase.strip()
        self.coordinating_units = list(dict.fromkeys(self.coordinating_units))
        if self.section is not None and self.document is None:
            self.document = self.section.document
        return self


def _check_texts(data: TaskInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.code:
        errors["code"] = "Chưa nhập mã nhiệm vụ."
    if not data.title:
        errors["title"] = "Chưa nhập nội dung nhiệm vụ."
    for name, limit in LIMITS.items():
        if len(getattr(data, name)) > limit:
            errors[name] = f"Dài quá {limit} ký tự."
    if data.expected_doc_type and data.expected_doc_type not in DocType.values:
        errors["expected_doc_type"] = "Loại văn bản không hợp lệ."
    return errors


def _check_units(data: TaskInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not is_under(data.lead.path, data.assigning.path):
        errors["lead"] = (
            f"Đơn vị chủ trì “{data.lead.name}” không trực thuộc đơn vị giao "
            f"“{data.assigning.name}”."
        )
    for unit in data.coordinating_units:
        if unit == data.lead:
            errors["coordinating_units"] = "Đơn vị chủ trì không đồng thời là đơn vị phối hợp."
        elif not is_under(unit.path, data.assigning.path):
            errors["coordinating_units"] = (
                f"Đơn vị phối hợp “{unit.name}” không trực thuộc đơn vị giao."
            )
    return errors


def _check_dates(data: TaskInput) -> dict[str, str]:
    for name in ("start_date", "deadline", "recurrence_until"):
        day = getattr(data, name)
        if day is not None and not MIN_DATE <= day <= MAX_DATE:
            return {name: "Ngày phải trong khoảng 01/01/1990 – 31/12/2100."}
    return check_schedule(
        data.start_date,
        data.deadline,
        data.recurrence,
        data.recurrence_offset,
        data.recurrence_until,
    )


def _check_links(actor: AnyUser, data: TaskInput, task: Task | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.document and not Document.objects.visible_to(actor).filter(pk=data.document.pk):
        errors["document"] = "Văn bản nguồn không thuộc phạm vi bạn được xem."
    if data.section is not None and data.section.document_id != (
        data.document and data.document.pk
    ):
        errors["section"] = "Nhóm không thuộc văn bản nguồn đã chọn."
    parent = data.parent
    if parent is not None:
        if data.assigning.pk not in (parent.assigning_id, parent.lead_id):
            errors["parent"] = "Nhiệm vụ con do đơn vị giao hoặc đơn vị chủ trì nhiệm vụ cha giao."
        if task is not None and _descends(parent, task):
            errors["parent"] = "Nhiệm vụ cha không được là chính nó hoặc nhiệm vụ con của nó."
    return errors


def _descends(candidate: Task, root: Task) -> bool:
    node: Task | None = candidate
    for _ in range(50):
        if node is None:
            return False
        if node.pk == root.pk:
            return True
        node = node.parent
    return True


def _check_code(data: TaskInput, task: Task | None) -> dict[str, str]:
    clash = Task.objects.filter(assigning=data.assigning, code__iexact=data.code)
    if task is not None:
        clash = clash.exclude(pk=task.pk)
    if data.code and clash.exists():
        return {"code": f"Mã “{data.code}” đã được {data.assigning.name} dùng cho nhiệm vụ khác."}
    return {}


def check_task(actor: AnyUser, data: TaskInput, task: Task | None = None) -> None:
    """Every rule on a task's fields, raised together as InvalidInputError."""
    errors = _check_texts(data) | _check_units(data) | _check_dates(data)
    errors |= _check_links(actor, data, task) | _check_code(data, task)
    if errors:
        raise InvalidInputError(errors)


FIELDS = (
    "code",
    "title",
    "description",
    "document",
    "section",
    "parent",
    "phase",
    "lead",
    "start_date",
    "deadline",
    "recurrence",
    "recurrence_offset",
    "recurrence_until",
    "expected_doc_type",
)


def _snapshot(task: Task) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(task, Task._meta.get_field(name).attname)  # type: ignore[union-attr]
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    out["coordinating_units"] = sorted(u.code for u in task.coordinating_units.all())
    return out


@transaction.atomic
def task_create(*, actor: AnyUser, data: TaskInput) -> Task:
    """Assign a task and generate its occurrences.

    Raises PermissionDeniedError without edit rights on the assigning unit; InvalidInputError
    ({field: message}) for a lead or coordinating unit outside the assigning unit's subtree,
    a deadline before the start, a bad recurrence, a code already used by the unit, ...
    """
    data = data.cleaned()
    require(
        can(actor, Action.EDIT, data.assigning),
        f"Bạn không có quyền giao nhiệm vụ thay {data.assigning.name}.",
    )
    check_task(actor, data)
    task = Task(assigning=data.assigning, created_by=_user(actor))
    _apply(task, data)
    task.save()
    task.coordinating_units.set(data.coordinating_units)
    _sync_occurrences(task)
    audit_record(
        actor=actor,
        action=A.TASK_CREATE,
        target=task,
        organisation=task.assigning,
        after=_snapshot(task),
    )
    return task


def _apply(task: Task, data: TaskInput) -> None:
    for name in FIELDS:
        setattr(task, name, getattr(data, name))


@transaction.atomic
def task_update(*, actor: AnyUser, task: Task, data: TaskInput) -> Task:
    """Edit a task; its occurrences follow a new deadline or recurrence.

    An occurrence that already has progress, a completion or an extension cannot be dropped
    by a new schedule (InvalidInputError on ``deadline``). The assigning unit is fixed.
    """
    data = data.cleaned()
    require(can(actor, Action.EDIT, task.assigning), "Bạn không có quyền sửa nhiệm vụ này.")
    if data.assigning.pk != task.assigning_id:
        raise InvalidInputError.single("assigning", "Không đổi được đơn vị giao của nhiệm vụ.")
    check_task(actor, data, task)
    before = _snapshot(task)
    _apply(task, data)
    task.save()
    task.coordinating_units.set(data.coordinating_units)
    _sync_occurrences(task)
    audit_record(
        actor=actor,
        action=A.TASK_UPDATE,
        target=task,
        organisation=task.assigning,
        before=before,
        after=_snapshot(task),
    )
    return task


def _has_history(occurrence: Occurrence) -> bool:
    return (
        ProgressUpdate.objects.filter(occurrence=occurrence).exists()
        or CompletionReport.objects.filter(occurrence=occurrence).exists()
        or Extension.objects.filter(occurrence=occurrence).exists()
    )


def _sync_occurrences(task: Task) -> None:
    """Make the occurrence rows match the schedule; a one-off task keeps its one row."""
    dates = occurrence_dates(
        start=task.start_date,
        deadline=task.deadline,
        recurrence=task.recurrence,
        offset=task.recurrence_offset,
        until=task.recurrence_until,
    )
    existing = list(task.occurrences.all())
    if not task.recurrence and len(existing) == 1:
        existing[0].opens_on, existing[0].due_date = dates[0]
        existing[0].save(update_fields=["opens_on", "due_date"])
        return
    wanted = {due: opens for opens, due in dates}
    for occ in existing:
        if occ.due_date in wanted:
            occ.opens_on = wanted.pop(occ.due_date)
            occ.save(update_fields=["opens_on"])
        elif _has_history(occ):
            raise InvalidInputError.single(
                "deadline",
                f"Kỳ hạn {occ.due_date:%d/%m/%Y} đã có tiến độ hoặc báo cáo, không bỏ được.",
            )
        else:
            occ.delete()
    Occurrence.objects.bulk_create(
        Occurrence(task=task, opens_on=opens, due_date=due) for due, opens in wanted.items()
    )
