"""A requirement to "all communes" reaches units formed after it (issue 9, §7), from their
first day, with the same time as the others or the requirement's own deadline, if later."""

import datetime as dt

import pytest

from nghiquyet.documents.compliance import build_matrix, deadline_for
from nghiquyet.documents.services import requirement_create
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.services import org_create, org_merge

ASSIGNED = dt.date(2025, 10, 1)


def _unit(cast, code, first_day, kind=OrgKind.DANG_UY_XA):
    return org_create(
        actor=cast.root,
        code=code,
        name=f"Đảng ủy {code}",
        kind=kind,
        parent=cast.province,
        valid_from=first_day,
        body_code="ĐU",
    )


@pytest.fixture
def doc(make_doc):
    return make_doc(doc_type="nghi_quyet", issue_date=ASSIGNED)


def _req(cast, doc, deadline, **kw):
    fields = {"rule": "theo_loai", "target_kind": OrgKind.DANG_UY_XA} | kw
    return requirement_create(
        actor=cast.root,
        document=doc,
        action="ban_hanh",
        assigned_on=ASSIGNED,
        deadline=deadline,
        **fields,
    )


def test_ward_formed_by_merger_gets_the_same_ninety_days(cast, doc, make_doc):
    req = _req(cast, doc, dt.date(2025, 12, 30))  # 90 days after 01/10/2025
    ward = _unit(cast, "P-MOI", dt.date(2025, 11, 1))
    org_merge(
        actor=cast.root,
        predecessors=[cast.other_commune],
        successor=ward,
        effective=dt.date(2025, 11, 1),
    )
    assert deadline_for(req, ward) == dt.date(2026, 1, 30)
    matrix = build_matrix([req], today=dt.date(2026, 1, 5))
    cell = matrix.cell(req, ward)
    assert (cell.status, cell.deadline) == ("chua_den_han", dt.date(2026, 1, 30))
    assert matrix.cell(req, cast.commune).status == "qua_han"
    make_doc(ward, issue_date=dt.date(2026, 1, 20), concretizes=doc)
    assert build_matrix([req], today=dt.date(2026, 2, 1)).cell(req, ward).status == "dung_han"


def test_unit_formed_near_a_long_deadline_keeps_the_requirements_date(cast, doc):
    req = _req(cast, doc, dt.date(2027, 12, 31))
    newcomer = _unit(cast, "X-MOI", dt.date(2027, 12, 1))
    assert deadline_for(req, newcomer) == dt.date(2030, 3, 1)
    early = _unit(cast, "X-SOM", dt.date(2025, 11, 1))
    assert deadline_for(req, early) == dt.date(2028, 1, 31)
    assert deadline_for(req, cast.commune) == dt.date(2027, 12, 31)


def test_requirements_own_date_wins_when_later(cast, doc):
    req = _req(cast, doc, dt.date(2025, 10, 11))
    newcomer = _unit(cast, "X-MOI", dt.date(2025, 10, 2))
    assert deadline_for(req, newcomer) == dt.date(2025, 10, 12)
    req.assigned_on, req.deadline = dt.date(2025, 9, 1), dt.date(2026, 3, 1)
    late = _unit(cast, "X-TRE", dt.date(2026, 2, 28))
    assert deadline_for(req, late) == dt.date(2026, 8, 28)
    req.assigned_on, req.deadline = dt.date(2025, 10, 1), dt.date(2025, 10, 30)
    assert deadline_for(req, newcomer) == dt.date(2025, 10, 31)


def test_units_of_other_kinds_lists_and_future_units_are_not_reached(cast, doc):
    req = _req(cast, doc, dt.date(2025, 12, 30))
    listed = _req(cast, doc, dt.date(2025, 12, 30), rule="danh_sach", units=[cast.commune])
    _unit(cast, "CB-MOI", dt.date(2025, 11, 1), kind=OrgKind.CHI_BO_CO_SO)
    _unit(cast, "X-SAU", dt.date(2026, 6, 1))
    ward = _unit(cast, "P-MOI", dt.date(2025, 11, 1))
    matrix = build_matrix([req, listed], today=dt.date(2026, 1, 5))
    codes = {u.code for u in matrix.units if matrix.cell(req, u)}
    assert codes == {cast.commune.code, cast.other_commune.code, ward.code}
    assert matrix.cell(listed, ward) is None
    assert matrix.overall(req).total == 3


def test_matrix_page_shows_the_later_units_own_deadline(cast, doc, client_for):
    req = _req(cast, doc, dt.date(2025, 12, 30))
    _unit(cast, "P-MOI", dt.date(2025, 11, 1))
    page = client_for("tinhuy").get(f"/van-ban/{doc.pk}/ma-tran/").content.decode()
    assert req.pk and "Hạn của đơn vị (thành lập sau khi giao): 30/01/2026" in page
