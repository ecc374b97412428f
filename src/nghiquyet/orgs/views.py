"""Organisation pages. Each view calls one selector or service; errors render on the form."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import can
from nghiquyet.accounts.selectors import memberships_of_org
from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.orgs import forms as org_forms
from nghiquyet.orgs import selectors, services
from nghiquyet.orgs.models import Organisation
from nghiquyet.web.pages import form_page

FORM = "orgs/form.html"


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    roots = selectors.org_roots(request.user)
    return TemplateResponse(request, "orgs/tree.html", {"roots": roots})


@login_required
def branch(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.org_get(request.user, code)
    children = selectors.org_children(request.user, org)
    return TemplateResponse(request, "orgs/tree.html#branch", {"org": org, "children": children})


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.org_get(request.user, code)
    context = {
        "org": org,
        "active": org.is_active_on(timezone.localdate()),
        "ancestors": selectors.org_ancestors(request.user, org),
        "children": selectors.org_children(request.user, org),
        "terms": selectors.org_terms(org),
        "predecessors": selectors.org_predecessors(org),
        "successors": selectors.org_successors(org),
        "memberships": memberships_of_org(request.user, org),
        "can_manage": can(request.user, Action.MANAGE, org),
    }
    return TemplateResponse(request, "orgs/detail.html", context)


def _detail_url(org: Organisation) -> str:
    return reverse("orgs:detail", args=[org.code])


def _managed(request: HttpRequest, code: str) -> Organisation:
    """A unit the user may manage: 404 outside their scope, 403 visible without the role.

    Checked before the form is shown, with the rule the services check on saving.
    """
    org = selectors.org_get(request.user, code)
    if not can(request.user, Action.MANAGE, org):
        raise PermissionDeniedError("Bạn không có quyền quản trị đơn vị này.")
    return org


def _context(org: Organisation, title: str) -> dict[str, Any]:
    return {"org": org, "title": title}


@login_required
def create_child(request: HttpRequest, code: str) -> HttpResponse:
    parent = _managed(request, code)
    return form_page(
        request,
        org_forms.OrgForm(request.POST or None),
        FORM,
        on_valid=lambda data: services.org_create(actor=request.user, parent=parent, **data),
        success_url=_detail_url,
        success_message=_("Đã thêm đơn vị trực thuộc."),
        context=_context(parent, f"Thêm đơn vị trực thuộc {parent.name}"),
    )


@login_required
def edit(request: HttpRequest, code: str) -> HttpResponse:
    org = _managed(request, code)
    initial = {f: getattr(org, f) for f in services.EDITABLE_FIELDS}
    return form_page(
        request,
        org_forms.OrgEditForm(request.POST or None, initial=initial),
        FORM,
        on_valid=lambda data: services.org_update(actor=request.user, org=org, **data),
        success_url=_detail_url,
        success_message=_("Đã lưu thông tin đơn vị."),
        context=_context(org, f"Sửa thông tin {org.name}"),
    )


@login_required
def move(request: HttpRequest, code: str) -> HttpResponse:
    org = _managed(request, code)

    def apply(data: dict[str, Any]) -> Organisation:
        parent = _related(data["parent"], "parent")
        return services.org_move(actor=request.user, org=org, new_parent=parent)

    return form_page(
        request,
        org_forms.MoveForm(request.POST or None),
        FORM,
        on_valid=apply,
        success_url=_detail_url,
        success_message=_("Đã chuyển đơn vị."),
        context=_context(org, f"Chuyển {org.name}"),
    )


@login_required
def merge(request: HttpRequest, code: str) -> HttpResponse:
    successor = _managed(request, code)

    def apply(data: dict[str, Any]) -> None:
        codes = [c.strip() for c in data["predecessors"].split(",") if c.strip()]
        services.org_merge(
            actor=request.user,
            predecessors=[_related(c, "predecessors") for c in codes],
            successor=successor,
            effective=data["effective"],
            move_children=data["move_children"],
            note=data["note"],
        )

    return form_page(
        request,
        org_forms.MergeForm(request.POST or None, initial={"move_children": True}),
        FORM,
        on_valid=apply,
        success_url=_detail_url(successor),
        success_message=_("Đã hợp nhất đơn vị."),
        context=_context(successor, f"Hợp nhất đơn vị vào {successor.name}"),
    )


@login_required
def dissolve(request: HttpRequest, code: str) -> HttpResponse:
    org = _managed(request, code)
    return form_page(
        request,
        org_forms.DissolveForm(request.POST or None),
        FORM,
        on_valid=lambda data: services.org_dissolve(actor=request.user, org=org, **data),
        success_url=_detail_url,
        success_message=_("Đã giải thể đơn vị."),
        context=_context(org, f"Giải thể {org.name}"),
    )


@login_required
def add_term(request: HttpRequest, code: str) -> HttpResponse:
    org = _managed(request, code)
    return form_page(
        request,
        org_forms.TermForm(request.POST or None),
        FORM,
        on_valid=lambda data: services.term_create(actor=request.user, organisation=org, **data),
        success_url=_detail_url(org),
        success_message=_("Đã thêm nhiệm kỳ."),
        context=_context(org, f"Thêm nhiệm kỳ của {org.name}"),
    )


def _related(code: str, field: str) -> Organisation:
    org = selectors.org_by_code(code)
    if org is None:
        raise services.out_of_scope(field, code)
    return org
