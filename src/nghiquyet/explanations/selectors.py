"""Reads of explanation requests through ``visible_to``."""

from django.db.models import QuerySet

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.periods import Period
from nghiquyet.explanations.models import ExplanationRequest
from nghiquyet.orgs.models import Organisation


def explanation_visible(user: AnyUser) -> QuerySet[ExplanationRequest]:
    return ExplanationRequest.objects.visible_to(user).select_related(
        "indicator", "organisation", "asked_by", "answered_by"
    )


def explanation_get(user: AnyUser, pk: int) -> ExplanationRequest:
    found = explanation_visible(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("Không tìm thấy yêu cầu giải trình trong phạm vi của bạn.")
    return found


def explanations_by_indicator(
    user: AnyUser, org: Organisation, period: Period
) -> dict[int, list[ExplanationRequest]]:
    """The requests about ``org``'s lines for ``period``, by indicator id (one query)."""
    out: dict[int, list[ExplanationRequest]] = {}
    for request in explanation_visible(user).filter(organisation=org, period_code=period.code):
        out.setdefault(request.indicator_id, []).append(request)
    return out
