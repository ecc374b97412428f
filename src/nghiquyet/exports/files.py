"""One builder for every report file: the web page, the API and ``nghiquyet report`` all call
``render`` (a saved draft version) or ``render_report`` (a report built on the spot)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nghiquyet.core.actors import AnyUser
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.core.report import build_report
from nghiquyet.exports.content import ReportContent, limitations_from_apps
from nghiquyet.exports.docx_render import render_docx
from nghiquyet.exports.kinds import Choice, derive_kind
from nghiquyet.exports.models import FileFormat
from nghiquyet.exports.pdf import docx_to_pdf
from nghiquyet.exports.selectors import latest_version_of
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


# What ``nghiquyet report --kind`` accepts, and the choice of ``kinds.Choice`` each one is.
CLI_KINDS = {"periodic": Choice.DINH_KY, "so_ket": Choice.SO_KET, "tong_ket": Choice.TONG_KET}


def render_report(
    *, org: "Organisation", period: Period, actor: AnyUser, fmt: str, kind: str | None = None
) -> ExportedFile:
    """A file of the report built now (the command line). ``kind`` is a ``CLI_KINDS`` key;
    None means periodic, or the tổng kết of a term. The narrative (limitations, directions)
    and the document number are those of the latest saved version of the unit's draft of that
    kind and period when there is one, else the narrative a new draft starts with (empty).
    Raises NotFoundError outside the actor's scope, ValueError (Vietnamese message) for a
    kind the period has no report of."""
    if kind is None:
        choice = Choice.TONG_KET if period.kind is PeriodKind.TERM else Choice.DINH_KY
    elif kind in CLI_KINDS:
        choice = CLI_KINDS[kind]
    else:
        raise ValueError(f"Loại báo cáo “{kind}” không hợp lệ; dùng {', '.join(CLI_KINDS)}.")
    report_kind = derive_kind(period, choice)
    data = build_report(org=org, period=period, actor=actor)
    saved = latest_version_of(actor, org, period.code, report_kind.value)
    content = ReportContent(
        org=org,
        period=period,
        kind=report_kind,
        data=data,
        limitations=saved.limitations
        if saved
        else limitations_from_apps(org=org, period=period, actor=actor),
        directions=saved.directions if saved else "",
        doc_number=saved.doc_number if saved else None,
    )
    return render(content, fmt)
