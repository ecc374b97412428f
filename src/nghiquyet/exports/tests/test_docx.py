"""The DOCX read back with python-docx: header cells and order, fonts, sizes, styles, margins,
page numbers (none on page 1), the State variant, and every figure of the targets table."""

import datetime as dt
from decimal import Decimal

from docx.shared import Pt

from nghiquyet.core.formats import parse_decimal
from nghiquyet.exports.figures import places_of

from .helpers import docx_of, lines, mm, runs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DAY = dt.date(2026, 1, 5)


def test_party_header_follows_hd36(cast, report_data):
    doc = docx_of(cast.commune, report_data, report_date=DAY, doc_number=7)
    head = doc.tables[0]
    assert lines(head.cell(0, 0)) == ["ĐẢNG BỘ TỈNH ĐỒNG THÁP", "ĐẢNG ỦY PHƯỜNG CAO LÃNH", "*"]
    assert lines(head.cell(1, 0)) == ["Số 07-BC/ĐU"]
    assert lines(head.cell(0, 1)) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    place = cast.commune.place_name
    assert lines(head.cell(1, 1)) == [f"{place}, ngày 05 tháng 01 năm 2026"]
    (superior,) = runs(head.cell(0, 0), "ĐẢNG BỘ TỈNH ĐỒNG THÁP")
    (issuer,) = runs(head.cell(0, 0), "ĐẢNG ỦY PHƯỜNG CAO LÃNH")
    (title,) = runs(head.cell(0, 1), "ĐẢNG CỘNG SẢN VIỆT NAM")
    (date,) = runs(head.cell(1, 1), f"{place}, ngày 05 tháng 01 năm 2026")
    assert (superior.bold, superior.font.size) == (False, Pt(14))
    assert (issuer.bold, issuer.font.size) == (True, Pt(14))
    assert (title.bold, title.font.size) == (True, Pt(15))
    assert (date.italic, date.bold, date.font.size) == (True, False, Pt(14))
    # The rule under the title: an empty paragraph right after it with a top border.
    rule = head.cell(0, 1).paragraphs[1]
    assert rule.text == "" and rule._p.find(f"{W}pPr/{W}pBdr/{W}top") is not None
    assert not _borders_visible(head)


def _borders_visible(table):
    borders = table._tbl.tblPr.find(f"{W}tblBorders")
    return any(edge.get(f"{W}val") != "nil" for edge in borders)


def test_title_summary_signature_and_recipients(cast, report_data):
    doc = docx_of(cast.province, report_data, report_date=DAY)
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("BÁO CÁO")
    assert texts[i + 1] == "kết quả thực hiện nghị quyết năm 2025"
    assert doc.paragraphs[i].runs[0].font.size == Pt(16) and doc.paragraphs[i].runs[0].bold
    assert doc.paragraphs[i + 1].runs[0].bold
    sign = doc.tables[-1]
    assert lines(sign.cell(0, 1)) == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    (label,) = runs(sign.cell(0, 0), "Nơi nhận:")
    assert label.underline
    assert lines(head_cell := doc.tables[0].cell(1, 0)) == ["Số       -BC/ĐU"], head_cell
    headings = [t for t in texts if t[:3] in {"I. ", "II.", "III"}]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
    ]


def test_fonts_sizes_and_margins(cast, report_data):
    doc = docx_of(cast.province, report_data)
    section = doc.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [mm(m) for m in margins] == [20, 20, 30, 15]
    every_run = [r for p in _all_paragraphs(doc) for r in p.runs if r.text.strip()]
    assert every_run and all(r.font.name == "Times New Roman" for r in every_run)
    body = [p for p in doc.paragraphs if p.text.startswith("Kết quả: ")]
    assert body and body[0].runs[0].font.size == Pt(14)


def _all_paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_page_numbers_from_page_two_only(cast, report_data):
    section = docx_of(cast.province, report_data).sections[0]
    assert section.different_first_page_header_footer
    instructions = [t.text for t in section.header._element.iter(f"{W}instrText")]
    assert [i.strip() for i in instructions] == ["PAGE"]
    assert section.header.paragraphs[0].alignment == 1  # centred
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not list(first._element.iter(f"{W}instrText"))
    assert not list(first._element.iter(f"{W}fldSimple"))


def test_state_format_for_a_people_committee(cast, report_data, people_committee):
    doc = docx_of(people_committee, report_data, report_date=dt.date(2025, 2, 9), doc_number=12)
    head = doc.tables[0]
    assert lines(head.cell(0, 0)) == ["ỦY BAN NHÂN DÂN\nPHƯỜNG CAO LÃNH"]
    assert lines(head.cell(1, 0)) == ["Số: 12/BC-UBND"]
    assert lines(head.cell(0, 1)) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert lines(head.cell(1, 1)) == ["Cao Lãnh, ngày 09 tháng 02 năm 2025"]
    (nation,) = runs(head.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    (motto,) = runs(head.cell(0, 1), "Độc lập - Tự do - Hạnh phúc")
    assert (nation.bold, nation.font.size) == (True, Pt(12))
    assert (motto.bold, motto.font.size) == (True, Pt(13))
    motto_rule = head.cell(0, 1).paragraphs[2]
    assert motto_rule._p.find(f"{W}pPr/{W}pBdr/{W}top") is not None
    sign = doc.tables[-1]
    assert lines(sign.cell(0, 1)) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    (label,) = runs(sign.cell(0, 0), "Nơi nhận:")
    assert label.bold and label.italic and not label.underline
    assert doc.sections[0].different_first_page_header_footer
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in [p.text for c in head._cells for p in c.paragraphs]


def test_every_figure_of_the_targets_table_is_the_json_figure(cast, report_data):
    doc = docx_of(cast.province, report_data)
    table = next(t for t in doc.tables if t.cell(0, 1).text == "Chỉ tiêu")
    body = table.rows[1:]
    entries = report_data["indicators"]
    assert len(body) == len(entries) == 4
    for row, entry in zip(body, entries, strict=True):
        cells = [c.text for c in row.cells]
        places = places_of(entry["display"])
        assert cells[1] == entry["name"] and cells[2] == entry["unit"]
        assert cells[3] == entry["target"]["text"]
        # The value as the JSON displays it, and the JSON's number at those decimals.
        assert entry["display"].startswith(cells[4])
        assert parse_decimal(cells[4]) == _rounded(entry["value"], places)
        assert parse_decimal(cells[5].rstrip("%")) == Decimal(str(entry["percent_of_target"]))
        assert parse_decimal(cells[7]) == _rounded(entry["same_period_last_year"], places)
    assert f"Kết quả: {report_data['summary']['sentence']}." in [p.text for p in doc.paragraphs]


def _rounded(value, places):
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


def test_missed_targets_are_listed(cast, report_data):
    texts = [p.text for p in docx_of(cast.province, report_data).paragraphs]
    missed = [t for t in texts if t.startswith("- ") and "kế hoạch" in t]
    names = {e["name"] for e in report_data["indicators"] if e["status"] == "khong_dat"}
    assert names and all(any(t.startswith(f"- {n}:") for t in missed) for n in names)
