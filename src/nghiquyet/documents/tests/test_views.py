import datetime as dt
import io
import zipfile

import pytest

from nghiquyet.documents.models import Attachment, Comment, Document, Requirement, Status
from nghiquyet.documents.services import (
    attachment_add,
    consultation_open,
    requirement_create,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def docx_bytes(entry="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(entry, "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(cast, make_doc):
    resolution = make_doc(
        doc_type="nghi_quyet", title="Nghị quyết Đại hội tỉnh", issue_date=dt.date(2025, 10, 20)
    )
    plan = make_doc(cast.commune, title="Kế hoạch của phường Cao Lãnh", concretizes=resolution)
    other = make_doc(cast.other_commune, title="Kế hoạch của xã Mỹ Hiệp", concretizes=resolution)
    draft = make_doc(
        title="Dự thảo quy chế làm việc", status=Status.DU_THAO, issue_date=None, doc_type="quy_che"
    )
    requirement_create(
        actor=cast.root,
        document=resolution,
        action="ban_hanh",
        rule="truc_thuoc",
        doc_type="ke_hoach",
        deadline=dt.date(2025, 12, 31),
    )
    consultation = consultation_open(
        actor=cast.root, document=draft, deadline=dt.date(2099, 1, 1), users=[cast.xa]
    )
    att = attachment_add(
        actor=cast.root, document=plan, name="ke-hoach.pdf", stream=io.BytesIO(PDF)
    )
    return {
        "resolution": resolution,
        "plan": plan,
        "other": other,
        "draft": draft,
        "consultation": consultation,
        "attachment": att,
    }


def _login_redirect(response):
    return response.status_code == 302 and "dang-nhap" in response["Location"]


READ_EXPECT = {
    # persona: (sees commune plan, sees other commune plan)
    "xa": (200, 404),
    "chibo": (404, 200),
    "lanhdao": (200, 200),
    "tinhuy": (200, 200),
}


def test_detail_read_matrix(world, client_for, persona):
    client = client_for(persona)
    plan = client.get(f"/van-ban/{world['plan'].pk}/")
    other = client.get(f"/van-ban/{world['other'].pk}/")
    if persona == "anonymous":
        assert _login_redirect(plan) and _login_redirect(other)
        return
    assert (plan.status_code, other.status_code) == READ_EXPECT[persona]
    if plan.status_code == 200:
        assert "Số 01-KH/ĐU" in plan.content.decode()


def test_province_resolution_is_visible_to_every_unit_below(world, client_for):
    for persona in ("xa", "chibo", "lanhdao"):
        assert client_for(persona).get(f"/van-ban/{world['resolution'].pk}/").status_code == 200


def test_drafts_are_not_visible_below_except_to_those_asked(world, client_for):
    url = f"/van-ban/{world['draft'].pk}/"
    assert client_for("chibo").get(url).status_code == 404
    assert client_for("xa").get(url).status_code == 200  # asked for comments
    assert client_for("lanhdao").get(url).status_code == 200


def test_index_lists_only_visible_documents(world, client_for, persona):
    response = client_for(persona).get("/van-ban/")
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    body = response.content.decode()
    expected = {
        "xa": {"phường Cao Lãnh": True, "xã Mỹ Hiệp": False},
        "chibo": {"phường Cao Lãnh": False, "xã Mỹ Hiệp": True},
        "lanhdao": {"phường Cao Lãnh": True, "xã Mỹ Hiệp": True},
        "tinhuy": {"phường Cao Lãnh": True, "xã Mỹ Hiệp": True},
    }[persona]
    for fragment, present in expected.items():
        assert (f"Kế hoạch của {fragment}" in body) is present


def test_index_search_is_accent_insensitive_and_htmx_returns_the_results_only(world, client_for):
    response = client_for("tinhuy").get(
        "/van-ban/?q=ke+hoach+cua+phuong+cao+lanh", HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Kế hoạch của phường Cao Lãnh" in body
    assert "Kế hoạch của xã Mỹ Hiệp" not in body
    assert "<html" not in body


def test_attachment_read_matrix(world, client_for, persona):
    response = client_for(persona).get(f"/van-ban/tep/{world['attachment'].pk}/")
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    expected = READ_EXPECT[persona][0]
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF


def test_cascade_and_branch_show_only_visible_children(world, client_for, persona):
    response = client_for(persona).get(f"/van-ban/{world['resolution'].pk}/cay/")
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    body = response.content.decode()
    assert ("Đảng ủy phường Cao Lãnh" in body) is (READ_EXPECT[persona][0] == 200)
    assert ("Đảng ủy xã Mỹ Hiệp" in body) is (READ_EXPECT[persona][1] == 200)
    assert "2/2 tổ chức đảng đã ban hành" in body or persona != "tinhuy"
    branch = client_for(persona).get(
        f"/van-ban/{world['resolution'].pk}/cay/nhanh/", HTTP_HX_REQUEST="true"
    )
    assert "<html" not in branch.content.decode()


def test_matrix_rows_follow_scope(world, client_for, persona):
    response = client_for(persona).get(f"/van-ban/{world['resolution'].pk}/ma-tran/")
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    body = response.content.decode()
    rows = {"Đảng ủy phường Cao Lãnh": "xa lanhdao tinhuy", "Đảng ủy xã Mỹ Hiệp": "lanhdao tinhuy"}
    for name, who in rows.items():
        assert (f'<th scope="row">{name}' in body) is (persona in who.split())
    if persona == "lanhdao":
        assert "2/2 tổ chức đảng đã ban hành" in body
        assert "100%" in body


def _create_payload(cast, **extra):
    return {
        "organisation": cast.commune.pk,
        "scheme": "dang",
        "doc_type": "ke_hoach",
        "issue_date": "03/11/2025",
        "status": "ban_hanh",
        "title": "Kế hoạch mới",
    } | extra


def test_create_write_matrix(world, cast, client_for, persona):
    response = client_for(persona).post("/van-ban/them/", _create_payload(cast))
    created = Document.objects.filter(title="Kế hoạch mới").first()
    if persona == "anonymous":
        assert _login_redirect(response) and created is None
    elif persona in ("xa", "tinhuy"):
        assert response.status_code == 302 and created is not None
        assert created.symbol == "02-KH/ĐU"
    elif persona == "lanhdao":  # read-only: refused before the form is shown
        assert response.status_code == 403 and created is None
        assert client_for(persona).get("/van-ban/them/").status_code == 403
    else:
        assert response.status_code == 422 and created is None


def test_create_with_citation_links_the_parent(world, cast, client_for):
    payload = _create_payload(cast, concretizes="Nghị quyết số 01-NQ/ĐU ngày 20/10/2025")
    response = client_for("xa").post("/van-ban/them/", payload)
    assert response.status_code == 302
    created = Document.objects.get(title="Kế hoạch mới")
    assert created.relations_out.get().target == world["resolution"]


def test_create_with_malformed_citation_is_refused(world, cast, client_for):
    response = client_for("xa").post(
        "/van-ban/them/", _create_payload(cast, concretizes="Nghị quyết số 0-NQ/TU")
    )
    assert response.status_code == 422
    assert "từ 01 trở lên" in response.content.decode()
    assert not Document.objects.filter(title="Kế hoạch mới").exists()


def test_duplicate_number_is_shown_on_the_form(world, cast, client_for):
    response = client_for("xa").post("/van-ban/them/", _create_payload(cast, number="1"))
    assert response.status_code == 422
    assert "01-KH/ĐU đã được dùng trong nhiệm kỳ 2025-2030" in response.content.decode()


def test_html_in_title_is_escaped(world, cast, client_for):
    client = client_for("xa")
    client.post("/van-ban/them/", _create_payload(cast, title="<script>alert(1)</script>"))
    doc = Document.objects.get(title="<script>alert(1)</script>")
    body = client.get(f"/van-ban/{doc.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_prefill_reads_a_pasted_header(world, client_for):
    header = (
        "THÀNH ỦY CAO LÃNH          ĐẢNG CỘNG SẢN VIỆT NAM\n*\n"
        "Số 07-KH/ThU               Cao Lãnh, ngày 07 tháng 8 năm 2020\n\nKẾ HOẠCH\n"
        "lãnh đạo, chỉ đạo triển khai quán triệt Nghị quyết Đại hội\n-----\n"
    )
    response = client_for("xa").post(
        "/van-ban/doc-phan-dau/", {"header": header}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'value="07/08/2020"' in body
    assert 'value="ThU"' in body
    assert 'value="7"' in body
    assert "lãnh đạo, chỉ đạo triển khai quán triệt Nghị quyết Đại hội</textarea>" in body
    assert '<option value="ke_hoach" selected>' in body


def test_suggest_number_only_for_editable_units(world, cast, client_for):
    url = f"/van-ban/so-tiep-theo/?organisation={cast.commune.pk}&scheme=dang&type_code=KH"
    assert "Số tiếp theo: 02" in client_for("xa").get(url).content.decode()
    assert "Số tiếp theo" not in client_for("chibo").get(url).content.decode()


EDITORS = {"xa", "tinhuy"}


def test_edit_write_matrix(world, client_for, persona):
    plan = world["plan"]
    response = client_for(persona).post(
        f"/van-ban/{plan.pk}/sua/",
        {
            "doc_type": "ke_hoach",
            "type_code": "KH",
            "number": "1",
            "issue_date": "03/11/2025",
            "status": "ban_hanh",
            "title": "Đã sửa",
        },
    )
    plan.refresh_from_db()
    if persona == "anonymous":
        assert _login_redirect(response)
    elif persona in EDITORS:
        assert response.status_code == 302 and plan.title == "Đã sửa"
    else:
        assert response.status_code == 404
    if persona not in EDITORS:
        assert plan.title == "Kế hoạch của phường Cao Lãnh"


def test_upload_write_matrix(world, client_for, persona):
    plan = world["plan"]
    response = client_for(persona).post(
        f"/van-ban/{plan.pk}/dinh-kem/", {"file": _file("bien-ban.docx", docx_bytes())}
    )
    count = Attachment.objects.filter(document=plan).count()
    if persona == "anonymous":
        assert _login_redirect(response)
    elif persona in EDITORS:
        assert response.status_code == 302
    else:
        assert response.status_code == 404
    assert count == (2 if persona in EDITORS else 1)


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("bao-cao.exe", b"MZ....", "chỉ nhận tệp PDF, DOCX, XLSX, PNG, JPG"),
        ("gia-mao.pdf", b"<html><script>", "không phải là tệp PDF hợp lệ"),
        ("gia-mao.docx", docx_bytes("xl/workbook.xml"), "không phải là tệp DOCX hợp lệ"),
        ("anh.png", b"\xff\xd8\xff\xe0", "không phải là tệp PNG hợp lệ"),
        ("lon.pdf", PDF + b"x" * 2000, "vượt quá dung lượng cho phép"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(
    world, client_for, settings, name, data, fragment
):
    settings.NGHIQUYET_MAX_UPLOAD_BYTES = 1024
    plan = world["plan"]
    response = client_for("xa").post(f"/van-ban/{plan.pk}/dinh-kem/", {"file": _file(name, data)})
    assert response.status_code == 422
    assert fragment in response.content.decode()
    assert Attachment.objects.filter(document=plan).count() == 1


def test_relation_write_matrix(world, client_for, persona):
    plan = world["plan"]
    response = client_for(persona).post(
        f"/van-ban/{plan.pk}/lien-ket/",
        {"kind": "dan_chieu", "citation": "Kế hoạch số 01-KH/ĐU ngày 03/11/2025"},
    )
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    # "01-KH/ĐU" of 03/11/2025 is ambiguous for those who see both communes' plans.
    if persona == "xa":
        assert response.status_code == 422  # xa's own plan: a document cannot cite itself
        assert "chính nó" in response.content.decode()
    elif persona == "tinhuy":
        assert response.status_code == 422
        assert "Có nhiều văn bản số 01-KH/ĐU" in response.content.decode()
    else:
        assert response.status_code == 404


def test_requirement_write_matrix(world, client_for, persona):
    plan = world["plan"]
    response = client_for(persona).post(
        f"/van-ban/{plan.pk}/yeu-cau/",
        {"action": "hoc_tap", "rule": "chi_bo", "deadline": "31/12/2025"},
    )
    created = Requirement.objects.filter(document=plan).exists()
    if persona == "anonymous":
        assert _login_redirect(response)
    elif persona in EDITORS:
        assert response.status_code == 302 and created
    else:
        assert response.status_code == 404 and not created


def test_consultation_flow_and_matrix(world, cast, client_for, persona):
    consultation = world["consultation"]
    url = f"/van-ban/y-kien/{consultation.pk}/"
    page = client_for(persona).get(url)
    response = client_for(persona).post(url, {"text": "Đề nghị bổ sung <b>điều 5</b>"})
    answered = Comment.objects.filter(recipient__consultation=consultation).exists()
    if persona == "anonymous":
        assert _login_redirect(page) and _login_redirect(response)
    elif persona == "xa":
        assert page.status_code == 200 and "Chưa góp ý" in page.content.decode()
        assert response.status_code == 302 and answered
        after = client_for("tinhuy").get(url).content.decode()
        assert "Đã góp ý" in after and "&lt;b&gt;điều 5&lt;/b&gt;" in after
    elif persona == "chibo":
        assert page.status_code == 404 and response.status_code == 404
    else:
        assert page.status_code == 200
        assert response.status_code == 403 and not answered


def test_open_consultation_write_matrix(world, cast, client_for, persona):
    draft = world["draft"]
    response = client_for(persona).post(
        f"/van-ban/{draft.pk}/lay-y-kien/",
        {"deadline": "01/01/2099", "units": [cast.commune.pk], "usernames": ""},
    )
    if persona == "anonymous":
        assert _login_redirect(response)
    elif persona == "tinhuy":
        assert response.status_code == 302
        assert draft.consultations.count() == 2
    else:
        assert response.status_code == 404
        assert draft.consultations.count() == 1


def test_issue_after_comments(world, cast, client_for):
    draft = world["draft"]
    response = client_for("tinhuy").post(
        f"/van-ban/{draft.pk}/ban-hanh/", {"issue_date": "20/11/2025", "signer": "Nguyễn Văn A"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.symbol) == ("ban_hanh", "01-QC/ĐU")
    assert client_for("xa").get(f"/van-ban/y-kien/{world['consultation'].pk}/").status_code == 200
