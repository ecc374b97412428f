"""Login throttling on top of django-axes: per-account and per-address limits, the Vietnamese
lockout page, the client address behind a proxy, and the audit entry when a lock begins.

Axes counts failed logins in ``AccessAttempt`` rows keyed by (username, address, user agent).
With ``AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]`` it sums them per username and per
address, but compares both sums with one limit. ``LoginThrottleHandler`` gives each its own
limit (``AXES_FAILURE_LIMIT`` for an account, ``NGHIQUYET_LOGIN_IP_FAILURE_LIMIT`` for an
address), and a successful login clears only that account's failures: not those of other
accounts tried from the same address, which would let an attacker who owns one account reset
the counters of the accounts they are guessing.
"""

import datetime as dt
import ipaddress
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

ACCOUNT = "username"
ADDRESS = "ip_address"


@dataclass(frozen=True)
class FailureCounts:
    """Failed logins within the cool-off window, for the account tried and for the address."""

    account: int
    address: int

    def locked_scopes(self, account_limit: int) -> list[str]:
        """Which of ``ACCOUNT`` and ``ADDRESS`` have reached their limit."""
        scopes = []
        if self.account >= account_limit:
            scopes.append(ACCOUNT)
        if self.address >= settings.NGHIQUYET_LOGIN_IP_FAILURE_LIMIT:
            scopes.append(ADDRESS)
        return scopes


def _recent_attempts(since: dt.datetime | None) -> QuerySet[AccessAttempt]:
    attempts = AccessAttempt.objects.all()
    return attempts if since is None else attempts.filter(attempt_time__gte=since)


def _total(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def _window_start(request: HttpRequest | None = None) -> dt.datetime | None:
    if settings.AXES_COOLOFF_TIME is None:
        return None
    if request is None or not hasattr(request, "axes_attempt_time"):
        cool_off = get_cool_off(request)
        return timezone.now() - cool_off if cool_off else None
    return get_cool_off_threshold(request)


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with separate account and address limits."""

    def failure_counts(
        self, request: HttpRequest, credentials: dict | None = None
    ) -> FailureCounts:
        username = get_client_username(request, credentials)
        address = request.axes_ip_address  # type: ignore[attr-defined]
        recent = _recent_attempts(_window_start(request))
        return FailureCounts(
            account=_total(recent.filter(username=username)) if username else 0,
            address=_total(recent.filter(ip_address=address)) if address else 0,
        )

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        # Axes locks when this number reaches AXES_FAILURE_LIMIT: report the account's count,
        # raised to that limit when the address has reached its own.
        counts = self.failure_counts(request, credentials)
        limit = get_failure_limit(request, credentials)
        if ADDRESS in counts.locked_scopes(limit):
            return max(counts.account, limit)
        return counts.account

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count

    def user_login_failed(
        self, sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        already_locked = request is not None and self.is_locked(request, credentials)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or already_locked or not getattr(request, "axes_locked_out", False):
            return
        from nghiquyet.accounts.services import login_lockout_record

        counts = self.failure_counts(request, credentials)
        login_lockout_record(
            username=get_client_username(request, credentials) or "",
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
            scopes=counts.locked_scopes(get_failure_limit(request, credentials)),
            failures={ACCOUNT: counts.account, ADDRESS: counts.address},
        )


def locked_usernames(usernames: Iterable[str]) -> set[str]:
    """Those of ``usernames`` whose account is locked now (address locks are not included)."""
    names = list(usernames)
    if not names or not getattr(settings, "AXES_ENABLED", True):
        return set()
    rows = (
        _recent_attempts(_window_start())
        .filter(username__in=names)
        .values("username")
        .annotate(n=Sum("failures_since_start"))
    )
    return {row["username"] for row in rows if row["n"] >= settings.AXES_FAILURE_LIMIT}


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind ``NGHIQUYET_TRUSTED_PROXIES`` proxies the
    address the outermost trusted proxy appended to X-Forwarded-For (earlier entries are
    whatever the client sent, so they are never trusted)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.NGHIQUYET_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    chain = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [p for p in chain if p]
    if len(chain) < proxies:
        return remote
    candidate = chain[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _duration(delta: dt.timedelta) -> str:
    minutes = max(1, math.ceil(delta.total_seconds() / 60))
    if minutes % 60 == 0:
        return f"{minutes // 60} giờ"
    return f"{minutes} phút"


def lockout_message(scopes: list[str], cool_off: dt.timedelta | None) -> str:
    if ACCOUNT in scopes or not scopes:
        cause = "Tài khoản tạm khóa do đăng nhập sai nhiều lần."
    else:
        cause = "Địa chỉ mạng của bạn tạm bị chặn đăng nhập do có nhiều lần đăng nhập sai."
    if cool_off:
        return f"{cause} Vui lòng thử lại sau {_duration(cool_off)} hoặc liên hệ quản trị viên."
    return f"{cause} Vui lòng liên hệ quản trị viên để được mở khóa."


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The page shown instead of the login form while a lock lasts (AXES_LOCKOUT_CALLABLE)."""
    handler = LoginThrottleHandler()
    counts = handler.failure_counts(request, credentials)
    scopes = counts.locked_scopes(get_failure_limit(request, credentials))
    context = {"message": lockout_message(scopes, get_cool_off(request))}
    response = TemplateResponse(
        request,
        "accounts/lockout.html",
        context,
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
    return response.render()
