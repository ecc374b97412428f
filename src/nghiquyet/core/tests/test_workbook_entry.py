"""What data-entry users meet in the workbook (issue 9 §4, issue 8 item 11): catalog names as
people write them, unknown sheets named, errors on the cell that holds them and all at once,
formulas without a value, texts longer than a cell, what an import changed."""

import io
import re
import unicodedata
import zipfile

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from nghiquyet.core.workbook import (
    CELL_MAX_CHARS,
    CellError,
    Limits,
    Row,
    WorkbookError,
    export_workbook,
    import_workbook,
    read_workbook,
    safe_cell,
)
from nghiquyet.indicators.models import Indicator, IndicatorValue
from nghiquyet.indicators.workbook import DIRECTIONS, FIELD_GROUPS, KINDS
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.workbook import KINDS as ORG_KINDS

UNIT_HEADER = ["Mã", "Tên", "Mã cấp trên", "Loại"]
IND_HEADER = ["Mã", "Tên", "Đơn vị tính", "Loại", "Chiều", "Lĩnh vực"]
VAL_HEADER = ["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Giá trị", "Loại số"]
INDICATOR = ["DV-MOI", "Kết nạp đảng viên mới", "đảng viên", "Số lượng", "tăng", "Xây dựng Đảng"]


def workbook(sheets: dict[str, list[list]]) -> io.BytesIO:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def errors_of(source, actor) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        import_workbook(source, actor=actor)
    return [str(e) for e in caught.value.errors]


# --- Catalog cells accept names as people write them ----------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Tỉnh ủy", OrgKind.TINH_UY),
        ("TỈNH UỶ", OrgKind.TINH_UY),
        ("Huyện ủy", OrgKind.HUYEN_UY),
        ("huyện uỷ", OrgKind.HUYEN_UY),
        (unicodedata.normalize("NFD", "Huyện ủy"), OrgKind.HUYEN_UY),
        ("Đảng ủy xã", OrgKind.DANG_UY_XA),
        ("Đảng uỷ phường", OrgKind.DANG_UY_XA),
        ("đảng ủy đặc khu", OrgKind.DANG_UY_XA),
        ("Chi bộ", OrgKind.CHI_BO_CO_SO),
        ("CHI BỘ TRỰC THUỘC", OrgKind.CHI_BO_TRUC_THUOC),
        ("Thị uỷ", OrgKind.THI_UY),
        ("Ủy ban nhân dân phường", OrgKind.UBND_XA),
        ("Sở, ban, ngành", OrgKind.CO_QUAN_CHUYEN_MON),
        ("chi_bo_co_so", OrgKind.CHI_BO_CO_SO),
    ],
)
def test_unit_kinds_as_people_write_them(text, kind):
    assert ORG_KINDS.get(text) == kind


def test_a_short_form_two_kinds_share_is_not_guessed():
    # "Thành ủy" is both a centrally-run city's committee and a provincial city's (before 2025).
    assert ORG_KINDS.get("Thành ủy") is None


@pytest.mark.parametrize(
    ("catalog", "text", "code"),
    [
        (KINDS, "TỶ LỆ", "ty_le"),
        (KINDS, unicodedata.normalize("NFD", "Định tính"), "dinh_tinh"),
        (KINDS, "tốc độ", "toc_do"),
        (DIRECTIONS, "Càng thấp càng tốt", "giam"),
        (DIRECTIONS, "GIẢM", "giam"),
        (FIELD_GROUPS, "Văn hoá – xã hội", "van_hoa_xa_hoi"),
        (FIELD_GROUPS, "Quốc phòng, an ninh", "quoc_phong_an_ninh"),
        (FIELD_GROUPS, "xây dựng đảng", "xay_dung_dang"),
        (FIELD_GROUPS, "KINH TẾ", "kinh_te"),
    ],
)
def test_indicator_catalogs_as_people_write_them(catalog, text, code):
    assert catalog.get(text) == code


def test_units_sheet_imports_kinds_written_by_hand(cast):
    rows = [
        UNIT_HEADER,
        ["P-CL-CB7", "Chi bộ Khóm 7", "P-CL", "Chi bộ"],
        ["P-CL-CB8", "Chi bộ Khóm 8", "P-CL", unicodedata.normalize("NFD", "chi bộ cơ sở")],
    ]
    import_workbook(workbook({"Đơn vị": rows}), actor=cast.tinhuy)
    kinds = set(Organisation.objects.filter(code__startswith="P-CL-CB").values_list("kind"))
    assert kinds == {(OrgKind.CHI_BO_CO_SO,)}


