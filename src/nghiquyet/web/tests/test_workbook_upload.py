"""The all-sheets workbook upload: a check that saves nothing, then the import of that file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from nghiquyet.indicators.models import Indicator, IndicatorValue
from nghiquyet.indicators.tests.test_workbook import VALUES, book

URL = "/nhap-excel/"


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, settings):
    """Checked workbooks wait in a temporary folder, not in the project's var/."""
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_url_is_the_web_upload_page():
    assert reverse("web:workbook_upload") == URL


def test_anonymous_is_sent_to_login(client_for):
    response = client_for("anonymous").get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_old_address_under_indicators_redirects_for_bookmarks(client_for):
    response = client_for("tinhuy").get("/chi-tieu/nhap-excel/")
    assert response.status_code == 301
    assert response["Location"] == URL


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
    assert client.get(URL).status_code == UPLOAD[persona]
    response = client.post(URL, {"file": _xlsx()})
    assert response.status_code == UPLOAD[persona]
    assert not Indicator.objects.exists()  # a check never saves


def test_upload_previews_then_imports_the_same_file(cast, client_for):
    client = client_for("tinhuy")
    response = client.post(URL, {"file": _xlsx()})
    assert "Kiểm tra xong (chưa lưu)" in response.content.decode()
    token = response.context["token"]
    assert not IndicatorValue.objects.exists()
    response = client.post(URL, {"confirm": token})
    assert response.context["done"].line("Số liệu").rows == 4
    assert IndicatorValue.objects.count() == 4
    again = client.post(URL, {"confirm": token})
    assert again.status_code == 422


def test_upload_bad_cell_lists_errors_and_saves_nothing(cast, client_for):
    bad = [list(r) for r in VALUES]
    bad[2][3] = "7o"
    response = client_for("tinhuy").post(URL, {"file": _xlsx(book(bad))})
    assert response.status_code == 422
    assert "Số liệu!D3" in response.content.decode()
    assert not Indicator.objects.exists()


def test_upload_refuses_non_xlsx_and_oversized_files(cast, client_for):
    client = client_for("tinhuy")
    fake = SimpleUploadedFile("so.xlsx", b"not a zip", content_type="application/octet-stream")
    assert "không phải là tệp Excel" in client.post(URL, {"file": fake}).content.decode()
    csv = SimpleUploadedFile("so.csv", b"a,b", content_type="text/csv")
    assert "Chỉ nhận tệp Excel" in client.post(URL, {"file": csv}).content.decode()
    with override_settings(NGHIQUYET_MAX_UPLOAD_BYTES=100):
        response = client.post(URL, {"file": _xlsx()})
    assert "Tệp quá lớn" in response.content.decode()
