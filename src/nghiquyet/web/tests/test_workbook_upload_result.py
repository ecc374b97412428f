"""After a check and after an import, the upload page shows what changed per sheet and every
sheet it read, names ignored sheets, and never a red "required" error (issue 9 §4)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from nghiquyet.indicators.models import IndicatorValue
from nghiquyet.indicators.tests.test_workbook import book

URL = "/nhap-excel/"


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, settings):
    settings.VAR_DIR = tmp_path


def _xlsx(extra_sheet: str = "") -> SimpleUploadedFile:
    data = book()
    if extra_sheet:
        wb = load_workbook(data)
        wb.create_sheet(extra_sheet).append(["Mã"])
        data = io.BytesIO()
        wb.save(data)
    return SimpleUploadedFile("so.xlsx", data.getvalue())


def _cells(html: str, sheet: str) -> list[str]:
    row = html.split(f'<th scope="row">{sheet}</th>', 1)[1].split("</tr>", 1)[0]
    return [c.split(">", 1)[1] for c in row.split("</td>") if ">" in c]


def test_check_then_import_show_changes_per_sheet_and_no_required_error(cast, client_for):
    client = client_for("tinhuy")
    checked = client.post(URL, {"file": _xlsx("Chi tieu giao x")})
    html = checked.content.decode()
    assert checked.status_code == 200
    assert "Đã đọc 3 trang tính: “Chỉ tiêu”, “Chỉ tiêu giao”, “Số liệu”." in html
    assert _cells(html, "Số liệu") == ["4", "0", "0", "4"]
    assert "Trang tính “Chi tieu giao x” không có trong sổ nên bị bỏ qua" in html
    assert "Có phải là “Chỉ tiêu giao”?" in html

    done = client.post(URL, {"confirm": checked.context["token"]})
    html = done.content.decode()
    assert done.status_code == 200
    assert "Đã nhập" in html and 'class="error"' not in html
    assert "Trường này là bắt buộc" not in html and "has-error" not in html
    assert _cells(html, "Chỉ tiêu") == ["3", "0", "0", "3"]
    assert IndicatorValue.objects.count() == 4


def test_a_second_import_of_the_same_file_shows_it_unchanged(cast, client_for):
    client = client_for("tinhuy")
    for _ in range(2):
        token = client.post(URL, {"file": _xlsx()}).context["token"]
        done = client.post(URL, {"confirm": token})
    assert _cells(done.content.decode(), "Số liệu") == ["0", "0", "4", "4"]
