"""Briefings (giao ban): recording one with its conclusion notice, and turning each
conclusion into a task in one step."""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.text import FORBIDDEN_CHARACTERS_MESSAGE as FORBIDDEN
from nghiquyet.core.text import has_forbidden_characters
from nghiquyet.documents.doctypes import DocType
from nghiquyet.documents.models import Document
from nghiquyet.orgs.models import Organisation
from nghiquyet.tasks.audit_actions import TasksAudit as A
from nghiquyet.tasks.models import Briefing, Conclusion, Task
from nghiquyet.tasks.permissions import require
from nghiquyet.tasks.services.tasks import MAX_DATE, MIN_DATE, TaskInput, task_create

MAX_AGENDA, MAX_CONCLUSION, MAX_CONCLUSIONS = 10000, 5000, 100
NOTICE_TYPES = (DocType.THONG_BAO, DocType.KET_LUAN)


def _check_notice(actor: AnyUser, notice: Document | None) -> dict[str, str]:
    if notice is None:
        return {}
    if not Document.objects.visible_to(actor).filter(pk=notice.pk).exists():
        return {"notice": "Thông báo kết luận không thuộc phạm vi bạn được xem."}
    if notice.doc_type not in NOTICE_TYPES:
        return {"notice": "Văn bản kết luận giao ban phải là thông báo (TB) hoặc kết luận (KL)."}
    return {}


def _check_conclusions(conclusions: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    texts = [c.strip() for c in conclusions if c.strip()]
    if len(texts) > MAX_CONCLUSIONS:
        return texts, {"conclusions": f"Tối đa {MAX_CONCLUSIONS} kết luận."}
    for number, text in enumerate(texts, start=1):
        if len(text) > MAX_CONCLUSION:
            return texts, {"conclusions": f"Kết luận {number} dài quá {MAX_CONCLUSION} ký tự."}
        if has_forbidden_characters(text):
            return texts, {"conclusions": f"Kết luận {number}: {FORBIDDEN}"}
    return texts, {}


def _check_briefing(
    chair: Organisation, held_on: dt.date, participants: Sequence[Organisation], agenda: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not MIN_DATE <= held_on <= MAX_DATE:
        errors["held_on"] = "Ngày giao ban phải trong khoảng 01/01/1990 – 31/12/2100."
    if not agenda.strip():
        errors["agenda"] = "Chưa nhập nội dung giao ban."
    elif len(agenda.strip()) > MAX_AGENDA:
        errors["agenda"] = f"Nội dung giao ban dài quá {MAX_AGENDA} ký tự."
    elif has_forbidden_characters(agenda):
        errors["agenda"] = f"Nội dung giao ban: {FORBIDDEN}"
    if chair in participants:
        errors["participants"] = "Đơn vị chủ trì không cần ghi vào đơn vị dự."
    return errors


@transaction.atomic
def briefing_create(
    *,
    actor: AnyUser,
    chair: Organisation,
    held_on: dt.date,
    agenda: str,
    participants: Sequence[Organisation] = (),
    notice: Document | None = None,
    conclusions: Sequence[str] = (),
) -> Briefing:
    """Record a briefing chaired by ``chair`` on ``held_on`` with its conclusion notice
    (a thông báo or kết luận, e.g. "Số 714-TB/TU") and the notice's numbered conclusions
    (texts, in order; blank lines dropped).

    Raises PermissionDeniedError without edit rights on ``chair``; InvalidInputError
    ({field: message}) for an empty agenda, a date outside 1990–2100, a notice of another
    type or outside the actor's scope, too many or too long conclusions.
    """
    require(can(actor, Action.EDIT, chair), f"Bạn không có quyền ghi giao ban của {chair.name}.")
    people = list(dict.fromkeys(participants))
    texts, errors = _check_conclusions(conclusions)
    errors |= _check_briefing(chair, held_on, people, agenda) | _check_notice(actor, notice)
    if errors:
        raise InvalidInputError(errors)
    briefing = Briefing.objects.create(
        chair=chair,
        held_on=held_on,
        agenda=agenda.strip(),
        notice=notice,
        created_by=actor if actor.is_authenticated else None,
    )
    briefing.participants.set(people)
    Conclusion.objects.bulk_create(
        Conclusion(briefing=briefing, position=n, text=t) for n, t in enumerate(texts, start=1)
    )
    after = {
        "held_on": held_on.isoformat(),
        "participants": sorted(p.code for p in people),
        "notice": notice and notice.pk,
        "conclusions": len(texts),
    }
    audit_record(
        actor=actor, action=A.BRIEFING_CREATE, target=briefing, organisation=chair, after=after
    )
    return briefing


@transaction.atomic
def conclusion_assign(*, actor: AnyUser, conclusion: Conclusion, data: TaskInput) -> Task:
    """Turn a conclusion into a task (one step): the task is created by ``task_create`` with
    the briefing's notice as its source document, and the conclusion records it.

    Raises InvalidInputError when the conclusion already has its task, and whatever
    ``task_create`` raises (permission on the assigning unit, every task rule).
    """
    locked = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
    if locked.task_id is not None:
        raise InvalidInputError.single("conclusion", "Kết luận này đã được giao thành nhiệm vụ.")
    briefing = conclusion.briefing
    if data.document is None:
        data.document = briefing.notice
    task = task_create(actor=actor, data=data)
    locked.task = task
    locked.save(update_fields=["task"])
    after = {"briefing": briefing.pk, "position": locked.position, "task": task.code}
    audit_record(
        actor=actor,
        action=A.CONCLUSION_ASSIGN,
        target=locked,
        organisation=task.assigning,
        after=after,
    )
    return task
