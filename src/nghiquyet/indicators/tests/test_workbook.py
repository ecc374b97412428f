import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.workbook import WorkbookError, export_workbook, import_workbook
from nghiquyet.indicators.models import Aggregate, Indicator, IndicatorValue, Target

INDICATORS = [
    [
        "Mã",
        "Tên",
        "Đơn vị tính",
        "Loại",
        "Chiều",
        "Hệ số",
        "Cộng dồn",
        "Tổng hợp",
        "Số lẻ",
        "Lĩnh vực",
    ],
    [
        "DV-MOI",
        "Kết nạp đảng viên mới",
        "đảng viên",
        "Số lượng",
        "tăng",
        None,
        "tổng",
        "có",
        0,
        "Xây dựng Đảng và hệ thống chính trị",
    ],
    [
        "TQ-KHA",
        "Tổ tự quản khá trở lên",
        "%",
        "ty_le",
        "tăng",
        100,
        "cuối kỳ",
        "có",
        2,
        "xay_dung_dang",
    ],
    [
        "NGHEO",
        "Tỷ lệ hộ nghèo",
        "%",
        "toc_do",
        "giảm",
        None,
        "cuối kỳ",
        "không",
        2,
        "Văn hóa - xã hội",
    ],
]
TARGETS = [
    ["mã chỉ tiêu", "MÃ ĐƠN VỊ", "Kỳ", "Chỉ tiêu"],
    ["DV-MOI", "P-CL", "2024", "233"],
    ["NGHEO", "P-CL", "2024", "dưới 4%"],
]
VALUES = [
    ["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Giá trị", "Tử số", "Mẫu số", "Loại số", "Ghi chú"],
    ["DV-MOI", "P-CL-CB1", "2024Q1", 70, None, None, "chính thức", '=HYPERLINK("x")'],
    ["DV-MOI", "P-CL-CB1", "2024Q2", "70", None, None, "ước", "<b>ghi chú</b>"],
    ["TQ-KHA", "P-CL", "2024", 99.58, "1.218", 1223, "chính thức", None],
    ["NGHEO", "P-CL", "2024", "3,5", None, None, None, None],
]


def book(values=VALUES, targets=TARGETS):
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in [("Chỉ tiêu", INDICATORS), ("Chỉ tiêu giao", targets), ("Số liệu", values)]:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # typed text, not a formula
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    return data


def test_workbook_with_one_bad_cell_imports_nothing_and_names_the_cell(cast):
    bad = [list(r) for r in VALUES]
    bad[2][3] = "7o"
    with pytest.raises(WorkbookError) as exc:
        import_workbook(book(bad), actor=cast.tinhuy)
    assert [str(e) for e in exc.value.errors] == ["Số liệu!D3: “7o” không phải là số."]
    assert not Indicator.objects.exists() and not IndicatorValue.objects.exists()


def test_service_errors_land_on_their_cells(cast):
    bad = [list(r) for r in VALUES]
    bad[3][4] = 2000  # numerator above the denominator
    bad_targets = [list(r) for r in TARGETS] + [["DV-MOI", "X-KHONG-CO", "2024", "233"]]
    with pytest.raises(WorkbookError) as exc:
        import_workbook(book(bad, bad_targets), actor=cast.tinhuy)
    where = sorted(e.where for e in exc.value.errors)
    assert where == ["Chỉ tiêu giao!B4", "Số liệu!E4"]
    assert not Target.objects.exists()


def test_fixed_workbook_imports_and_reimport_changes_nothing(cast):
    ctx = import_workbook(book(), actor=cast.tinhuy)
    assert ctx.counts == {"Chỉ tiêu": 3, "Chỉ tiêu giao": 2, "Số liệu": 4}
    ratio = IndicatorValue.objects.get(indicator__code="TQ-KHA")
    assert ratio.value == Decimal("99.591169") and "99,58%" in ratio.warning
    assert Aggregate.objects.get(organisation=cast.commune, period_code="2024Q1").value == 70
    audit_count = AuditEntry.objects.count()
    import_workbook(book(), actor=cast.tinhuy)
    assert AuditEntry.objects.count() == audit_count
    assert IndicatorValue.objects.count() == 4 and Indicator.objects.count() == 3


def test_dry_run_saves_nothing(cast):
    ctx = import_workbook(book(), actor=cast.tinhuy, dry_run=True)
    assert ctx.counts["Số liệu"] == 4
    assert not Indicator.objects.exists()


def test_commune_user_cannot_import_system_wide_indicators(cast):
    with pytest.raises(WorkbookError) as exc:
        import_workbook(book(), actor=cast.xa)
    assert exc.value.errors[0].where == "Chỉ tiêu!A2"


def test_export_imports_again_unchanged_with_formula_guard(cast):
    import_workbook(book(), actor=cast.tinhuy)
    exported = export_workbook(actor=cast.tinhuy, sheets=["Chỉ tiêu", "Chỉ tiêu giao", "Số liệu"])
    ws = exported["Số liệu"]
    notes = [row[7] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("x")' in notes
    data = io.BytesIO()
    exported.save(data)
    data.seek(0)
    before = AuditEntry.objects.count()
    import_workbook(data, actor=cast.tinhuy)
    assert AuditEntry.objects.count() == before
    assert IndicatorValue.objects.get(period_code="2024Q1").note == '=HYPERLINK("x")'
    reread = load_workbook(io.BytesIO(data.getvalue()))
    assert [c.value for c in reread["Chỉ tiêu"][1]][:4] == ["Mã", "Tên", "Đơn vị tính", "Loại"]
