"""The body of the DOCX report: numbered parts (I, II, III) and sections (1., 2.) written from
the report JSON, then the two narrative parts.

Every section of the JSON is written: the known ones in report prose, any other (an app added
later) as a plain list of its figures, so that no figure is silently left out.
"""

from collections.abc import Callable
from typing import Any

from docx.document import Document as DocxDocument

from nghiquyet.exports import docx_layout as layout
from nghiquyet.exports.content import ReportContent
from nghiquyet.exports.figures import TargetRow, met_sentence, missed, target_rows, vn
from nghiquyet.exports.prose import (
    dissemination_lines,
    documents_lines,
    generic_lines,
    key_words,
    oversight_lines,
    ratings_lines,
    registers_lines,
    submissions_lines,
    tasks_lines,
)

ROMAN = ("I", "II", "III", "IV", "V", "VI")
# Titles of sections other apps may add later; any other key is written as words.
SECTION_TITLES = {
    "recommendations": "Kiến nghị, đề xuất",
    "requirements": "Thực hiện các yêu cầu của văn bản",
    "outlook": "Dự báo khả năng hoàn thành chỉ tiêu",
}
META_KEYS = frozenset({"org", "period", "generated_at", "summary"})
TABLE_HEAD = (
    "TT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Kế hoạch",
    "Thực hiện",
    "% kế hoạch",
    "Đánh giá",
    "Cùng kỳ",
)
TABLE_MM = [10, 37, 22, 19, 19, 20, 19, 19]

Writer = Callable[[DocxDocument, ReportContent, layout.Style], None]


def heading(doc: DocxDocument, text: str, style: layout.Style) -> None:
    layout.run(
        layout.para(doc, layout.JUSTIFY, before=12, after=0, first_line_mm=10),
        text,
        style.body,
        bold=True,
    )


def text(doc: DocxDocument, line: str, style: layout.Style, *, italic: bool = False) -> None:
    p = layout.para(doc, layout.JUSTIFY, before=6, first_line_mm=10)
    layout.run(p, line, style.body, italic=italic)


def write_body(doc: DocxDocument, content: ReportContent, style: layout.Style) -> None:
    parts = [
        ("KẾT QUẢ THỰC HIỆN", lambda: _results(doc, content, style)),
        ("HẠN CHẾ, NGUYÊN NHÂN", lambda: _narrative(doc, content.limitations, style)),
        ("PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", lambda: _narrative(doc, content.directions, style)),
    ]
    for number, (title, write) in zip(ROMAN, parts, strict=False):
        heading(doc, f"{number}. {title}", style)
        write()


def _results(doc: DocxDocument, content: ReportContent, style: layout.Style) -> None:
    sections = _sections(content.data)
    for number, (title, write) in enumerate(sections, start=1):
        heading(doc, f"{number}. {title}", style)
        write(doc, content, style)


def _sections(data: dict[str, Any]) -> list[tuple[str, Writer]]:
    known: dict[str, tuple[str, Writer]] = {
        "documents": (
            "Công tác cụ thể hóa, ban hành văn bản",
            _lines("documents", documents_lines),
        ),
        "dissemination": (
            "Công tác học tập, quán triệt",
            _lines("dissemination", dissemination_lines),
        ),
        "indicators": ("Kết quả thực hiện các chỉ tiêu", _indicators),
        "tasks": ("Thực hiện các nhiệm vụ", _lines("tasks", tasks_lines)),
        "oversight": (
            "Công tác kiểm tra, giám sát và đánh giá, xếp loại",
            _joined(_lines("oversight", oversight_lines), _lines("ratings", ratings_lines)),
        ),
        "registers": (
            "Mô hình, phong trào, khảo sát và dự án đầu tư công",
            _lines("registers", registers_lines),
        ),
        "submissions": ("Công tác báo cáo định kỳ", _lines("submissions", submissions_lines)),
    }
    if "ratings" in data and "oversight" not in data:
        known["oversight"] = ("Công tác đánh giá, xếp loại", _lines("ratings", ratings_lines))
        data = {"oversight": None} | data
    order = [k for k in known if k in data]
    others = [k for k in data if k not in known and k not in META_KEYS | {"ratings"}]
    return [known[k] for k in order] + [
        (SECTION_TITLES.get(k, key_words(k).capitalize()), _lines(k, generic_lines)) for k in others
    ]


