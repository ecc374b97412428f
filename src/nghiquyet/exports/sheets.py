"""The sheet of each table page (``excel.excel``): its context, as the page shows it, turned
into columns and rows for people: unit names rather than codes, numbers as numbers with the
indicator's decimals, statuses in words, the period in words (``kinds.period_phrase``)."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from nghiquyet.core.formats import format_date_short
from nghiquyet.exports.excel import Sheet, ascii_name
from nghiquyet.exports.kinds import period_phrase
from nghiquyet.exports.tables import Column, Number, TitleBlock
from nghiquyet.indicators.achievement import STATUS_LABELS

NAME = Column("Chỉ tiêu", 46)
UNIT = Column("Đơn vị tính", 12)
PLAN = Column("Kế hoạch", 14)
VALUE = Column("Thực hiện", 14)
PERCENT = Column("% kế hoạch", 12, places=2, suffix="%")
STATUS = Column("Đánh giá", 16)


def _value(line: Any) -> Any:
    """The line's figure as a number with the indicator's decimals, or its text (milestones,
    qualitative targets), or None."""
    figure = line.figure
    if figure is None or figure.value is None:
        return line.display or None
    return Number(figure.value, line.indicator.decimals)


def _percent(line: Any) -> Any:
    return line.achievement.percent if line.achievement else None


def _target(line: Any) -> str:
    return line.target.text if line.target else ""


def _status(line: Any) -> str:
    return STATUS_LABELS.get(line.status or "", "")


def results(request: HttpRequest, context: dict[str, Any]) -> Sheet | None:
    """Kết quả thực hiện: one row per indicator of the unit."""
    view = context.get("view")
    if view is None:
        return None
    rows = [
        [
            i,
            r.line.indicator.name,
            r.line.indicator.unit,
            _target(r.line),
            _value(r.line),
            _percent(r.line),
            _status(r.line),
            r.outlook_label,
            r.line.coverage.sentence if r.line.coverage else "",
        ]
        for i, r in enumerate(view.results, start=1)
    ]
    columns = [Column("TT", 5), NAME, UNIT, PLAN, VALUE, PERCENT, STATUS]
    columns += [Column("Dự báo", 16), Column("Ghi chú", 30)]
    block = TitleBlock("Kết quả thực hiện các chỉ tiêu", view.org.name, period_phrase(view.period))
    return Sheet(block, columns, rows, ascii_name("ket-qua", view.org.code, view.period.code))


def children(request: HttpRequest, context: dict[str, Any]) -> Sheet | None:
    """Cấp dưới so sánh: one indicator, one row per child unit, in the page's order."""
    view = context.get("view")
    if view is None:
        return None
    rows = [
        [i, r.org.name, _target(r.line), _value(r.line), r.percent, r.status_label]
        for i, r in enumerate(view.rows, start=1)
    ]
    columns = [Column("TT", 5), Column("Đơn vị", 40), PLAN, VALUE, PERCENT, STATUS]
    unit = f" ({view.indicator.unit})" if view.indicator.unit else ""
    block = TitleBlock(
        f"{view.indicator.name}{unit} — các đơn vị cấp dưới",
        view.org.name,
        period_phrase(view.period),
    )
    name = ascii_name("cap-duoi", view.org.code, view.indicator.code, view.period.code)
    return Sheet(block, columns, rows, name)


def heat_map(request: HttpRequest, context: dict[str, Any]) -> Sheet | None:
    """Bản đồ nhiệt as people print it: indicators down, child units across, each cell the
    unit's figure (its status in the column after the units)."""
    view = context.get("view")
    if view is None:
        return None
    units = [org for org, _lines in view.rows]
    columns = [Column("TT", 5), NAME, UNIT, *(Column(o.name, 16) for o in units)]
    columns += [Column(f"Đánh giá — {o.name}", 16) for o in units]
    rows = []
    for i, indicator in enumerate(view.indicators):
        cells = [unit_lines[i] for _org, unit_lines in view.rows]
        figures, statuses = [_value(x) for x in cells], [_status(x) for x in cells]
        rows.append([i + 1, indicator.name, indicator.unit, *figures, *statuses])
    block = TitleBlock(
        "Kết quả các chỉ tiêu theo đơn vị cấp dưới", view.org.name, period_phrase(view.period)
    )
    name = ascii_name("chi-tieu-theo-don-vi", view.org.code, view.period.code)
    return Sheet(block, columns, rows, name)


