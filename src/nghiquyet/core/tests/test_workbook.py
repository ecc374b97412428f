"""The workbook framework through the `Đơn vị` sheet (other apps add their own sheets)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from nghiquyet.core.workbook import WorkbookError, export_workbook, import_workbook, safe_cell
from nghiquyet.orgs.models import Organisation

HEADER = ["MÃ", "Ten", "Mã cấp  trên", "loại", "Ký hiệu", "Địa danh", "Hiệu lực từ", "Hiệu lực đến"]


def book(rows, header=HEADER, title="Don vi"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


GOOD = [
    ["P-CL-CB2", "Chi bộ Khóm 2", "P-CL", "Chi bộ cơ sở", "CB", "Cao Lãnh", "01/7/2025", None],
    ["P-CL-CB2-T1", "Tổ dân phố 1", "P-CL-CB2", "to_dan_pho", "", "Cao Lãnh", None, None],
]


def test_headers_match_ignoring_case_accents_and_spaces_and_rows_import(cast):
    ctx = import_workbook(book(GOOD), actor=cast.tinhuy)
    assert ctx.counts == {"Đơn vị": 2}
    child = Organisation.objects.get(code="P-CL-CB2-T1")
    assert child.parent.code == "P-CL-CB2" and child.kind == "to_dan_pho"


def test_one_bad_cell_imports_nothing_and_names_every_bad_cell(cast):
    rows = [*GOOD, ["P-CL-CB3", "Chi bộ Khóm 3", "P-CL", "Loại lạ", "", "", "31/02/2025", None]]
    with pytest.raises(WorkbookError) as exc:
        import_workbook(book(rows), actor=cast.tinhuy)
    messages = [str(e) for e in exc.value.errors]
    assert len(messages) == 1
    assert messages[0].startswith("Đơn vị!D4: Loại đơn vị “Loại lạ” không có trong danh mục;")
    assert not Organisation.objects.filter(
        code__in=["P-CL-CB2", "P-CL-CB2-T1", "P-CL-CB3"]
    ).exists()


def test_bad_date_names_its_cell(cast):
    rows = [["P-CL-CB3", "Chi bộ Khóm 3", "P-CL", "Chi bộ cơ sở", "", "", "31/02/2025", None]]
    with pytest.raises(WorkbookError) as exc:
        import_workbook(book(rows), actor=cast.tinhuy)
    assert str(exc.value.errors[0]) == "Đơn vị!G2: Ngày “31/02/2025” không tồn tại trong lịch."


def test_parent_outside_scope_is_an_error_on_the_parent_cell(cast):
    rows = [["X-MH-CB9", "Chi bộ Ấp 9", "X-MH", "Chi bộ cơ sở", "", "", None, None]]
    with pytest.raises(WorkbookError) as exc:
        import_workbook(book(rows), actor=cast.xa)
    assert str(exc.value.errors[0]).startswith("Đơn vị!C2: Không tìm thấy đơn vị “X-MH”")


def test_reimport_is_idempotent_and_dry_run_saves_nothing(cast):
    import_workbook(book(GOOD), actor=cast.tinhuy, dry_run=True)
    assert not Organisation.objects.filter(code="P-CL-CB2").exists()
    import_workbook(book(GOOD), actor=cast.tinhuy)
    snapshot = list(Organisation.objects.values_list("code", "name", "path", "updated_at"))
    import_workbook(book(GOOD), actor=cast.tinhuy)
    assert list(Organisation.objects.values_list("code", "name", "path", "updated_at")) == snapshot


def test_missing_required_column_is_reported_on_the_header_row(cast):
    with pytest.raises(WorkbookError) as exc:
        import_workbook(book(GOOD, header=["Mã", "Tên"]), actor=cast.tinhuy)
    assert "Đơn vị!1: Thiếu cột “Mã cấp trên”" in str(exc.value)


def test_a_file_that_is_not_xlsx_is_refused_clearly(cast):
    with pytest.raises(WorkbookError, match="Không đọc được tệp Excel"):
        import_workbook(io.BytesIO(b"not a spreadsheet"), actor=cast.tinhuy)


def test_export_never_turns_user_text_into_a_formula_and_reimports(cast, tmp_path):
    from nghiquyet.orgs.services import org_update

    org_update(actor=cast.tinhuy, org=cast.cell, name='=HYPERLINK("http://x","bấm")')
    path = tmp_path / "xuat.xlsx"
    export_workbook(actor=cast.tinhuy).save(path)
    ws = load_workbook(path)["Đơn vị"]
    cells = [c for row in ws.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert cells[0].data_type == "s"
    assert cells[0].value.startswith("'=")
    import_workbook(path, actor=cast.tinhuy)
    assert Organisation.objects.get(code="P-CL-CB1").name.startswith("=HYPERLINK")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_safe_cell_guards_formula_triggers(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("Bình thường") == "Bình thường"


def test_import_command_prints_cells_and_exits_non_zero(cast, tmp_path, capsys):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(book([["P-CL-CB3", "Chi bộ", "P-CL", "?", "", "", None, None]]).getvalue())
    with pytest.raises(CommandError, match="chưa lưu gì"):
        call_command("import-workbook", str(path))
    assert "Đơn vị!D2:" in capsys.readouterr().err
    good = tmp_path / "dung.xlsx"
    good.write_bytes(book(GOOD).getvalue())
    call_command("import-workbook", str(good), "--dry-run")
    assert not Organisation.objects.filter(code="P-CL-CB2").exists()
    call_command("import-workbook", str(good))
    assert Organisation.objects.filter(code="P-CL-CB2").exists()