def _joined(*writers: Writer) -> Writer:
    def write(doc: DocxDocument, content: ReportContent, style: layout.Style) -> None:
        for one in writers:
            one(doc, content, style)

    return write


def _lines(key: str, make: Callable[[Any], list[str]]) -> Writer:
    """A writer of one paragraph per line that ``make`` draws from ``data[key]``."""

    def write(doc: DocxDocument, content: ReportContent, style: layout.Style) -> None:
        for line in make(content.data.get(key)):
            text(doc, line, style)

    return write


def _indicators(doc: DocxDocument, content: ReportContent, style: layout.Style) -> None:
    rows = target_rows(content.data)
    sentence = met_sentence(content.data)
    if sentence:
        text(doc, f"Kết quả: {sentence.rstrip('.')}.", style)
    if rows:
        target_table(doc, rows, style)
        _table_notes(doc, rows, style)
    missing = missed(rows)
    if missing:
        text(doc, "Các chỉ tiêu không đạt, chưa đạt kế hoạch:", style)
        for row in missing:
            text(doc, f"- {_missed_line(row)}", style)


def _table_notes(doc: DocxDocument, rows: list[TargetRow], style: layout.Style) -> None:
    """What the figures of the table stand on: cumulative spans, how many units the totals
    come from, figures of the same period taken from predecessor units."""
    noted = [(i, row) for i, row in enumerate(rows, start=1) if row.notes]
    if noted:
        text(doc, "Ghi chú:", style, italic=True)
    for i, row in noted:
        text(doc, f"- Chỉ tiêu {i} ({row.name}): {row.note_text}.", style, italic=True)


def _missed_line(row: TargetRow) -> str:
    unit = f" {row.unit}" if row.unit and row.unit not in {"%", "‰"} else row.unit
    figure = vn(row.value, row.places) if row.value is not None else row.value_text
    cumulative = " (lũy kế)" if row.cumulative else ""
    done = f"thực hiện {figure}{unit}{cumulative}" if figure else "chưa có số liệu"
    share = f", đạt {row.percent_text} kế hoạch" if row.percent_text else ""
    return f"{row.name}: {done}, kế hoạch {row.plan}{share}."


def target_table(doc: DocxDocument, rows: list[TargetRow], style: layout.Style) -> None:
    """The targets table: one row per indicator, every figure from the JSON (``figures``)."""
    table = doc.add_table(rows=1, cols=len(TABLE_HEAD))
    table.style = "Table Grid"
    layout.fixed_widths(table, TABLE_MM)
    for cell, label in zip(table.rows[0].cells, TABLE_HEAD, strict=True):
        layout.run(layout.para(cell), label, style.table, bold=True)
    _repeat_header(table)
    for i, row in enumerate(rows, start=1):
        values = (
            str(i),
            row.name,
            row.unit,
            row.plan,
            row.value_text,
            row.percent_text,
            row.status_label,
            row.last_year_text,
        )
        cells = table.add_row().cells
        for j, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.width = layout.Mm(TABLE_MM[j])
            layout.run(
                layout.para(cell, layout.LEFT if j == 1 else layout.CENTER), value, style.table
            )


def _repeat_header(table: Any) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    mark = layout.OxmlElement("w:tblHeader")
    mark.set(layout.qn("w:val"), "true")
    tr_pr.append(mark)


def _narrative(doc: DocxDocument, body: str, style: layout.Style) -> None:
    paragraphs = [p.strip() for p in body.splitlines() if p.strip()]
    if not paragraphs:
        text(doc, "(Chưa có nội dung.)", style, italic=True)
    for line in paragraphs:
        text(doc, line, style)
