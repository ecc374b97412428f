""" "Xuất Excel" on the table pages: the page's own view runs (same scope, same 404 and login
rules), and the answer is a spreadsheet for people: title block, bold frozen header, unit
names, numbers as numbers."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from nghiquyet.core.workbook import safe_cell
from nghiquyet.dissemination.services import Count, session_create
from nghiquyet.documents.services import requirement_create
from nghiquyet.documents.tests.conftest import make_doc, terms  # noqa: F401 - fixtures
from nghiquyet.exports.tables import XLSX_TYPE
from nghiquyet.registers.services import project_create
from nghiquyet.reporting.tests.conftest import form, indicators  # noqa: F401 - fixtures

DAY = dt.date(2025, 11, 12)


def _book(response):
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="')
    return load_workbook(io.BytesIO(response.content)).active


def _table(ws):
    """Header row (the frozen one, bold) and the rows under it."""
    head = int(ws.freeze_panes[1:]) - 1
    assert all(c.font.bold for c in ws[head])
    header = [c.value for c in ws[head]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=head + 1)]
    return header, rows, head


def _login_or_404(response, persona, hidden):
    if persona == "anonymous":
        assert response.status_code == 302 and "dang-nhap" in response["Location"]
        return True
    if persona in hidden:
        assert response.status_code == 404
        return True
    return False


@pytest.fixture
def sessions(cast, make_doc):  # noqa: F811 - the imported fixture
    resolution = make_doc(
        doc_type="nghi_quyet", title="Nghị quyết", issue_date=dt.date(2025, 10, 20)
    )
    session_create(
        actor=cast.root,
        organisation=cast.commune,
        title="Hội nghị phường",
        documents=[resolution],
        start_date=DAY,
        format="truc_tiep",
        counts=[Count("nhan_dan", 200, 150)],
    )
    return resolution


def test_coverage_export(cast, client_for, persona, sessions):
    response = client_for(persona).get("/hoc-tap/bao-phu/?org=P-CL&xuat=xlsx")
    if _login_or_404(response, persona, {"chibo"}):
        return
    ws = _book(response)
    assert ws["A1"].value == "Đảng ủy phường Cao Lãnh" and ws["A1"].font.bold
    header, rows, head = _table(ws)
    assert header[:3] == ["Đơn vị", "Đối tượng", "Hội nghị"]
    assert ws.freeze_panes == f"A{head + 1}"
    first = rows[0]
    assert first[0] == "Đảng ủy phường Cao Lãnh" and first[3:5] == [200, 150]
    assert first[5] == 75 and ws.cell(row=head + 1, column=6).number_format.endswith('"%"')


def test_coverage_page_shows_the_button(cast, client_for, sessions):
    page = client_for("xa").get("/hoc-tap/bao-phu/?org=P-CL").content.decode()
    assert "org=P-CL&amp;xuat=xlsx" in page and "Xuất Excel" in page


def test_submission_status_export(cast, client_for, persona, form):  # noqa: F811
    url = f"/bao-cao/{form.code}/?don_vi=T-DT&ky=2025Q3&xuat=xlsx"
    response = client_for(persona).get(url)
    if persona == "anonymous":
        assert response.status_code == 302
        return
    if response["Content-Type"] != XLSX_TYPE:
        assert response.status_code in (403, 404) and persona not in {"tinhuy", "lanhdao"}
        return
    ws = _book(response)
    header, rows, _head = _table(ws)
    assert header[:3] == ["TT", "Đơn vị", "Tình trạng"]
    names = {r[1] for r in rows}
    assert names <= {"Đảng ủy phường Cao Lãnh", "Đảng ủy xã Mỹ Hiệp"} and names
    assert all(r[2] in {"Đúng hạn", "Trễ hạn", "Chưa gửi", "Quá hạn, chưa gửi"} for r in rows)
    assert ws["A3"].value.endswith("quý III năm 2025")


def test_compliance_matrix_export(cast, client_for, persona, make_doc):  # noqa: F811
    resolution = make_doc(doc_type="nghi_quyet", title="NQ", issue_date=dt.date(2025, 10, 20))
    make_doc(cast.commune, title="Kế hoạch của phường", concretizes=resolution)
    requirement_create(
        actor=cast.root,
        document=resolution,
        action="ban_hanh",
        rule="truc_thuoc",
        doc_type="ke_hoach",
        deadline=dt.date(2025, 12, 31),
    )
    response = client_for(persona).get(f"/van-ban/{resolution.pk}/ma-tran/?xuat=xlsx")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    ws = _book(response)
    header, rows, _head = _table(ws)
    assert header[:2] == ["TT", "Đơn vị"] and "31/12/2025" in header[2]
    by_unit = {r[1]: r[2] for r in rows}
    assert ("Đảng ủy phường Cao Lãnh" in by_unit) is (persona in {"xa", "lanhdao", "tinhuy"})
    assert ("Đảng ủy xã Mỹ Hiệp" in by_unit) is (persona in {"lanhdao", "tinhuy"})
    if "Đảng ủy phường Cao Lãnh" in by_unit:
        assert by_unit["Đảng ủy phường Cao Lãnh"].startswith("Đúng hạn")


def test_without_the_parameter_the_page_is_shown(cast, client_for, sessions):
    response = client_for("xa").get("/hoc-tap/bao-phu/?org=P-CL")
    assert response.status_code == 200 and "text/html" in response["Content-Type"]


def test_bad_picker_keeps_the_page(cast, client_for):
    response = client_for("xa").get("/hoc-tap/bao-phu/?org=KHONG-CO&xuat=xlsx")
    assert response["Content-Type"] != XLSX_TYPE


def test_task_statistics_export(cast, client_for, persona):
    response = client_for(persona).get("/nhiem-vu/thong-ke/?don_vi=P-CL&ky=2025&xuat=xlsx")
    if _login_or_404(response, persona, {"chibo"}):
        return
    ws = _book(response)
    header, rows, _head = _table(ws)
    assert header[:3] == ["Nhóm", "Đơn vị / văn bản", "Được giao"]
    assert rows[0] == ["Toàn đơn vị", "Đảng ủy phường Cao Lãnh", 0, 0, 0, 0, 0, 0]
    assert ws["A3"].value == "năm 2025"


def test_projects_export(cast, client_for, persona):
    project_create(
        actor=cast.root,
        organisation=cast.commune,
        code="DA-01",
        name="=Đường giao thông",
        plan_start=2021,
        plan_end=2025,
        total_investment=Decimal("1520.5"),
    )
    response = client_for(persona).get("/so-theo-doi/?don_vi=P-CL&ky=2025&xuat=xlsx")
    if _login_or_404(response, persona, {"chibo"}):
        return
    ws = _book(response)
    header, rows, head = _table(ws)
    assert header[:3] == ["TT", "Mã", "Dự án"]
    assert rows[0][:6] == [
        1,
        "DA-01",
        "'=Đường giao thông",
        "Đảng ủy phường Cao Lãnh",
        rows[0][4],
        1520.5,
    ]
    assert ws.cell(row=head + 1, column=6).number_format == "[$-42A]#,##0.00"


def test_inspections_export(cast, client_for):
    response = client_for("tinhuy").get("/kiem-tra-giam-sat/?don_vi=T-DT&ky=2025&xuat=xlsx")
    ws = _book(response)
    header, _rows, _head = _table(ws)
    assert header == ["TT", "Mã", "Loại", "Đơn vị thực hiện", "Đối tượng", "Từ ngày", "Kết quả"]
    assert ws["A1"].value == "Tỉnh ủy Đồng Tháp"


def test_results_export_rows_are_the_report_figures(cast, client_for, report_data):
    response = client_for("tinhuy").get("/ket-qua/T-DT/?ky=2025&xuat=xlsx")
    ws = _book(response)
    header, rows, head = _table(ws)
    assert header[:7] == [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kế hoạch",
        "Thực hiện",
        "% kế hoạch",
        "Đánh giá",
    ]
    assert ws["A1"].value == "Tỉnh ủy Đồng Tháp" and ws["A3"].value == "năm 2025"
    by_name = {r[1]: (r, head + 1 + i) for i, r in enumerate(rows)}
    for entry in report_data["indicators"]:
        row, r = by_name[safe_cell(entry["name"])]
        assert row[3] == entry["target"]["text"] and row[4] == entry["value"]
        assert row[5] == pytest.approx(entry["percent_of_target"])
        assert ws.cell(row=r, column=5).data_type == "n"
    money = by_name["Thu ngân sách"][1]
    assert ws.cell(row=money, column=5).number_format == "[$-42A]#,##0.0"


def test_children_and_heat_map_exports_name_the_units(cast, client_for, report_data):
    children = _book(
        client_for("tinhuy").get("/ket-qua/T-DT/cap-duoi/?ky=2025&chi_tieu=THU-NS&xuat=xlsx")
    )
    _header, rows, _head = _table(children)
    assert {r[1] for r in rows} == {"Đảng ủy phường Cao Lãnh", "Đảng ủy xã Mỹ Hiệp"}
    assert children["A2"].value.startswith("Thu ngân sách (tỷ đồng)")
    heat = _book(client_for("tinhuy").get("/ket-qua/T-DT/ban-do-nhiet/?ky=2025&xuat=xlsx"))
    header, rows, _head = _table(heat)
    assert header[:3] == ["TT", "Chỉ tiêu", "Đơn vị tính"]
    assert {"Đảng ủy phường Cao Lãnh", "Đảng ủy xã Mỹ Hiệp"} <= set(header)
    assert len(rows) == len(report_data["indicators"])


def test_dashboard_export_outside_scope_is_not_found(cast, client_for, report_data):
    assert client_for("chibo").get("/ket-qua/P-CL/?ky=2025&xuat=xlsx").status_code == 404
    assert client_for("anonymous").get("/ket-qua/T-DT/?ky=2025&xuat=xlsx").status_code == 302
