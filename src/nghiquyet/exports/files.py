"""One builder for every report file: the web page, the API and ``nghiquyet report`` all call
``render`` (a saved draft version) or ``render_report`` (a report built on the spot)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nghiquyet.core.actors import AnyUser
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.core.report import build_report
from nghiquyet.exports.content import ReportContent
from nghiquyet.exports.docx_render import render_docx
from nghiquyet.exports.kinds import Choice, derive_kind
from nghiquyet.exports.models import FileFormat
from nghiquyet.exports.pdf import docx_to_pdf
from nghiquyet.exports.xlsx_render import render_xlsx

if TYPE_CHECKING:
    from nghiquyet.orgs.models import Organisation

CONTENT_TYPES = {
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.PDF: "application/pdf",
}


@dataclass(frozen=True)
class ExportedFile:
    filename: str
    content_type: str
    data: bytes


def render(content: ReportContent, fmt: str) -> ExportedFile:
    """The file of ``content`` in ``fmt`` (``docx``, ``xlsx`` or ``pdf``; PDF is the DOCX
    converted, so both look the same). Raises ValueError for another format."""
    kind = FileFormat(fmt)
    if kind is FileFormat.XLSX:
        data = render_xlsx(content)
    else:
        data = render_docx(content)
        if kind is FileFormat.PDF:
            data = docx_to_pdf(data)
    return ExportedFile(content.filename(kind.value), CONTENT_TYPES[kind], data)


def render_report(*, org: "Organisation", period: Period, actor: AnyUser, fmt: str) -> ExportedFile:
    """A file of the report built now, without a draft (the command line): a periodic report,
    or the tổng kết of a term; no narrative. Raises NotFoundError outside the actor's scope."""
    data = build_report(org=org, period=period, actor=actor)
    choice = Choice.TONG_KET if period.kind is PeriodKind.TERM else Choice.DINH_KY
    content = ReportContent(org=org, period=period, kind=derive_kind(period, choice), data=data)
    return render(content, fmt)