def test_a_refused_kind_lists_the_accepted_names(cast):
    rows = [UNIT_HEADER, ["P-CL-CB7", "Chi bộ Khóm 7", "P-CL", "Chi bộ khu phố"]]
    [message] = errors_of(workbook({"Đơn vị": rows}), cast.tinhuy)
    assert message.startswith("Đơn vị!D2: Loại đơn vị “Chi bộ khu phố” không có trong danh mục;")
    assert "“Tỉnh ủy / Thành ủy trực thuộc Trung ương”" in message
    assert "“Chi bộ cơ sở”" in message


def test_a_refused_field_group_lists_the_accepted_names(cast):
    rows = [IND_HEADER, [*INDICATOR[:5], "Kinh tế biển"]]
    [message] = errors_of(workbook({"Chỉ tiêu": rows}), cast.root)
    assert message.startswith("Chỉ tiêu!F2: Lĩnh vực “Kinh tế biển” không có trong danh mục;")
    assert "“Quốc phòng - an ninh”" in message


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_catalog_raises_nothing_but_a_cell_error(text):
    row = Row("Đơn vị", 2, {"kind": text}, {"kind": "D"})
    for catalog in (ORG_KINDS, KINDS, DIRECTIONS, FIELD_GROUPS):
        try:
            code = catalog.read(row, "kind")
        except CellError as exc:
            where = exc.where
        else:
            where = "Đơn vị!D2"
            assert code in catalog.table.values() or code in catalog.codes.values()
        assert where == "Đơn vị!D2"


# --- Unknown sheets are named, with the nearest known name ----------------------------------


def test_unknown_sheets_are_named_as_ignored_with_the_nearest_name(cast):
    source = workbook(
        {
            "Đơn vị": [UNIT_HEADER, ["P-CL-CB7", "Chi bộ Khóm 7", "P-CL", "Chi bộ"]],
            "Chi tieu giaoo": [["Mã chỉ tiêu"], ["DV-MOI"]],
            "Kế hoạch kiểm tra": [["Mã"], ["KT-1"]],
        }
    )
    ctx = import_workbook(source, actor=cast.tinhuy)
    assert ctx.sheets == ["Đơn vị"]
    assert ctx.ignored == [("Chi tieu giaoo", "Chỉ tiêu giao"), ("Kế hoạch kiểm tra", "")]


def test_a_file_with_only_misspelt_sheets_suggests_the_names(cast):
    [message] = errors_of(workbook({"So lieu.": [VAL_HEADER]}), cast.tinhuy)
    assert "Không có trang tính nào đúng tên" in message
    assert "Có phải là “Số liệu”?" in message


# --- Errors name their cell and come all at once ----------------------------------------------


def test_a_repeated_value_row_names_its_sheet_row(cast):
    rows = [
        VAL_HEADER,
        ["DV-MOI", "P-CL-CB1", "2024Q1", 7, "chính thức"],
        ["DV-MOI", "P-CL-CB1", "2024Q2", 8, "chính thức"],
        ["dv-moi", "p-cl-cb1", "2024q1", 9, "Chính thức"],
    ]
    messages = errors_of(
        workbook({"Chỉ tiêu": [IND_HEADER, INDICATOR], "Số liệu": rows}), cast.root
    )
    assert messages == [
        "Số liệu!A4: Trùng với dòng 2 (cùng chỉ tiêu, đơn vị, kỳ và loại số); "
        "mỗi số liệu chỉ ghi một dòng."
    ]


def test_errors_of_every_check_and_every_sheet_come_together(cast):
    values = [
        VAL_HEADER,
        ["DV-MOI", "P-CL-CB1", "2024Q1", "7o", None],  # cannot be read
        ["DV-MOI", "P-CL-CB1", "2024Q9", 8, None],  # read, refused by the service
        ["DV-MOI", "P-CL-CB1", "2024Q2", -3, None],  # read, refused by the service
    ]
    units = [["Mã", "Tên", "Loại"], ["P-CL-CB7", "Chi bộ Khóm 7", "Chi bộ"]]  # no parent column
    messages = errors_of(
        workbook({"Đơn vị": units, "Chỉ tiêu": [IND_HEADER, INDICATOR], "Số liệu": values}),
        cast.root,
    )
    where = [m.split(":")[0] for m in messages]
    assert where == ["Đơn vị!1", "Số liệu!D2", "Số liệu!C3", "Số liệu!D4"]
    assert not Indicator.objects.filter(code="DV-MOI").exists()


