"""Every section of the report files is Vietnamese prose or tables built from the JSON: no raw
key, no Python value, years without separators; every cell of the targets table (DOCX and XLSX)
equals the JSON line it comes from, including lines judged on a cumulative figure, tentative
lines and same-period figures taken from predecessor units."""

import copy
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from nghiquyet.core.formats import parse_decimal
from nghiquyet.core.workbook import safe_cell
from nghiquyet.exports.content import snapshot_time
from nghiquyet.exports.figures import places_of
from nghiquyet.exports.models import ReportFile
from nghiquyet.exports.prose import period_words
from nghiquyet.exports.services import draft_create, draft_export, draft_update
from nghiquyet.exports.xlsx_render import HEAD, HEADER_ROW

from .helpers import docx_of, xlsx_of

STATUS_WORDS = {
    "vuot": "Vượt",
    "dat": "Đạt",
    "khong_dat": "Không đạt",
    "chua_dat": "Chưa đạt",
    "chua_co_so_lieu": "Chưa có số liệu",
}


def _rich(data):
    """The fixture's report with the line shapes the other apps produce added: a line judged
    on its cumulative figure only, a tentative line, an unrounded same-period figure from
    predecessor units; and non-zero oversight, ratings, registers and a later app's section."""
    data = copy.deepcopy(data)
    base = data["indicators"][1]  # THU-NS, 1 decimal
    data["indicators"] += [
        base
        | {
            "code": "LUYKE",
            "name": "Thu ngân sách lũy kế",
            "value": None,
            "display": "",
            "to_date": {
                "value": 9210.45,
                "display": "9.210,5 tỷ đồng",
                "from": "2025-01-01",
                "to": "2025-09-30",
            },
            "percent_of_target": 86.79,
            "status": "chua_dat",
            "same_period_last_year": 96.414048,
        },
        base
        | {
            "code": "TAMTINH",
            "name": "Chỉ tiêu tạm tính",
            "status": "tam_tinh",
            "indicative_status": "vuot",
            "coverage_text": "tổng hợp từ 1/26 đơn vị",
            "same_period_last_year": 8105.43219,
            "same_period_last_year_source": "predecessors",
            "same_period_last_year_note": "cùng kỳ cộng từ các đơn vị trước sáp nhập",
        },
    ]
    data["oversight"]["organisations"] = {
        "records": 3,
        "distinct": 2,
        "by_body": [{"code": "T-DT", "records": 3}],
    }
    data["oversight"]["by_kind"]["giam_sat_chuyen_de"] = 1234
    data["ratings"]["organisations"]["httnv"] = 12
    data["ratings"]["organisations_good_or_better_pct"] = 92.31
    data["registers"]["projects"] |= {"count": 2, "total_investment": 1520.5, "disbursed_pct": 61.2}
    data["submissions"]["missing"] = [
        {"code": "P-CL", "name": "Đảng ủy phường Cao Lãnh", "form": "BC-01", "period": "2025Q3"}
    ]
    data["recommendations"] = [{"title": "Bổ sung biên chế", "year": 2026, "done_on_time": True}]
    return data


def _rounded(value, places):
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _expected(entry):
    """What the table must show for one JSON line, worked out from the JSON alone."""
    basis = entry.get("to_date") or {}
    cumulative = not entry["display"] and bool(basis.get("display"))
    display = basis["display"] if cumulative else entry["display"]
    value = basis["value"] if cumulative else entry["value"]
    status = STATUS_WORDS.get(entry["status"])
    if entry["status"] == "tam_tinh":
        status = f"Tạm tính ({STATUS_WORDS[entry['indicative_status']].lower()})"
    return display, value, places_of(display), cumulative, status


def test_docx_target_table_every_cell_is_the_json(cast, report_data):
    data = _rich(report_data)
    doc = docx_of(cast.province, data)
    table = next(t for t in doc.tables if t.cell(0, 1).text == "Chỉ tiêu")
    assert len(table.rows) - 1 == len(data["indicators"]) == 6
    for i, (row, entry) in enumerate(zip(table.rows[1:], data["indicators"], strict=True), 1):
        cells = [c.text for c in row.cells]
        display, value, places, cumulative, status = _expected(entry)
        assert cells[:4] == [str(i), entry["name"], entry["unit"], entry["target"]["text"]]
        shown = cells[4].removesuffix(" (lũy kế)")
        assert (shown != cells[4]) is cumulative and display.startswith(shown)
        assert parse_decimal(shown) == _rounded(value, places)
        percent = Decimal(str(entry["percent_of_target"]))
        assert parse_decimal(cells[5].rstrip("%")) == percent.quantize(Decimal("0.01")).normalize()
        assert cells[6] == status
        assert parse_decimal(cells[7]) == _rounded(entry["same_period_last_year"], places)
        assert len(cells[7].partition(",")[2]) == places
    notes = [p.text for p in doc.paragraphs]
    assert any(
        t.startswith("- Chỉ tiêu 5 (Thu ngân sách lũy kế): lũy kế từ 01/01/2025 đến 30/09/2025")
        for t in notes
    )
    assert any(
        "tổng hợp từ 1/26 đơn vị; cùng kỳ cộng từ các đơn vị trước sáp nhập" in t for t in notes
    )


