"""Organisation pages. Each view calls one selector or service; errors render on the form."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import can
from nghiquyet.accounts.selectors import memberships_of_org
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.orgs import forms as org_forms
from nghiquyet.orgs import selectors, services
from nghiquyet.orgs.models import Organisation
from nghiquyet.web.current import remember_org
from nghiquyet.web.forms import add_service_errors


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
    remember_org(request, org)
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


def _form_page(
    request: HttpRequest,
    org: Organisation,
    form_class: type[forms.Form],
    title: str,
    apply: Callable[[dict[str, Any]], Organisation],
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the form; POST runs the service and redirects, or shows its errors."""
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = apply(form.cleaned_data)
        except InvalidInputError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("orgs:detail", code=result.code)
    context = {"org": org, "form": form, "title": title}
    status = 422 if form.is_bound and form.errors else 200
    return TemplateResponse(request, "orgs/form.html", context, status=status)


@login_required
def create_child(request: HttpRequest, code: str) -> HttpResponse:
    parent = selectors.org_get(request.user, code)
    return _form_page(
        request,
        parent,
        org_forms.OrgForm,
        f"Thêm đơn vị trực thuộc {parent.name}",
        lambda data: services.org_create(actor=request.user, parent=parent, **data),
    )


@login_required
def edit(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.org_get(request.user, code)
    initial = {f: getattr(org, f) for f in services.EDITABLE_FIELDS}
    return _form_page(
        request,
        org,
        org_forms.OrgEditForm,
        f"Sửa thông tin {org.name}",
        lambda data: services.org_update(actor=request.user, org=org, **data),
        initial,
    )


@login_required
def move(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.org_get(request.user, code)

    def apply(data: dict[str, Any]) -> Organisation:
        parent = _related(data["parent"], "parent")
        return services.org_move(actor=request.user, org=org, new_parent=parent)

    return _form_page(request, org, org_forms.MoveForm, f"Chuyển {org.name}", apply)


@login_required
def merge(request: HttpRequest, code: str) -> HttpResponse:
    successor = selectors.org_get(request.user, code)

    def apply(data: dict[str, Any]) -> Organisation:
        codes = [c.strip() for c in data["predecessors"].split(",") if c.strip()]
        olds = [_related(c, "predecessors") for c in codes]
        services.org_merge(
            actor=request.user,
            predecessors=olds,
            successor=successor,
            effective=data["effective"],
            move_children=data["move_children"],
            note=data["note"],
        )
        return successor

    return _form_page(
        request,
        successor,
        org_forms.MergeForm,
        f"Hợp nhất đơn vị vào {successor.name}",
        apply,
        {"move_children": True},
    )


@login_required
def dissolve(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.org_get(request.user, code)
    return _form_page(
        request,
        org,
        org_forms.DissolveForm,
        f"Giải thể {org.name}",
        lambda data: services.org_dissolve(actor=request.user, org=org, **data),
    )


@login_required
def add_term(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.org_get(request.user, code)

    def apply(data: dict[str, Any]) -> Organisation:
        services.term_create(actor=request.user, organisation=org, **data)
        return org

    return _form_page(request, org, org_forms.TermForm, f"Thêm nhiệm kỳ của {org.name}", apply)


def _related(code: str, field: str) -> Organisation:
    org = selectors.org_by_code(code)
    if org is None:
        raise services.out_of_scope(field, code)
    return org
