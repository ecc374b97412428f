"""Writes for study sessions and dissemination plans. Each checks permission and audits."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.formats import format_number
from nghiquyet.core.paths import is_under
from nghiquyet.dissemination.audit_actions import DisseminationAudit
from nghiquyet.dissemination.models import ONLINE, Attendance, Audience, Format, Plan, StudySession
from nghiquyet.documents.models import Document
from nghiquyet.orgs.models import Organisation


@dataclass(frozen=True)
class Count:
    """Attendance of one group at one point (``None`` = the organising unit)."""

    group: str
    expected: int
    actual: int
    point: Organisation | None = None


def _require(actor: AnyUser, org: Organisation) -> None:
    if not can(actor, Action.EDIT, org):
        raise PermissionDeniedError(f"Bạn không có quyền cập nhật dữ liệu của {org.name}.")


def _check_documents(actor: AnyUser, documents: Sequence[Document]) -> dict[str, str]:
    if not documents:
        return {"documents": "Chưa chọn văn bản được học tập, quán triệt."}
    visible = set(
        Document.objects.visible_to(actor)
        .filter(pk__in=[d.pk for d in documents])
        .values_list("pk", flat=True)
    )
    if any(d.pk not in visible for d in documents):
        return {"documents": "Có văn bản không thuộc phạm vi bạn được xem."}
    return {}


def _check_counts(counts: Sequence[Count], points: set[int]) -> dict[str, str]:
    seen: set[tuple[int, str]] = set()
    for c in counts:
        if c.group not in Audience.values:
            return {"group": f"Đối tượng “{c.group}” không hợp lệ."}
        if c.expected < 0 or c.actual < 0:
            return {"actual": "Số người không được âm."}
        if c.actual > c.expected:
            actual, expected = format_number(c.actual), format_number(c.expected)
            return {"actual": f"Số dự ({actual}) lớn hơn số phải dự ({expected})."}
        key = (c.point.pk if c.point else 0, c.group)
        if c.point is not None and c.point.pk not in points:
            return {"point": f"“{c.point.name}” không phải là điểm cầu của hội nghị này."}
        if key in seen:
            return {"group": "Một đối tượng chỉ khai một lần cho mỗi điểm cầu."}
        seen.add(key)
    return {}


def _check_session(
    actor: AnyUser,
    organisation: Organisation,
    title: str,
    documents: Sequence[Document],
    start: dt.date,
    end: dt.date,
    fmt: str,
    connected: Sequence[Organisation],
    counts: Sequence[Count],
) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Chưa nhập tên hội nghị."
    errors |= _check_documents(actor, documents)
    if fmt not in Format.values:
        errors["format"] = "Hình thức không hợp lệ."
    elif connected and fmt not in ONLINE:
        errors["connected_units"] = "Chỉ hội nghị trực tuyến hoặc kết hợp mới có điểm cầu."
    outside = [u for u in connected if not is_under(u.path, organisation.path) or u == organisation]
    if outside:
        errors["connected_units"] = f"“{outside[0].name}” không trực thuộc đơn vị tổ chức."
    if end < start:
        errors["end_date"] = "Ngày kết thúc không được trước ngày bắt đầu."
    if start > timezone.localdate():
        errors["start_date"] = "Chỉ ghi nhận hội nghị đã tổ chức (ngày không được sau hôm nay)."
    errors |= _check_counts(counts, {organisation.pk, *(u.pk for u in connected)})
    if errors:
        raise InvalidInputError(errors)


@transaction.atomic
def session_create(
    *,
    actor: AnyUser,
    organisation: Organisation,
    title: str,
    documents: Iterable[Document],
    start_date: dt.date,
    format: str,
    end_date: dt.date | None = None,
    connected_units: Iterable[Organisation] = (),
    counts: Iterable[Count] = (),
    location: str = "",
) -> StudySession:
    """Register a held session; an online one lists the connected sub-units."""
    _require(actor, organisation)
    docs, connected, rows = list(documents), list(dict.fromkeys(connected_units)), list(counts)
    end = end_date or start_date
    _check_session(actor, organisation, title, docs, start_date, end, format, connected, rows)
    session = StudySession.objects.create(
        title=title.strip()[:300],
        organisation=organisation,
        start_date=start_date,
        end_date=end,
        format=format,
        location=location.strip()[:200],
        created_by=actor if actor.is_authenticated else None,
    )
    session.documents.set(docs)
    session.connected_units.set(connected)
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            organisation=c.point or organisation,
            group=c.group,
            expected=c.expected,
            actual=c.actual,
        )
        for c in rows
    )
    audit_record(
        actor=actor,
        action=DisseminationAudit.SESSION_CREATE,
        target=session,
        organisation=organisation,
        after={
            "documents": [d.pk for d in docs],
            "start_date": start_date.isoformat(),
            "format": format,
            "connected_units": [u.code for u in connected],
            "counts": [
                [c.point.code if c.point else "", c.group, c.expected, c.actual] for c in rows
            ],
        },
    )
    return session


@transaction.atomic
def attendance_set(
    *,
    actor: AnyUser,
    session: StudySession,
    point: Organisation,
    group: str,
    expected: int,
    actual: int,
) -> Attendance:
    """A point of the session (the organiser or a connected unit) records its own figures."""
    _require(actor, point)
    points = {session.organisation_id, *session.connected_units.values_list("pk", flat=True)}
    errors = _check_counts([Count(group, expected, actual, point)], points)
    if errors:
        raise InvalidInputError(errors)
    row, _ = Attendance.objects.update_or_create(
        session=session,
        organisation=point,
        group=group,
        defaults={"expected": expected, "actual": actual},
    )
    audit_record(
        actor=actor,
        action=DisseminationAudit.ATTENDANCE_SET,
        target=row,
        organisation=point,
        after={"session": session.pk, "group": group, "expected": expected, "actual": actual},
    )
    return row


@transaction.atomic
def plan_create(
    *,
    actor: AnyUser,
    document: Document,
    organisation: Organisation,
    classes: int,
    groups: Sequence[str],
    deadline: dt.date,
    note: str = "",
) -> Plan:
    """Plan N classes for given audience groups, to be held by ``deadline``."""
    _require(actor, organisation)
    errors = _check_documents(actor, [document])
    if classes < 1:
        errors["classes"] = "Số lớp phải từ 1 trở lên."
    bad = [g for g in groups if g not in Audience.values]
    if bad or not groups:
        errors["groups"] = "Chưa chọn đối tượng hoặc đối tượng không hợp lệ."
    if Plan.objects.filter(document=document, organisation=organisation).exists():
        errors["document"] = "Đơn vị đã có kế hoạch học tập cho văn bản này."
    if errors:
        raise InvalidInputError(errors)
    plan = Plan.objects.create(
        document=document,
        organisation=organisation,
        classes=classes,
        groups=list(dict.fromkeys(groups)),
        deadline=deadline,
        note=note.strip()[:500],
    )
    audit_record(
        actor=actor,
        action=DisseminationAudit.PLAN_CREATE,
        target=plan,
        organisation=organisation,
        after={
            "document": document.pk,
            "classes": classes,
            "groups": plan.groups,
            "deadline": deadline.isoformat(),
        },
    )
    return plan


# --- Corrections: edit, withdraw (thu hồi), delete where history allows ------------------------
# docs/decisions/0002-history-not-deletion.md: what others may have read stays as history. A
# session without attendance figures may be deleted; otherwise it, like a plan, is withdrawn
# with a reason, leaves every list and count (the default managers) and stays in the log.


def require_edit(actor: AnyUser, org: Organisation) -> None:
    """PermissionDeniedError unless ``actor`` may edit ``org``'s sessions and plans (the
    check every correction makes; pages call it before showing the form)."""
    _require(actor, org)


def _withdraw_reason(reason: str) -> str:
    text = (reason or "").strip()[:2000]
    if not text:
        raise InvalidInputError.single("reason", "Phải nêu lý do thu hồi.")
    return text


def _session_state(session: StudySession) -> dict[str, str]:
    return {
        "title": session.title,
        "location": session.location,
        "start_date": session.start_date.isoformat(),
        "end_date": session.end_date.isoformat(),
    }


@transaction.atomic
def session_update(
    *,
    actor: AnyUser,
    session: StudySession,
    title: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    location: str = "",
) -> StudySession:
    """Correct a session's title, dates and place (documents, format, points and figures stay:
    figures are corrected point by point with ``attendance_set``). Needs ``edit`` on the
    organising unit; InvalidInputError as ``session_create`` for the same fields."""
    _require(actor, session.organisation)
    end = end_date or start_date
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Chưa nhập tên hội nghị."
    if end < start_date:
        errors["end_date"] = "Ngày kết thúc không được trước ngày bắt đầu."
    if start_date > timezone.localdate():
        errors["start_date"] = "Chỉ ghi nhận hội nghị đã tổ chức (ngày không được sau hôm nay)."
    if errors:
        raise InvalidInputError(errors)
    before = _session_state(session)
    session.title, session.location = title.strip()[:300], location.strip()[:200]
    session.start_date, session.end_date = start_date, end
    session.save(update_fields=["title", "location", "start_date", "end_date"])
    audit_record(
        actor=actor,
        action=DisseminationAudit.SESSION_UPDATE,
        target=session,
        organisation=session.organisation,
        before=before,
        after=_session_state(session),
    )
    return session


def session_can_delete(session: StudySession) -> bool:
    """Whether history allows deleting ``session``: no attendance figure was recorded."""
    return not session.attendance.exists()


@transaction.atomic
def session_delete(*, actor: AnyUser, session: StudySession) -> None:
    """Delete a session recorded in error that has no attendance figures; otherwise
    InvalidInputError (``session``) asks to withdraw it. Audited with its state."""
    _require(actor, session.organisation)
    if not session_can_delete(session):
        raise InvalidInputError.single(
            "session", "Hội nghị đã có số người dự nên không xóa được; hãy thu hồi (nêu lý do)."
        )
    audit_record(
        actor=actor,
        action=DisseminationAudit.SESSION_DELETE,
        target=session,
        organisation=session.organisation,
        before=_session_state(session)
        | {"documents": list(session.documents.values_list("pk", flat=True))},
    )
    session.delete()


@transaction.atomic
def session_withdraw(*, actor: AnyUser, session: StudySession, reason: str) -> StudySession:
    """Thu hồi a session: it no longer counts anywhere; the row and its figures stay."""
    _require(actor, session.organisation)
    session.withdraw_reason = _withdraw_reason(reason)
    session.withdrawn_at = timezone.now()
    session.withdrawn_by = actor if actor.is_authenticated else None
    session.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit_record(
        actor=actor,
        action=DisseminationAudit.SESSION_WITHDRAW,
        target=session,
        organisation=session.organisation,
        before=_session_state(session),
        after={"reason": session.withdraw_reason},
    )
    return session


def _plan_state(plan: Plan) -> dict[str, object]:
    return {
        "classes": plan.classes,
        "groups": list(plan.groups),
        "deadline": plan.deadline.isoformat(),
        "note": plan.note,
    }


@transaction.atomic
def plan_update(
    *,
    actor: AnyUser,
    plan: Plan,
    classes: int,
    groups: Sequence[str],
    deadline: dt.date,
    note: str = "",
) -> Plan:
    """Change a plan's number of classes, audience groups, deadline and note.

    Needs ``edit`` on the planning unit; InvalidInputError on ``classes`` below 1 or on
    ``groups`` empty or unknown (``Audience`` values)."""
    _require(actor, plan.organisation)
    errors: dict[str, str] = {}
    if classes < 1:
        errors["classes"] = "Số lớp phải từ 1 trở lên."
    if not groups or any(g not in Audience.values for g in groups):
        errors["groups"] = "Chưa chọn đối tượng hoặc đối tượng không hợp lệ."
    if errors:
        raise InvalidInputError(errors)
    before = _plan_state(plan)
    plan.classes, plan.groups = classes, list(dict.fromkeys(groups))
    plan.deadline, plan.note = deadline, (note or "").strip()[:500]
    plan.save(update_fields=["classes", "groups", "deadline", "note"])
    audit_record(
        actor=actor,
        action=DisseminationAudit.PLAN_UPDATE,
        target=plan,
        organisation=plan.organisation,
        before=before,
        after=_plan_state(plan),
    )
    return plan


@transaction.atomic
def plan_withdraw(*, actor: AnyUser, plan: Plan, reason: str) -> Plan:
    """Thu hồi a plan: it leaves lists and progress counts; the unit may plan anew."""
    _require(actor, plan.organisation)
    plan.withdraw_reason = _withdraw_reason(reason)
    plan.withdrawn_at = timezone.now()
    plan.withdrawn_by = actor if actor.is_authenticated else None
    plan.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit_record(
        actor=actor,
        action=DisseminationAudit.PLAN_WITHDRAW,
        target=plan,
        organisation=plan.organisation,
        before=_plan_state(plan),
        after={"reason": plan.withdraw_reason},
    )
    return plan
