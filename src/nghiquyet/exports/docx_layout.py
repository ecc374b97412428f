"""DOCX page set-up, runs, the header block and the signature block.

Party format: Hướng dẫn 36-HD/VPTW (DOMAIN.md §1.3, §1.4). State format: Nghị định
30/2020/NĐ-CP, Phụ lục I (DOMAIN.md §1.7). Sizes are in points, lengths in millimetres.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from nghiquyet.exports.letterhead import Letterhead

FONT = "Times New Roman"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# A4 with HD36 margins 20/20/30/15 mm (DOMAIN.md §1.4); they also lie inside NĐ 30's ranges
# (top and bottom 20-25, left 30-35, right 15-20), so both formats share them.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
# Printed widths of the fixed titles, measured on the rendered PDF with the metric-compatible
# Liberation Serif: the rule under each is exactly as long as the text above it.
PARTY_TITLE_MM = 73.0
MOTTO_MM = 56.0
STATE_ISSUER_RULE_MM = 25.0
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


@dataclass(frozen=True)
class Style:
    """Sizes of each element. ``left_mm`` is the width of the header's left column."""

    title: float
    motto: float
    bodies: float
    number: float
    place_date: float
    type_name: float
    summary: float
    body: float
    table: float
    page_number: float
    recipients_label: float
    recipients: float
    left_mm: float


# HD36 appendix table (DOMAIN.md §1.4): title 15 bold; bodies 14; number 14; place and date 14
# italic; type name 15-16 bold; summary 14-15 bold; body 14-15; "Nơi nhận" 14, list 12.
PARTY = Style(15, 0, 14, 14, 14, 16, 14, 14, 12, 14, 14, 12, 75)
# NĐ 30 Phụ lục I (DOMAIN.md §1.7): national title 12-13 bold; motto 13-14 bold; bodies 12-13;
# number 13; place and date 13-14 italic; type name 13-14; body 13-14; page number 13-14;
# "Nơi nhận" 12 bold italic, list 11.
STATE = Style(12, 13, 13, 13, 14, 14, 14, 14, 12, 14, 12, 11, 60)


def run(
    p: Paragraph,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> None:
    """Append ``text`` in Times New Roman at ``size`` with the style flags set explicitly."""
    r = p.add_run(text)
    font = r.font
    font.name, font.size = FONT, Pt(size)
    font.bold, font.italic, font.underline = bold, italic, underline
    fonts = r._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    fonts.set(qn("w:cs"), FONT)


def para(
    parent: DocxDocument | _Cell,
    align: int | None = CENTER,
    *,
    before: float = 0,
    after: float = 0,
    first_line_mm: float = 0,
) -> Paragraph:
    """A new paragraph (a cell's first, still empty paragraph is reused)."""
    # Only a cell's paragraphs are looked at: listing a whole document's paragraphs at every
    # new one made a long report quadratic (issue 13).
    existing = parent.paragraphs if isinstance(parent, _Cell) else []
    reuse = len(existing) == 1 and not existing[0].text
    p = existing[0] if reuse else parent.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    if first_line_mm:
        fmt.first_line_indent = Mm(first_line_mm)
    return p


def rule_after(cell: _Cell, rule_mm: float, column_mm: float) -> None:
    """A solid line, ``rule_mm`` long and centred in its column, right under the last
    paragraph: an empty 1-point paragraph whose top border is the line."""
    p = para(cell, before=2)
    side = Mm(max(column_mm - rule_mm, 0) / 2)
    p.paragraph_format.left_indent = side
    p.paragraph_format.right_indent = side
    ppr = p._p.get_or_add_pPr()
    ppr.insert_element_before(_border("top"), *_AFTER_PBDR)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    ppr.append(mark)


# Children of w:pPr that must follow w:pBdr (ECMA-376 order), so Word accepts the file.
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _border(side: str) -> Any:
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        edge.set(qn(f"w:{key}"), value)
    borders.append(edge)
    return borders


def page_setup(doc: DocxDocument, style: Style) -> None:
    """A4, the margins above, Times New Roman as the default, page numbers from page 2."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"].font
    normal.name, normal.size = FONT, Pt(style.body)
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    page_numbers(section, style.page_number)


def page_numbers(section: Section, size: float) -> None:
    """Arabic page numbers centred in the top margin, none on page 1: page 1 has its own,
    empty header (HD36, DOMAIN.md §1.4; NĐ 30 Phụ lục I, §1.7)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    p = section.header.paragraphs[0]
    p.paragraph_format.alignment = CENTER
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("", "2")):
        _field_part(p, kind, text, size)
    _field_part(p, "end", "", size)


