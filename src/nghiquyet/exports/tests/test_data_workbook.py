""" "Tải cả sổ dữ liệu": the whole data workbook from the web, as ``export-workbook`` writes it
for the same user, scoped to what the user may see."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from nghiquyet.testing import Page, PermissionMatrix

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TestDataWorkbookPermissions(PermissionMatrix):
    pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)
    routes = [
        Page(
            "exports:data_workbook",
            expect={"anonymous": 302, "xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200},
        ),
    ]


def _cells(book):
    return {
        ws.title: [[c for c in row] for row in ws.iter_rows(values_only=True)]
        for ws in book.worksheets
    }


def test_web_workbook_is_the_cli_workbook_of_the_same_user(cast, client_for, report_data, tmp_path):
    response = client_for("xa").get("/xuat-bao-cao/so-du-lieu/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="so-du-lieu-')
    web = load_workbook(io.BytesIO(response.content))
    call_command("export-workbook", str(tmp_path / "cli.xlsx"), "--user", "xa")
    assert _cells(web) == _cells(load_workbook(tmp_path / "cli.xlsx"))


def test_workbook_holds_only_the_users_units(cast, client_for, report_data):
    def text(persona):
        book = load_workbook(
            io.BytesIO(client_for(persona).get("/xuat-bao-cao/so-du-lieu/").content)
        )
        return " ".join(str(v) for rows in _cells(book).values() for row in rows for v in row)

    # The province's values (T-DT) are outside the commune user's scope.
    assert "T-DT" in text("tinhuy") and "T-DT" not in text("chibo")


def test_index_page_offers_the_whole_workbook(cast, client_for):
    page = client_for("xa").get("/xuat-bao-cao/").content.decode()
    assert "/xuat-bao-cao/so-du-lieu/" in page and "Tải cả sổ dữ liệu" in page
