"""The `Nhiệm vụ` sheet: import all or nothing, duplicate codes named by both rows, export."""

import io

import pytest
from openpyxl import Workbook

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.workbook import WorkbookError, export_workbook, import_workbook
from nghiquyet.tasks.models import Task
from nghiquyet.tasks.workbook import COLUMNS

HEADER = [c.header for c in COLUMNS]


def _book(rows):
    book = Workbook()
    ws = book.active
    ws.title = "Nhiệm vụ"
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


ROW = [
    "NV-01",
    "Rà soát",
    "",
    "",
    "T-DT",
    "P-CL",
    "X-MH; X-MH-CB1",
    "05/01/2026",
    "31/3/2026",
    "",
    "",
    "",
]
MONTHLY = [
    "NV-02",
    "Báo cáo tháng",
    "",
    "",
    "T-DT",
    "X-MH",
    "",
    "01/01/2026",
    "",
    "Hằng tháng; ngày 10; đến 31/12/2026",
    "",
    "",
]


def test_import_creates_and_reimport_changes_nothing(cast):
    import_workbook(_book([ROW, MONTHLY]), actor=cast.tinhuy)
    task = Task.objects.get(code="NV-01")
    assert sorted(u.code for u in task.coordinating_units.all()) == ["X-MH", "X-MH-CB1"]
    assert Task.objects.get(code="NV-02").occurrences.count() == 12
    entries = AuditEntry.objects.count()
    import_workbook(_book([ROW, MONTHLY]), actor=cast.tinhuy)
    assert AuditEntry.objects.count() == entries


def test_duplicate_code_in_sheet_refused_naming_both_rows(cast):
    dup = ["nv-01", *ROW[1:]]
    with pytest.raises(WorkbookError) as info:
        import_workbook(_book([ROW, MONTHLY, dup]), actor=cast.tinhuy)
    assert [str(e) for e in info.value.errors] == [
        "Nhiệm vụ!A4: Mã “nv-01” trùng với dòng 2 (cùng đơn vị giao)."
    ]
    assert not Task.objects.exists()


def test_bad_rows_refused_all_or_nothing_in_vietnamese(cast):
    early = ["NV-03", "Sai hạn", "", "", "T-DT", "P-CL", "", "05/01/2026", "01/01/2026", "", "", ""]
    outside = [
        "NV-04",
        "Sai đơn vị",
        "",
        "",
        "P-CL",
        "X-MH",
        "",
        "05/01/2026",
        "31/1/2026",
        "",
        "",
        "",
    ]
    with pytest.raises(WorkbookError) as info:
        import_workbook(_book([ROW, early, outside]), actor=cast.tinhuy)
    messages = [str(e) for e in info.value.errors]
    assert "Nhiệm vụ!I3: Thời hạn không được trước ngày bắt đầu." in messages
    assert any(m.startswith("Nhiệm vụ!F4: Đơn vị chủ trì") for m in messages)
    assert not Task.objects.exists()


def test_import_outside_scope_refused(cast):
    with pytest.raises(WorkbookError) as info:
        import_workbook(_book([ROW]), actor=cast.xa)
    assert str(info.value.errors[0]).startswith("Nhiệm vụ!E2: ")
    assert not Task.objects.exists()


def test_export_round_trip(cast):
    import_workbook(_book([ROW, MONTHLY]), actor=cast.tinhuy)
    book = export_workbook(actor=cast.tinhuy, sheets=["Nhiệm vụ"])
    rows = list(book["Nhiệm vụ"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[2][9] == "Hằng tháng; ngày 10; đến 31/12/2026"
    assert rows[1][6] == "X-MH; X-MH-CB1"
    assert rows[1][10] in ("Chưa đến hạn", "Quá hạn")
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    entries = AuditEntry.objects.count()
    import_workbook(out, actor=cast.tinhuy)
    assert AuditEntry.objects.count() == entries