def _rate(actual: int, expected: int) -> Any:
    """A share in % with 2 decimals, or None when nothing was expected."""
    return Number(round(Decimal(actual * 100) / expected, 2), 2, "%") if expected else None


def coverage(request: HttpRequest, context: dict[str, Any]) -> Sheet | None:
    """Tỷ lệ học tập, quán triệt: the unit's audiences, then each unit below it in total."""
    cover = context.get("coverage")
    if cover is None:
        return None
    rows: list[list[Any]] = [
        [cover.org.name, g.label, cover.sessions, g.expected, g.actual, _rate(g.actual, g.expected)]
        for g in cover.groups
    ]
    for child in context.get("children") or []:
        t = child.total
        rows.append(
            [
                child.org.name,
                t.label,
                child.sessions,
                t.expected,
                t.actual,
                _rate(t.actual, t.expected),
            ]
        )
    columns = [
        Column("Đơn vị", 40),
        Column("Đối tượng", 30),
        Column("Hội nghị", 10),
        Column("Số phải dự", 12),
        Column("Số dự", 12),
        Column("Tỷ lệ", 10, places=2, suffix="%"),
    ]
    document = context.get("document")
    block = TitleBlock(
        "Tỷ lệ học tập, quán triệt" + (f" — {document}" if document else ""), cover.org.name
    )
    return Sheet(block, columns, rows, ascii_name("hoc-tap", cover.org.code))


SUBMISSION_STATES = {"dung_han": "Đúng hạn", "tre_han": "Trễ hạn"}


def submissions(request: HttpRequest, context: dict[str, Any]) -> Sheet | None:
    """Tình hình gửi báo cáo of one form and period: one row per unit that must send it."""
    result, root, period = context.get("result"), context.get("root"), context.get("period")
    if result is None or root is None or period is None:
        return None
    rows = []
    for i, unit in enumerate(result.units, start=1):
        state = SUBMISSION_STATES.get(unit.state) or (
            "Quá hạn, chưa gửi" if unit.overdue else "Chưa gửi"
        )
        sub = unit.submission
        first = sub.first_submitted_at if sub else None
        rows.append([
            i,
            unit.org.name,
            state,
            sub.get_status_display() if sub else "",
            format_date_short(timezone.localtime(first).date()) if first else "",
            unit.reminders,
        ])  # fmt: skip
    columns = [
        Column("TT", 5),
        Column("Đơn vị", 40),
        Column("Tình trạng", 18),
        Column("Trạng thái báo cáo", 20),
        Column("Gửi lần đầu", 14),
        Column("Số lần nhắc", 10),
    ]
    form = context["form"]
    block = TitleBlock(f"Tình hình gửi báo cáo {form.name}", root.name, period_phrase(period))
    return Sheet(block, columns, rows, ascii_name("gui-bao-cao", form.code, root.code, period.code))


def compliance(request: HttpRequest, context: dict[str, Any]) -> Sheet | None:
    """Ma trận thực hiện yêu cầu: units down, the document's requirements across."""
    built, doc = context.get("matrix"), context.get("doc")
    if built is None or doc is None:
        return None
    columns = [Column("TT", 5), Column("Đơn vị", 40)]
    columns += [
        Column(f"{r.label} (hạn {format_date_short(r.deadline)})", 22) for r in built.requirements
    ]
    rows = [
        [i, unit.name, *(_compliance_cell(c) for c in cells)]
        for i, (unit, cells) in enumerate(context.get("rows") or [], start=1)
    ]
    block = TitleBlock(f"Thực hiện các yêu cầu của văn bản {doc}", doc.organisation.name)
    return Sheet(block, columns, rows, ascii_name("ma-tran", str(doc.pk)))


def _compliance_cell(cell: Any) -> str:
    if not cell:
        return "—"
    evidence = getattr(cell, "evidence", None)
    if evidence is None:
        return str(cell.label)
    return f"{cell.label}: {evidence.label} ({format_date_short(evidence.day)})"


