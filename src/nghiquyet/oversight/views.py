"""Inspection, supervision and rating pages. Forms are shown only to users who may use them;
the services check again."""

from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import can
from nghiquyet.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from nghiquyet.core.formats import parse_date
from nghiquyet.core.periods import Period
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_children, org_get
from nghiquyet.oversight import forms as o_forms
from nghiquyet.oversight import selectors, services
from nghiquyet.oversight.models import Kind, Level, Programme, Result
from nghiquyet.web.current import current_org
from nghiquyet.web.pages import form_page
from nghiquyet.web.permissions import may_anywhere

FormT = TypeVar("FormT", bound=forms.Form)

FORM = "oversight/form.html"


def _unit(request: HttpRequest, code: str) -> Organisation | None:
    return org_get(request.user, code) if code else current_org(request)


def _resolve(request: HttpRequest, code: str, field: str) -> Organisation:
    try:
        return org_get(request.user, code.strip())
    except NotFoundError as exc:
        raise InvalidInputError.single(field, exc.message) from None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Records the user may read, and the statistics of a unit for a period."""
    code = request.GET.get("don_vi", "")[:40]
    org = _unit(request, code)
    period_error = ""
    try:
        period = Period.parse(request.GET.get("ky", "") or str(timezone.localdate().year))
    except ValueError as exc:  # Said on the page; the figures fall back to this year.
        period, period_error = Period.parse(str(timezone.localdate().year)), str(exc)
    context: dict[str, Any] = {"org": org, "period": period, "kinds": Kind.choices}
    context["period_error"] = period_error
    if org is not None:
        figures = selectors.oversight_figures(request.user, org, period)
        context["figures"] = figures
        context["by_kind"] = [(label, figures.by_kind[k]) for k, label in Kind.choices]
        context["results"] = [(label, figures.results[r]) for r, label in Result.choices]
    records = selectors.inspection_visible(request.user).select_related(
        "body", "subject_org", "member_unit"
    )
    context["records"] = records[:200]
    context["programmes"] = selectors.programmes_visible(request.user)[:50]
    context["may_write"] = may_anywhere(request.user, "edit")
    return TemplateResponse(request, "oversight/index.html", context)


def _programme(body: Organisation, year: int) -> Programme | None:
    return Programme.objects.filter(organisation=body, year=year).first()


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not may_anywhere(request.user, "edit"):
        # Read-only users have no unit to record for: the form is refused like its save.
        raise PermissionDeniedError("Bạn không có quyền ghi nhận kiểm tra, giám sát.")
    form = o_forms.InspectionForm(request.POST or None, user=request.user)

    def apply(data: dict[str, Any]) -> Any:
        member = None
        if data["member_name"]:
            unit = _resolve(request, data["member_unit"], "member_unit")
            member = services.Member(data["member_name"], unit, data["member_card"])
        subject = _resolve(request, data["subject"], "subject") if data["subject"] else None
        body = data["body"]
        programme = _programme(body, data["start_date"].year) if data["in_programme"] else None
        if data["in_programme"] and programme is None:
            raise InvalidInputError.single(
                "in_programme", f"{body.name} chưa có chương trình năm {data['start_date'].year}."
            )
        return services.inspection_create(
            actor=request.user,
            data=services.InspectionInput(
                body=body,
                kind=data["kind"],
                content=data["content"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                subject_org=subject,
                member=member,
                review_period=data["review_period"],
                programme=programme,
            ),
        )

    return form_page(
        request,
        form,
        FORM,
        on_valid=apply,
        success_url=lambda record: reverse("oversight:detail", args=[record.pk]),
        success_message="Đã ghi nhận cuộc kiểm tra, giám sát.",
        context={"title": "Ghi nhận kiểm tra, giám sát"},
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.inspection_get(request.user, pk)
    remedies = list(record.remedies.select_related("task"))
    states = selectors.remedy_statuses(record.remedies.all(), timezone.localdate())
    rows = [(r, selectors.REMEDY_LABELS[states.get(r.pk, ("open", None))[0]]) for r in remedies]
    # The service refuses a conclusion dated before the start or after today.
    started = record.start_date <= timezone.localdate()
    may_conclude = can(request.user, Action.EDIT, record.body) and not record.concluded_on
    context = {
        "record": record,
        "remedies": rows,
        "form": o_forms.ConclusionForm() if may_conclude and started else None,
        "conclude_later": may_conclude and not started,
    }
    return TemplateResponse(request, "oversight/detail.html", context)


MISSING_BAR = "thiếu dấu “|” giữa nội dung và thời hạn (ví dụ: Ban hành kế hoạch | 30/6/2025)."


def _remedies(text: str) -> list[services.RemedyInput]:
    out = []
    for n, line in enumerate(filter(None, (x.strip() for x in text.splitlines())), 1):
        what, bar, when = line.rpartition("|")
        if not bar:
            raise InvalidInputError.single("remedies", f"Dòng {n}: {MISSING_BAR}")
        try:
            out.append(services.RemedyInput(what.strip(), parse_date(when.strip())))
        except ValueError as exc:
            raise InvalidInputError.single("remedies", f"Dòng {n}: {exc}") from None
    return out


@login_required
@require_POST
def conclude(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.inspection_get(request.user, pk)
    form = o_forms.ConclusionForm(request.POST)

    def apply(data: dict[str, Any]) -> Any:
        return services.inspection_conclude(
            actor=request.user,
            inspection=record,
            result=data["result"],
            concluded_on=data["concluded_on"],
            findings=data["findings"],
            discipline=data["discipline"],
            remedies=_remedies(data["remedies"]),
        )

    return form_page(
        request,
        form,
        FORM,
        on_valid=apply,
        success_url=reverse("oversight:detail", args=[pk]),
        success_message="Đã ghi kết luận; các yêu cầu khắc phục đã được giao thành nhiệm vụ.",
        context={"title": f"Kết luận {record.code}"},
    )


@login_required
def create_programme(request: HttpRequest) -> HttpResponse:
    if not may_anywhere(request.user, "edit"):
        # Read-only users have no unit to record for: the form is refused like its save.
        raise PermissionDeniedError("Bạn không có quyền lập chương trình kiểm tra, giám sát.")
    form = o_forms.ProgrammeForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        FORM,
        on_valid=lambda data: services.programme_create(actor=request.user, **data),
        success_url=reverse("oversight:index"),
        success_message="Đã lập chương trình kiểm tra, giám sát.",
        context={"title": "Lập chương trình kiểm tra, giám sát năm"},
    )


def _override_field(form: FormT, allowed: bool) -> FormT:
    """Drop the cap-override reason for who may not give one (the service's ``manage`` rule)."""
    if not allowed:
        form.fields.pop("cap_override_reason", None)
    return form


@login_required
def ratings(request: HttpRequest) -> HttpResponse:
    """A unit's ratings for a year: roll-up, its units' ratings, and the entry forms."""
    form = o_forms.RatingFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    org = _unit(request, data.get("don_vi", ""))
    year = data.get("nam") or timezone.localdate().year
    if org is not None and not data.get("nam"):
        year = selectors.latest_rating_year(request.user, org, year)
    if org is not None and not form.errors:  # The filter shows what the page shows.
        form = o_forms.RatingFilterForm(initial={"don_vi": org.code, "nam": year})
    context: dict[str, Any] = {"filter": form, "org": org, "year": year, "levels": Level.choices}
    if org is not None:
        context["orgs"] = selectors.org_rating_counts(request.user, org, year)
        context["members"] = selectors.member_rating_counts(request.user, org, year)
        context["level_rows"] = [
            (label, context["orgs"].counts[v], context["members"].counts[v])
            for v, label in Level.choices
        ]
        context["cap"] = services.cap_of(org)
        context["org_rows"] = (
            selectors.org_ratings_visible(request.user)
            .filter(organisation__path__under=org.path, year=year)
            .exclude(organisation=org)
        )
        context["member_rows"] = selectors.member_ratings_visible(request.user).filter(
            organisation__path__under=org.path, year=year
        )
        initial = {"year": year}
        if can(request.user, Action.EDIT, org):
            overrides = can(request.user, Action.MANAGE, org)
            if org_children(request.user, org).exists():  # The service rates units below.
                org_form = o_forms.OrgRatingForm(initial=initial)
                context["org_form"] = _override_field(org_form, overrides)
            context["member_form"] = _override_field(
                o_forms.MemberRatingForm(initial=initial | {"organisation": org.code}), overrides
            )
        if can(request.user, Action.MANAGE, org):
            context["cap_form"] = o_forms.CapForm(initial={"organisation": org.code})
    return TemplateResponse(request, "oversight/ratings.html", context)


@login_required
@require_POST
def rate_organisation(request: HttpRequest) -> HttpResponse:
    form = _override_field(
        o_forms.OrgRatingForm(request.POST), may_anywhere(request.user, "manage")
    )

    def apply(data: dict[str, Any]) -> Any:
        data["organisation"] = _resolve(request, data["organisation"], "organisation")
        return services.org_rating_set(actor=request.user, **data)

    return form_page(
        request,
        form,
        FORM,
        on_valid=apply,
        success_url=lambda row: reverse("oversight:ratings") + f"?nam={row.year}",
        success_message="Đã ghi xếp loại tổ chức đảng.",
        context={"title": "Xếp loại tổ chức đảng"},
    )


@login_required
@require_POST
def rate_members(request: HttpRequest) -> HttpResponse:
    form = _override_field(
        o_forms.MemberRatingForm(request.POST), may_anywhere(request.user, "manage")
    )

    def apply(data: dict[str, Any]) -> Any:
        reasons = {
            key.removeprefix("not_rated_"): data.pop(key) or 0
            for key in list(data)
            if key.startswith("not_rated_")
        }
        data["organisation"] = _resolve(request, data["organisation"], "organisation")
        return services.member_rating_set(
            actor=request.user,
            not_rated=sum(reasons.values()),
            not_rated_reasons=reasons,
            **data,
        )

    return form_page(
        request,
        form,
        FORM,
        on_valid=apply,
        success_url=lambda row: reverse("oversight:ratings") + f"?nam={row.year}",
        success_message="Đã ghi kết quả xếp loại đảng viên.",
        context={"title": "Xếp loại đảng viên"},
    )


@login_required
@require_POST
def set_cap(request: HttpRequest) -> HttpResponse:
    form = o_forms.CapForm(request.POST)

    def apply(data: dict[str, Any]) -> Any:
        organisation = _resolve(request, data["organisation"], "organisation")
        return services.cap_set(
            actor=request.user, organisation=organisation, percent=data["percent"]
        )

    return form_page(
        request,
        form,
        FORM,
        on_valid=apply,
        success_url=reverse("oversight:ratings"),
        success_message="Đã đặt tỷ lệ xếp loại xuất sắc tối đa.",
        context={"title": "Tỷ lệ xếp loại xuất sắc tối đa"},
    )
