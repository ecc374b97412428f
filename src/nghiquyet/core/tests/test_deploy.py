import os
import subprocess
import sys


def test_check_deploy_is_clean_under_the_documented_production_environment(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "NGHIQUYET_TESTING",
            "NGHIQUYET_DEMO",
            "DEBUG",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env |= {
        "SECRET_KEY": "x" * 20 + "production-grade-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "nghiquyet.tinh.gov.vn",
        "NGHIQUYET_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "nghiquyet.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "nghiquyet", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"NGHIQUYET_TESTING", "SECRET_KEY"}}
    env |= {"NGHIQUYET_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "nghiquyet.settings"}
    result = subprocess.run(
        [sys.executable, "-m", "nghiquyet", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
