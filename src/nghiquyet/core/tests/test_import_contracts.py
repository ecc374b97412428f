"""`make lint` runs lint-imports on `.importlinter`: a broken layer contract must fail it.

Each test copies the package, adds one import that crosses a layer, and runs lint-imports on
the copy with the project's contracts.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[4]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
NOT_PYTHON = shutil.ignore_patterns("__pycache__", "templates", "static", "locale", "*.json")


def lint_copy_with(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    shutil.copytree(REPO / "src" / "nghiquyet", tmp_path / "nghiquyet", ignore=NOT_PYTHON)
    target = tmp_path.joinpath(*module.split(".")).with_suffix(".py")
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return subprocess.run(  # noqa: S603 - fixed arguments, our own venv's executable.
        [LINT_IMPORTS, "--config", REPO / ".importlinter", "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_core_importing_a_platform_app_fails_lint(tmp_path):
    run = lint_copy_with(tmp_path, "nghiquyet.core.periods", "import nghiquyet.orgs.models")
    assert run.returncode != 0
    assert "core imports no other nghiquyet package BROKEN" in run.stdout
    assert "nghiquyet.core.periods -> nghiquyet.orgs.models" in run.stdout


def test_platform_importing_a_domain_app_fails_lint(tmp_path):
    run = lint_copy_with(tmp_path, "nghiquyet.orgs.selectors", "import nghiquyet.indicators.models")
    assert run.returncode != 0
    assert "platform packages import no domain app BROKEN" in run.stdout


def test_a_service_importing_the_web_shell_fails_lint(tmp_path):
    run = lint_copy_with(tmp_path, "nghiquyet.documents.selectors", "import nghiquyet.web.forms")
    assert run.returncode != 0
    assert "domain logic imports neither the web nor the API shell BROKEN" in run.stdout


def test_an_app_importing_another_app_views_fails_lint(tmp_path):
    run = lint_copy_with(tmp_path, "nghiquyet.reporting.views", "import nghiquyet.orgs.views")
    assert run.returncode != 0
    assert "no app imports another app's views, api, forms or urls BROKEN" in run.stdout
