import datetime as dt

import pytest

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.orgs import selectors
from nghiquyet.orgs.models import Organisation, OrgKind, Succession
from nghiquyet.orgs.services import (
    org_create,
    org_dissolve,
    org_merge,
    org_move,
    org_split,
    org_update,
    term_create,
)

REFORM = dt.date(2025, 7, 1)
LATER = dt.date(2026, 1, 1)


def make(cast, code, parent, actor=None, **kw):
    kw.setdefault("kind", OrgKind.CHI_BO_CO_SO)
    return org_create(
        actor=actor or cast.tinhuy, code=code, name=f"Đơn vị {code}", parent=parent, **kw
    )


def test_create_builds_path_under_parent_and_audits(cast):
    org = make(cast, "P-CL-CB2", cast.commune)
    assert org.path.startswith(cast.commune.path) and org.depth == cast.commune.depth + 1
    entry = AuditEntry.objects.get(action="orgs.organisation.create", target_id=str(org.pk))
    assert entry.actor == cast.tinhuy and entry.organisation == org
    assert entry.after["code"] == "P-CL-CB2" and entry.before is None


def test_duplicate_code_is_refused_case_insensitively_and_nothing_saved(cast):
    before = Organisation.objects.count()
    with pytest.raises(InvalidInputError) as exc:
        make(cast, "p-cl", cast.province)
    assert "đã được dùng" in exc.value.errors["code"][0]
    assert Organisation.objects.count() == before


def test_parent_outside_scope_is_refused_naming_the_parent_field(cast):
    with pytest.raises(InvalidInputError) as exc:
        make(cast, "X-MH-CB9", cast.other_commune, actor=cast.xa)
    assert "parent" in exc.value.errors
    assert not Organisation.objects.filter(code="X-MH-CB9").exists()


def test_data_entry_user_cannot_create_even_in_own_subtree(cast):
    with pytest.raises(PermissionDeniedError):
        make(cast, "P-CL-CB9", cast.commune, actor=cast.xa)
    assert not Organisation.objects.filter(code="P-CL-CB9").exists()


def test_valid_to_before_valid_from_is_refused(cast):
    with pytest.raises(InvalidInputError) as exc:
        make(
            cast,
            "P-CL-CB3",
            cast.commune,
            valid_from=REFORM,
            valid_to=REFORM - dt.timedelta(days=1),
        )
    assert "valid_to" in exc.value.errors
    with pytest.raises(InvalidInputError):
        org_update(actor=cast.tinhuy, org=cast.commune, valid_to=dt.date(2020, 1, 1))
    cast.commune.refresh_from_db()
    assert cast.commune.valid_to is None


@pytest.mark.parametrize("code", ["", "có dấu", "a/b", "x" * 41, "-lead"])
def test_malformed_codes_are_refused(cast, code):
    with pytest.raises(InvalidInputError) as exc:
        make(cast, code, cast.commune)
    assert "code" in exc.value.errors


def test_move_repaths_the_whole_subtree_and_audits(cast):
    grandchild = make(cast, "P-CL-CB1-T1", cast.cell, kind=OrgKind.TO_DAN_PHO)
    moved = org_move(actor=cast.tinhuy, org=cast.cell, new_parent=cast.other_commune)
    grandchild.refresh_from_db()
    assert moved.parent == cast.other_commune
    assert moved.path.startswith(cast.other_commune.path)
    assert grandchild.path == moved.path + grandchild.path[-7:]
    entry = AuditEntry.objects.get(action="orgs.organisation.move")
    assert (
        entry.before["parent"] == cast.commune.pk and entry.after["parent"] == cast.other_commune.pk
    )


def test_move_under_own_descendant_is_refused(cast):
    with pytest.raises(InvalidInputError) as exc:
        org_move(actor=cast.tinhuy, org=cast.commune, new_parent=cast.cell)
    assert "chính nó" in exc.value.errors["parent"][0]
    cast.commune.refresh_from_db()
    assert cast.commune.parent == cast.province


def test_move_needs_manage_on_both_ends(cast):
    with pytest.raises(PermissionDeniedError):
        org_move(actor=cast.lanhdao, org=cast.cell, new_parent=cast.other_commune)


