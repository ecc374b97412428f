"""The tasks part of the unit's inbox (``core/inbox.py``).

For the lead unit: each task it leads that is not done, its current occurrence (the ones due
so far and each task's next one, as in the task lists) with the status as of today, the
latest progress percentage, and the answer to its latest extension request or returned
completion (the reason shown). The deadline is the effective one (an approved extension moves
it; the original is kept on the task).

For the assigning unit, when the user may decide there (``permissions.may_decide``): the
completions and extension requests waiting for confirmation.

Both the unit that raised an open difficulty or recommendation and the unit it is addressed
to see it, with its age in days (the addressed unit's answer waits for the user); the chairing
unit sees its briefings' conclusions not yet turned into tasks.

Queries: the lead's occurrences with their annotations (1), the pending completions (1) and
extension requests (1).
"""

import datetime as dt
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.core.inbox import InboxItem, Tone
from nghiquyet.orgs.models import Organisation
from nghiquyet.tasks.models import (
    DONE,
    CompletionReport,
    Conclusion,
    Decision,
    Extension,
    Occurrence,
    ProgressUpdate,
    RecState,
    Status,
)
from nghiquyet.tasks.selectors import (
    OPEN_TOO_LONG,
    _next_due,
    recommendation_visible,
    task_visible,
)

KIND = "nhiem_vu"
TONES = {Status.QUA_HAN: Tone.BAD, Status.DANG_THUC_HIEN: Tone.WARN}


def _latest(model: Any, field: str, **filters: Any) -> Subquery:
    rows = model.objects.filter(occurrence=OuterRef("pk"), **filters)
    order = "-posted_at" if model is ProgressUpdate else "-pk"
    return Subquery(rows.order_by(order).values(field)[:1])


def _led(user: AnyUser, org: Organisation, today: dt.date) -> Any:
    decided = {"decision__in": [Decision.CHAP_THUAN, Decision.TU_CHOI]}
    qs = (
        Occurrence.objects.filter(task__in=task_visible(user), task__lead=org)
        .filter(Q(due_date__lte=today) | Q(due_date=Subquery(_next_due(today))))
        .with_status(today)
        .exclude(status__in=DONE)  # type: ignore[misc]  # An annotation.
        .annotate(
            percent=_latest(ProgressUpdate, "percent"),
            ext_decision=_latest(Extension, "decision", **decided),
            ext_date=_latest(Extension, "new_date", **decided),
            ext_note=_latest(Extension, "note", **decided),
            pending_ext=_latest(Extension, "new_date", decision=Decision.CHO_DUYET),
            returned=_latest(CompletionReport, "reason", decision=Decision.TU_CHOI),
            pending_done=_latest(CompletionReport, "done_on", decision=Decision.CHO_DUYET),
        )
    )
    return qs.select_related("task").order_by("effective_deadline", "task__code")


def _status_text(occ: Any) -> str:
    parts = [str(Status(occ.status).label)]
    if occ.percent is not None:
        parts[0] += f" ({occ.percent}%)"
    if occ.pending_done is not None:
        parts.append("đã báo cáo hoàn thành, chờ xác nhận")
    if occ.pending_ext is not None:
        parts.append(f"chờ duyệt gia hạn đến {occ.pending_ext:%d/%m/%Y}")
    elif occ.ext_decision == Decision.CHAP_THUAN:
        parts.append(f"được gia hạn đến {occ.ext_date:%d/%m/%Y}")
    elif occ.ext_decision == Decision.TU_CHOI:
        parts.append(f"không được gia hạn đến {occ.ext_date:%d/%m/%Y}")
    return "; ".join(parts)


def _reason(occ: Any) -> str:
    reasons = []
    if occ.returned and occ.pending_done is None:
        reasons.append(f"Báo cáo hoàn thành bị trả lại: {occ.returned}")
    if occ.ext_decision == Decision.TU_CHOI and occ.ext_note and occ.pending_ext is None:
        reasons.append(f"Không chấp thuận gia hạn: {occ.ext_note}")
    return " ".join(reasons)


def _lead_item(occ: Any, org: Organisation) -> InboxItem:
    return InboxItem(
        key=f"{KIND}:{occ.pk}",
        kind=KIND,
        title=f"Chủ trì nhiệm vụ {occ.task.code}: {occ.task.title}",
        unit=org,
        deadline=occ.effective_deadline,
        status=_status_text(occ),
        url=reverse("tasks:detail", args=(occ.task_id,)),
        reason=_reason(occ),
        tone=TONES.get(occ.status, Tone.NONE),
    )


