import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.test import Client

from nghiquyet.access.roles import Role
from nghiquyet.accounts.services import membership_grant
from nghiquyet.documents.models import Document, Requirement, Status
from nghiquyet.documents.services import attachment_add, consultation_open, requirement_create
from nghiquyet.documents.tests.test_views import PDF

API = "/api/v1/documents"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(cast, make_doc):
    resolution = make_doc(
        doc_type="nghi_quyet", title="Nghị quyết Đại hội", issue_date=dt.date(2025, 10, 20)
    )
    plan = make_doc(cast.commune, title="Kế hoạch phường", concretizes=resolution)
    draft = make_doc(title="Dự thảo", status=Status.DU_THAO, issue_date=None, doc_type="quy_che")
    requirement_create(
        actor=cast.root,
        document=resolution,
        action="ban_hanh",
        rule="truc_thuoc",
        doc_type="ke_hoach",
        deadline=dt.date(2025, 11, 5),
    )
    consultation = consultation_open(
        actor=cast.root, document=draft, deadline=dt.date(2099, 1, 1), units=[cast.commune]
    )
    att = attachment_add(actor=cast.root, document=plan, name="kh.pdf", stream=io.BytesIO(PDF))
    return {
        "resolution": resolution,
        "plan": plan,
        "draft": draft,
        "consultation": consultation,
        "att": att,
    }


SEES_PLAN = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
WRITES_PLAN = {"anonymous": 401, "xa": True, "chibo": 404, "lanhdao": 404, "tinhuy": True}


def test_get_detail_matrix(world, client_for, persona):
    response = client_for(persona).get(f"{API}/{world['plan'].pk}")
    assert response.status_code == SEES_PLAN[persona]
    if response.status_code == 200:
        data = response.json()
        assert data["symbol"] == "01-KH/ĐU"
        assert data["concretizes"][0]["document"]["symbol"] == "01-NQ/ĐU"
        assert data["attachments"][0]["url"].endswith(f"/attachments/{world['att'].pk}")
    elif response.status_code == 404:
        assert "phạm vi" in response.json()["detail"]


def test_list_matrix(world, client_for, persona):
    response = client_for(persona).get(f"{API}/?q=ke hoach phuong")
    if persona == "anonymous":
        assert response.status_code == 401
        return
    titles = [d["title"] for d in response.json()]
    assert titles == (["Kế hoạch phường"] if SEES_PLAN[persona] == 200 else [])


def test_attachment_matrix(world, client_for, persona):
    response = client_for(persona).get(f"{API}/attachments/{world['att'].pk}")
    assert response.status_code == SEES_PLAN[persona]
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_create_matrix(world, cast, client_for, persona):
    payload = {
        "organisation": "P-CL",
        "doc_type": "ke_hoach",
        "title": "Kế hoạch API",
        "issue_date": "2025-11-04",
        "concretizes": "Nghị quyết số 01-NQ/ĐU",
    }
    response = client_for(persona).post(f"{API}/", payload, content_type="application/json")
    created = Document.objects.filter(title="Kế hoạch API").first()
    if persona == "anonymous":
        assert response.status_code == 401
    elif persona in ("xa", "tinhuy"):
        assert response.status_code == 201, response.json()
        assert response.json()["symbol"] == "02-KH/ĐU"
        assert created.relations_out.get().target == world["resolution"]
    elif persona == "chibo":
        assert response.status_code == 422
        assert "organisation" in response.json()["errors"]
    else:
        assert response.status_code == 403
    if persona in ("anonymous", "chibo", "lanhdao"):
        assert created is None


def test_create_refuses_duplicate_and_bad_codes(world, client_for):
    client = client_for("xa")
    base = {
        "organisation": "P-CL",
        "doc_type": "ke_hoach",
        "title": "x",
        "issue_date": "2025-11-04",
    }
    dup = client.post(f"{API}/", base | {"number": 1}, content_type="application/json")
    assert dup.status_code == 422
    assert "đã được dùng" in dup.json()["errors"]["number"][0]
    outside = client.post(
        f"{API}/", base | {"co_issuers": ["X-MH"]}, content_type="application/json"
    )
    assert outside.status_code == 422 and "co_issuers" in outside.json()["errors"]
    bad_date = client.post(
        f"{API}/", base | {"issue_date": "31-2-2020"}, content_type="application/json"
    )
    assert bad_date.status_code == 422


