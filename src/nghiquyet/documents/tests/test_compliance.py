import datetime as dt
from unittest import mock

import pytest

from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.dissemination.services import session_create
from nghiquyet.documents.compliance import build_matrix
from nghiquyet.documents.services import requirement_create
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.services import org_create, org_merge

D = dt.date(2025, 11, 10)


@pytest.fixture
def resolution(make_doc):
    return make_doc(
        doc_type="nghi_quyet", issue_date=dt.date(2025, 10, 20), title="Nghị quyết Đại hội"
    )


def _req(cast, doc, **kw):
    fields = {
        "action": "ban_hanh",
        "rule": "truc_thuoc",
        "deadline": D,
        "doc_type": "ke_hoach",
    } | kw
    return requirement_create(actor=cast.root, document=doc, **fields)


def _status(req, unit, today):
    return build_matrix([req], today=today).cell(req, unit).status


def test_rule_all_direct_children_targets_both_communes(cast, resolution):
    req = _req(cast, resolution)
    assert set(req.targets.all()) == {cast.commune, cast.other_commune}


def test_rule_all_cells_and_kind_in_subtree(cast, resolution):
    cells = _req(cast, resolution, rule="chi_bo")
    assert set(cells.targets.all()) == {cast.cell, cast.other_cell}
    kind = _req(cast, resolution, rule="theo_loai", target_kind=OrgKind.DANG_UY_XA)
    assert set(kind.targets.all()) == {cast.commune, cast.other_commune}


@pytest.mark.parametrize(
    ("issued", "today", "expected"),
    [
        (D, D, "dung_han"),
        (D - dt.timedelta(days=5), D + dt.timedelta(days=30), "dung_han"),
        (D + dt.timedelta(days=1), D + dt.timedelta(days=1), "tre_han"),
        (None, D, "chua_den_han"),
        (None, D + dt.timedelta(days=1), "qua_han"),
    ],
)
def test_cell_status_at_deadline_boundaries(cast, make_doc, resolution, issued, today, expected):
    req = _req(cast, resolution)
    if issued:
        with mock.patch("django.utils.timezone.localdate", return_value=issued):
            make_doc(cast.commune, issue_date=issued, concretizes=resolution)
    assert _status(req, cast.commune, today) == expected


def test_today_is_the_local_date_in_ho_chi_minh_city(cast, resolution):
    req = _req(cast, resolution)
    before_midnight = dt.datetime(2025, 11, 10, 16, 59, tzinfo=dt.UTC)  # 23:59 in Hà Nội
    after_midnight = dt.datetime(2025, 11, 10, 17, 1, tzinfo=dt.UTC)  # 00:01 on 11/11
    with mock.patch("django.utils.timezone.now", return_value=before_midnight):
        assert build_matrix([req]).cell(req, cast.commune).status == "chua_den_han"
    with mock.patch("django.utils.timezone.now", return_value=after_midnight):
        assert build_matrix([req]).cell(req, cast.commune).status == "qua_han"


def test_wrong_type_or_unrelated_document_does_not_fulfil(cast, make_doc, resolution):
    req = _req(cast, resolution)
    make_doc(cast.commune, doc_type="bao_cao", concretizes=resolution)
    make_doc(cast.commune, title="Kế hoạch khác")
    assert _status(req, cast.commune, D) == "chua_den_han"


def test_tallies_per_level_read_like_the_press(cast, make_doc, resolution):
    req = _req(cast, resolution)
    make_doc(cast.commune, issue_date=dt.date(2025, 11, 3), concretizes=resolution)
    matrix = build_matrix([req], today=dt.date(2025, 11, 20))
    level, total = matrix.tallies(req)
    assert level.level == "Đảng ủy xã / phường / đặc khu"
    assert total.sentence == "1/2 tổ chức đảng đã ban hành"
    assert total.percent_text == "50%"
    assert total.counts == {"dung_han": 1, "tre_han": 0, "qua_han": 1, "chua_den_han": 0}


def test_matrix_rows_are_limited_to_what_the_viewer_sees(cast, resolution):
    req = _req(cast, resolution)
    assert [u.code for u in build_matrix([req], viewer=cast.xa).units] == ["P-CL"]
    assert len(build_matrix([req], viewer=cast.lanhdao).units) == 2


def test_online_session_fulfils_study_requirement_for_connected_units(cast, resolution):
    req = _req(cast, resolution, action="hoc_tap", doc_type="")
    with mock.patch("django.utils.timezone.localdate", return_value=D):
        session_create(
            actor=cast.root,
            organisation=cast.province,
            title="Hội nghị trực tuyến quán triệt Nghị quyết",
            documents=[resolution],
            start_date=D,
            format="truc_tuyen",
            connected_units=[cast.commune],
        )
    matrix = build_matrix([req], today=D)
    assert matrix.cell(req, cast.commune).status == "dung_han"
    assert matrix.cell(req, cast.other_commune).status == "chua_den_han"


