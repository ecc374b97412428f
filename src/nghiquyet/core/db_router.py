"""Read scaling (issue 13, item 4; decision 0013): dashboard and report reads on a replica.

Active when ``DATABASE_REPLICA_URL`` adds the ``replica`` alias (settings.py installs the router
and the middleware then). A read goes to the replica only when all of these hold:

1. the request is a GET or HEAD to one of ``REPLICA_VIEWS`` (dashboards and reports), which
   ``ReplicaReadsMiddleware`` marks for the length of the view and its template rendering;
2. the client has not written within ``settings.NGHIQUYET_REPLICA_STICKY_SECONDS`` (every
   POST, PUT, PATCH or DELETE answer sets the ``WROTE_COOKIE`` for that long), so a user sees
   their own figures right after saving them, whatever the replica's lag;
3. no transaction is open on the primary (a read that a write will depend on stays there);
4. the model is not in ``PRIMARY_ONLY_APPS`` (logins, sessions, API keys, lockouts, queued
   work): a revoked key or a locked account must take effect at once.

Every write goes to the primary. Nothing here imports another nghiquyet package.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
WROTE_COOKIE = "nq_ghi_gan_day"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# URL names whose reads may lag the primary by a moment: leaders' dashboards and reports.
REPLICA_VIEWS = frozenset(
    {
        "web:home",
        "web:results",
        "web:children",
        "web:heat_map",
        "indicators:dashboard",
        "api:indicator_report",
    }
)
PRIMARY_ONLY_APPS = frozenset(
    {"auth", "sessions", "contenttypes", "admin", "axes", "accounts", "django_tasks_db"}
)

_replica_reads: ContextVar[bool] = ContextVar("nghiquyet_replica_reads", default=False)


def has_replica() -> bool:
    """Whether the ``replica`` alias is configured."""
    return REPLICA in connections.settings


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads that may lag (rules 3 and 4 above still apply) use the replica."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """Django database router: reads as described in the module docstring, writes on the
    primary, migrations on the primary only (the replica copies them)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not _replica_reads.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block or not has_replica():
            return None
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # Both aliases hold the same rows: an object read from either may point at the other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


def may_read_replica(request: HttpRequest) -> bool:
    """Rules 1 and 2: a GET or HEAD to a listed view from a client with no recent write."""
    match = request.resolver_match
    return (
        has_replica()
        and request.method in SAFE_METHODS
        and match is not None
        and match.view_name in REPLICA_VIEWS
        and WROTE_COOKIE not in request.COOKIES
    )


class ReplicaReadsMiddleware:
    """Marks listed views' reads for the replica; notes each write in a short-lived cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token: list[Token[bool]] = []
        request._replica_token = token  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            for t in token:
                _replica_reads.reset(t)
        if request.method not in SAFE_METHODS and has_replica():
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=settings.NGHIQUYET_REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(self, request: HttpRequest, *args: Any) -> None:
        if may_read_replica(request):
            request._replica_token.append(_replica_reads.set(True))  # type: ignore[attr-defined]