def test_xlsx_target_table_every_cell_is_the_json(cast, report_data):
    data = _rich(report_data)
    ws = xlsx_of(cast.province, data)["Chỉ tiêu"]
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1))
    assert len(rows) == len(data["indicators"])
    for row, entry in zip(rows, data["indicators"], strict=True):
        cell = dict(zip(HEAD, row, strict=True))
        _display, value, places, cumulative, status = _expected(entry)
        assert cell["Mã"].value == entry["code"]
        assert cell["Chỉ tiêu"].value == safe_cell(entry["name"])
        assert cell["Thực hiện"].value == value and cell["Thực hiện"].data_type == "n"
        assert cell["Thực hiện"].number_format.endswith(
            "0" + ("." + "0" * places if places else "")
        )
        assert cell["% kế hoạch"].value == entry["percent_of_target"]
        assert cell["Đánh giá"].value == status
        last = cell["Cùng kỳ năm trước"]
        assert last.value == entry["same_period_last_year"]
        assert last.number_format.endswith("#,##0" + ("." + "0" * places if places else ""))
        assert cell["So cùng kỳ (%)"].value == entry["change_vs_last_year_pct"]
        assert ("lũy kế" in (cell["Ghi chú"].value or "")) is cumulative


def _keys(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keys(value)


RAW = re.compile(r"[{}]|Decimal\(|\d{4}-\d{2}-\d{2}T|\bNone\b|\bTrue\b|\bFalse\b|năm \d\.\d{3}")


def test_no_paragraph_holds_a_raw_key_or_python_value(cast, report_data):
    data = _rich(report_data)
    texts = [p.text for p in docx_of(cast.province, data).paragraphs]
    keys = {k for k in _keys(data) if k.isascii() and len(k) > 2}
    assert {"oversight", "ratings", "registers", "done_on_time", "year"} <= keys
    for text in texts:
        words = set(re.findall(r"[A-Za-z_]+", text))
        assert not words & keys, text
        assert not RAW.search(text), text
    assert "Kết quả đánh giá, xếp loại chất lượng năm 2025:" in texts
    assert any("giám sát chuyên đề 1.234" in t for t in texts)
    assert "- Đảng ủy phường Cao Lãnh: chưa gửi báo cáo BC-01 (quý III năm 2025)." in texts
    assert any(t.startswith("- Nội dung") or "Bổ sung biên chế" in t for t in texts)
    assert any("năm: 2026" in t.lower() for t in texts)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("2026Q3", "quý III năm 2026"),
        ("2026S1", "6 tháng đầu năm 2026"),
        ("2026S2", "6 tháng cuối năm 2026"),
        ("2026N9", "9 tháng năm 2026"),
        ("2026", "năm 2026"),
        ("2026M03", "tháng 03 năm 2026"),
        ("không-phải-kỳ", "không-phải-kỳ"),
    ],
)
def test_period_codes_are_written_in_words(code, words):
    assert period_words(code) == words


@pytest.mark.parametrize(
    ("iso", "local"),
    [
        ("2026-12-01T03:05:46+00:00", "01/12/2026 10:05"),
        ("2026-12-31T20:00:00+00:00", "01/01/2027 03:00"),
        ("2026-06-01T10:05:00+07:00", "01/06/2026 10:05"),
        ("", ""),
        ("hôm qua", ""),
    ],
)
def test_freeze_time_is_local(iso, local):
    assert snapshot_time(iso) == local


def test_detail_page_shows_local_freeze_time(cast, client_for):
    draft = draft_create(actor=cast.tinhuy, org=cast.province, period="2025", kind="dinh_ky")
    page = client_for("tinhuy").get(f"/xuat-bao-cao/{draft.pk}/").content.decode()
    frozen = snapshot_time(draft.latest.snapshot["generated_at"])
    assert f"Số liệu chốt lúc {frozen}." in page and "+00:00" not in page


def test_downloading_again_serves_the_kept_file(cast, client_for, report_data):
    draft = draft_create(actor=cast.tinhuy, org=cast.province, period="2025", kind="dinh_ky")
    client = client_for("lanhdao")
    url = f"/xuat-bao-cao/{draft.pk}/tai-ve/docx/?v=1"
    first, again = client.get(url), client.get(url)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and ReportFile.objects.count() == 1
    client.get(url.replace("docx", "xlsx"))
    assert ReportFile.objects.count() == 2
    fresh = client.get(url + "&moi=1")
    assert fresh.status_code == 200 and ReportFile.objects.filter(fmt="docx").count() == 2
    draft_update(actor=cast.tinhuy, draft=draft, limitations="Phiên bản hai.")
    row, _ = draft_export(actor=cast.lanhdao, draft=draft, fmt="docx")
    assert row.version.number == 2 and ReportFile.objects.count() == 4


