"""Hostile workbooks (issue 8 items 3, 4, 9): refused cleanly, before or while parsing, with
nothing saved and no traceback."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from nghiquyet.core.workbook import Limits, WorkbookError, import_workbook, read_workbook
from nghiquyet.orgs.models import Organisation

SHEET_XML = "xl/worksheets/sheet1.xml"


def _units_book(rows: int) -> bytes:
    """A valid `Đơn vị` sheet creating ``rows`` cells under the cast's commune."""
    book = Workbook()
    ws = book.active
    ws.title = "Đơn vị"
    ws.append(["Mã", "Tên", "Mã cấp trên", "Loại"])
    for i in range(rows):
        ws.append([f"CB-{i:05d}", f"Chi bộ số {i}", "P-CL", "Chi bộ cơ sở"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite_sheet(data: bytes, change) -> bytes:
    """Copy the .xlsx with the first sheet's XML passed through ``change``."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == SHEET_XML:
                body = change(body.decode()).encode()
            dst.writestr(item, body)
    return out.getvalue()


def _messages(exc: WorkbookError) -> str:
    return "\n".join(str(e) for e in exc.errors)


def test_stale_dimension_is_refused_not_truncated(cast):
    data = _units_book(40)
    stale = _rewrite_sheet(
        data, lambda xml: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:D3"', xml)
    )
    with pytest.raises(WorkbookError) as caught:
        import_workbook(io.BytesIO(stale), actor=cast.root)
    assert "đến dòng 3 nhưng thực có dữ liệu đến dòng 41" in _messages(caught.value)
    assert not Organisation.objects.filter(code__startswith="CB-").exists()


def test_same_rows_with_a_true_dimension_import(cast):
    ctx = import_workbook(io.BytesIO(_units_book(40)), actor=cast.root)
    assert ctx.counts and Organisation.objects.filter(code__startswith="CB-").count() == 40


def test_huge_declared_dimension_is_refused_before_parsing(cast):
    huge = _rewrite_sheet(
        _units_book(2),
        lambda xml: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:XFD1048576"', xml),
    )
    with pytest.raises(WorkbookError) as caught:
        read_workbook(io.BytesIO(huge))
    assert "1.048.576 dòng × 16.384 cột, vượt giới hạn" in _messages(caught.value)


def test_rows_beyond_the_limit_are_refused(cast):
    with pytest.raises(WorkbookError) as caught:
        read_workbook(io.BytesIO(_units_book(30)), Limits(uncompressed=10**9, rows=20, columns=10))
    assert "vượt giới hạn 20 dòng" in _messages(caught.value)


def test_zip_bomb_is_refused_before_parsing(cast):
    padding = "<!--" + "0" * (3 * 2**20) + "-->"
    bomb = _rewrite_sheet(
        _units_book(2), lambda xml: xml.replace("<sheetData>", padding + "<sheetData>")
    )
    assert len(bomb) < 100_000
    with pytest.raises(WorkbookError) as caught:
        read_workbook(io.BytesIO(bomb), Limits(uncompressed=2**20, rows=100, columns=10))
    assert "giải nén ra 3 MB, vượt giới hạn 1 MB" in _messages(caught.value)


def test_entity_expansion_in_a_sheet_is_refused_cleanly(cast):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )

    def bomb(xml: str) -> str:
        body = re.sub(r"^<\?xml[^>]*\?>", "", xml)
        return laughs + body.replace("Chi bộ số 0", "&lol2;")

    with pytest.raises(WorkbookError) as caught:
        import_workbook(io.BytesIO(_rewrite_sheet(_units_book(2), bomb)), actor=cast.root)
    assert "XML không hợp lệ hoặc không an toàn" in _messages(caught.value)
    assert not Organisation.objects.filter(code__startswith="CB-").exists()


def test_cli_prints_the_reason_and_fails(cast, tmp_path: Path, capsys):
    path = tmp_path / "stale.xlsx"
    path.write_bytes(
        _rewrite_sheet(
            _units_book(10),
            lambda xml: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:D2"', xml),
        )
    )
    with pytest.raises(CommandError):
        call_command("import-workbook", str(path))
    assert "Đơn vị: Tệp khai báo vùng dữ liệu đến dòng 2" in capsys.readouterr().err


def test_not_a_zip_is_refused(cast):
    with pytest.raises(WorkbookError) as caught:
        read_workbook(io.BytesIO(b"PK\x03\x04 not really a zip"))
    assert "tệp hỏng hoặc không phải .xlsx" in _messages(caught.value)
