"""Users, memberships and API tokens. Granting access is itself an audited change."""

import datetime as dt
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import OperationalError, models, transaction
from django.utils import timezone

from nghiquyet.access.roles import Action, Role
from nghiquyet.access.scoping import AnyUser, can, forget_grants, is_everywhere
from nghiquyet.accounts.audit_actions import AccountsAudit
from nghiquyet.accounts.models import ApiToken, Membership, hash_token
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from nghiquyet.orgs.models import Organisation

TOKEN_PREFIX = "nq"  # noqa: S105 (a public marker in front of each key, not a secret)


def _require_manage(actor: AnyUser, org: Organisation) -> None:
    if not can(actor, Action.MANAGE, org):
        raise PermissionDeniedError("Bạn không có quyền quản trị người dùng của đơn vị này.")


@transaction.atomic
def user_create(
    *,
    actor: AnyUser,
    username: str,
    password: str,
    full_name: str,
    organisation: Organisation,
    role: str,
    email: str = "",
) -> User:
    """Create a login together with its first membership, so no user exists without scope."""
    _require_manage(actor, organisation)
    User = get_user_model()
    username = username.strip()
    errors: dict[str, str | list[str]] = {}
    if not username:
        errors["username"] = "Chưa nhập tên đăng nhập."
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = f"Tên đăng nhập “{username}” đã có người dùng."
    first, _, last = full_name.strip().rpartition(" ")
    try:
        password_validation.validate_password(
            password, User(username=username, first_name=first, last_name=last, email=email)
        )
    except ValidationError as exc:
        errors["password"] = exc.messages
    if role not in Role.values:
        errors["role"] = "Vai trò không hợp lệ."
    if errors:
        raise InvalidInputError(errors)
    user = User.objects.create_user(
        username=username, password=password, email=email, first_name=first, last_name=last
    )
    audit_record(
        actor=actor,
        action=AccountsAudit.USER_CREATE,
        target=user,
        organisation=organisation,
        after={"username": username, "full_name": full_name},
    )
    membership_grant(actor=actor, user=user, organisation=organisation, role=role)
    return user


@transaction.atomic
def membership_grant(
    *, actor: AnyUser, user: User, organisation: Organisation, role: str
) -> Membership:
    _require_manage(actor, organisation)
    if role not in Role.values:
        raise InvalidInputError.single("role", "Vai trò không hợp lệ.")
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if created:
        audit_record(
            actor=actor,
            action=AccountsAudit.MEMBERSHIP_GRANT,
            target=membership,
            organisation=organisation,
            after={"user": user.get_username(), "role": role},
        )
    forget_grants(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor: AnyUser, membership: Membership) -> None:
    _require_manage(actor, membership.organisation)
    audit_record(
        actor=actor,
        action=AccountsAudit.MEMBERSHIP_REVOKE,
        target=membership,
        organisation=membership.organisation,
        before={"user": membership.user.get_username(), "role": membership.role},
    )
    membership.delete()
    forget_grants(membership.user)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # Shown once; only its digest is stored.


@transaction.atomic
def token_create(*, actor: AnyUser, name: str) -> IssuedToken:
    """Issue an API token for the actor. The full secret is returned once and never stored."""
    if not actor.is_authenticated:
        raise PermissionDeniedError("Bạn cần đăng nhập.")
    if not name.strip():
        raise InvalidInputError.single("name", "Chưa nhập tên gợi nhớ cho khóa.")
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=actor, name=name.strip()[:100], prefix=prefix, digest=hash_token(secret)
    )
    audit_record(
        actor=actor, action=AccountsAudit.TOKEN_CREATE, target=token, after={"name": token.name}
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: AnyUser, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user_id=actor.pk or 0).first()
    if token is None:
        raise NotFoundError("Không tìm thấy khóa API.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action=AccountsAudit.TOKEN_REVOKE, target=token, after={"name": token.name}
        )
    return token


