import datetime as dt
import io

import pytest
from openpyxl import Workbook

from nghiquyet.core.periods import Period
from nghiquyet.core.workbook import WorkbookError, export_workbook, import_workbook
from nghiquyet.dissemination.models import Attendance, StudySession
from nghiquyet.dissemination.report import sections as dis_sections
from nghiquyet.dissemination.services import Count, session_create
from nghiquyet.documents.models import Document, DocumentRelation
from nghiquyet.documents.report import sections as doc_sections
from nghiquyet.documents.services import requirement_create

HEAD_DOCS = [
    "Số ký hiệu",
    "Loại",
    "Ngày ban hành",
    "Đơn vị ban hành",
    "Trích yếu",
    "Cụ thể hóa",
    "Trạng thái",
]
HEAD_STUDY = ["Văn bản", "Đơn vị", "Ngày", "Hình thức", "Đối tượng", "Số phải dự", "Số dự"]


def book(docs=(), study=()):
    wb = Workbook()
    wb.remove(wb.active)
    if docs:
        ws = wb.create_sheet("Văn bản")
        ws.append(HEAD_DOCS)
        for r in docs:
            ws.append(list(r))
    if study:
        ws = wb.create_sheet("Học tập quán triệt")
        ws.append(HEAD_STUDY)
        for r in study:
            ws.append(list(r))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


DOC_ROWS = [
    # The child comes before its parent: links are made after every row is saved.
    (
        "Số 01-KH/ĐU",
        "Kế hoạch",
        "03/11/2025",
        "P-CL",
        "Kế hoạch thực hiện",
        "01-NQ/ĐU",
        "Đã ban hành",
    ),
    ("01-NQ/ĐU", "Nghị quyết", "20/10/2025", "T-DT", "Nghị quyết Đại hội", "", ""),
    ("", "Quy chế", "", "T-DT", "Dự thảo quy chế", "", "Dự thảo"),
]


def test_document_sheet_imports_links_and_is_idempotent(cast, terms):
    ctx = import_workbook(book(DOC_ROWS), actor=cast.tinhuy)
    assert ctx.counts["Văn bản"] == 3
    child = Document.objects.get(organisation=cast.commune)
    assert child.relations_out.get().target.symbol == "01-NQ/ĐU"
    import_workbook(book(DOC_ROWS), actor=cast.tinhuy)
    assert Document.objects.count() == 3
    assert DocumentRelation.objects.count() == 1


@pytest.mark.parametrize(
    ("row", "cell", "fragment"),
    [
        (("07-KH", "Kế hoạch", "03/11/2025", "P-CL", "x", "", ""), "Văn bản!A2", "thiếu cơ quan"),
        (
            ("02-KH/ĐU", "Kế hoạch", "31/02/2025", "P-CL", "x", "", ""),
            "Văn bản!C2",
            "không tồn tại",
        ),
        (("02-KH/ĐU", "Kế hoạch", "03/11/2025", "X-MH", "x", "", ""), "Văn bản!D2", "phạm vi"),
        (("02-KH/ĐU", "Loại lạ", "03/11/2025", "P-CL", "x", "", ""), "Văn bản!B2", "danh mục"),
        (
            ("02-KH/ĐU", "Kế hoạch", "03/11/2025", "P-CL", "x", "99-NQ/ĐU", ""),
            "Văn bản!F2",
            "Chưa có",
        ),
    ],
)
def test_document_sheet_errors_name_the_cell_and_save_nothing(cast, terms, row, cell, fragment):
    with pytest.raises(WorkbookError) as info:
        import_workbook(book([row]), actor=cast.xa)
    error = info.value.errors[0]
    assert error.where == cell and fragment in error.message
    assert not Document.objects.exists()


def test_export_guards_formulas_and_round_trips(cast, make_doc):
    make_doc(doc_type="nghi_quyet", title='=HYPERLINK("x")')
    exported = export_workbook(actor=cast.tinhuy, sheets=["Văn bản"])
    values = [c.value for c in exported["Văn bản"][2]]
    assert values[0] == "01-NQ/ĐU" and values[4] == '\'=HYPERLINK("x")'
    buffer = io.BytesIO()
    exported.save(buffer)
    buffer.seek(0)
    import_workbook(buffer, actor=cast.tinhuy)
    assert Document.objects.get().title == '=HYPERLINK("x")'


@pytest.fixture
def resolution(make_doc):
    return make_doc(doc_type="nghi_quyet", issue_date=dt.date(2025, 10, 20))


STUDY_ROWS = [
    ("01-NQ/ĐU", "T-DT", "12/11/2025", "Trực tuyến", "Cán bộ chủ chốt", 50, 48),
    ("01-NQ/ĐU", "T-DT", "12/11/2025", "Trực tuyến", "Đảng viên", 10, 9),
    ("01-NQ/ĐU", "P-CL", "12/11/2025", "Trực tiếp", "Nhân dân", 200, 150),
]


