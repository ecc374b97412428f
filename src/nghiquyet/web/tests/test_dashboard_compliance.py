"""Compliance on the dashboards (issue 12, item 5): the heat map of units × requirements and the
start page's compliance tile, read from the documents app's compliance matrix.

The constructed set: the province's resolution of 20/10/2025 asks
- R1: both communes to issue a plan by 10/11/2025 (P-CL does on 05/11, X-MH never does);
- R2: every party cell to issue a plan by 15/12/2025 (P-CL-CB1 on 20/12, late; P-CL-CB2 never;
  X-MH-CB1 on 01/12, on time).
An expired resolution's requirement (open requirements only) and a withdrawn one never count.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nghiquyet.core.periods import Period
from nghiquyet.documents.services import requirement_create, requirement_withdraw
from nghiquyet.documents.tests.conftest import make_doc, terms  # noqa: F401  # shared fixtures
from nghiquyet.indicators.services import target_set
from nghiquyet.indicators.tests.helpers import make_indicator, make_org
from nghiquyet.orgs.models import OrgKind
from nghiquyet.tasks.tests.conftest import make_task  # noqa: F401  # shared fixture
from nghiquyet.web.compliance import compliance_tile
from nghiquyet.web.dashboards import StartTiles, SubmissionTile, start_tiles

R1_DEADLINE = dt.date(2025, 11, 10)
R2_DEADLINE = dt.date(2025, 12, 15)


def _plan(make_doc, org, day, resolution):  # noqa: F811  # the fixture, passed in
    return make_doc(
        org, issue_date=day, concretizes=resolution, title=f"Kế hoạch {org.code}", body_code="CB"
    )


@pytest.fixture
def resolution(cast, make_doc):  # noqa: F811
    doc = make_doc(
        doc_type="nghi_quyet", issue_date=dt.date(2025, 10, 20), title="Nghị quyết về chuyển đổi số"
    )
    cell2 = make_org(cast.root, "P-CL-CB2", cast.commune)
    common = {"actor": cast.root, "document": doc, "action": "ban_hanh", "doc_type": "ke_hoach"}
    requirement_create(**common, rule="truc_thuoc", deadline=R1_DEADLINE)
    r2 = requirement_create(**common, rule="chi_bo", deadline=R2_DEADLINE)
    assert set(r2.targets.all()) == {cast.cell, cell2, cast.other_cell}
    gone = requirement_create(**common, rule="truc_thuoc", deadline=R2_DEADLINE)
    requirement_withdraw(actor=cast.root, requirement=gone, reason="Giao trùng")
    _plan(make_doc, cast.commune, dt.date(2025, 11, 5), doc)
    _plan(make_doc, cast.cell, dt.date(2025, 12, 20), doc)
    _plan(make_doc, cast.other_cell, dt.date(2025, 12, 1), doc)
    old = make_doc(
        doc_type="nghi_quyet",
        issue_date=dt.date(2025, 10, 21),
        title="Nghị quyết đã hết hiệu lực",
        status="het_hieu_luc",
    )
    requirement_create(
        actor=cast.root, document=old, action="ban_hanh", rule="truc_thuoc", deadline=R1_DEADLINE
    )
    return doc


def _heat(client, org, doc=None, **query):
    if doc is not None:
        query["van_ban"] = doc.pk
    return client.get(reverse("web:heat_map_requirements", args=[org]), query)


def _cells(view):
    def show(c):
        return None if c is None else (c.status, c.done, c.total)

    own = [show(c) for c in view.own] if view.own else None
    return own, [(u.code, [show(c) for c in cells]) for u, cells in view.rows]


def test_province_heat_map_gives_each_commune_branch_its_compliance(cast, client_for, resolution):
    make_org(cast.root, "T-DT-VP", cast.province, kind=OrgKind.DANG_BO_CO_SO)  # obliged by none
    page = _heat(client_for("tinhuy"), "T-DT", resolution, ky="2025")
    assert page.status_code == 200
    view = page.context["view"]
    assert view.on == dt.date(2025, 12, 31)
    assert [r.deadline for r in view.requirements] == [R1_DEADLINE, R2_DEADLINE]
    assert _cells(view) == (
        None,  # the province itself is obliged by none
        [
            ("P-CL", [("dung_han", 1, 1), ("qua_han", 1, 2)]),
            ("X-MH", [("qua_han", 0, 1), ("dung_han", 1, 1)]),
        ],
    )
    assert [u.code for u in view.free] == ["T-DT-VP"]
    html = page.content.decode()
    assert "Không phải thực hiện yêu cầu nào của văn bản: Đơn vị T-DT-VP." in html
    # Each status is written, not only coloured; a branch says how many of its units did it.
    assert 'class="heat-qua_han"' in html and "Quá hạn<small>1/2 đơn vị · 1 quá hạn</small>" in html
    assert "Đúng hạn<small>Kế hoạch số" in html  # one unit: its evidence
    down = (
        reverse("web:heat_map_requirements", args=["P-CL"])
        + f"?ky=2025&amp;van_ban={resolution.pk}"
    )
    assert html.count(down) == 3  # the row heading and both cells drill into the commune


def test_a_cell_drills_into_the_commune_keeping_period_and_document(cast, client_for, resolution):
    page = _heat(client_for("xa"), "P-CL", resolution, ky="2025")
    assert page.status_code == 200
    assert _cells(page.context["view"]) == (
        [("dung_han", 1, 1), None],  # the commune's own row: R1 done, not obliged by R2
        [
            ("P-CL-CB1", [None, ("tre_han", 1, 1)]),
            ("P-CL-CB2", [None, ("qua_han", 0, 1)]),
        ],
    )
    html = page.content.decode()
    assert "Trễ hạn<small>Kế hoạch số" in html and "(20/12/2025)" in html
    assert '<td class="heat-none">—</td>' in html
    # The own row's cells open the document's full matrix (evidence of every unit).
    assert reverse("documents:matrix", args=[resolution.pk]) in html
    assert '<select name="van_ban"' in html and 'name="linh_vuc"' not in html


def test_the_period_fixes_the_day_the_compliance_is_read(cast, client_for, resolution):
    # On 30/11/2025 R2's deadline had not come and no cell's plan existed yet.
    page = _heat(client_for("tinhuy"), "T-DT", resolution, ky="2025M11")
    view = page.context["view"]
    assert view.on == dt.date(2025, 11, 30)
    assert _cells(view)[1] == [
        ("P-CL", [("dung_han", 1, 1), ("chua_den_han", 0, 2)]),
        ("X-MH", [("qua_han", 0, 1), ("chua_den_han", 0, 1)]),  # its plan came on 01/12
    ]
    # Before the resolution set any requirement there is nothing to map.
    early = _heat(client_for("tinhuy"), "T-DT", ky="2025Q3")
    assert early.status_code == 200 and early.context["view"] is None
    assert "Chưa có văn bản nào giao yêu cầu" in early.content.decode()


def test_the_document_defaults_to_the_newest_and_is_picked_from_a_list(
    cast, client_for, resolution
):
    page = _heat(client_for("tinhuy"), "T-DT", ky="2025")
    offered = [int(pk) for pk, _ in page.context["form"].fields["van_ban"].choices]
    assert page.context["view"].document.pk == offered[0]
    assert resolution.pk in offered
    wrong = _heat(client_for("tinhuy"), "T-DT", ky="2025", van_ban="999999")
    assert wrong.status_code == 422
    assert "Hãy chọn một mục trong danh sách." in wrong.content.decode()


def test_heat_map_switch_links_both_faces_keeping_the_period(cast, client_for, resolution):
    indicators = client_for("tinhuy").get(reverse("web:heat_map", args=["T-DT"]), {"ky": "2025"})
    html = indicators.content.decode()
    assert reverse("web:heat_map_requirements", args=["T-DT"]) + "?ky=2025" in html
    requirements = _heat(client_for("tinhuy"), "T-DT", resolution, ky="2025").content.decode()
    assert reverse("web:heat_map", args=["T-DT"]) + "?ky=2025" in requirements
    assert ">Yêu cầu</a>" in requirements and ">Chỉ tiêu</a>" in requirements


def test_the_compliance_matrix_links_to_the_heat_map(cast, client_for, resolution):
    page = client_for("tinhuy").get(reverse("documents:matrix", args=[resolution.pk]))
    year = timezone.localdate().year
    url = reverse("web:heat_map_requirements", args=["T-DT"])
    assert f"{url}?ky={year}&amp;van_ban={resolution.pk}" in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "org", "expected"),
    [
        # R1: X-MH overdue; R2: CB2 overdue, CB1 late. Neither is done everywhere.
        ("tinhuy", "province", ("0/2 yêu cầu đã thực hiện", "2 yêu cầu quá hạn", [(2, 0, 2)])),
        # R1 done by the commune; R2: CB2 overdue.
        ("xa", "commune", ("1/2 yêu cầu đã thực hiện", "1 yêu cầu quá hạn", [(2, 1, 1)])),
        (
            "chibo",
            "other_cell",
            ("1/1 yêu cầu đã thực hiện", "Không có yêu cầu quá hạn", [(1, 1, 0)]),
        ),
    ],
)
def test_compliance_tile_counts_the_open_requirements_of_the_subtree(
    cast, resolution, persona, org, expected
):
    unit = getattr(cast, org)
    tile = compliance_tile(cast.persona(persona), unit, dt.date(2025, 12, 31))
    lines = [(line.total, line.done, line.overdue) for line in tile.lines]
    assert (tile.sentence, tile.overdue_label, lines) == expected
    assert [line.document for line in tile.lines] == [resolution]  # not the expired one
    url = reverse("web:heat_map_requirements", args=[unit.code])
    assert tile.lines[0].url == f"{url}?ky=2025&van_ban={resolution.pk}"


def test_start_page_shows_compliance_coverage_tasks_and_documents_as_labels(
    cast, client_for, resolution, commune_form
):
    html = client_for("tinhuy").get(reverse("web:home")).content.decode()
    assert "<strong>0/2 yêu cầu đã thực hiện</strong>" in html
    assert '<span class="badge bad">2 yêu cầu quá hạn</span>' in html
    heat = reverse("web:heat_map_requirements", args=["T-DT"])
    assert f"{heat}?ky={timezone.localdate().year}&amp;van_ban={resolution.pk}" in html
    assert "0/2 đơn vị đã gửi, 0 đúng hạn" in html
    assert '<span class="badge warn">Còn 2 đơn vị chưa gửi</span>' in html
    assert reverse("reporting:form", args=["BC-QUY-XA"]) + "?don_vi=T-DT&amp;ky=" in html
    assert reverse("tasks:statistics") + f"?don_vi=T-DT&amp;ky={timezone.localdate().year}" in html
    assert "Không có nhiệm vụ quá hạn" in html
    assert reverse("documents:detail", args=[resolution.pk]) in html


def test_tiles_drill_down_keeping_the_period(cast, make_task):  # noqa: F811
    tile = SubmissionTile("Biểu", Period.parse("2026Q3"), 26, 23, 20, "BC-QUY-XA", "T-DT")
    assert tile.url == reverse("reporting:form", args=["BC-QUY-XA"]) + "?don_vi=T-DT&ky=2026Q3"
    assert (tile.status_label, tile.badge) == ("Còn 3 đơn vị chưa gửi", "warn")
    full = SubmissionTile("Biểu", Period.parse("2026Q3"), 2, 2, 1)
    assert (full.status_label, full.badge) == ("Đã gửi đủ", "ok")
    make_task("NV-1", dt.date(2026, 2, 1), dt.date(2026, 3, 31), title="Rà soát đảng viên")
    tiles = start_tiles(cast.tinhuy, cast.province, today=dt.date(2026, 10, 20))
    assert isinstance(tiles, StartTiles) and tiles.has_children
    assert tiles.tasks_url == reverse("tasks:statistics") + "?don_vi=T-DT&ky=2026"
    assert tiles.overdue_tasks == 1
    [(item, href)] = tiles.overdue_links
    assert item["title"] == "Rà soát đảng viên"
    assert href == reverse("tasks:index") + "?don_vi=P-CL&trang_thai=qua_han"


def _count(fn) -> int:
    fn()  # grants and content types are cached after the first call
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_units(cast, client_for, make_doc):  # noqa: F811
    """A commune with 6 obliged cells costs as many queries as one with 2."""
    for n in range(2, 7):
        make_org(cast.root, f"X-MH-CB{n}", cast.other_commune)
    make_org(cast.root, "P-CL-CB2", cast.commune)
    doc = make_doc(doc_type="nghi_quyet", issue_date=dt.date(2025, 10, 20), title="Nghị quyết")
    requirement_create(
        actor=cast.root,
        document=doc,
        action="ban_hanh",
        doc_type="ke_hoach",
        rule="chi_bo",
        deadline=R2_DEADLINE,
    )
    for cell in cast.other_commune.children.all()[:4]:
        _plan(make_doc, cell, dt.date(2025, 12, 1), doc)
    _plan(make_doc, cast.cell, dt.date(2025, 12, 1), doc)
    client = client_for("tinhuy")

    def page(org):
        return lambda: _heat(client, org, doc, ky="2025")

    def tile(org):
        return lambda: compliance_tile(cast.tinhuy, org, dt.date(2025, 12, 31))

    assert _count(page("P-CL")) == _count(page("X-MH"))
    assert _count(tile(cast.commune)) == _count(tile(cast.other_commune))


def test_indicator_tiles_drill_into_the_units_below_keeping_the_quarter(cast):
    indicator = make_indicator(cast.root, "DV-MOI")
    for org in (cast.commune, cast.cell):
        target_set(
            actor=cast.root, indicator=indicator, organisation=org, period="2026", text="100"
        )
    today = dt.date(2026, 10, 20)
    commune = start_tiles(cast.xa, cast.commune, today=today)
    assert [href for _, href in commune.linked_tiles] == [
        reverse("web:children", args=["P-CL"]) + "?ky=2026Q3&chi_tieu=DV-MOI"
    ]
    cell = start_tiles(cast.xa, cast.cell, today=today)  # no unit below: its own results
    assert [href for _, href in cell.linked_tiles] == [
        reverse("web:results", args=["P-CL-CB1"]) + "?ky=2026Q3"
    ]