def test_a_bad_cell_on_the_last_sheet_saves_nothing_on_any_sheet(cast):
    tasks = [
        ["Mã", "Nội dung", "Đơn vị giao", "Đơn vị chủ trì", "Bắt đầu"],
        ["NV-1", "Rà soát đảng viên", "P-CL", "P-CL-CB1", "31/02/2025"],
    ]
    source = workbook(
        {
            "Đơn vị": [UNIT_HEADER, ["P-CL-CB7", "Chi bộ Khóm 7", "P-CL", "Chi bộ"]],
            "Chỉ tiêu": [IND_HEADER, INDICATOR],
            "Số liệu": [VAL_HEADER, ["DV-MOI", "P-CL-CB1", "2024Q1", 7, None]],
            "Nhiệm vụ": tasks,
        }
    )
    messages = errors_of(source, cast.root)
    assert messages == ["Nhiệm vụ!E2: Ngày “31/02/2025” không tồn tại trong lịch."]
    assert not Organisation.objects.filter(code="P-CL-CB7").exists()
    assert not Indicator.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_a_refused_permission_lands_on_the_unit_cell_not_a(cast):
    targets = [["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Chỉ tiêu"], ["DV-MOI", "P-CL", "2026", "10"]]
    Indicator.objects.create(
        code="DV-MOI", name="Kết nạp", unit="đảng viên", kind="so_luong", field_group="kinh_te"
    )
    messages = errors_of(workbook({"Chỉ tiêu giao": targets}), cast.xa)
    assert [m.split(":")[0] for m in messages] == ["Chỉ tiêu giao!B2"]


def test_a_value_for_a_unit_one_may_not_write_lands_on_the_unit_cell(cast):
    Indicator.objects.create(
        code="DV-MOI", name="Kết nạp", unit="đảng viên", kind="so_luong", field_group="kinh_te"
    )
    values = [VAL_HEADER, *[[None] * 5] * 5, ["DV-MOI", "X-MH", "2024Q1", 7, None]]
    messages = errors_of(workbook({"Số liệu": values}), cast.xa)
    assert [m.split(":")[0] for m in messages] == ["Số liệu!B7"]


# --- Formulas without a cached value -------------------------------------------------------


