import datetime as dt

import pytest

from nghiquyet.dissemination.models import Attendance, Plan, StudySession
from nghiquyet.dissemination.services import Count, session_create

DAY = dt.date(2025, 11, 12)
API = "/api/v1/dissemination"


@pytest.fixture
def world(cast, make_doc):
    resolution = make_doc(
        doc_type="nghi_quyet", title="Nghị quyết Đại hội", issue_date=dt.date(2025, 10, 20)
    )
    online = session_create(
        actor=cast.root,
        organisation=cast.province,
        title="Trực tuyến toàn tỉnh",
        documents=[resolution],
        start_date=DAY,
        format="truc_tuyen",
        connected_units=[cast.commune, cast.other_commune],
        counts=[
            Count("dang_vien", 100, 90, cast.commune),
            Count("dang_vien", 50, 40, cast.other_commune),
        ],
    )
    ward = session_create(
        actor=cast.root,
        organisation=cast.commune,
        title="Hội nghị phường <b>Cao Lãnh</b>",
        documents=[resolution],
        start_date=DAY,
        format="truc_tiep",
        counts=[Count("nhan_dan", 200, 150)],
    )
    other = session_create(
        actor=cast.root,
        organisation=cast.other_commune,
        title="Hội nghị xã Mỹ Hiệp",
        documents=[resolution],
        start_date=DAY,
        format="truc_tiep",
    )
    return {"resolution": resolution, "online": online, "ward": ward, "other": other}


def _login_redirect(response):
    return response.status_code == 302 and "dang-nhap" in response["Location"]


VISIBLE = {
    "xa": {"Trực tuyến toàn tỉnh", "Hội nghị phường <b>Cao Lãnh</b>"},
    "chibo": set(),
    "lanhdao": {"Trực tuyến toàn tỉnh", "Hội nghị phường <b>Cao Lãnh</b>", "Hội nghị xã Mỹ Hiệp"},
    "tinhuy": {"Trực tuyến toàn tỉnh", "Hội nghị phường <b>Cao Lãnh</b>", "Hội nghị xã Mỹ Hiệp"},
}


def test_index_read_matrix(world, client_for, persona):
    response = client_for(persona).get("/hoc-tap/")
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    body = response.content.decode()
    for title in ("Trực tuyến toàn tỉnh", "Hội nghị xã Mỹ Hiệp"):
        assert (title in body) is (title in VISIBLE[persona])
    assert "<b>Cao Lãnh</b>" not in body  # escaped
    assert ("Hội nghị phường &lt;b&gt;Cao Lãnh&lt;/b&gt;" in body) is (
        persona in ("xa", "lanhdao", "tinhuy")
    )


