"""Password storage (Argon2) and password rules with Vietnamese messages."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from django.utils import translation

from nghiquyet.accounts import services
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.testing import PASSWORD

ENGLISH = ("password", "This ", "must contain", "too short", "too common")


@pytest.fixture
def production_hashers(settings):
    """The hashers of a real deployment: the test run puts a fast one in front of them."""
    settings.PASSWORD_HASHERS = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]


def test_production_settings_hash_with_argon2_and_throttle_logins(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NGHIQUYET_", "AXES_", "DJANGO_ALLOW"))
    }
    env.update(
        SECRET_KEY="x" * 50,
        NGHIQUYET_VAR_DIR=str(tmp_path),
        NGHIQUYET_LOGIN_COOLOFF_MINUTES="30",
        DJANGO_SETTINGS_MODULE="nghiquyet.settings",
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.PASSWORD_HASHERS[0], s.AXES_FAILURE_LIMIT, s.NGHIQUYET_LOGIN_IP_FAILURE_LIMIT,"
        " s.AXES_COOLOFF_TIME.total_seconds(), s.AXES_LOCKOUT_PARAMETERS, s.AXES_RESET_ON_SUCCESS)"
    )
    out = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split(maxsplit=4)
    assert out == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "5",
        "20",
        "1800.0",
        "['username', 'ip_address'] True\n",
    ]


def test_new_passwords_are_stored_with_argon2(cast, production_hashers):
    user = services.user_create(
        actor=cast.tinhuy,
        username="vp-moi",
        password="mot-mat-khau-dai",
        full_name="Võ Thị Lan",
        organisation=cast.commune,
        role="xem",
    )
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_an_old_pbkdf2_hash_still_logs_in_and_is_upgraded(cast, production_hashers):
    cast.xa.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    cast.xa.save(update_fields=["password"])
    response = Client().post(reverse("web:login"), {"username": "xa", "password": PASSWORD})
    assert response.status_code == 302
    cast.xa.refresh_from_db()
    assert cast.xa.password.startswith("argon2$")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("ngan-qua", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("qwertyuiop", "Mật khẩu này quá phổ biến, dễ bị đoán ra."),
        ("2024202520", "Mật khẩu không được chỉ gồm chữ số."),
        ("pcl-vanphong1", "Mật khẩu quá giống với thông tin cá nhân"),
    ],
)
def test_a_weak_password_is_refused_in_vietnamese_on_the_create_form(
    cast, client_for, password, message
):
    data = {
        "create": "1",
        "user-username": "pcl-vanphong",
        "user-full_name": "Võ Thị Lan",
        "user-password": password,
        "user-role": "nhap_lieu",
    }
    response = client_for("tinhuy").post(reverse("accounts:members", args=["P-CL"]), data)
    assert response.status_code in (200, 422)  # the form again, with its errors
    html = response.content.decode()
    assert message in html
    assert not any(word in html for word in ("This password", "too short", "too common"))


def test_the_create_form_states_the_rules_in_vietnamese(client_for):
    html = client_for("tinhuy").get(reverse("accounts:members", args=["P-CL"])).content.decode()
    assert "Mật khẩu phải có ít nhất 10 ký tự." in html


def test_the_service_refuses_a_short_password(cast):
    with pytest.raises(InvalidInputError) as exc:
        services.user_create(
            actor=cast.tinhuy,
            username="ngan",
            password="abc",
            full_name="A B",
            organisation=cast.commune,
            role="xem",
        )
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in exc.value.errors["password"]


def test_setting_a_password_through_django_forms_speaks_vietnamese(cast):
    """The admin's set/change password forms run the same validators."""
    with translation.override("vi"):
        form = SetPasswordForm(cast.xa, {"new_password1": "123", "new_password2": "123"})
        assert not form.is_valid()
        messages = form.errors["new_password2"]
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in messages
    assert "Mật khẩu không được chỉ gồm chữ số." in messages
    assert not any(word in m for m in messages for word in ENGLISH)
