"""The `Văn bản` and `Học tập quán triệt` sheets: names as people write them, every error in
one run (a bad row does not hide the links of the others), and what an import changed."""

import datetime as dt

import pytest

from nghiquyet.core.workbook import WorkbookError, import_workbook
from nghiquyet.documents.models import Document
from nghiquyet.documents.tests.test_workbook_report import DOC_ROWS, STUDY_ROWS, book


@pytest.fixture
def resolution(make_doc):
    return make_doc(doc_type="nghi_quyet", issue_date=dt.date(2025, 10, 20))


def test_document_sheet_counts_created_then_unchanged(cast, terms):
    first = import_workbook(book(docs=DOC_ROWS), actor=cast.tinhuy)
    assert first.changes["Văn bản"] == {"created": 3, "updated": 0, "unchanged": 0}
    again = import_workbook(book(docs=DOC_ROWS), actor=cast.tinhuy)
    assert again.changes["Văn bản"] == {"created": 0, "updated": 0, "unchanged": 3}


def test_document_kinds_and_statuses_as_people_write_them(cast, terms):
    rows = [
        ("01-NQ/ĐU", "NGHỊ QUYẾT", "20/10/2025", "T-DT", "Nghị quyết Đại hội", "", "đã ban hành")
    ]
    import_workbook(book(docs=rows), actor=cast.tinhuy)
    assert Document.objects.get().doc_type == "nghi_quyet"


def test_a_bad_row_and_a_bad_link_are_reported_together(cast, terms):
    rows = [
        ("01-KH/ĐU", "Kế hoạch", "03/11/2025", "P-CL", "Kế hoạch", "99-NQ/ĐU", "Đã ban hành"),
        ("02-KH/ĐU", "Loại lạ", "03/11/2025", "P-CL", "Kế hoạch khác", "", ""),
    ]
    with pytest.raises(WorkbookError) as caught:
        import_workbook(book(docs=rows), actor=cast.tinhuy)
    assert sorted(e.where for e in caught.value.errors) == ["Văn bản!B3", "Văn bản!F2"]
    assert "dùng một trong:" in caught.value.errors[0].message
    assert not Document.objects.exists()


def test_study_sheet_counts_created_updated_unchanged(cast, resolution):
    first = import_workbook(book(study=STUDY_ROWS), actor=cast.tinhuy)
    assert first.changes["Học tập quán triệt"] == {"created": 2, "updated": 0, "unchanged": 0}
    changed = [list(r) for r in STUDY_ROWS]
    changed[2][6] = 160
    changed[2][3] = "TRỰC TIẾP"
    again = import_workbook(book(study=changed), actor=cast.tinhuy)
    assert again.changes["Học tập quán triệt"] == {"created": 0, "updated": 1, "unchanged": 1}
