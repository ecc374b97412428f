"""Hostile workbooks (issue 8, acceptance figure): each file generated here goes through
``import_workbook`` and through the upload page as the province administrator. Every one is
refused with a clear message, saves nothing (every table's row count identical before and
after) and never answers 500.

Each file carries valid rows before its hostile part, so a partial save would show. The import
limits are lowered for the run (4 MB inflated, 400 rows, 30 columns) so that the bombs stay small.
"""

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from nghiquyet.core.tests.hostile import changed_tables, table_counts
from nghiquyet.core.workbook import WorkbookError, import_workbook
from nghiquyet.indicators.tests.helpers import make_indicator

MB = 2**20
MAX_ROWS = 400
UNITS = ["Mã", "Tên", "Mã cấp trên", "Loại", "Ký hiệu", "Địa danh", "Hiệu lực từ", "Hiệu lực đến"]
VALUES = ["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Giá trị", "Tử số", "Mẫu số", "Loại số", "Ghi chú"]
GOOD_UNITS = [
    ["HW-1", "Chi bo HW 1", "P-CL", "Chi bộ cơ sở"],
    ["HW-2", "Chi bộ HW 2", "P-CL", "Chi bộ"],
]
GOOD_VALUES = [["KN-HW", "P-CL", "2025Q3", 5], ["KN-HW", "P-CL-CB1", "2025Q3", 3]]
UNITS_XML = "xl/worksheets/sheet1.xml"


def book(units: list[list] | None = None, values: list[list] | None = None, **kw) -> bytes:
    """An .xlsx with the `Đơn vị` and `Số liệu` sheets: the good rows, then ``units`` and
    ``values``. ``kw``: ``title`` renames the first sheet, ``hidden`` hides it, ``merge``
    merges that range of it, ``extra`` adds an unknown sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = kw.get("title", "Đơn vị")
    for row in [UNITS, *GOOD_UNITS, *(units or [])]:
        ws.append(row)
    if kw.get("hidden"):
        ws.sheet_state = kw["hidden"]
        wb.create_sheet("Ghi chú")  # a visible sheet, which Excel requires
    if kw.get("merge"):
        ws.merge_cells(kw["merge"])
    sheet = wb.create_sheet("Số liệu")
    for row in [VALUES, *GOOD_VALUES, *(values or [])]:
        sheet.append(row)
    if kw.get("extra"):
        wb.create_sheet(kw["extra"]).append(["Mã", "Tên"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rewrite(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The .xlsx with ``part`` passed through ``change`` (raw bytes)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, change(body) if item.filename == part else body)
    return out.getvalue()


def sheet(data: bytes, change: Callable[[str], str], part: str = UNITS_XML) -> bytes:
    return rewrite(data, part, lambda b: change(b.decode()).encode())


def add_part(data: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as dst:
        dst.writestr(name, body)
    return out.getvalue()


def dimension(ref: str) -> Callable[[str], str]:
    return lambda xml: re.sub(r'<dimension ref="[^"]+"', f'<dimension ref="{ref}"', xml)


def doctype(decl: str, use: str) -> Callable[[str], str]:
    """Put a DOCTYPE with ``decl`` before the sheet and ``use`` in place of a unit's name."""

    def change(xml: str) -> str:
        body = re.sub(r"^<\?xml[^>]*\?>", "", xml)
        return f'<?xml version="1.0"?><!DOCTYPE worksheet [{decl}]>' + body.replace(
            "Chi bo HW 1", use
        )

    return change


def padding(size: int) -> Callable[[str], str]:
    """A comment of ``size`` bytes inside the sheet: compresses to almost nothing."""
    return lambda xml: xml.replace("<sheetData>", "<!--" + "0" * size + "--><sheetData>")


