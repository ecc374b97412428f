from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nghiquyet.accounts import selectors, services
from nghiquyet.accounts.forms import GrantForm, TokenForm, UserCreateForm
from nghiquyet.accounts.models import Membership
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.web.forms import add_service_errors
from nghiquyet.web.pages import form_page


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):  # login_required guarantees a real user.
        raise NotFoundError()
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.token_create(actor=request.user, name=form.cleaned_data["name"])
        except InvalidInputError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo khóa API."))
    context = {
        "memberships": selectors.memberships_of_user(user),
        "tokens": selectors.tokens_of_user(user),
        "form": TokenForm() if issued else form,
        "issued": issued,
    }
    return TemplateResponse(request, "accounts/profile.html", context)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    services.token_revoke(actor=request.user, token_id=token_id)
    messages.success(request, "Đã thu hồi khóa API.")
    return redirect("accounts:profile")


@login_required
def members(request: HttpRequest, code: str) -> HttpResponse:
    """The unit's memberships with two forms: grant a role to a user, or create a user.

    A POST carries ``grant`` or ``create`` to say which form it submits; the other stays unbound.
    """
    org = org_get(request.user, code, "manage")
    grant_form = GrantForm(request.POST if "grant" in request.POST else None, prefix="grant")
    user_form = UserCreateForm(request.POST if "create" in request.POST else None, prefix="user")
    context = {
        "org": org,
        "memberships": selectors.memberships_of_org(request.user, org),
        "grant_form": grant_form,
        "user_form": user_form,
    }
    if user_form.is_bound:
        on_valid, done = _create_user(request, org), _("Đã tạo người dùng.")
    else:
        on_valid, done = _grant(request, org), _("Đã cấp quyền.")
    return form_page(
        request,
        user_form if user_form.is_bound else grant_form,
        "accounts/members.html",
        on_valid=on_valid,
        success_url=reverse("accounts:members", args=[org.code]),
        success_message=done,
        context=context,
    )


def _create_user(request: HttpRequest, org: Organisation) -> Callable[[dict[str, Any]], object]:
    return lambda data: services.user_create(actor=request.user, organisation=org, **data)


def _grant(request: HttpRequest, org: Organisation) -> Callable[[dict[str, Any]], object]:
    def grant(data: dict[str, Any]) -> Membership:
        user = get_user_model().objects.filter(username__iexact=data["username"]).first()
        if user is None:
            raise InvalidInputError.single("username", "Không có người dùng với tên đăng nhập này.")
        return services.membership_grant(
            actor=request.user, user=user, organisation=org, role=data["role"]
        )

    return grant


@login_required
@require_POST
def revoke_membership(request: HttpRequest, pk: int) -> HttpResponse:
    membership = Membership.objects.visible_to(request.user, "manage").filter(pk=pk).first()
    if membership is None:
        raise NotFoundError("Không tìm thấy quyền này trong phạm vi của bạn.")
    services.membership_revoke(actor=request.user, membership=membership)
    messages.success(request, "Đã thu hồi quyền.")
    return redirect("accounts:members", code=membership.organisation.code)