def token_authenticate(secret: str) -> User | None:
    """The active user behind a bearer secret, or None. Records the time of use."""
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(digest=hash_token(secret.strip()))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    token_record_use(token)
    return token.user


TOKEN_USE_RESOLUTION = dt.timedelta(minutes=1)
_log = logging.getLogger(__name__)


def token_record_use(token: ApiToken) -> None:
    """Note in ``token.last_used_at`` that it was just used, at most once per minute.

    Bookkeeping must never block or fail the request it serves (issue 8 item 3): the update
    runs in its own short transaction (a savepoint inside a caller's), does not wait for a
    locked database (``_without_lock_wait``) and, if the database refuses, logs a warning and
    returns. Raises nothing.
    """
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_USE_RESOLUTION:
        return
    try:
        with _without_lock_wait(), transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    except OperationalError as exc:
        _log.warning("Không ghi được thời điểm dùng khóa API %s: %s", token.prefix, exc)


@contextmanager
def _without_lock_wait() -> Iterator[None]:
    """Within the block, a write that finds the database locked fails at once instead of
    waiting: SQLite's busy timeout is 0; PostgreSQL's lock timeout is 100 ms (outermost
    transactions only, as ``SET LOCAL`` lasts to the end of the transaction)."""
    connection = transaction.get_connection()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            saved = (cursor.fetchone() or (0,))[0]
            cursor.execute("PRAGMA busy_timeout = 0")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(saved)}")
        return
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '100ms'")
            yield
        return
    yield


def _first_membership_org(memberships: models.QuerySet[Membership]) -> Organisation | None:
    first = memberships.select_related("organisation").order_by("organisation__path").first()
    return first.organisation if first else None


@transaction.atomic
def login_lockout_record(
    *, username: str, ip_address: str | None, scopes: list[str], failures: dict[str, int]
) -> None:
    """Audit the start of a login lock (called by the axes handler, accounts/lockout.py).

    The entry belongs to the locked user's unit, so that unit's administrators see it; a lock
    of an unknown username or of an address alone is filed under the axes attempt row.
    """
    from axes.models import AccessAttempt

    user = get_user_model().objects.filter(username=username).first() if username else None
    target: models.Model | None
    if user is not None and "username" in scopes:
        target = user
        organisation = _first_membership_org(Membership.objects.filter(user=user))
    else:
        target = AccessAttempt.objects.filter(username=username, ip_address=ip_address).first()
        organisation = None
    if target is None:
        return
    audit_record(
        actor=None,
        action=AccountsAudit.LOGIN_LOCKED_OUT,
        target=target,
        organisation=organisation,
        after={
            "username": username,
            "ip_address": ip_address,
            "locked": scopes,
            "failures": failures,
        },
    )


@transaction.atomic
def login_unlock(*, actor: AnyUser, username: str) -> int:
    """Clear the failed logins of ``username``, ending its lock; returns the rows removed.

    Allowed to superusers and to the administrators of a unit the user belongs to. Locks of an
    address are lifted from the command line (``nghiquyet axes_reset_ip``).
    """
    from axes.utils import reset as axes_reset

    from nghiquyet.accounts.lockout import locked_usernames

    if not actor.is_authenticated:
        raise PermissionDeniedError("Bạn cần đăng nhập.")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFoundError("Không có người dùng với tên đăng nhập này.")
    managed = Membership.objects.visible_to(actor, "manage").filter(user=user)
    organisation = _first_membership_org(managed)
    if organisation is None and not is_everywhere(actor):
        raise PermissionDeniedError("Bạn không có quyền mở khóa đăng nhập cho tài khoản này.")
    was_locked = username in locked_usernames([username])
    removed: int = axes_reset(username=username)
    audit_record(
        actor=actor,
        action=AccountsAudit.LOGIN_UNLOCKED,
        target=user,
        organisation=organisation,
        before={"locked": was_locked},
        after={"username": username, "attempts_removed": removed},
    )
    return removed