def _field_part(p: Paragraph, kind: str, text: str, size: float) -> None:
    run(p, "" if kind else text, size)
    r = p.runs[-1]._r
    if kind == "instr":
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = text
        r.append(instr)
    elif kind:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        r.append(char)


def borderless(table: Table, widths_mm: Sequence[float]) -> None:
    """No borders, fixed column widths (Word and LibreOffice both honour cell widths)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tbl_pr.insert_element_before(
        borders,
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    )
    fixed_widths(table, widths_mm)


def fixed_widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Fixed layout (``autofit = False`` writes w:tblLayout) and the given column widths."""
    table.autofit = False
    for row in table.rows:
        for cell, mm in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(mm)
    for column, mm in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(mm)


def header_block(doc: DocxDocument, head: Letterhead, style: Style) -> None:
    """Two borderless columns in two rows, so that the number line and the place-and-date line
    sit on the same level: left, the issuing body and ``Số``; right, the title and the date."""
    right_mm = TEXT_WIDTH_MM - style.left_mm
    table = doc.add_table(rows=2, cols=2)
    borderless(table, [style.left_mm, right_mm])
    left, right = table.cell(0, 0), table.cell(0, 1)
    if head.superior:
        run(para(left), head.superior, style.bodies)
    run(para(left), head.issuer, style.bodies, bold=True)
    if head.state:
        rule_after(left, STATE_ISSUER_RULE_MM, style.left_mm)
        _state_titles(right, style, right_mm)
    else:
        run(para(left), "*", style.bodies)
        run(para(right), PARTY_TITLE, style.title, bold=True)
        rule_after(right, PARTY_TITLE_MM, right_mm)
    run(para(table.cell(1, 0), before=6), head.number_line, style.number)
    run(para(table.cell(1, 1), before=6), head.place_date, style.place_date, italic=True)


def _state_titles(cell: _Cell, style: Style, width_mm: float) -> None:
    run(para(cell), NATIONAL_TITLE, style.title, bold=True)
    run(para(cell), MOTTO, style.motto, bold=True)
    rule_after(cell, MOTTO_MM, width_mm)


def title_block(doc: DocxDocument, summary: str, style: Style) -> None:
    """Type name and summary, centred and bold; a short dash line under them (HD36 §1.3)."""
    run(para(doc, before=18), "BÁO CÁO", style.type_name, bold=True)
    run(para(doc), summary, style.summary, bold=True)
    run(para(doc, after=12), "-----", style.summary)


def signature_block(doc: DocxDocument, head: Letterhead, style: Style) -> None:
    """Recipients on the left, the signer's authority and title on the right. "Nơi nhận:" is
    underlined in Party documents (HD36 §1.3) and bold italic in State ones (NĐ 30)."""
    table = doc.add_table(rows=1, cols=2)
    borderless(table, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2])
    left, right = table.cell(0, 0), table.cell(0, 1)
    label = para(left, LEFT, before=12)
    if head.state:
        run(label, "Nơi nhận:", style.recipients_label, bold=True, italic=True)
    else:
        run(label, "Nơi nhận:", style.recipients_label, underline=True)
    for line in head.recipients:
        run(para(left, LEFT), line, style.recipients)
    if head.authority:
        run(para(right, before=12), head.authority, style.body, bold=True)
    run(para(right, before=0 if head.authority else 12), head.title, style.body, bold=True)