def test_merge_keeps_predecessors_browsable_with_history(cast):
    ward = make(cast, "P-MOI", cast.province, kind=OrgKind.DANG_UY_XA, valid_from=LATER)
    result = org_merge(
        actor=cast.tinhuy,
        predecessors=[cast.commune, cast.other_commune],
        successor=ward,
        effective=LATER,
        note="Nghị quyết sắp xếp",
    )
    for old in (cast.commune, cast.other_commune):
        old.refresh_from_db()
        assert old.valid_to == dt.date(2025, 12, 31)
        assert not old.is_active_on(LATER) and old.is_active_on(dt.date(2025, 12, 31))
        assert [s.successor for s in selectors.org_successors(old)] == [ward]
    assert {s.predecessor.code for s in selectors.org_predecessors(ward)} == {"P-CL", "X-MH"}
    assert {c.code for c in result.moved_children} == {"P-CL-CB1", "X-MH-CB1"}
    assert set(selectors.org_children(cast.tinhuy, ward).values_list("code", flat=True)) == {
        "P-CL-CB1",
        "X-MH-CB1",
    }
    # The old units are still readable by the province, with their data attributed to them.
    assert selectors.org_get(cast.lanhdao, "P-CL").valid_to == dt.date(2025, 12, 31)
    actions = list(AuditEntry.objects.filter(actor=cast.tinhuy).values_list("action", flat=True))
    assert actions.count("orgs.organisation.merge_out") == 2
    assert "orgs.organisation.merge" in actions


def test_merge_into_own_descendant_is_refused(cast):
    with pytest.raises(InvalidInputError):
        org_merge(
            actor=cast.tinhuy, predecessors=[cast.commune], successor=cast.cell, effective=REFORM
        )
    assert Succession.objects.count() == 0


def test_merge_of_a_unit_outside_scope_is_refused(cast):
    with pytest.raises(PermissionDeniedError):  # xa does not manage even its own commune
        org_merge(
            actor=cast.xa,
            predecessors=[cast.other_commune],
            successor=cast.commune,
            effective=REFORM,
        )


def test_dissolve_refuses_while_children_are_active_then_succeeds(cast):
    with pytest.raises(InvalidInputError, match="trực thuộc"):
        org_dissolve(actor=cast.tinhuy, org=cast.commune, effective=LATER)
    org_dissolve(actor=cast.tinhuy, org=cast.cell, effective=dt.date(2026, 1, 1))
    cast.cell.refresh_from_db()
    assert cast.cell.valid_to == dt.date(2025, 12, 31)


def test_split_ends_the_unit_and_links_every_successor(cast):
    city = make(cast, "TP-X", cast.province, kind=OrgKind.THANH_UY_TRUC_THUOC_TINH)
    org_split(
        actor=cast.tinhuy, org=city, successors=[cast.commune, cast.other_commune], effective=LATER
    )
    assert {s.successor.code for s in selectors.org_successors(city)} == {"P-CL", "X-MH"}


def test_term_years_must_be_ordered_and_unique(cast):
    term_create(
        actor=cast.tinhuy, organisation=cast.commune, start_year=2025, end_year=2030, ordinal="i"
    )
    with pytest.raises(InvalidInputError) as exc:
        term_create(actor=cast.tinhuy, organisation=cast.commune, start_year=2025, end_year=2020)
    assert {"end_year", "start_year"} <= set(exc.value.errors)
    assert str(cast.commune.terms.get()) == "khóa I, nhiệm kỳ 2025-2030"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start_year": 0}, "start_year"),
        ({"start_year": -5}, "start_year"),
        ({"start_year": 1929, "end_year": 1934}, "start_year"),
        ({"start_year": 2099, "end_year": 2101}, "end_year"),
        ({"start_year": 2025, "end_year": 10**9}, "end_year"),
        ({"ordinal": "X" * 11}, "ordinal"),
        ({"congress_from": dt.date(1, 1, 1)}, "congress_from"),
        ({"congress_to": dt.date(9999, 12, 31)}, "congress_to"),
    ],
)
def test_term_bounds_live_in_the_service(cast, change, field):
    values = {"start_year": 2025, "end_year": 2030} | change
    with pytest.raises(InvalidInputError) as exc:
        term_create(actor=cast.tinhuy, organisation=cast.commune, **values)
    assert field in exc.value.errors
    assert not cast.commune.terms.exists()


def test_active_at_and_search_are_accent_insensitive(cast):
    assert selectors.org_search(cast.lanhdao, "cao lanh").first() == cast.commune
    assert selectors.org_search(cast.xa, "my hiep").count() == 0
    org_dissolve(actor=cast.tinhuy, org=cast.other_cell, effective=LATER)
    active = selectors.org_subtree(cast.tinhuy, cast.province, on=LATER)
    assert cast.other_cell not in active and cast.cell in active