def test_study_sheet_groups_rows_into_sessions_and_is_idempotent(cast, resolution):
    import_workbook(book(study=STUDY_ROWS), actor=cast.tinhuy)
    assert StudySession.objects.count() == 2
    assert Attendance.objects.count() == 3
    import_workbook(book(study=STUDY_ROWS), actor=cast.tinhuy)
    assert (StudySession.objects.count(), Attendance.objects.count()) == (2, 3)


def test_connected_unit_rows_land_on_the_broadcast(cast, resolution):
    session_create(
        actor=cast.root,
        organisation=cast.province,
        title="Trực tuyến",
        documents=[resolution],
        start_date=dt.date(2025, 11, 12),
        format="truc_tuyen",
        connected_units=[cast.commune],
    )
    rows = [("01-NQ/ĐU", "P-CL", "12/11/2025", "Trực tuyến", "Đảng viên", 100, 97)]
    import_workbook(book(study=rows), actor=cast.xa)
    assert StudySession.objects.count() == 1
    point = Attendance.objects.get()
    assert (point.organisation, point.actual) == (cast.commune, 97)


def test_study_sheet_export_round_trips(cast, resolution):
    import_workbook(book(study=STUDY_ROWS), actor=cast.tinhuy)
    exported = export_workbook(actor=cast.tinhuy, sheets=["Học tập quán triệt"])
    assert [c.value for c in exported["Học tập quán triệt"][1]] == HEAD_STUDY
    buffer = io.BytesIO()
    exported.save(buffer)
    buffer.seek(0)
    import_workbook(buffer, actor=cast.tinhuy)
    assert (StudySession.objects.count(), Attendance.objects.count()) == (2, 3)


@pytest.mark.parametrize(
    ("row", "cell"),
    [
        (("KH/ThU", "P-CL", "12/11/2025", "Trực tiếp", "Nhân dân", 2, 1), "Học tập quán triệt!A2"),
        (
            ("01-NQ/ĐU", "P-CL", "12/11/2025", "Trực tiếp", "Nhân dân", 2, 3),
            "Học tập quán triệt!G2",
        ),
        (("01-NQ/ĐU", "P-CL", "12/11/2025", "Bay", "Nhân dân", 2, 1), "Học tập quán triệt!D2"),
        (
            ("01-NQ/ĐU", "P-CL", "12/11/2025", "Trực tiếp", "Nhân dân", "1,5", 1),
            "Học tập quán triệt!F2",
        ),
    ],
)
def test_study_sheet_errors(cast, resolution, row, cell):
    with pytest.raises(WorkbookError) as info:
        import_workbook(book(study=[row]), actor=cast.xa)
    assert info.value.errors[0].where == cell
    assert not StudySession.objects.exists()


def test_report_sections(cast, make_doc, resolution):
    make_doc(cast.commune, issue_date=dt.date(2025, 11, 3), concretizes=resolution)
    requirement_create(
        actor=cast.root,
        document=resolution,
        action="ban_hanh",
        rule="truc_thuoc",
        doc_type="ke_hoach",
        deadline=dt.date(2025, 11, 30),
    )
    session_create(
        actor=cast.root,
        organisation=cast.province,
        title="Trực tuyến",
        documents=[resolution],
        start_date=dt.date(2025, 11, 12),
        format="truc_tuyen",
        connected_units=[cast.commune, cast.other_commune],
        counts=[Count("dang_vien", 10, 9), Count("dang_vien", 20, 20, cast.commune)],
    )
    period = Period.parse("2025Q4")
    docs = doc_sections(org=cast.province, period=period, actor=cast.lanhdao)["documents"]
    assert docs["issued"]["total"] == 2
    assert docs["issued"]["by_type"]["ke_hoach"] == {"label": "Kế hoạch", "count": 1}
    (req,) = docs["requirements"]
    assert req["as_of"] == "2025-12-31"
    assert req["text"] == "1/2 tổ chức đảng đã ban hành"
    assert req["counts"]["qua_han"] == 1
    dis = dis_sections(org=cast.province, period=period, actor=cast.lanhdao)["dissemination"]
    assert (dis["sessions"], dis["online_sessions"]) == (1, 1)
    assert dis["attendance"] == [
        {"group": "dang_vien", "label": "Đảng viên", "expected": 30, "actual": 29, "rate": 96.67}
    ]
    commune = dis_sections(org=cast.commune, period=period, actor=cast.xa)["dissemination"]
    assert commune["sessions"] == 1
    assert commune["attendance"][0]["actual"] == 20
    empty = doc_sections(org=cast.province, period=Period.parse("2024"), actor=cast.lanhdao)
    assert empty["documents"]["issued"]["total"] == 0
