"""The report as a DOCX: header, title, body, signature (HD 36-HD/VPTW, or NĐ 30/2020 for
people's committees and other State-side units)."""

import io

from docx import Document

from nghiquyet.exports import docx_layout as layout
from nghiquyet.exports.content import ReportContent
from nghiquyet.exports.docx_body import write_body


def render_docx(content: ReportContent) -> bytes:
    """The DOCX file of ``content`` as bytes."""
    head = content.head
    style = layout.STATE if head.state else layout.PARTY
    doc = Document()
    layout.page_setup(doc, style)
    layout.header_block(doc, head, style)
    layout.title_block(doc, content.summary, style)
    write_body(doc, content, style)
    layout.signature_block(doc, head, style)
    core = doc.core_properties
    core.title = f"Báo cáo {content.summary}"
    core.author = content.unit_name
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
