"""The `Mô hình`, `Khảo sát` and `Dự án` sheets, and the five sheets of issue 11 imported
together: all or nothing, and an export that imports again unchanged."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from nghiquyet.core.workbook import WorkbookError, export_workbook, import_workbook
from nghiquyet.oversight.models import Inspection, MemberRating, OrgRating
from nghiquyet.oversight.tests.test_workbook import (
    INSPECTION_HEADER,
    MEMBER_INSPECTION,
    ORG_INSPECTION,
    RATING_HEADER,
    rating,
)
from nghiquyet.registers.models import Allocation, Disbursement, Movement, Project, Survey
from nghiquyet.registers.workbook import MOVEMENT_COLUMNS, PROJECT_COLUMNS, SURVEY_COLUMNS

FIVE = ("Kiểm tra giám sát", "Xếp loại", "Mô hình", "Khảo sát", "Dự án")
MOVEMENTS = [
    ["P-CL", "Hội quán Khóm 1", "mo hinh", "01/02/2024", None, "", "31/12/2024", 52],
    ["P-CL", "Hội quán Khóm 1", "Mô hình", "01/02/2024", None, "", "30/06/2025", 61],
    ["X-MH", "Tổ Nhân dân tự quản", "Phong trào", "15/03/2023", "Tạm dừng", "", None, None],
]
SURVEYS = [
    ["P-CL", "Đánh giá việc học tập nghị quyết", None, "10/06/2025", 200, 180, "Đa số hài lòng",
     "Mức hài lòng", "Hài lòng", 150],
    ["P-CL", "Đánh giá việc học tập nghị quyết", None, "10/06/2025", 200, 180, "Đa số hài lòng",
     "Mức hài lòng", "Chưa hài lòng", 30],
]  # fmt: skip
PROJECTS = [
    ["T-DT", "DA-01", "Đường ven sông Tiền", 2021, 2025, "1.250,5", 2024, 300, "2024", "280,25"],
    ["T-DT", "DA-01", "Đường ven sông Tiền", 2021, 2025, "1.250,5", 2025, 350, "2025Q1", 40],
]


def sheet(wb, title, header, rows):
    ws = wb.create_sheet(title)
    ws.append(header)
    for row in rows:
        ws.append(row)


def five_sheets(projects=PROJECTS):
    wb = Workbook()
    wb.remove(wb.active)
    sheet(wb, "Kiểm tra giám sát", INSPECTION_HEADER, [ORG_INSPECTION, MEMBER_INSPECTION])
    sheet(
        wb,
        "Xếp loại",
        RATING_HEADER,
        [
            rating(unit="P-CL", subject="Tổ chức đảng", score=85),
            rating(htxsnv=20, httnv=100, htnv=1, not_rated=1, reasons="Ốm đau: 1"),
        ],
    )
    sheet(wb, "Mô hình", [c.header for c in MOVEMENT_COLUMNS], MOVEMENTS)
    sheet(wb, "Khảo sát", [c.header for c in SURVEY_COLUMNS], SURVEYS)
    sheet(wb, "Dự án", [c.header for c in PROJECT_COLUMNS], projects)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def saved_rows():
    models = (Inspection, OrgRating, MemberRating, Movement, Survey, Project, Allocation)
    return [m.objects.count() for m in (*models, Disbursement)]


def test_each_register_sheet_imports_through_the_services(cast):
    ctx = import_workbook(five_sheets(), actor=cast.tinhuy)
    assert [ctx.counts[name] for name in FIVE] == [2, 2, 3, 1, 2]
    hoi_quan = Movement.objects.get(name="Hội quán Khóm 1")
    assert [c.participants for c in hoi_quan.counts.order_by("as_of")] == [52, 61]
    assert Movement.objects.get(name="Tổ Nhân dân tự quản").status == "tam_dung"
    survey = Survey.objects.get()
    assert (survey.forms_issued, survey.forms_returned, survey.answers.count()) == (200, 180, 2)
    project = Project.objects.get()
    assert project.total_investment == Decimal("1250.5")
    assert {a.year: a.amount for a in project.allocations.all()} == {2024: 300, 2025: 350}
    assert {d.period: d.amount for d in project.disbursements.all()} == {
        "2024": Decimal("280.25"),
        "2025Q1": 40,
    }


def test_a_bad_cell_on_the_last_sheet_saves_nothing_on_any_sheet(cast):
    bad = [*PROJECTS[:1], [*PROJECTS[1][:8], "2024Q1", 40]]  # Inside the year 2024 already set.
    with pytest.raises(WorkbookError) as exc:
        import_workbook(five_sheets(bad), actor=cast.tinhuy)
    assert [e.where for e in exc.value.errors] == ["Dự án!I3"]
    assert "Kỳ Quý I/2024 trùng với kỳ Năm 2024" in exc.value.errors[0].message
    assert saved_rows() == [0] * 8


def test_two_amounts_of_one_row_are_refused_on_their_own_cells(cast):
    bad = [[*PROJECTS[0][:6], 2019, 10, "2024", "-1"]]
    with pytest.raises(WorkbookError) as exc:
        import_workbook(five_sheets(bad), actor=cast.tinhuy)
    assert [e.where for e in exc.value.errors] == ["Dự án!G2"]


def test_answers_over_the_forms_returned_are_refused_on_the_question_cell(cast):
    over = [[*SURVEYS[0][:9], 170], SURVEYS[1]]
    wb = Workbook()
    wb.remove(wb.active)
    sheet(wb, "Khảo sát", [c.header for c in SURVEY_COLUMNS], over)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    with pytest.raises(WorkbookError) as exc:
        import_workbook(out, actor=cast.tinhuy)
    assert [e.where for e in exc.value.errors] == ["Khảo sát!H2"]
    assert "lớn hơn số phiếu thu về (180)" in exc.value.errors[0].message


def test_the_export_of_the_five_sheets_imports_again_unchanged(cast):
    import_workbook(five_sheets(), actor=cast.tinhuy)
    before = saved_rows()
    out = io.BytesIO()
    export_workbook(actor=cast.tinhuy, sheets=FIVE).save(out)
    out.seek(0)
    first = {ws.title: list(ws.values) for ws in load_workbook(out).worksheets}
    out.seek(0)
    ctx = import_workbook(out, actor=cast.tinhuy)
    assert {name: ctx.changes[name]["unchanged"] for name in FIVE} == {
        "Kiểm tra giám sát": 2,
        "Xếp loại": 2,
        "Mô hình": 3,
        "Khảo sát": 1,
        "Dự án": 2,
    }
    assert all(ctx.changes[name]["created"] + ctx.changes[name]["updated"] == 0 for name in FIVE)
    assert saved_rows() == before
    again = io.BytesIO()
    export_workbook(actor=cast.tinhuy, sheets=FIVE).save(again)
    again.seek(0)
    assert {ws.title: list(ws.values) for ws in load_workbook(again).worksheets} == first
