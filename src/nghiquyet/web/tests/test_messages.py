"""Every save says it is done (issue 9 §6): each view that redirects after a write flashes a
success message, directly or through ``form_page``'s required ``success_message``."""

import ast
from pathlib import Path

from django.urls import reverse

SOURCE = Path(__file__).resolve().parents[2]


def _view_modules() -> list[Path]:
    names = ("views.py", "workbook_views.py")
    return [
        p
        for p in sorted(SOURCE.rglob("*.py"))
        if "tests" not in p.parts and (p.name in names or p.parent.name == "views")
    ]


def _redirects_without_message(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    silent = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        body = ast.get_source_segment(source, node) or ""
        redirects = "redirect(" in body or "HttpResponseRedirect" in body
        if redirects and "messages.success" not in body and "success_message" not in body:
            silent.append(f"{path.relative_to(SOURCE)}:{node.name}")
    return silent


def test_every_view_that_redirects_after_a_save_says_so():
    modules = _view_modules()
    assert len(modules) > 10
    assert [s for p in modules for s in _redirects_without_message(p)] == []


def test_choosing_the_working_unit_says_which_it_is(client_for):
    response = client_for("lanhdao").post(reverse("web:switch_org"), {"code": "X-MH"}, follow=True)
    assert "Đơn vị đang làm việc: Đảng ủy xã Mỹ Hiệp." in response.content.decode()