def test_patch_matrix(world, client_for, persona):
    response = client_for(persona).patch(
        f"{API}/{world['plan'].pk}", {"title": "Sửa qua API"}, content_type="application/json"
    )
    expected = WRITES_PLAN[persona]
    assert response.status_code == (200 if expected is True else expected)
    world["plan"].refresh_from_db()
    assert (world["plan"].title == "Sửa qua API") is (expected is True)


def test_upload_matrix_and_bad_type(world, client_for, persona, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"{API}/{world['plan'].pk}/attachments"
    response = client_for(persona).post(url, {"file": SimpleUploadedFile("a.pdf", PDF)})
    expected = WRITES_PLAN[persona]
    assert response.status_code == (201 if expected is True else expected)
    if expected is True:
        bad = client_for(persona).post(url, {"file": SimpleUploadedFile("a.pdf", b"GIF89a")})
        assert bad.status_code == 422
        assert "không phải là tệp PDF" in bad.json()["errors"]["file"][0]
        settings.NGHIQUYET_MAX_UPLOAD_BYTES = 10
        big = client_for(persona).post(url, {"file": SimpleUploadedFile("a.pdf", PDF)})
        assert "vượt quá dung lượng" in big.json()["errors"]["file"][0]


def test_matrix_endpoint(world, client_for, persona):
    response = client_for(persona).get(f"{API}/{world['resolution'].pk}/matrix?on=2025-11-06")
    if persona == "anonymous":
        assert response.status_code == 401
        return
    data = response.json()
    units = {r["unit"]: r["cells"][0]["status"] for r in data["rows"]}
    expected = {
        "xa": {"P-CL": "dung_han"},
        "chibo": {},
        "lanhdao": {"P-CL": "dung_han", "X-MH": "qua_han"},
        "tinhuy": {"P-CL": "dung_han", "X-MH": "qua_han"},
    }[persona]
    assert units == expected
    if persona == "lanhdao":
        total = data["tallies"][str(data["requirements"][0]["id"])][-1]
        assert total["sentence"] == "1/2 tổ chức đảng đã ban hành"


def test_cascade_endpoint(world, client_for, persona):
    response = client_for(persona).get(f"{API}/{world['resolution'].pk}/cascade?depth=3")
    if persona == "anonymous":
        assert response.status_code == 401
        return
    children = [c["document"]["title"] for c in response.json()["children"]]
    assert children == (["Kế hoạch phường"] if SEES_PLAN[persona] == 200 else [])


def test_requirement_matrix(world, client_for, persona):
    response = client_for(persona).post(
        f"{API}/{world['plan'].pk}/requirements",
        {"action": "hoc_tap", "rule": "danh_sach", "units": ["P-CL-CB1"], "deadline": "2025-12-31"},
        content_type="application/json",
    )
    expected = WRITES_PLAN[persona]
    assert response.status_code == (201 if expected is True else expected)
    assert Requirement.objects.filter(document=world["plan"]).exists() is (expected is True)


def test_requirement_refuses_units_outside_scope(world, client_for):
    response = client_for("xa").post(
        f"{API}/{world['plan'].pk}/requirements",
        {"action": "hoc_tap", "rule": "danh_sach", "units": ["X-MH-CB1"], "deadline": "2025-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "units" in response.json()["errors"]


def test_parse_endpoint(world, client_for, persona):
    response = client_for(persona).post(
        f"{API}/citations/parse",
        {"text": "Kế hoạch số 07-KH/ThU, ngày 7-8-2020; Kế hoạch số 07-KH"},
        content_type="application/json",
    )
    if persona == "anonymous":
        assert response.status_code == 401
        return
    data = response.json()
    assert [c["symbol"] for c in data["citations"]] == ["07-KH/ThU"]
    assert "thiếu cơ quan ban hành" in data["errors"][0]["message"]


def test_next_number_endpoint(world, client_for, persona):
    response = client_for(persona).get(f"{API}/next-number?organisation=P-CL&type_code=KH")
    expected = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 404, "tinhuy": 200}[persona]
    assert response.status_code == expected
    if expected == 200:
        assert response.json() == {"number": 2, "symbol": "02-KH/ĐU"}


def test_consultation_matrix(world, client_for, persona):
    consultation = world["consultation"]
    page = client_for(persona).get(f"{API}/consultations/{consultation.pk}")
    post = client_for(persona).post(
        f"{API}/consultations/{consultation.pk}/comments",
        {"text": "Đồng ý"},
        content_type="application/json",
    )
    expected = {
        "anonymous": (401, 401),
        "xa": (200, 201),
        "chibo": (404, 404),
        "lanhdao": (200, 403),
        # The province owns the draft but is not an addressee: it does not answer for the ward.
        "tinhuy": (200, 403),
    }
    assert (page.status_code, post.status_code) == expected[persona]
    if post.status_code == 201:
        assert post.json()["recipients"] == [
            {"name": "Đảng ủy phường Cao Lãnh", "answered": True, "comments": ["Đồng ý"]}
        ]


def test_issue_and_consultation_open_matrix(world, client_for, persona):
    draft = world["draft"]
    opened = client_for(persona).post(
        f"{API}/{draft.pk}/consultations",
        {"deadline": "2099-01-01", "users": ["xa"]},
        content_type="application/json",
    )
    issued = client_for(persona).post(
        f"{API}/{draft.pk}/issue", {"issue_date": "2025-11-20"}, content_type="application/json"
    )
    if persona == "tinhuy":
        assert (opened.status_code, issued.status_code) == (201, 200)
        assert issued.json()["symbol"] == "01-QC/ĐU"
    elif persona == "anonymous":
        assert (opened.status_code, issued.status_code) == (401, 401)
    else:
        assert (opened.status_code, issued.status_code) == (404, 404)


def test_comments_stay_with_their_unit_and_the_owner(cast, client_for, make_doc):
    """A ward reads only its own answer; the owner reads all; nobody answers for another unit."""
    draft = make_doc(title="Dự thảo", status=Status.DU_THAO, issue_date=None, doc_type="quy_che")
    consultation = consultation_open(
        actor=cast.root,
        document=draft,
        deadline=dt.date(2099, 1, 1),
        units=[cast.commune, cast.other_commune],
    )
    url = f"{API}/consultations/{consultation.pk}"
    neighbour = User.objects.create_user("xa-my-hiep")
    membership_grant(
        actor=cast.root, user=neighbour, organisation=cast.other_commune, role=Role.NHAP_LIEU
    )
    chibo = Client()
    chibo.force_login(neighbour)
    assert chibo.get(url).status_code == 200
    # A cell user of the other ward is no addressee: the ward answers, not its cells.
    cell_post = client_for("chibo").post(
        f"{url}/comments", {"text": "Ý kiến của chi bộ"}, content_type="application/json"
    )
    assert cell_post.status_code == 404
    answer = client_for("xa").post(
        f"{url}/comments", {"text": "Ý kiến riêng của phường"}, content_type="application/json"
    )
    assert answer.status_code == 201
    seen_by_other_branch = chibo.get(url).json()["recipients"]
    assert all("Ý kiến riêng của phường" not in r["comments"] for r in seen_by_other_branch)
    assert [r["name"] for r in seen_by_other_branch] == ["Đảng ủy xã Mỹ Hiệp"]
    page = chibo.get(f"/van-ban/y-kien/{consultation.pk}/").content.decode()
    assert "Ý kiến riêng của phường" not in page
    owner = {r["name"]: r["comments"] for r in client_for("tinhuy").get(url).json()["recipients"]}
    assert owner == {
        "Đảng ủy phường Cao Lãnh": ["Ý kiến riêng của phường"],
        "Đảng ủy xã Mỹ Hiệp": [],
    }
