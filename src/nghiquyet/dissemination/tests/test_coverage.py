import datetime as dt
from decimal import Decimal

import pytest

from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.dissemination.selectors import coverage, plan_progress, session_rates
from nghiquyet.dissemination.services import Count, attendance_set, plan_create, session_create

DAY = dt.date(2025, 11, 12)


@pytest.fixture
def resolution(make_doc):
    return make_doc(doc_type="nghi_quyet", issue_date=dt.date(2025, 10, 20))


@pytest.fixture
def sessions(cast, resolution):
    online = session_create(
        actor=cast.root,
        organisation=cast.province,
        title="Quán triệt trực tuyến toàn tỉnh",
        documents=[resolution],
        start_date=DAY,
        format="truc_tuyen",
        connected_units=[cast.commune, cast.other_commune, cast.cell],
        counts=[
            Count("can_bo_chu_chot", 50, 48),
            Count("dang_vien", 100, 95, cast.commune),
            Count("dang_vien", 80, 60, cast.other_commune),
            Count("dang_vien", 20, 20, cast.cell),
        ],
    )
    ward = session_create(
        actor=cast.xa,
        organisation=cast.commune,
        title="Tuyên truyền cho nhân dân",
        documents=[resolution],
        start_date=DAY,
        format="truc_tiep",
        counts=[Count("nhan_dan", 200, 150)],
    )
    cell = session_create(
        actor=cast.xa,
        organisation=cast.cell,
        title="Sinh hoạt chi bộ chuyên đề",
        documents=[resolution],
        start_date=DAY,
        format="truc_tiep",
        counts=[Count("dang_vien", 30, 27)],
    )
    return online, ward, cell


def _figures(cov):
    return {g.group: (g.actual, g.expected) for g in cov.groups}


def test_coverage_rolls_up_three_levels_with_shared_broadcast_counted_once(
    cast, resolution, sessions
):
    province = coverage(cast.province, resolution)
    assert province.sessions == 3
    assert _figures(province) == {
        "can_bo_chu_chot": (48, 50),
        "dang_vien": (95 + 60 + 20 + 27, 100 + 80 + 20 + 30),
        "nhan_dan": (150, 200),
    }
    commune = coverage(cast.commune, resolution)
    assert commune.sessions == 3
    assert _figures(commune) == {"dang_vien": (142, 150), "nhan_dan": (150, 200)}
    cell = coverage(cast.cell, resolution)
    assert cell.sessions == 2
    assert _figures(cell) == {"dang_vien": (47, 50)}
    other = coverage(cast.other_commune, resolution)
    assert (other.sessions, _figures(other)) == (1, {"dang_vien": (60, 80)})
    # The broadcast is one session: the children's counts add up to more than the province's.
    assert commune.sessions + other.sessions > province.sessions
    assert province.total.actual == 48 + 202 + 150


def test_rates_per_session_by_group(cast, sessions):
    online = sessions[0]
    rates = {g.group: g.rate_text for g in session_rates(online)}
    assert rates == {"can_bo_chu_chot": "96%", "dang_vien": "87,50%"}


def test_coverage_ignores_other_documents(cast, make_doc, sessions):
    other = make_doc(title="Văn bản khác")
    assert coverage(cast.province, other).sessions == 0
    assert coverage(cast.province, None).sessions == 3


def test_connected_unit_records_its_own_point(cast, sessions):
    online = sessions[0]
    attendance_set(
        actor=cast.xa,
        session=online,
        point=cast.commune,
        group="dang_vien",
        expected=100,
        actual=99,
    )
    assert _figures(coverage(cast.commune))["dang_vien"] == (99 + 20 + 27, 150)
    with pytest.raises(PermissionDeniedError):
        attendance_set(
            actor=cast.chibo,
            session=online,
            point=cast.commune,
            group="dang_vien",
            expected=1,
            actual=1,
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"counts": [Count("dang_vien", 10, 11)]}, "actual"),
        ({"counts": [Count("khong_ro", 10, 1)]}, "group"),
        ({"format": "truc_tiep", "connected_units": "other"}, "connected_units"),
        ({"format": "truc_tuyen", "connected_units": "other"}, "connected_units"),
        ({"start_date": dt.date(2999, 1, 1)}, "start_date"),
        ({"documents": []}, "documents"),
        ({"title": " "}, "title"),
    ],
)
def test_bad_sessions_are_refused(cast, resolution, changes, field):
    data = {
        "actor": cast.xa,
        "organisation": cast.commune,
        "title": "Hội nghị",
        "documents": [resolution],
        "start_date": DAY,
        "format": "truc_tiep",
    } | changes
    if data.get("connected_units") == "other":
        data["connected_units"] = [cast.other_cell]
    with pytest.raises(InvalidInputError) as info:
        session_create(**data)
    assert field in info.value.errors


def test_session_on_a_sibling_draft_is_refused(cast, make_doc):
    draft = make_doc(cast.other_commune, status="du_thao", issue_date=None)
    with pytest.raises(InvalidInputError):
        session_create(
            actor=cast.xa,
            organisation=cast.commune,
            title="x",
            documents=[draft],
            start_date=DAY,
            format="truc_tiep",
        )


def test_plan_progress_counts_classes_held_by_the_deadline(cast, resolution, sessions):
    plan = plan_create(
        actor=cast.tinhuy,
        document=resolution,
        organisation=cast.province,
        classes=11,
        groups=["can_bo_chu_chot", "dang_vien"],
        deadline=dt.date(2025, 11, 30),
    )
    progress = plan_progress(plan)
    assert progress.text == "1/11 lớp (hạn 30/11/2025)"
    assert not progress.done
    with pytest.raises(InvalidInputError):
        plan_create(
            actor=cast.tinhuy,
            document=resolution,
            organisation=cast.province,
            classes=0,
            groups=[],
            deadline=dt.date(2025, 11, 30),
        )


def test_rate_is_none_without_expected(cast):
    from nghiquyet.dissemination.selectors import GroupRate

    assert GroupRate("x", "x", 0, 0).rate is None
    assert GroupRate("x", "x", 3, 1).rate == Decimal(100) / 3