LAUGHS = '<!ENTITY a "hahahahaha">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
)
WRONG_TYPES_VALUES = [
    [12, "P-CL", "2025Q3", 1],  # a number for the indicator's code
    ["KN-HW", 3.5, "2025Q3", 1],  # a number for the unit's code
    ["KN-HW", "P-CL", 2025.5, 1],  # a number for the period
    ["KN-HW", "P-CL", "2025Q4", "mười hai"],  # text for the value
    ["KN-HW", "P-CL", "2025Q2", 1, "một", "hai"],  # text for numerator and denominator
    ["KN-HW", "P-CL", "2025Q1", 1, None, None, 7],  # a number for the value type
]
XLSM_TYPES = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _xlsm(data: bytes) -> bytes:
    typed = rewrite(
        data,
        "[Content_Types].xml",
        lambda b: b.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            XLSM_TYPES,
        ),
    )
    return add_part(typed, "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)


def _crc_broken(data: bytes) -> bytes:
    """The sheet part stored uncompressed, one byte of it flipped: a CRC error when read."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
    raw = bytearray(out.getvalue())
    at = raw.index(b"<sheetData>") + 3
    raw[at] ^= 0x20
    return bytes(raw)


def _cases() -> dict[str, Callable[[], bytes]]:
    base = book
    return {
        "zip bomb within the limit, then a bad cell": lambda: sheet(
            base(values=[["KN-HW", "P-CL", "2025Q4", "abc"]]), padding(3 * MB)
        ),
        "zip bomb over the limit": lambda: sheet(base(), padding(6 * MB)),
        "huge dimension": lambda: sheet(base(), dimension("A1:XFD1048576")),
        "stale dimension": lambda: sheet(
            base([[f"HW-S{i}", f"Chi bộ {i}", "P-CL", "Chi bộ"] for i in range(30)]),
            dimension("A1:H3"),
        ),
        "billion laughs": lambda: sheet(base(), doctype(LAUGHS, "&i;")),
        "internal entity": lambda: sheet(base(), doctype('<!ENTITY x "Chi bộ X">', "&x;")),
        "external entity": lambda: sheet(
            base(), doctype('<!ENTITY x SYSTEM "file:///etc/passwd">', "&x;")
        ),
        "billion laughs in the workbook part": lambda: sheet(
            base(),
            lambda xml: doctype(LAUGHS, "")(xml).replace('name="Đơn vị"', 'name="&i;"'),
            part="xl/workbook.xml",
        ),
        "formula without cached value": lambda: sheet(
            base(values=[["KN-HW", "P-CL", "2025Q4", "=1+1"]]),
            lambda xml: re.sub(
                r"<v>[^<]*</v></c></row></sheetData>", "</c></row></sheetData>", xml
            ),
            part="xl/worksheets/sheet2.xml",
        ),
        "32.768-character name": lambda: base([["HW-L", "x" * 32768, "P-CL", "Chi bộ"]]),
        "wrong types in every column": lambda: base(
            [[1, 2, 3, 4, 5, 6, "ngày mai", 8]], WRONG_TYPES_VALUES
        ),
        "duplicate codes": lambda: base([["HW-1", "Chi bộ trùng", "P-CL", "Chi bộ"]]),
        "merged cells over a code": lambda: base(
            [["HW-M1", "Chi bộ M1", "P-CL", "Chi bộ"], ["HW-M2", "Chi bộ M2", "P-CL", "Chi bộ"]],
            merge="A4:A5",
        ),
        "hidden sheet with a bad row": lambda: base(
            [["HW-H", "Chi bộ H", "KHONG-CO", "Chi bộ"]], hidden="hidden"
        ),
        "very hidden sheet with a bad row": lambda: base(
            [["HW-V", "Chi bộ V", "P-CL", "Loại lạ"]], hidden="veryHidden"
        ),
        "non-xlsx renamed": lambda: b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n",
        "empty file": lambda: b"",
        "encrypted-looking file": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096,
        "macros (.xlsm) with a bad row": lambda: _xlsm(base([["HW-X", "", "P-CL", "Chi bộ"]])),
        "more rows than the limit": lambda: base(
            [[f"HW-R{i}", f"Chi bộ {i}", "P-CL", "Chi bộ"] for i in range(MAX_ROWS + 5)]
        ),
        "more columns than the limit": lambda: base(
            [["HW-C", "Chi bộ C", "P-CL", "Chi bộ"] + ["x"] * 40]
        ),
        "only unknown sheet names": _only_unknown,
        "unknown sheet beside a bad row": lambda: base(
            [["HW-U", "Chi bộ U", "P-CL", ""]], extra="Số liệu cũ"
        ),
        "bad unicode bytes in the sheet": lambda: rewrite(
            base(), UNITS_XML, lambda b: b.replace(b"Chi bo HW 1", b"Chi b\xff\xfe HW 1")
        ),
        "control characters as character references": lambda: sheet(
            base(), lambda xml: xml.replace("Chi bo HW 1", "Chi bộ &#1;&#27;")
        ),
        "29-digit value": lambda: base(
            values=[["KN-HW", "P-CL", "2025Q4", "12345678901234567890123456789"]]
        ),
        "1e300 value": lambda: base(values=[["KN-HW", "P-CL", "2025Q4", 1e300]]),
        "NaN and INF values in the XML": lambda: sheet(
            base(values=[["KN-HW", "P-CL", "2025Q4", 7], ["KN-HW", "P-CL", "2025Q2", 8]]),
            lambda xml: xml.replace("<v>7</v>", "<v>NaN</v>").replace("<v>8</v>", "<v>INF</v>"),
            part="xl/worksheets/sheet2.xml",
        ),
        "periods and dates at the calendar's edges": lambda: base(
            [["HW-D", "Chi bộ D", "P-CL", "Chi bộ", "", "", "0001-01-01", "31/02/2026"]],
            [["KN-HW", "P-CL", "9999Q4", 1], ["KN-HW", "P-CL", "0999Q1", 1]],
        ),
        "formula injection as a value": lambda: base(
            values=[["KN-HW", "P-CL", "2025Q4", "=cmd|'/c calc'!A1"]]
        ),
        "missing required column": lambda: _missing_column(),
        "corrupt sheet part (CRC)": lambda: _crc_broken(base()),
        "shared string index out of range": lambda: sheet(
            base(),
            lambda xml: xml.replace('t="inlineStr"><is><t>HW-2</t></is>', 't="s"><v>99999</v>'),
        ),
    }


def _only_unknown() -> bytes:
    wb = Workbook()
    wb.active.title = "Don vi (2)"
    wb.active.append(UNITS)
    wb.active.append(GOOD_UNITS[0])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _missing_column() -> bytes:
    return sheet(book(), lambda xml: xml.replace("M&#227; c&#7845;p tr&#234;n", "Cap tren?"))


CASES = _cases()


@pytest.fixture
def limits(settings):
    settings.NGHIQUYET_WORKBOOK_MAX_UNCOMPRESSED = 4 * MB
    settings.NGHIQUYET_WORKBOOK_MAX_ROWS = MAX_ROWS
    settings.NGHIQUYET_WORKBOOK_MAX_COLUMNS = 30


@pytest.fixture
def indicator(cast):
    return make_indicator(cast.root, "KN-HW")


def test_the_good_part_alone_imports(cast, limits, indicator):
    """The rows every hostile file starts with are valid: a refusal comes from the hostile part."""
    before = table_counts()
    import_workbook(io.BytesIO(book()), actor=cast.tinhuy)
    changed = changed_tables(before, table_counts())
    assert changed["orgs_organisation"] == (
        before["orgs_organisation"],
        before["orgs_organisation"] + 2,
    )
    assert "indicators_indicatorvalue" in changed


def _try(cast, client, name: str) -> list[str]:
    """Send one hostile file through import_workbook and the upload page; the problems seen."""
    data = CASES[name]()
    before = table_counts()
    try:
        import_workbook(io.BytesIO(data), actor=cast.tinhuy)
        return [f"{name}: import_workbook accepted it"]
    except WorkbookError as exc:
        messages = [str(e) for e in exc.errors]
    problems = []
    if not messages or any(len(m) < 12 or "Traceback" in m for m in messages):
        problems.append(f"{name}: unclear messages {messages}")
    if changed := changed_tables(before, table_counts()):
        problems.append(f"{name}: import_workbook saved part of it {changed}")
    upload = SimpleUploadedFile("so-lieu.xlsx", data, content_type="application/octet-stream")
    response = client.post(reverse("web:workbook_upload"), {"file": upload})
    # A large file may be queued as a background job: its job row and the job's audit entry
    # are then the only changes (the job itself refuses the file).
    queued = response.status_code == 302 and "/nhap-excel/viec/" in response["Location"]
    allowed = ("jobs_", "audit_") if queued else ()
    if response.status_code != 422 and not queued:
        problems.append(f"{name}: upload page answered {response.status_code}")
    changed = changed_tables(before, table_counts())
    if changed := {t: n for t, n in changed.items() if not t.startswith(allowed) or not allowed}:
        problems.append(f"{name}: the upload page saved part of it {changed}")
    TOTALS["500s"] += response.status_code >= 500
    TOTALS["partial saves"] += any("saved part" in p for p in problems)
    return problems


TOTALS = {"500s": 0, "partial saves": 0}


def test_hostile_workbooks_are_refused_clearly_and_save_nothing(
    cast, client_for, limits, indicator
):
    client = client_for("tinhuy")  # signs in (a session row) before any count
    problems = [p for name in CASES for p in _try(cast, client, name)]
    print(
        f"\nhostile workbooks: {len(CASES)} tried through import_workbook and the upload page; "
        f"{TOTALS['partial saves']} partial saves, {TOTALS['500s']} 500s, "
        f"{len(problems)} problems"
    )
    assert len(CASES) >= 27
    assert not problems, "\n".join(problems)
