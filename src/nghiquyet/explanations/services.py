"""Writes: ask a unit to explain an at-risk indicator line, and the unit's answer (issue 12,
item 5). Each runs in a transaction, checks permission and writes the audit log.

Who may ask: a user who sees the level above the unit (``view`` on its parent): the leaders
of the supervising body, not the unit itself. Who may answer: a user who may enter the unit's
data (``edit`` on the unit). A line may be asked about when its outlook is ``co_nguy_co`` or
``khong_dat_duoc`` (decision 0012).
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record, snapshot
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.explanations.audit_actions import ExplanationsAudit
from nghiquyet.explanations.models import ExplanationRequest
from nghiquyet.indicators.models import Indicator
from nghiquyet.indicators.outlook import CO_NGUY_CO, KHONG_DAT_DUOC
from nghiquyet.orgs.models import Organisation

AT_RISK = (CO_NGUY_CO, KHONG_DAT_DUOC)
FIELDS = ("indicator", "organisation", "period_code", "outlook", "question", "answer")


def may_ask(user: AnyUser, org: Organisation) -> bool:
    """Whether ``user`` leads a level above ``org`` (sees its parent)."""
    return org.parent is not None and can(user, Action.VIEW, org.parent)


def may_answer(user: AnyUser, org: Organisation) -> bool:
    return can(user, Action.EDIT, org)


def _signed_in(actor: AnyUser) -> User:
    if not isinstance(actor, User):
        raise PermissionDeniedError("Hãy đăng nhập.")
    return actor


def _text(value: str, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInputError.single(field, f"Hãy nhập {label}.")
    return text


def explanation_ask(
    *,
    actor: AnyUser,
    indicator: Indicator,
    organisation: Organisation,
    period: Period,
    outlook: str,
    question: str,
) -> ExplanationRequest:
    """Record a request to ``organisation`` to explain ``indicator`` for ``period``.

    Raises PermissionDeniedError unless ``may_ask``; InvalidInputError (``question``) for an
    empty question, (``outlook``) when the line is not at risk.
    """
    if not may_ask(actor, organisation):
        raise PermissionDeniedError("Chỉ lãnh đạo cấp trên mới được yêu cầu đơn vị giải trình.")
    if outlook not in AT_RISK:
        raise InvalidInputError.single(
            "outlook", "Chỉ yêu cầu giải trình chỉ tiêu có nguy cơ không đạt."
        )
    with transaction.atomic():
        request = ExplanationRequest.objects.create(
            indicator=indicator,
            organisation=organisation,
            period_code=period.code,
            outlook=outlook,
            question=_text(question, "question", "nội dung yêu cầu giải trình"),
            asked_by=_signed_in(actor),
        )
        audit_record(
            actor=actor,
            action=ExplanationsAudit.EXPLANATION_ASK,
            target=request,
            organisation=organisation,
            after=snapshot(request, FIELDS),
        )
    return request


def explanation_answer(
    *, actor: AnyUser, request: ExplanationRequest, answer: str
) -> ExplanationRequest:
    """Record the unit's answer (a later answer replaces the earlier one; the audit log keeps
    both). Raises PermissionDeniedError unless ``may_answer``; InvalidInputError (``answer``)
    when empty."""
    if not may_answer(actor, request.organisation):
        raise PermissionDeniedError("Chỉ đơn vị được yêu cầu mới giải trình được.")
    text = _text(answer, "answer", "nội dung giải trình")
    with transaction.atomic():
        before = snapshot(request, FIELDS)
        request.answer, request.answered_by = text, _signed_in(actor)
        request.answered_at = timezone.now()
        request.save(update_fields=["answer", "answered_by", "answered_at"])
        audit_record(
            actor=actor,
            action=ExplanationsAudit.EXPLANATION_ANSWER,
            target=request,
            organisation=request.organisation,
            before=before,
            after=snapshot(request, FIELDS),
        )
    return request
