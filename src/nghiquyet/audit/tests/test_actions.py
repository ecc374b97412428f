"""Audit actions are enumerations with Vietnamese labels (STYLE.md §19), written by audit only."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from nghiquyet.audit.actions import AuditAction, _Registry, action_enums, action_label
from nghiquyet.audit.models import AuditEntry
from nghiquyet.audit.services import audit_record
from nghiquyet.orgs.audit_actions import OrgsAudit
from nghiquyet.orgs.services import org_update
from nghiquyet.orgs.services.bulk import OrgRow, orgs_create_many

SOURCE = Path(__file__).resolve().parents[2]
APP_LABELS = sorted(c.label for c in apps.get_app_configs() if c.name.startswith("nghiquyet."))
CODE = re.compile(rf"^({'|'.join(APP_LABELS)})\.[a-z_]+(\.[a-z_]+)+$")
CODE_PREFIX = re.compile(rf"^({'|'.join(APP_LABELS)})\.[a-z_]+\.")


def _python_files() -> list[Path]:
    return [
        p
        for p in sorted(SOURCE.rglob("*.py"))
        if "migrations" not in p.parts and p != Path(__file__).resolve()
    ]


def _codes_in_source() -> tuple[dict[str, list[str]], list[str]]:
    """Literal action codes (and where), and f-strings that build a code at run time."""
    found: dict[str, list[str]] = {}
    built: list[str] = []
    for path in _python_files():
        where = path.relative_to(SOURCE)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if CODE.match(node.value):
                    found.setdefault(node.value, []).append(f"{where}:{node.lineno}")
            elif isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
                if isinstance(head, ast.Constant) and CODE_PREFIX.match(str(head.value)):
                    built.append(f"{where}:{node.lineno}")
    return found, built


def _members() -> dict[str, AuditAction]:
    return {member.value: member for enum in action_enums() for member in enum}


def test_every_action_code_in_the_code_is_a_declared_member():
    found, built = _codes_in_source()
    assert found, "the scan found no action code at all"
    members = _members()
    unknown = {code: places for code, places in found.items() if code not in members}
    assert unknown == {}
    assert built == [], "action codes are enum members, never built from strings"


def test_every_member_has_a_vietnamese_label_and_its_apps_prefix():
    enums = action_enums()
    assert {e.__module__.split(".")[1] for e in enums} >= {
        "orgs",
        "accounts",
        "documents",
        "dissemination",
        "indicators",
        "reporting",
    }
    for enum in enums:
        app = enum.__module__.split(".")[1]
        for member in enum:
            label = str(member.label)
            assert member.value.startswith(f"{app}."), member
            # Django makes "Organisation Create" from the member name when no label is given;
            # a Vietnamese label has a lower-case word with a diacritic in it.
            assert label and label != member.name.replace("_", " ").title(), member
            assert not label.isascii(), f"{member.value}: {label!r} has no Vietnamese diacritics"
            assert action_label(member.value) == label


def test_an_unknown_code_is_shown_as_it_is():
    assert action_label("orgs.organisation.retired") == "orgs.organisation.retired"


def test_the_registry_refuses_duplicate_or_malformed_codes():
    class Twice(AuditAction):
        CREATE = "orgs.organisation.create", "Tạo đơn vị lần nữa"

    class Short(AuditAction):
        CREATE = "orgs.create", "Tạo"

    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        _Registry([OrgsAudit, Twice])
    with pytest.raises(ImproperlyConfigured, match="not <app>"):
        _Registry([Short])


def test_audit_record_refuses_a_plain_string(cast):
    # The type checker refuses it too; this guards the callers it does not see.
    with pytest.raises(TypeError, match="AuditAction"):
        audit_record(actor=cast.tinhuy, action="orgs.organisation.merge", target=cast.cell)


def test_only_the_audit_app_creates_entries():
    writers = re.compile(r"AuditEntry(\(|\.objects\.(create|bulk_create|get_or_create)\b)")
    offenders = [
        str(path.relative_to(SOURCE))
        for path in _python_files()
        if "audit" not in path.relative_to(SOURCE).parts[:1]
        and "tests" not in path.parts
        and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_change_log_shows_the_label_not_the_code(cast, client_for):
    org_update(actor=cast.tinhuy, org=cast.cell, short_name="Khóm 1")
    html = client_for("tinhuy").get(reverse("audit:org", args=["P-CL"])).content.decode()
    assert "<td>Sửa thông tin đơn vị</td>" in html
    assert "<td>Tạo đơn vị</td>" in html
    # The code is only the value of the filter's options, never shown as text.
    assert '<option value="orgs.organisation.update">Sửa thông tin đơn vị</option>' in html
    assert ">orgs.organisation.update<" not in html


def test_api_gives_the_label_next_to_the_code(cast, client_for):
    org_update(actor=cast.tinhuy, org=cast.cell, short_name="Khóm 1")
    log = client_for("lanhdao").get("/api/v1/audit/?org=P-CL&action=orgs.organisation.update")
    entry = log.json()[0]
    assert (entry["action"], entry["action_label"]) == (
        "orgs.organisation.update",
        "Sửa thông tin đơn vị",
    )


def test_bulk_creation_writes_one_labelled_entry_per_unit(cast):
    rows = [
        OrgRow(code=f"P-CL-CB{n}", name=f"Chi bộ Khóm {n}", kind="chi_bo_co_so", parent_code="P-CL")
        for n in (7, 8)
    ]
    created = orgs_create_many(actor=cast.tinhuy, rows=rows)
    entries = AuditEntry.objects.filter(actor=cast.tinhuy, action=OrgsAudit.ORGANISATION_CREATE)
    assert sorted(e.target_id for e in entries) == sorted(str(o.pk) for o in created)
    assert {e.action_label for e in entries} == {"Tạo đơn vị"}
