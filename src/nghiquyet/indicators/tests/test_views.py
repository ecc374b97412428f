import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from nghiquyet.indicators.models import Indicator, IndicatorValue
from nghiquyet.indicators.services import target_set, value_save

from .helpers import make_indicator
from .test_workbook import book


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, settings):
    """Checked workbooks wait in a temporary folder, not in the project's var/."""
    settings.VAR_DIR = tmp_path
    return tmp_path


READ = {"xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}


@pytest.fixture
def data(cast):
    ind = make_indicator(cast.root, "DV-MOI", unit="đảng viên", rolls_up=False)
    target_set(actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", text="233")
    value_save(
        actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", value="140"
    )
    make_indicator(cast.root, "MH-RIENG", organisation=cast.other_commune)
    return ind


def test_anonymous_is_sent_to_login_everywhere(client_for, data):
    client = client_for("anonymous")
    for url in (
        "/chi-tieu/",
        "/chi-tieu/DV-MOI/",
        "/chi-tieu/bang/?org=P-CL&period=2024",
        "/chi-tieu/nhap-excel/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


def test_dashboard_permission_matrix(cast, client_for, data, persona):
    if persona == "anonymous":
        return
    response = client_for(persona).get("/chi-tieu/bang/?org=P-CL&period=2024")
    assert response.status_code == READ[persona]
    if response.status_code == 200:
        html = response.content.decode()
        assert "0/1 chỉ tiêu đạt và vượt" in html
        assert "140 đảng viên" in html and "60,09%" in html and "Không đạt" in html


def test_dashboard_htmx_renders_only_the_table(client_for, data):
    response = client_for("xa").get(
        "/chi-tieu/bang/?org=P-CL&period=2024S1", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and "ind-summary" in html


def test_dashboard_bad_period_is_a_form_error(client_for, data):
    response = client_for("xa").get("/chi-tieu/bang/?org=P-CL&period=2024Q7")
    assert response.status_code == 422
    assert "không hợp lệ" in response.content.decode()


def test_indicator_list_and_detail_scope(client_for, data, persona):
    if persona == "anonymous":
        return
    client = client_for(persona)
    listing = client.get("/chi-tieu/").content.decode()
    assert "DV-MOI" in listing
    assert ("MH-RIENG" in listing) == (persona != "xa")
    assert client.get("/chi-tieu/MH-RIENG/").status_code == (404 if persona == "xa" else 200)
    detail = client.get("/chi-tieu/DV-MOI/").content.decode()
    # The commune's value is only shown to users who can see the commune.
    assert ("Đảng ủy phường Cao Lãnh" in detail) == (persona != "chibo")


def test_free_text_is_escaped(cast, client_for, data):
    value_save(
        actor=cast.root,
        indicator=data,
        organisation=cast.commune,
        period="2023",
        value="1",
        note="<script>alert(1)</script>",
    )
    html = client_for("tinhuy").get("/chi-tieu/DV-MOI/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


UPLOAD = {"xa": 403, "chibo": 403, "lanhdao": 403, "tinhuy": 200}


def _xlsx(data=None):
    return SimpleUploadedFile(
        "so.xlsx",
        (data or book()).getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_upload_permission_matrix(cast, client_for, persona):
    if persona == "anonymous":
        return
    client = client_for(persona)
    assert client.get("/chi-tieu/nhap-excel/").status_code == UPLOAD[persona]
    response = client.post("/chi-tieu/nhap-excel/", {"file": _xlsx()})
    assert response.status_code == UPLOAD[persona]
    assert not Indicator.objects.exists()  # a check never saves


def test_upload_previews_then_imports_the_same_file(cast, client_for):
    client = client_for("tinhuy")
    response = client.post("/chi-tieu/nhap-excel/", {"file": _xlsx()})
    assert "Kiểm tra xong (chưa lưu)" in response.content.decode()
    token = response.context["token"]
    assert not IndicatorValue.objects.exists()
    response = client.post("/chi-tieu/nhap-excel/", {"confirm": token})
    assert response.context["done"]["Số liệu"] == 4
    assert IndicatorValue.objects.count() == 4
    again = client.post("/chi-tieu/nhap-excel/", {"confirm": token})
    assert again.status_code == 422


def test_upload_bad_cell_lists_errors_and_saves_nothing(cast, client_for):
    from .test_workbook import VALUES

    bad = [list(r) for r in VALUES]
    bad[2][3] = "7o"
    response = client_for("tinhuy").post("/chi-tieu/nhap-excel/", {"file": _xlsx(book(bad))})
    assert response.status_code == 422
    assert "Số liệu!D3" in response.content.decode()
    assert not Indicator.objects.exists()


def test_upload_refuses_non_xlsx_and_oversized_files(cast, client_for):
    client = client_for("tinhuy")
    fake = SimpleUploadedFile("so.xlsx", b"not a zip", content_type="application/octet-stream")
    assert (
        "không phải là tệp Excel"
        in client.post("/chi-tieu/nhap-excel/", {"file": fake}).content.decode()
    )
    csv = SimpleUploadedFile("so.csv", b"a,b", content_type="text/csv")
    assert (
        "Chỉ nhận tệp Excel" in client.post("/chi-tieu/nhap-excel/", {"file": csv}).content.decode()
    )
    with override_settings(NGHIQUYET_MAX_UPLOAD_BYTES=100):
        response = client.post("/chi-tieu/nhap-excel/", {"file": _xlsx()})
    assert "Tệp quá lớn" in response.content.decode()
