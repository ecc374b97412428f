"""Structure rules that import contracts cannot see (STYLE.md 16-18).

- Subtree filters use ``path__under`` or ``within()``; ``path__startswith`` is written nowhere
  but in the explanation of ``core/paths.py``.
- Apps meet through named hooks: only ``core/contrib.py`` imports modules by name.
- An app never reaches for another app's private names (``from nghiquyet.x.y import _name``).

Tests are exempt: they may poke at anything.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
STRING_IMPORTERS = {"importlib", "__import__", "import_module", "import_string"}
CONTRIB = PACKAGE / "core" / "contrib.py"
PATHS = PACKAGE / "core" / "paths.py"


def sources() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tests" not in path.relative_to(PACKAGE).parts:
            yield path


def app_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def without_docstring(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    if ast.get_docstring(tree) is None:
        return text
    lines = text.splitlines(keepends=True)
    return "".join(lines[tree.body[0].end_lineno or 0 :])


def path_startswith_uses(path: Path) -> list[str]:
    text = without_docstring(path) if path == PATHS else path.read_text(encoding="utf-8")
    lines = enumerate(text.splitlines(), 1)
    return [f"{path}:{n}" for n, line in lines if "path__startswith" in line]


def imports_by_name(node: ast.AST) -> bool:
    """``import importlib``, ``from importlib import …``, ``import_string`` or ``__import__``."""
    if isinstance(node, ast.Import):
        return any(a.name.split(".")[0] == "importlib" for a in node.names)
    if isinstance(node, ast.ImportFrom):
        from_importlib = (node.module or "").split(".")[0] == "importlib"
        return from_importlib or any(a.name in STRING_IMPORTERS for a in node.names)
    return isinstance(node, ast.Name) and node.id == "__import__"


def string_imports(tree: ast.AST) -> Iterator[int]:
    for node in ast.walk(tree):
        if imports_by_name(node):
            yield getattr(node, "lineno", 0)


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def foreign_private_imports(tree: ast.AST, app: str) -> Iterator[str]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        parts = (node.module or "").split(".")
        if parts[0] != "nghiquyet" or len(parts) < 2 or parts[1] == app:
            continue
        private_module = any(is_private(p) for p in parts)
        for alias in node.names:
            if private_module or is_private(alias.name):
                yield f"line {node.lineno}: from {node.module} import {alias.name}"


def test_no_path_startswith_outside_core_paths_docstring():
    found = [use for path in sources() for use in path_startswith_uses(path)]
    assert found == [], "Use path__under or .within() (core/paths.py):\n" + "\n".join(found)


def test_only_core_contrib_imports_modules_by_name():
    found = [
        f"{path}:{line}"
        for path in sources()
        if path != CONTRIB
        for line in string_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == [], "Call the owner's hooks.py through core.hooks instead:\n" + "\n".join(found)


def test_no_app_imports_another_app_private_names():
    found = [
        f"{path}: {use}"
        for path in sources()
        for use in foreign_private_imports(
            ast.parse(path.read_text(encoding="utf-8")), app_of(path)
        )
    ]
    assert found == [], "Ask the owner app for a public function:\n" + "\n".join(found)


def test_the_checks_catch_synthetic_violations(tmp_path):
    by_name = (
        "import importlib\n"
        "from django.utils.module_loading import import_string\n"
        "__import__('os')\n"
    )
    assert list(string_imports(ast.parse(by_name))) == [1, 2, 3]
    private = (
        "from nghiquyet.reporting.views import _rows\n"
        "from nghiquyet.core.management.commands._actor import actor_or_superuser\n"
        "from nghiquyet.indicators.values import _own_helper\n"
    )
    assert len(list(foreign_private_imports(ast.parse(private), "indicators"))) == 2
    module = tmp_path / "selectors.py"
    module.write_text('"""Doc."""\nqs.filter(path__startswith=org.path)\n', encoding="utf-8")
    assert path_startswith_uses(module) == [f"{module}:2"]