def _decision_item(row: CompletionReport | Extension, org: Organisation) -> InboxItem:
    task = row.occurrence.task
    if isinstance(row, Extension):
        what = f"Duyệt đề nghị gia hạn đến {row.new_date:%d/%m/%Y}"
        status, key, reason = "Chờ duyệt gia hạn", f"{KIND}-gia-han:{row.pk}", row.reason
    else:
        what = f"Xác nhận hoàn thành (ngày {row.done_on:%d/%m/%Y})"
        status, key, reason = "Chờ xác nhận hoàn thành", f"{KIND}-hoan-thanh:{row.pk}", ""
    return InboxItem(
        key=key,
        kind=f"{KIND}_duyet",
        title=f"{what} nhiệm vụ {task.code}: {task.title} ({task.lead.name})",
        unit=org,
        deadline=None,
        status=status,
        url=reverse("tasks:detail", args=(task.pk,)),
        waiting_for="user",
        reason=reason,
        tone=Tone.WARN,
    )


def _waiting_decisions(user: AnyUser, org: Organisation) -> list[InboxItem]:
    if not (can(user, Action.EDIT, org) or can(user, Action.APPROVE, org)):
        return []
    scope = {"occurrence__task__assigning": org, "decision": Decision.CHO_DUYET}
    related = ("occurrence__task", "occurrence__task__lead")
    rows: list[CompletionReport | Extension] = [
        *CompletionReport.objects.filter(**scope).select_related(*related).order_by("pk"),
        *Extension.objects.filter(**scope).select_related(*related).order_by("pk"),
    ]
    return [_decision_item(row, org) for row in rows]


def _recommendation_item(rec: Any, org: Organisation, today: dt.date) -> InboxItem:
    to_answer = rec.addressed_to_id == org.pk
    age = rec.age(today)
    verb = "Trả lời kiến nghị của " + rec.raised_by.name if to_answer else "Kiến nghị đã gửi"
    return InboxItem(
        key=f"kien_nghi:{rec.pk}",
        kind="kien_nghi",
        title=f"{verb}: {rec.title}",
        unit=org,
        deadline=None,
        status=f"Chờ {rec.addressed_to.name} xử lý ({age} ngày)",
        url=reverse("tasks:recommendation", args=(rec.pk,)),
        waiting_for="user" if to_answer else "unit",
        tone=Tone.BAD if age > OPEN_TOO_LONG else Tone.WARN,
    )


def _open_recommendations(user: AnyUser, org: Organisation, today: dt.date) -> list[InboxItem]:
    """Open difficulties and recommendations raised by ``org`` or addressed to it, with age."""
    rows = recommendation_visible(user).filter(
        Q(raised_by=org) | Q(addressed_to=org), state=RecState.CHO_XU_LY
    )
    return [_recommendation_item(r, org, today) for r in rows.order_by("raised_on", "pk")]


def _pending_conclusions(user: AnyUser, org: Organisation) -> list[InboxItem]:
    """Conclusions of ``org``'s briefings not yet turned into tasks (for who may assign)."""
    if not can(user, Action.EDIT, org):
        return []
    rows = Conclusion.objects.filter(briefing__chair=org, task__isnull=True)
    return [
        InboxItem(
            key=f"ket_luan:{c.pk}",
            kind="ket_luan",
            title=f"Giao kết luận {c.position} giao ban {c.briefing.held_on:%d/%m/%Y}: {c.text}",
            unit=org,
            deadline=None,
            status="Chưa giao thành nhiệm vụ",
            url=reverse("tasks:briefing", args=(c.briefing_id,)),
            tone=Tone.WARN,
        )
        for c in rows.select_related("briefing").order_by("briefing__held_on", "position")
    ]


def inbox_items(*, user: AnyUser, org: Organisation, today: dt.date) -> list[InboxItem]:
    """The tasks ``org`` leads that are not done, and the completions and extension requests
    waiting for ``user``'s decision as the assigning unit (see the module docstring)."""
    items = [_lead_item(occ, org) for occ in _led(user, org, today)]
    items += _open_recommendations(user, org, today) + _pending_conclusions(user, org)
    return items + _waiting_decisions(user, org)