def test_detail_read_matrix(world, client_for, persona):
    response = client_for(persona).get(f"/hoc-tap/{world['ward'].pk}/")
    expected = {"xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    assert response.status_code == expected[persona]
    if response.status_code == 200:
        assert "75%" in response.content.decode()


def test_create_write_matrix(world, cast, client_for, persona):
    payload = {
        "organisation": cast.commune.pk,
        "title": "Hội nghị mới",
        "documents": "Nghị quyết số 01-NQ/ĐU",
        "start_date": "12/11/2025",
        "format": "truc_tiep",
        "expected_dang_vien": "40",
        "actual_dang_vien": "38",
    }
    response = client_for(persona).post("/hoc-tap/them/", payload)
    created = StudySession.objects.filter(title="Hội nghị mới").first()
    if persona == "anonymous":
        assert _login_redirect(response)
    elif persona in ("xa", "tinhuy"):
        assert response.status_code == 302
        assert created.attendance.get().actual == 38
        assert list(created.documents.all()) == [world["resolution"]]
    elif persona == "lanhdao":  # read-only: refused before the form is shown
        assert response.status_code == 403 and created is None
        assert client_for(persona).get("/hoc-tap/them/").status_code == 403
        assert client_for(persona).get("/hoc-tap/ke-hoach/them/").status_code == 403
    else:
        assert response.status_code == 422 and created is None


def test_create_refuses_actual_above_expected_and_bad_citation(world, cast, client_for):
    base = {
        "organisation": cast.commune.pk,
        "title": "Hội nghị lỗi",
        "documents": "Nghị quyết số 01-NQ/ĐU",
        "start_date": "12/11/2025",
        "format": "truc_tiep",
    }
    over = client_for("xa").post(
        "/hoc-tap/them/", base | {"expected_dang_vien": "4", "actual_dang_vien": "5"}
    )
    assert over.status_code == 422 and "lớn hơn số phải dự" in over.content.decode()
    bad = client_for("xa").post("/hoc-tap/them/", base | {"documents": "KH/ThU"})
    assert bad.status_code == 422 and "thiếu số văn bản" in bad.content.decode()
    assert not StudySession.objects.filter(title="Hội nghị lỗi").exists()


def test_record_point_write_matrix(world, cast, client_for, persona):
    online = world["online"]
    response = client_for(persona).post(
        f"/hoc-tap/{online.pk}/diem-cau/",
        {"point": cast.commune.pk, "group": "dang_vien", "expected": "100", "actual": "99"},
    )
    actual = Attendance.objects.get(
        session=online, organisation=cast.commune, group="dang_vien"
    ).actual
    if persona == "anonymous":
        assert _login_redirect(response)
    elif persona in ("xa", "tinhuy"):
        assert response.status_code == 302 and actual == 99
    elif persona == "chibo":
        assert response.status_code == 404
    else:
        # A read-only user is refused before the figures are read.
        assert response.status_code == 403
    if persona not in ("xa", "tinhuy"):
        assert actual == 90


def test_coverage_page_matrix(world, cast, client_for, persona):
    response = client_for(persona).get("/hoc-tap/bao-phu/?org=P-CL")
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    if persona == "chibo":
        assert response.status_code == 404
        return
    body = response.content.decode()
    assert "2 hội nghị" in body
    assert "90" in body and "150" in body


def test_coverage_province_counts_broadcast_once(world, client_for):
    body = client_for("lanhdao").get("/hoc-tap/bao-phu/?org=T-DT").content.decode()
    assert "3 hội nghị" in body


def test_plan_write_matrix(world, cast, client_for, persona):
    response = client_for(persona).post(
        "/hoc-tap/ke-hoach/them/",
        {
            "organisation": cast.commune.pk,
            "document": "01-NQ/ĐU",
            "classes": "11",
            "groups": ["dang_vien", "nhan_dan"],
            "deadline": "30/11/2025",
        },
    )
    created = Plan.objects.filter(organisation=cast.commune).first()
    if persona == "anonymous":
        assert _login_redirect(response)
    elif persona in ("xa", "tinhuy"):
        assert response.status_code == 302 and created.classes == 11
        assert "1/11 lớp (hạn 30/11/2025)" in client_for(persona).get("/hoc-tap/").content.decode()
    else:
        assert response.status_code == (403 if persona == "lanhdao" else 422) and created is None


# API


def test_api_list_and_detail_matrix(world, client_for, persona):
    listing = client_for(persona).get(f"{API}/sessions")
    detail = client_for(persona).get(f"{API}/sessions/{world['ward'].pk}")
    if persona == "anonymous":
        assert (listing.status_code, detail.status_code) == (401, 401)
        return
    assert {s["title"] for s in listing.json()} == VISIBLE[persona]
    assert detail.status_code == (404 if persona == "chibo" else 200)


def test_api_create_matrix(world, cast, client_for, persona):
    payload = {
        "organisation": "P-CL",
        "title": "API hội nghị",
        "documents": [world["resolution"].pk],
        "start_date": "2025-11-12",
        "format": "truc_tuyen",
        "connected_units": ["P-CL-CB1"],
        "counts": [{"group": "dang_vien", "expected": 10, "actual": 9, "point": "P-CL-CB1"}],
    }
    response = client_for(persona).post(f"{API}/sessions", payload, content_type="application/json")
    expected = {"anonymous": 401, "xa": 201, "chibo": 422, "lanhdao": 403, "tinhuy": 201}[persona]
    assert response.status_code == expected
    if expected == 201:
        data = response.json()
        assert data["connected_units"] == ["P-CL-CB1"]
        assert data["rates"][0]["rate"] == 90.0
    else:
        assert not StudySession.objects.filter(title="API hội nghị").exists()


def test_api_create_refuses_connected_unit_outside_scope(world, client_for):
    payload = {
        "organisation": "P-CL",
        "title": "x",
        "documents": [world["resolution"].pk],
        "start_date": "2025-11-12",
        "format": "truc_tuyen",
        "connected_units": ["X-MH-CB1"],
    }
    response = client_for("xa").post(f"{API}/sessions", payload, content_type="application/json")
    assert response.status_code == 422 and "connected_units" in response.json()["errors"]


def test_api_attendance_matrix(world, client_for, persona):
    response = client_for(persona).put(
        f"{API}/sessions/{world['online'].pk}/attendance",
        {"point": "P-CL", "group": "dang_vien", "expected": 100, "actual": 95},
        content_type="application/json",
    )
    expected = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 403, "tinhuy": 200}[persona]
    assert response.status_code == expected


def test_api_coverage_matrix(world, client_for, persona):
    response = client_for(persona).get(f"{API}/coverage?org=T-DT&document={world['resolution'].pk}")
    expected = {"anonymous": 401, "xa": 404, "chibo": 404, "lanhdao": 200, "tinhuy": 200}[persona]
    assert response.status_code == expected
    if expected == 200:
        data = response.json()
        assert data["sessions"] == 3
        assert {c["org"]: c["sessions"] for c in data["children"]} == {"P-CL": 2, "X-MH": 2}


def test_api_plans_matrix(world, client_for, persona):
    payload = {
        "document": world["resolution"].pk,
        "organisation": "P-CL",
        "classes": 3,
        "groups": ["dang_vien"],
        "deadline": "2025-11-30",
    }
    response = client_for(persona).post(f"{API}/plans", payload, content_type="application/json")
    expected = {"anonymous": 401, "xa": 201, "chibo": 422, "lanhdao": 403, "tinhuy": 201}[persona]
    assert response.status_code == expected
    if expected == 201:
        assert response.json()["progress"] == "1/3 lớp (hạn 30/11/2025)"