def test_requirement_refuses_bad_input(cast, resolution):
    with pytest.raises(InvalidInputError) as info:
        _req(cast, resolution, deadline=dt.date(2025, 1, 1))
    assert "deadline" in info.value.errors
    with pytest.raises(InvalidInputError):
        _req(cast, resolution, rule="theo_loai", target_kind="")
    with pytest.raises(PermissionDeniedError):
        requirement_create(
            actor=cast.xa, document=resolution, action="ban_hanh", rule="truc_thuoc", deadline=D
        )


def test_listed_units_outside_scope_are_refused(cast, make_doc):
    doc = make_doc(cast.commune)
    with pytest.raises(InvalidInputError) as info:
        requirement_create(
            actor=cast.xa,
            document=doc,
            action="ban_hanh",
            rule="danh_sach",
            units=[cast.other_cell],
            deadline=D,
        )
    assert "units" in info.value.errors


class TestMerger:
    """Old units A and B must issue plans by 31/7/2025; they merge into N on 1/7/2025."""

    DEADLINE = dt.date(2025, 7, 31)

    @pytest.fixture
    def setup(self, cast, make_doc):
        def unit(code):
            return org_create(
                actor=cast.root,
                code=code,
                name=f"Đảng bộ {code}",
                kind=OrgKind.DANG_BO_CO_SO,
                parent=cast.province,
                body_code="ĐU",
                valid_from=dt.date(2020, 1, 1),
            )

        a, b, n = unit("OLD-A"), unit("OLD-B"), unit("NEW-N")
        doc = make_doc(doc_type="nghi_quyet", issue_date=dt.date(2025, 5, 2))
        req = requirement_create(
            actor=cast.root,
            document=doc,
            action="ban_hanh",
            rule="theo_loai",
            target_kind=OrgKind.DANG_BO_CO_SO,
            assigned_on=dt.date(2025, 5, 2),
            deadline=self.DEADLINE,
        )
        return {"a": a, "b": b, "n": n, "doc": doc, "req": req}

    def _merge(self, cast, s):
        org_merge(
            actor=cast.root,
            predecessors=[s["a"], s["b"]],
            successor=s["n"],
            effective=dt.date(2025, 7, 1),
        )
        for key in ("a", "b"):
            s[key].refresh_from_db()

    def test_predecessor_fulfilment_before_merger_stays_its_own(self, cast, make_doc, setup):
        make_doc(setup["a"], issue_date=dt.date(2025, 6, 10), concretizes=setup["doc"])
        self._merge(cast, setup)
        m = build_matrix([setup["req"]], today=dt.date(2025, 9, 1))
        assert m.cell(setup["req"], setup["a"]).status == "dung_han"
        assert m.cell(setup["req"], setup["b"]).status == "qua_han"

    def test_successor_answers_for_predecessor_after_merger(self, cast, make_doc, setup):
        self._merge(cast, setup)
        make_doc(setup["n"], issue_date=dt.date(2025, 7, 20), concretizes=setup["doc"])
        m = build_matrix([setup["req"]], today=dt.date(2025, 9, 1))
        cell = m.cell(setup["req"], setup["b"])
        assert (cell.status, cell.via) == ("dung_han", setup["n"])
        assert m.cell(setup["req"], setup["n"]).status == "dung_han"

    def test_successor_late_plan_makes_predecessor_late(self, cast, make_doc, setup):
        self._merge(cast, setup)
        make_doc(setup["n"], issue_date=dt.date(2025, 8, 5), concretizes=setup["doc"])
        m = build_matrix([setup["req"]], today=dt.date(2025, 9, 1))
        assert m.cell(setup["req"], setup["a"]).status == "tre_han"

    def test_successor_plan_before_the_merger_does_not_count(self, cast, make_doc, setup):
        make_doc(setup["n"], issue_date=dt.date(2025, 6, 20), concretizes=setup["doc"])
        self._merge(cast, setup)
        m = build_matrix([setup["req"]], today=dt.date(2025, 9, 1))
        assert m.cell(setup["req"], setup["b"]).status == "qua_han"
        assert m.cell(setup["req"], setup["n"]).status == "dung_han"


def test_matrix_as_of_a_past_date_ignores_later_registrations(cast, make_doc, resolution):
    req = _req(cast, resolution)
    make_doc(cast.commune, issue_date=dt.date(2025, 11, 14), concretizes=resolution)
    assert _status(req, cast.commune, dt.date(2025, 11, 13)) == "qua_han"
    assert _status(req, cast.commune, dt.date(2025, 11, 14)) == "tre_han"
