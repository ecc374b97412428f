"""The per-form .xlsx template: download, fill offline, upload (all or nothing)."""

import io

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from nghiquyet.indicators.models import IndicatorValue
from nghiquyet.testing import Cast

BASE = "/bao-cao/BC-QUY-XA/P-CL/2025Q3/"


def _download(client) -> "object":
    response = client.get(f"{BASE}mau.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _upload(client, book, name: str = "mau.xlsx"):
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return client.post(f"{BASE}tai-len/", {"file": buffer})


def _row_of(ws, code: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == code)


DOWNLOAD = {"anonymous": 302, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}


def test_download_matrix(cast, client_for, persona, form) -> None:
    response = client_for(persona).get(f"{BASE}mau.xlsx")
    assert response.status_code == DOWNLOAD[persona]
    if response.status_code == 200:
        assert 'filename="BC-QUY-XA_P-CL_2025Q3.xlsx"' in response["Content-Disposition"]


def test_template_lists_form_indicators_and_guards_formulas(
    cast, client_for, form, indicators
) -> None:
    indicators[0].name = '=HYPERLINK("http://x")'
    indicators[0].save()
    book = _download(client_for("xa"))
    ws = book["Nhập liệu"]
    assert [ws.cell(1, c).value for c in (1, 7, 8, 9)] == [
        "Mã chỉ tiêu",
        "Giá trị",
        "Tử số",
        "Mẫu số",
    ]
    assert sorted(ws.cell(r, 1).value for r in range(2, ws.max_row + 1)) == ["KN-DV", "TL-BHYT"]
    assert ws.cell(_row_of(ws, "KN-DV"), 2).value == '\'=HYPERLINK("http://x")'
    info = {r[0].value: r[1].value for r in book["Thông tin"].iter_rows()}
    assert (info["Biểu mẫu"], info["Đơn vị"], info["Kỳ"]) == ("BC-QUY-XA", "P-CL", "2025Q3")


def test_filled_template_uploads(cast, client_for, form, indicators) -> None:
    client = client_for("xa")
    book = _download(client)
    ws = book["Nhập liệu"]
    ws.cell(_row_of(ws, "KN-DV"), 7).value = 12
    bhyt = _row_of(ws, "TL-BHYT")
    ws.cell(bhyt, 8).value = "1.218"
    ws.cell(bhyt, 9).value = 1223
    ws.cell(bhyt, 7).value = 99.59
    response = _upload(client, book)
    assert response.status_code == 302
    saved = IndicatorValue.objects.get(indicator=indicators[1])
    assert (saved.numerator, saved.denominator, str(saved.value)[:5]) == (1218, 1223, "99.59")
    assert IndicatorValue.objects.get(indicator=indicators[0]).value == 12
    # Uploading the same file again changes nothing.
    assert _upload(client, book).status_code == 302
    assert IndicatorValue.objects.count() == 2


def test_one_bad_cell_imports_nothing_and_names_the_cell(
    cast, client_for, form, indicators
) -> None:
    client = client_for("xa")
    book = _download(client)
    ws = book["Nhập liệu"]
    ws.cell(_row_of(ws, "KN-DV"), 7).value = 12
    bhyt = _row_of(ws, "TL-BHYT")
    ws.cell(bhyt, 8).value = 1300
    ws.cell(bhyt, 9).value = 1223
    response = _upload(client, book)
    assert response.status_code == 422
    assert f"Nhập liệu!H{bhyt}: Tử số không được lớn hơn mẫu số." in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_template_of_another_unit_is_refused(cast, client_for, form) -> None:
    book = _download(client_for("xa"))
    book["Thông tin"]["B2"] = "X-MH"
    response = _upload(client_for("xa"), book)
    assert response.status_code == 422
    assert "Thông tin!B2: Tệp không phải mẫu của đơn vị P-CL." in response.content.decode()


def test_unknown_indicator_row_is_named(cast, client_for, form) -> None:
    book = _download(client_for("xa"))
    book["Nhập liệu"].append(["KHONG-CO", "", "", "", "", "", 5])
    response = _upload(client_for("xa"), book)
    assert "Chỉ tiêu “KHONG-CO” không có trong biểu mẫu." in response.content.decode()


def test_non_xlsx_and_oversized_files_are_refused(cast, client_for, form) -> None:
    client = client_for("xa")
    fake = io.BytesIO(b"not a workbook")
    fake.name = "bao-cao.csv"
    response = client.post(f"{BASE}tai-len/", {"file": fake})
    assert response.status_code == 422
    assert "Chỉ nhận tệp Excel dạng .xlsx." in response.content.decode()
    broken = io.BytesIO(b"not a workbook")
    broken.name = "bao-cao.xlsx"
    assert (
        "Tệp không phải là tệp Excel .xlsx hợp lệ."
        in client.post(f"{BASE}tai-len/", {"file": broken}).content.decode()
    )
    with override_settings(NGHIQUYET_MAX_UPLOAD_BYTES=100):
        response = _upload(client, _download(client))
    assert "Tệp quá lớn" in response.content.decode()


UPLOAD = {"anonymous": 302, "xa": 302, "chibo": 404, "lanhdao": 403, "tinhuy": 302}


@pytest.mark.parametrize("persona", ["anonymous", "xa", "chibo", "lanhdao", "tinhuy"])
def test_upload_matrix(cast: Cast, client_for, form, indicators, persona) -> None:
    book = _download(client_for("tinhuy"))
    ws = book["Nhập liệu"]
    ws.cell(_row_of(ws, "KN-DV"), 7).value = 4
    response = _upload(client_for(persona), book)
    assert response.status_code == UPLOAD[persona]
    assert IndicatorValue.objects.exists() == (UPLOAD[persona] == 302 and persona != "anonymous")