def _cli_docx(tmp_path, *extra):
    out = tmp_path / "r.docx"
    call_command(
        "report", "--org", "T-DT", "--period", "2025", "--format", "docx", "-o", str(out), *extra
    )
    return [p.text for p in Document(str(out)).paragraphs]


def test_cli_kind_takes_the_saved_narrative(cast, report_data, tmp_path):
    draft = draft_create(actor=cast.tinhuy, org=cast.province, period="2025", kind="so_ket")
    draft_update(
        actor=cast.tinhuy,
        draft=draft,
        limitations="Thu ngân sách chưa đạt.",
        directions="Tăng thu.",
    )
    texts = _cli_docx(tmp_path, "--kind", "so_ket")
    assert "sơ kết năm 2025 thực hiện nghị quyết" in texts
    assert "Thu ngân sách chưa đạt." in texts and "Tăng thu." in texts
    periodic = _cli_docx(tmp_path)
    assert "kết quả thực hiện nghị quyết năm 2025" in periodic
    assert "Thu ngân sách chưa đạt." not in periodic and "(Chưa có nội dung.)" in periodic


def test_cli_kind_refuses_a_kind_the_period_has_not(cast, tmp_path):
    with pytest.raises(CommandError, match="Không lập báo cáo tổng kết cho kỳ quý"):
        call_command(
            "report", "--org", "T-DT", "--period", "2025Q3", "--format", "docx",
            "--kind", "tong_ket", "-o", str(tmp_path / "r.docx"),
        )  # fmt: skip
    with pytest.raises(CommandError):
        call_command(
            "report", "--org", "T-DT", "--period", "2025", "--format", "docx", "--kind", "x"
        )


def test_no_sentence_ends_with_two_full_stops(cast, report_data):
    """A unit with no target for the period: the JSON's sentence already ends with its full
    stop, and the report line adds no second one."""
    data = dict(report_data)
    data["summary"] = {
        **(data.get("summary") or {}),
        "sentence": "Đơn vị chưa được giao chỉ tiêu cho kỳ này.",
    }
    texts = [p.text for p in docx_of(cast.commune, data).paragraphs]
    assert "Kết quả: Đơn vị chưa được giao chỉ tiêu cho kỳ này." in texts
    assert not [t for t in texts if ".." in t.replace("...", "")]


def test_a_long_list_of_missing_reports_names_the_first_and_counts_the_rest():
    from nghiquyet.exports.prose import MISSING_NAMED, submissions_lines

    missing = [
        {"name": f"Chi bộ {i}", "form": "BC-01", "period": "2025Q3"}
        for i in range(MISSING_NAMED + 12)
    ]
    missing[-1] |= {"name": "Đảng ủy xã A", "form_name": "Báo cáo quý", "overdue": True}
    lines = submissions_lines({"totals": {}, "missing": missing})
    # The overdue report comes first, named by its form's name.
    assert lines[1] == "- Đảng ủy xã A: chưa gửi Báo cáo quý (quý III năm 2025), đã quá hạn."
    assert lines[2] == "- Chi bộ 0: chưa gửi báo cáo BC-01 (quý III năm 2025)."
    assert len(lines) == 1 + MISSING_NAMED + 1
    assert lines[-1].startswith("- Và 12 báo cáo khác chưa gửi")


def test_the_statistics_sheet_counts_provisional_targets_and_speaks_vietnamese():
    from nghiquyet.exports.stats import statistics

    data = {
        "summary": {"with_target": 3, "counts": {"tam_tinh": 2, "dat": 1}},
        "recommendations": {"raised": 4, "answered": 1, "open": 3, "open_over_30_days": 1},
    }
    stats = statistics(data)
    by_label = {s.label: s.value for s in stats if not s.heading}
    assert by_label["Tạm tính"] == 2
    rows = [s.label for s in stats if not s.heading and s.value is None]
    assert rows and all(not r.startswith("-") for r in rows)
    text = " ".join(rows).lower()
    assert "raised" not in text and "answered" not in text and "over" not in text
    assert "đã nêu trong kỳ: 4" in text


def test_reports_not_yet_due_are_counted_apart_and_not_named_as_missing():
    from nghiquyet.exports.prose import submissions_lines

    lines = submissions_lines(
        {
            "totals": {"expected": 3, "submitted": 1, "missing": 2, "not_yet_due": 1},
            "missing": [
                {"name": "Chi bộ 1", "form": "BC", "period": "2026Q4", "overdue": False},
                {"name": "Chi bộ 2", "form": "BC", "period": "2026Q3", "overdue": True},
            ],
        }
    )
    assert lines[0].endswith("chưa gửi 2 (trong đó 1 báo cáo chưa đến hạn).")
    assert lines[1:] == ["- Chi bộ 2: chưa gửi báo cáo BC (quý III năm 2026), đã quá hạn."]
