"""Unlocking a login from the members page (the lock itself is in accounts/lockout.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from nghiquyet.accounts import services
from nghiquyet.orgs.selectors import org_get


@login_required
@require_POST
def unlock_login(request: HttpRequest, code: str) -> HttpResponse:
    org = org_get(request.user, code, "manage")
    username = request.POST.get("username", "")
    services.login_unlock(actor=request.user, username=username)
    messages.success(request, f"Đã mở khóa đăng nhập cho tài khoản “{username}”.")
    return redirect("accounts:members", code=org.code)