TASK_COLUMNS = [
    Column("Được giao", 11),
    Column("Đến hạn", 11),
    Column("Đúng hạn", 11),
    Column("Trễ hạn", 11),
    Column("Quá hạn", 11),
    Column("Chưa đến hạn", 12),
]


def tasks(request: HttpRequest, context: dict[str, Any]) -> Sheet | None:
    """Thống kê nhiệm vụ: the unit's totals, per lead unit, then per source document."""
    org, period = context.get("org"), context.get("period")
    if org is None or period is None or "stats" not in context:
        return None
    rows: list[list[Any]] = [["Toàn đơn vị", org.name, *_tally(context["stats"])]]
    rows += [["Đơn vị chủ trì", unit.name, *_tally(t)] for unit, t in context["by_lead"]]
    rows += [
        ["Văn bản nguồn", str(doc) if doc else "(không có văn bản nguồn)", *_tally(t)]
        for doc, t in context.get("by_document") or []
    ]
    columns = [Column("Nhóm", 16), Column("Đơn vị / văn bản", 44), *TASK_COLUMNS]
    block = TitleBlock("Thống kê thực hiện nhiệm vụ", org.name, period_phrase(period))
    return Sheet(block, columns, rows, ascii_name("nhiem-vu", org.code, period.code))


def _tally(t: Any) -> list[int]:
    return [t.assigned, t.due, t.due_on_time, t.due_late, t.overdue, t.not_due]


def inspections(request: HttpRequest, context: dict[str, Any]) -> Sheet | None:
    """Kiểm tra, giám sát: the records the page lists (those the user may read)."""
    records = context.get("records")
    if records is None:
        return None
    rows = [
        [
            i,
            r.code,
            r.get_kind_display(),
            r.body.name,
            r.subject_org.name
            if r.subject_org
            else f"Đảng viên {r.member_name} ({r.member_unit.name if r.member_unit else ''})",
            format_date_short(r.start_date),
            r.get_result_display() if r.result else r.get_status_display(),
        ]
        for i, r in enumerate(records, start=1)
    ]
    columns = [
        Column("TT", 5),
        Column("Mã", 14),
        Column("Loại", 26),
        Column("Đơn vị thực hiện", 32),
        Column("Đối tượng", 36),
        Column("Từ ngày", 12),
        Column("Kết quả", 24),
    ]
    org = context.get("org")
    unit = org.name if org else "Các đơn vị trong phạm vi"
    block = TitleBlock("Danh sách cuộc kiểm tra, giám sát", unit)
    return Sheet(block, columns, rows, ascii_name("kiem-tra-giam-sat", org.code if org else ""))


def projects(request: HttpRequest, context: dict[str, Any]) -> Sheet | None:
    """Dự án đầu tư công of the period, amounts in tỷ đồng (the register's table)."""
    lines, period = context.get("projects"), context.get("period")
    if lines is None or period is None:
        return None
    rows = [
        [
            i,
            line.project.code,
            line.project.name,
            line.project.organisation.name,
            line.project.plan_label,
            line.project.total_investment,
            line.allocated,
            line.disbursed,
            Number(line.pct, 2, "%") if line.pct is not None else None,
        ]
        for i, line in enumerate(lines, start=1)
    ]
    columns = [
        Column("TT", 5),
        Column("Mã", 14),
        Column("Dự án", 40),
        Column("Đơn vị", 30),
        Column("Giai đoạn", 14),
        Column("Tổng mức đầu tư (tỷ đồng)", 16, 2),
        Column("Vốn giao (tỷ đồng)", 16, 2),
        Column("Giải ngân (tỷ đồng)", 16, 2),
        Column("Tỷ lệ giải ngân", 12, 2, "%"),
    ]
    org = context.get("org")
    unit = org.name if org else "Các đơn vị trong phạm vi"
    block = TitleBlock("Dự án đầu tư công", unit, period_phrase(period))
    name = ascii_name("du-an", org.code if org else "", period.code)
    return Sheet(block, columns, rows, name)
