"""Login throttling: per-account and per-address locks, the lockout page, audit, unlocking."""

import datetime as dt

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from nghiquyet.accounts import services
from nghiquyet.accounts.audit_actions import AccountsAudit
from nghiquyet.accounts.lockout import client_ip, locked_usernames
from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.testing import PASSWORD

ACCOUNT_LOCKED = (
    "Tài khoản tạm khóa do đăng nhập sai nhiều lần. "
    "Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị viên."
)
ADDRESS_LOCKED = "Địa chỉ mạng của bạn tạm bị chặn đăng nhập"
WRONG = "khong-phai-mat-khau"


@pytest.fixture(autouse=True)
def _limits(settings):
    """Pin the limits this file relies on, whatever the environment says."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.NGHIQUYET_LOGIN_IP_FAILURE_LIMIT = 20
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    settings.NGHIQUYET_TRUSTED_PROXIES = 0


def attempt(username: str, password: str, ip: str = "10.0.0.1", client: Client | None = None):
    client = client or Client()
    response = client.post(
        reverse("web:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )
    return response, response.content.decode()


def fail(username: str, times: int, ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        attempt(username, WRONG, ip)


def test_fifth_wrong_password_locks_the_account_and_the_right_one_is_refused(cast):
    for _ in range(4):
        response, html = attempt("xa", WRONG)
        assert response.status_code == 200
        assert "tạm khóa" not in html
    response, html = attempt("xa", WRONG)
    assert response.status_code == 429
    assert ACCOUNT_LOCKED in html

    client = Client()
    response, html = attempt("xa", WRONG, client=client)  # the sixth: still refused
    assert response.status_code == 429
    response, html = attempt("xa", PASSWORD, client=client)
    assert response.status_code == 429
    assert ACCOUNT_LOCKED in html
    assert "_auth_user_id" not in client.session
    # Rendered in the site's layout, in Vietnamese only.
    assert '<html lang="vi">' in html and "Tạm khóa đăng nhập" in html
    assert "Account locked" not in html and "too many" not in html


def test_an_account_lock_holds_from_every_address_and_spares_other_accounts(cast):
    fail("xa", 5, ip="10.0.0.1")
    response, html = attempt("xa", PASSWORD, ip="10.0.0.77")
    assert response.status_code == 429 and ACCOUNT_LOCKED in html
    response, _ = attempt("tinhuy", PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302


def test_failures_across_accounts_from_one_address_lock_that_address(cast):
    # Two failures for each of ten accounts: no account reaches its limit, the address does.
    for i in range(9):
        fail(f"khach{i}", 2, ip="10.0.0.9")
    assert attempt("khach9", WRONG, ip="10.0.0.9")[0].status_code == 200  # the 19th
    response, html = attempt("khach9", WRONG, ip="10.0.0.9")
    assert response.status_code == 429 and ADDRESS_LOCKED in html

    response, _ = attempt("chibo", PASSWORD, ip="10.0.0.9")
    assert response.status_code == 429
    response, _ = attempt("chibo", PASSWORD, ip="10.0.0.10")
    assert response.status_code == 302


def test_a_successful_login_resets_only_that_accounts_failures(cast):
    fail("xa", 4)
    response, _ = attempt("xa", PASSWORD)
    assert response.status_code == 302
    fail("xa", 4)
    assert attempt("xa", WRONG)[0].status_code == 429  # 4 + 1: the count restarted

    # Another account's success from the same address does not wipe xa's failures.
    fail("lanhdao", 4, ip="10.0.0.5")
    assert attempt("tinhuy", PASSWORD, ip="10.0.0.5")[0].status_code == 302
    assert attempt("lanhdao", WRONG, ip="10.0.0.5")[0].status_code == 429


def test_a_lockout_is_audited_once_under_the_users_unit(cast):
    fail("xa", 7, ip="10.0.0.3")
    entries = AuditEntry.objects.filter(action=AccountsAudit.LOGIN_LOCKED_OUT)
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.target_type, entry.target_id) == ("auth.user", str(cast.xa.pk))
    assert entry.organisation == cast.commune
    assert entry.actor is None
    assert entry.after["username"] == "xa" and entry.after["ip_address"] == "10.0.0.3"
    assert entry.after["locked"] == ["username"]


def test_an_address_lockout_is_audited_without_a_unit(cast):
    for i in range(10):
        fail(f"khach{i}", 2, ip="10.0.0.9")
    entry = AuditEntry.objects.get(action=AccountsAudit.LOGIN_LOCKED_OUT)
    assert entry.target_type == "axes.accessattempt"
    assert entry.organisation is None
    assert entry.after["locked"] == ["ip_address"]


@pytest.mark.parametrize("who", ["xa", "lanhdao", "chibo"])
def test_unlock_is_refused_without_manage_rights_over_the_user(cast, who):
    fail("xa", 5)
    with pytest.raises(PermissionDeniedError):
        services.login_unlock(actor=cast.persona(who), username="xa")
    assert locked_usernames(["xa"]) == {"xa"}
    assert not AuditEntry.objects.filter(action=AccountsAudit.LOGIN_UNLOCKED).exists()


@pytest.mark.parametrize("who", ["tinhuy", "root"])
def test_an_administrator_unlocks_and_it_is_audited(cast, who):
    fail("xa", 5)
    assert services.login_unlock(actor=cast.persona(who), username="xa") >= 1
    assert locked_usernames(["xa"]) == set()
    assert attempt("xa", PASSWORD)[0].status_code == 302
    entry = AuditEntry.objects.get(action=AccountsAudit.LOGIN_UNLOCKED)
    assert entry.actor_username == who
    assert entry.organisation == cast.commune
    assert entry.before == {"locked": True}


def test_the_unlock_button_shows_only_for_a_locked_member_to_an_administrator(cast, client_for):
    page = reverse("accounts:members", args=["P-CL"])
    admin = client_for("tinhuy")
    assert "Mở khóa đăng nhập" not in admin.get(page).content.decode()
    fail("xa", 5)
    html = admin.get(page).content.decode()
    assert "Đang tạm khóa đăng nhập" in html and "Mở khóa đăng nhập" in html
    for persona in ("xa", "lanhdao", "chibo"):
        response = client_for(persona).get(page)
        assert response.status_code == 404
        assert "Mở khóa đăng nhập" not in response.content.decode()


def test_unlocking_from_the_members_page(cast, client_for):
    fail("xa", 5)
    unlock = reverse("accounts:unlock_login", args=["P-CL"])
    assert client_for("lanhdao").post(unlock, {"username": "xa"}).status_code == 404
    assert locked_usernames(["xa"]) == {"xa"}
    response = client_for("tinhuy").post(unlock, {"username": "xa"}, follow=True)
    assert "Đã mở khóa đăng nhập" in response.content.decode()
    assert locked_usernames(["xa"]) == set()


def test_the_client_address_behind_a_trusted_proxy(settings):
    rf = RequestFactory()
    request = rf.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "127.0.0.1"  # no proxy declared: the header is not trusted
    settings.NGHIQUYET_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"  # the entry nginx appended, not the forged one
    assert client_ip(rf.post("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
    forged = rf.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(forged) == "127.0.0.1"
