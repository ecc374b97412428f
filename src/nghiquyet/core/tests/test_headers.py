"""Security headers on every response, and how long a session lasts (issue 8)."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def _directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in parts}


@pytest.mark.parametrize(
    ("persona", "path", "status"),
    [
        ("anonymous", "/dang-nhap/", 200),
        ("xa", "/", 200),
        ("tinhuy", "/to-chuc/", 200),
        ("xa", "/khong-co-trang-nay/", 404),
        ("xa", "/api/v1/orgs/P-CL", 200),
        ("anonymous", "/api/v1/orgs/T-DT", 401),
    ],
)
def test_every_response_carries_the_policy_and_referrer_policy(client_for, persona, path, status):
    response = client_for(persona).get(path)
    assert response.status_code == status
    directives = _directives(response["Content-Security-Policy"])
    assert {name: directives.get(name) for name in POLICY} == POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_hold_no_inline_script_style_or_handler(client_for):
    html = client_for("tinhuy").get(reverse("orgs:tree")).content.decode()
    assert "hx-on" not in html and " style=" not in html and " onclick=" not in html
    assert '"includeIndicatorStyles": false' in html  # htmx would inject a <style> otherwise
    assert "<script>" not in html and "<script src=" in html


def test_a_session_lasts_twelve_hours_by_default(client_for):
    client = client_for("xa")
    client.get("/")
    assert client.session.get_expiry_age() == 12 * 3600


def test_session_length_comes_from_nghiquyet_session_hours(tmp_path):
    env = os.environ | {"NGHIQUYET_SESSION_HOURS": "2", "NGHIQUYET_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import nghiquyet.settings as s; print(s.SESSION_COOKIE_AGE)"],
        env=env | {"DJANGO_SETTINGS_MODULE": "nghiquyet.settings", "NGHIQUYET_TESTING": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == "7200"
