"""Ask a unit to explain an at-risk line, and its answer (issue 12, item 5). Thin: the
services decide."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from nghiquyet.core.errors import NotFoundError, PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.explanations import selectors, services
from nghiquyet.explanations.forms import AnswerForm, AskForm
from nghiquyet.indicators import selectors as ind
from nghiquyet.indicators.outlook import outlook
from nghiquyet.orgs.selectors import org_get
from nghiquyet.web.pages import form_page


def _detail_url(request: object) -> str:
    return reverse("explanations:detail", args=[request.pk])  # type: ignore[attr-defined]


@login_required
def ask(request: HttpRequest, org_code: str, indicator_code: str, period_code: str) -> HttpResponse:
    """The form a leader of the level above fills to ask for an explanation of one line."""
    org = org_get(request.user, org_code)
    if not services.may_ask(request.user, org):
        raise PermissionDeniedError("Chỉ lãnh đạo cấp trên mới được yêu cầu đơn vị giải trình.")
    indicator = ind.indicator_get(request.user, indicator_code)
    try:
        period = Period.parse(period_code)
    except ValueError as exc:
        raise NotFoundError(str(exc)) from None
    lines = ind.unit_lines(org=org, period=period, indicators=[indicator])
    found = outlook(lines[0], period) if lines else None
    return form_page(
        request,
        AskForm(request.POST or None),
        "explanations/ask.html",
        on_valid=lambda data: services.explanation_ask(
            actor=request.user,
            indicator=indicator,
            organisation=org,
            period=period,
            outlook=found or "",
            question=data["question"],
        ),
        success_url=_detail_url,
        success_message="Đã gửi yêu cầu giải trình đến đơn vị.",
        context={"org": org, "indicator": indicator, "period": period, "line": lines[:1]},
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request and its answer, as kept with the line."""
    found = selectors.explanation_get(request.user, pk)
    context = {
        "explanation": found,
        "period": Period.parse(found.period_code),
        "may_answer": services.may_answer(request.user, found.organisation),
    }
    return TemplateResponse(request, "explanations/detail.html", context)


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's answer form (only for who may enter the unit's data)."""
    found = selectors.explanation_get(request.user, pk)
    if not services.may_answer(request.user, found.organisation):
        raise PermissionDeniedError("Chỉ đơn vị được yêu cầu mới giải trình được.")
    return form_page(
        request,
        AnswerForm(request.POST or None, initial={"answer": found.answer}),
        "explanations/answer.html",
        on_valid=lambda data: services.explanation_answer(
            actor=request.user, request=found, answer=data["answer"]
        ),
        success_url=_detail_url,
        success_message="Đã lưu nội dung giải trình.",
        context={"explanation": found, "period": Period.parse(found.period_code)},
    )
