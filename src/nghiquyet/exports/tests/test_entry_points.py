"""The page, the API and the command line: one builder, and a unit outside the user's scope is
"not found" (404) everywhere; files are served only to those who can see the unit."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from nghiquyet.exports.models import ReportFile
from nghiquyet.exports.services import draft_create

API = "/api/v1/exports"


@pytest.fixture
def draft(cast):
    return draft_create(actor=cast.xa, org=cast.commune, period="2025", kind="dinh_ky")


# Who sees the commune's draft: its own data-entry user and the province's users; the cell
# user of the other commune does not, and the anonymous visitor is sent to log in.
VIEW_STATUS = {"anonymous": 302, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
API_STATUS = VIEW_STATUS | {"anonymous": 401}


def test_draft_page_permission_matrix(cast, client_for, draft, persona):
    response = client_for(persona).get(f"/xuat-bao-cao/{draft.pk}/")
    assert response.status_code == VIEW_STATUS[persona]


def test_download_permission_matrix(cast, client_for, draft, persona):
    response = client_for(persona).get(f"/xuat-bao-cao/{draft.pk}/tai-ve/docx/")
    assert response.status_code == VIEW_STATUS[persona]
    if response.status_code == 200:
        assert response["Content-Disposition"].endswith('-v1.docx"')
        assert Document(io.BytesIO(response.content)).tables[0].cell(0, 1).text
    assert ReportFile.objects.count() == (1 if response.status_code == 200 else 0)


def test_api_draft_permission_matrix(cast, client_for, draft, persona):
    response = client_for(persona).get(f"{API}/drafts/{draft.pk}")
    assert response.status_code == API_STATUS[persona]
    if response.status_code == 200:
        assert response.json()["report"]["org"]["code"] == "P-CL"


def test_api_file_permission_matrix(cast, client_for, draft, persona):
    response = client_for(persona).get(f"{API}/drafts/{draft.pk}/file?fmt=xlsx")
    assert response.status_code == API_STATUS[persona]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 401), ("xa", 201), ("chibo", 422), ("lanhdao", 403), ("tinhuy", 201)],
)
def test_api_create_and_save_versions(cast, client_for, persona, status):
    client = client_for(persona)
    body = {"organisation": "P-CL", "period": "2025Q3", "kind": "dinh_ky"}
    response = client.post(f"{API}/drafts", body, content_type="application/json")
    assert response.status_code == status
    if status != 201:
        return
    pk = response.json()["id"]
    saved = client.post(
        f"{API}/drafts/{pk}/versions",
        {"limitations": "Còn chậm.", "doc_number": 5},
        content_type="application/json",
    )
    assert saved.status_code == 201 and saved.json()["number"] == 2
    assert client.get(f"{API}/drafts/{pk}").json()["versions"] == 2


def test_page_creates_and_saves_a_version(cast, client_for):
    client = client_for("xa")
    client.post("/chon-don-vi/", {"code": "P-CL"})
    response = client.post("/xuat-bao-cao/", {"period": "2025S1", "kind": "dinh_ky"})
    assert response.status_code == 302
    url = response["Location"]
    saved = client.post(
        url,
        {"limitations": "Hạn chế <b>A</b>", "directions": "", "report_date": "05/01/2026"},
    )
    assert saved.status_code == 302
    page = client.get(url)
    assert "phiên bản 2" in page.content.decode()


def test_page_refuses_read_only_save(cast, client_for, draft):
    response = client_for("lanhdao").post(
        f"/xuat-bao-cao/{draft.pk}/", {"limitations": "x", "report_date": "05/01/2026"}
    )
    assert response.status_code == 403
    assert draft.versions.count() == 1


def test_cli_writes_the_same_docx_as_the_builder(cast, report_data, tmp_path):
    out = tmp_path / "r.docx"
    call_command("report", "--org", "T-DT", "--period", "2025", "--format", "docx", "-o", str(out))
    doc = Document(str(out))
    assert doc.tables[0].cell(0, 1).paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    sentence = report_data["summary"]["sentence"]
    assert f"Kết quả: {sentence}." in [p.text for p in doc.paragraphs]


def test_cli_refuses_a_unit_outside_the_users_scope(cast, tmp_path):
    out = tmp_path / "r.xlsx"
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị"):
        call_command(
            "report",
            "--org",
            "P-CL",
            "--period",
            "2025",
            "--format",
            "xlsx",
            "--user",
            "chibo",
            "-o",
            str(out),
        )
    assert not out.exists()


def test_cli_json_is_the_truth_behind_the_xlsx(cast, report_data, tmp_path):
    from openpyxl import load_workbook

    call_command("report", "--org", "T-DT", "--period", "2025", "-o", str(tmp_path / "r.json"))
    call_command(
        "report",
        "--org",
        "T-DT",
        "--period",
        "2025",
        "--format",
        "xlsx",
        "-o",
        str(tmp_path / "r.xlsx"),
    )
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    ws = load_workbook(tmp_path / "r.xlsx")["Chỉ tiêu"]
    values = [row[5] for row in ws.iter_rows(min_row=7, values_only=True)]
    assert values == [e["value"] for e in data["indicators"]]