def _with_cached_value(data: bytes, value: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                body = re.sub(rb"<v\s*/>|<v></v>", f"<v>{value}</v>".encode(), body)
            dst.writestr(item, body)
    return out.getvalue()


def _formula_book() -> io.BytesIO:
    return workbook(
        {
            "Chỉ tiêu": [IND_HEADER, INDICATOR],
            "Số liệu": [VAL_HEADER, ["DV-MOI", "P-CL-CB1", "2024Q1", "=3+4", None]],
        }
    )


def test_a_formula_without_its_value_is_named_not_read_as_empty(cast):
    messages = errors_of(_formula_book(), cast.root)
    assert messages == [
        "Số liệu!D2: Ô D2 chứa công thức chưa có giá trị tính sẵn; mở tệp trong Excel và lưu lại."
    ]
    assert not Indicator.objects.exists()


def test_a_formula_with_its_cached_value_imports_the_value(cast):
    saved = _with_cached_value(_formula_book().getvalue(), "7")
    import_workbook(io.BytesIO(saved), actor=cast.root)
    assert IndicatorValue.objects.get().value == 7


def test_the_formula_pass_is_bounded_like_the_data_pass():
    rows = [
        VAL_HEADER,
        *[["DV-MOI", "P-CL-CB1", f"{2000 + i}", f"={i}+1", None] for i in range(30)],
    ]
    with pytest.raises(WorkbookError) as caught:
        read_workbook(workbook({"Số liệu": rows}), Limits(uncompressed=10**9, rows=20, columns=10))
    [error] = caught.value.errors
    assert "vượt giới hạn 20 dòng" in error.message


# --- Texts longer than a cell ----------------------------------------------------------------


def test_export_marks_a_text_longer_than_a_cell_and_import_refuses_it(cast):
    ind = Indicator.objects.create(
        code="DT-1", name="Đánh giá", unit="", kind="dinh_tinh", field_group="kinh_te"
    )
    long_text = "Nội dung đánh giá. " * 2500  # 47.500 characters
    IndicatorValue.objects.create(
        indicator=ind,
        organisation=cast.commune,
        period_code="2024",
        period_start="2024-01-01",
        period_end="2024-12-31",
        text=long_text,
    )
    cut: list[str] = []
    book = export_workbook(actor=cast.root, sheets=["Số liệu"], cut=cut)
    assert cut == ["Số liệu!D2"]
    cell = book["Số liệu"]["D2"].value
    assert len(cell) == CELL_MAX_CHARS
    assert cell.endswith("[…đã cắt khi xuất: bản đầy đủ dài 47.500 ký tự]")
    buf = io.BytesIO()
    book.save(buf)
    buf.seek(0)
    assert load_workbook(buf)["Số liệu"]["D2"].value == cell
    buf.seek(0)
    [message] = errors_of(buf, cast.root)
    assert message.startswith("Số liệu!D2: Văn bản này đã bị cắt khi xuất")
    assert IndicatorValue.objects.get().text == long_text


def test_a_text_that_fits_a_cell_is_exported_whole():
    text = "x" * CELL_MAX_CHARS
    assert safe_cell(text) == text


def test_a_cell_longer_than_excel_holds_is_refused_with_its_cell():
    row = Row("Số liệu", 12, {"note": "y" * (CELL_MAX_CHARS + 1)}, {"note": "H"})
    with pytest.raises(CellError) as caught:
        row.text("note")
    assert str(caught.value) == (
        "Số liệu!H12: Dài 32.768 ký tự, quá 32.767 ký tự một ô Excel chứa được."
    )


def test_export_command_says_which_cells_were_cut(cast, tmp_path, capsys):
    ind = Indicator.objects.create(
        code="DT-1", name="Đánh giá", unit="", kind="dinh_tinh", field_group="kinh_te"
    )
    IndicatorValue.objects.create(
        indicator=ind,
        organisation=cast.commune,
        period_code="2024",
        period_start="2024-01-01",
        period_end="2024-12-31",
        text="z" * 40000,
    )
    call_command("export-workbook", str(tmp_path / "so.xlsx"), "--sheet", "Số liệu")
    assert "1 ô có văn bản dài quá 32.767 ký tự" in capsys.readouterr().err


# --- What an import changed ------------------------------------------------------------------


def test_counts_say_created_updated_and_unchanged_per_sheet(cast):
    def source(value):
        return workbook(
            {
                "Chỉ tiêu": [IND_HEADER, INDICATOR],
                "Số liệu": [
                    VAL_HEADER,
                    ["DV-MOI", "P-CL-CB1", "2024Q1", 7, None],
                    ["DV-MOI", "P-CL-CB1", "2024Q2", value, None],
                ],
            }
        )

    first = import_workbook(source(8), actor=cast.root)
    assert first.changes["Chỉ tiêu"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert first.changes["Số liệu"] == {"created": 2, "updated": 0, "unchanged": 0}
    second = import_workbook(source(9), actor=cast.root)
    assert second.changes["Chỉ tiêu"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert second.changes["Số liệu"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert second.sheets == ["Chỉ tiêu", "Số liệu"]


def test_import_command_prints_changes_and_ignored_sheets(cast, tmp_path, capsys):
    path = tmp_path / "so.xlsx"
    path.write_bytes(
        workbook(
            {
                "Đơn vị": [UNIT_HEADER, ["P-CL-CB7", "Chi bộ Khóm 7", "P-CL", "Chi bộ"]],
                "Nhiem vu.": [["Mã"]],
            }
        ).getvalue()
    )
    call_command("import-workbook", str(path))
    out = capsys.readouterr()
    assert "Đã nhập: Đơn vị: 1 dòng (thêm mới 1, cập nhật 0, không đổi 0)." in out.out
    assert "Trang tính “Nhiem vu.” không có trong sổ nên bị bỏ qua" in out.err
    assert "Có phải là “Nhiệm vụ”?" in out.err
