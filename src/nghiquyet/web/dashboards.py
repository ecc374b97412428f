"""Dashboard reads (issue 12, item 5): the results page, children side by side, the status heat
map and the start page tiles. Every function reads through the owning apps' ``visible_to``
selectors and runs a number of queries that does not grow with the number of units: the figures
and targets of all children come in one query each (``_children_lines``).

Shapes are plain dataclasses for the templates; numbers stay ``Decimal`` until the template or
``web.charts`` writes them.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.formats import format_number
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.documents.models import Document
from nghiquyet.documents.selectors import document_visible
from nghiquyet.explanations.models import ExplanationRequest
from nghiquyet.explanations.selectors import explanations_by_indicator
from nghiquyet.explanations.services import AT_RISK, may_ask
from nghiquyet.indicators import selectors as ind
from nghiquyet.indicators.achievement import (
    CHUA_CO_SO_LIEU,
    CHUA_DAT,
    DAT,
    KHONG_DAT,
    STATUS_BADGES,
    STATUS_LABELS,
    TAM_TINH,
    VUOT,
)
from nghiquyet.indicators.models import (
    FieldGroup,
    Indicator,
    Target,
)
from nghiquyet.indicators.outlook import (
    CO_NGUY_CO,
    DUNG_TIEN_DO,
    KHONG_DAT_DUOC,
    OUTLOOK_LABELS,
    outlook,
)
from nghiquyet.indicators.report import summary
from nghiquyet.indicators.side_by_side import lines_of_units
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting import selectors as reporting
from nghiquyet.tasks.selectors import task_statistics
from nghiquyet.web import charts
from nghiquyet.web.compliance import ComplianceTile, compliance_tile
from nghiquyet.web.work import ReportCollected, latest_ended

# Chart class of each status; the label always travels with it.
STATUS_CSS = {
    VUOT: "chart-ok",
    DAT: "chart-ok",
    CHUA_DAT: "chart-warn",
    TAM_TINH: "chart-warn",
    KHONG_DAT: "chart-bad",
    CHUA_CO_SO_LIEU: "chart-none",
}
STATUS_ORDER = (KHONG_DAT, CHUA_DAT, TAM_TINH, CHUA_CO_SO_LIEU, DAT, VUOT)
OUTLOOK_BADGES = {DUNG_TIEN_DO: "ok", CO_NGUY_CO: "warn", KHONG_DAT_DUOC: "bad"}
TREND_YEARS = 5
TREND_QUARTERS = 8
TILES = 6
RECENT_DOCUMENTS = 5


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status or "", "Chưa giao chỉ tiêu")


def period_choices(today: dt.date | None = None) -> list[Period]:
    """The periods offered by the pickers: the quarters, halves, nine months and years of the
    last three years (newest first) and the current and previous plan periods."""
    today = today or timezone.localdate()
    out: list[Period] = []
    for year in range(today.year, today.year - 3, -1):
        out.append(Period(PeriodKind.YEAR, year))
        out.append(Period(PeriodKind.NINE_MONTHS, year))
        out += [Period(PeriodKind.HALF, year, h) for h in (2, 1)]
        out += [Period(PeriodKind.QUARTER, year, q) for q in (4, 3, 2, 1)]
    out.append(Period.parse("2026-2030"))
    out.append(Period.parse("2021-2025"))
    return out


@dataclass
class Result:
    """One line of the results page: the indicator's line, its outlook and its trend charts."""

    line: ind.Line
    outlook: str | None
    trend: str = ""
    explanations: list[ExplanationRequest] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return status_label(self.line.status)

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES.get(self.line.status or "", "")

    @property
    def outlook_label(self) -> str:
        return OUTLOOK_LABELS.get(self.outlook or "", "")

    @property
    def outlook_badge(self) -> str:
        return OUTLOOK_BADGES.get(self.outlook or "", "")

    @property
    def at_risk(self) -> bool:
        return self.outlook in AT_RISK


@dataclass
class Results:
    org: Organisation
    period: Period
    group: str
    results: list[Result]
    summary: dict[str, object]
    overall: str
    by_group: list[tuple[str, str]]
    may_ask: bool = False


def results(user: AnyUser, org: Organisation, period: Period, group: str = "") -> Results:
    """The results page of ``org`` for ``period``, optionally one field group (``FieldGroup``
    value): each line with its outlook and a trend chart of the last years against the target,
    the status distribution overall and per field group."""
    indicators = ind.indicators_for(user, org)
    if group in FieldGroup.values:
        indicators = [i for i in indicators if i.field_group == group]
    lines = ind.dashboard_lines(org=org, period=period, indicators=indicators)
    trends = _trends(org, period, [line.indicator for line in lines])
    asked = explanations_by_indicator(user, org, period)
    found = [
        Result(
            line,
            outlook(line, period),
            trends.get(line.indicator.pk, ""),
            asked.get(line.indicator.pk, []),
        )
        for line in lines
    ]
    names = dict(FieldGroup.choices)
    by_group = []
    for code in sorted({line.indicator.field_group for line in lines}):
        mine = [line for line in lines if line.indicator.field_group == code]
        name = names.get(code, code)
        by_group.append((name, _distribution(name, mine, charts.NARROW)))
    overall = _distribution("Tất cả chỉ tiêu", lines)
    return Results(org, period, group, found, summary(lines), overall, by_group, may_ask(user, org))


def _distribution(title: str, lines: list[ind.Line], width: int = charts.WIDTH) -> str:
    counts: defaultdict[str, int] = defaultdict(int)
    for line in lines:
        if line.target is not None:
            counts[line.status or CHUA_CO_SO_LIEU] += 1
    segments = [charts.Segment(STATUS_LABELS[s], counts[s], STATUS_CSS[s]) for s in STATUS_ORDER]
    desc = "; ".join(f"{s.label}: {s.count}" for s in segments if s.count) or "Chưa có chỉ tiêu"
    columns = 3 if width == charts.WIDTH else 2
    return charts.stacked_bar(f"Đánh giá chỉ tiêu — {title}", desc, segments, width, columns)


def _trends(org: Organisation, period: Period, indicators: list[Indicator]) -> dict[int, str]:
    """A line chart per numeric indicator: the figures of the last ``TREND_YEARS`` years ending
    with ``period``'s year, against that year's target (two queries in all)."""
    numeric = {i.pk: i for i in indicators if i.is_numeric}
    last = period.year_period().year
    years = [Period(PeriodKind.YEAR, y) for y in range(last - TREND_YEARS + 1, last + 1)]
    figures = ind.load_figures(org, years[0].start, years[-1].end, numeric)
    targets: dict[int, list[Target]] = defaultdict(list)
    for row in Target.objects.filter(
        organisation=org, indicator_id__in=list(numeric), period_end__gte=years[0].start
    ):
        targets[row.indicator_id].append(row)
    out: dict[int, str] = {}
    for pk, indicator in numeric.items():
        points = []
        for year in years:
            figure = ind.resolve(indicator, year, figures)
            value = figure.value if figure else None
            text = format_number(value, indicator.decimals) if value is not None else ""
            points.append(charts.Point(str(year.year), value, text))
        target = ind.pick_target(targets[pk], years[-1])
        low = target.low if target is not None else None
        text = f"Chỉ tiêu {years[-1].year}: {target.text}" if target else ""
        desc = "; ".join(f"{p.label}: {p.text or 'chưa có số liệu'}" for p in points)
        title = f"{indicator.name} qua các năm" + (f" ({indicator.unit})" if indicator.unit else "")
        out[pk] = charts.line_chart(title, f"{desc}. {text}", points, low, text)
    return out


@dataclass
class ChildRow:
    org: Organisation
    line: ind.Line

    @property
    def status_label(self) -> str:
        return status_label(self.line.status)

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES.get(self.line.status or "", "")

    @property
    def percent(self) -> Decimal | None:
        return self.line.achievement.percent if self.line.achievement else None


@dataclass
class SideBySide:
    org: Organisation
    period: Period
    indicator: Indicator
    rows: list[ChildRow]
    chart: str


def visible_children(user: AnyUser, org: Organisation, period: Period) -> list[Organisation]:
    """The units directly under ``org`` active at the end of ``period`` that ``user`` sees."""
    return list(
        Organisation.objects.visible_to(user)
        .filter(parent=org)
        .active_at(period.end)
        .order_by("path")
    )


def side_by_side(
    user: AnyUser, org: Organisation, indicator: Indicator, period: Period
) -> SideBySide:
    """Every child of ``org``: value, % of plan and status of ``indicator`` for ``period``,
    sorted by % of plan (highest first, units without one last), with a bar chart."""
    children = visible_children(user, org, period)
    lines = lines_of_units(children, [indicator], period)
    rows = [ChildRow(c, lines[c.pk][indicator.pk]) for c in children]
    rows.sort(key=lambda r: (r.percent is None, -(r.percent or 0), r.org.path))
    bars = [
        charts.Bar(
            r.org.name,
            r.line.figure.value if r.line.figure else None,
            f"{r.line.display or 'chưa có số liệu'} · {r.status_label}"
            + (f" · {format_number(r.percent, 2)}%" if r.percent is not None else ""),
            STATUS_CSS.get(r.line.status or "", "chart-none"),
            f"{reverse('web:results', args=[r.org.code])}?{urlencode({'ky': period.code})}",
        )
        for r in rows
    ]
    desc = "; ".join(b.label + ": " + b.text for b in bars)
    chart = charts.bar_chart(f"{indicator.name} — {period.label}", desc, bars)
    return SideBySide(org, period, indicator, rows, chart)


@dataclass
class HeatMap:
    org: Organisation
    period: Period
    indicators: list[Indicator]
    rows: list[tuple[Organisation, list[ind.Line]]] = field(default_factory=list)


def heat_map(user: AnyUser, org: Organisation, period: Period, group: str = "") -> HeatMap:
    """Children of ``org`` × the indicators that apply to ``org``: the status of each cell."""
    indicators = ind.indicators_for(user, org)
    if group in FieldGroup.values:
        indicators = [i for i in indicators if i.field_group == group]
    children = visible_children(user, org, period)
    lines = lines_of_units(children, indicators, period)
    rows = [(c, [lines[c.pk][i.pk] for i in indicators]) for c in children]
    return HeatMap(org, period, indicators, rows)


@dataclass(frozen=True)
class SubmissionTile:
    """One form the unit collects: ``sent`` of ``expected`` units sent it, ``on_time`` of them
    by the deadline ("23/26 đơn vị đã gửi, 20 đúng hạn")."""

    form_name: str
    period: Period
    expected: int
    sent: int
    on_time: int
    form_code: str = ""
    org_code: str = ""

    @property
    def url(self) -> str:
        """The form's submission status for the unit and period (who sent, who is late)."""
        query = urlencode({"don_vi": self.org_code, "ky": self.period.code})
        return f"{reverse('reporting:form', args=[self.form_code])}?{query}"

    @property
    def status_label(self) -> str:
        """The coverage in words, so that the badge's colour is never the only signal."""
        missing = self.expected - self.sent
        return f"Còn {format_number(missing)} đơn vị chưa gửi" if missing else "Đã gửi đủ"

    @property
    def badge(self) -> str:
        return "warn" if self.sent < self.expected else "ok"

    @property
    def sentence(self) -> str:
        return (
            f"{format_number(self.sent)}/{format_number(self.expected)} đơn vị đã gửi, "
            f"{format_number(self.on_time)} đúng hạn"
        )


@dataclass
class StartTiles:
    org: Organisation
    period: Period
    tiles: list[Result]
    submissions: list[SubmissionTile]
    overdue_tasks: int
    overdue_items: list[dict[str, object]]
    documents: list[Document]
    compliance: ComplianceTile
    has_children: bool = False

    @property
    def tasks_url(self) -> str:
        """The task statistics of the unit's subtree for this year (the overdue count's span)."""
        query = urlencode({"don_vi": self.org.code, "ky": self.compliance.period.code})
        return f"{reverse('tasks:statistics')}?{query}"

    @property
    def overdue_links(self) -> list[tuple[dict[str, object], str]]:
        """Each overdue task with the overdue tasks of its lead unit (where it is acted on)."""
        url = reverse("tasks:index")
        return [
            (item, f"{url}?{urlencode({'don_vi': item['lead'], 'trang_thai': 'qua_han'})}")
            for item in self.overdue_items
        ]

    @property
    def linked_tiles(self) -> list[tuple[Result, str]]:
        return [(tile, self.tile_url(tile)) for tile in self.tiles]

    def tile_url(self, result: Result) -> str:
        """Where a tile drills down, keeping its period: the children side by side for a
        numeric indicator of a unit with units below, else the unit's results page."""
        query = {"ky": self.period.code}
        if self.has_children and result.line.indicator.is_numeric:
            query["chi_tieu"] = result.line.indicator.code
            return f"{reverse('web:children', args=[self.org.code])}?{urlencode(query)}"
        return f"{reverse('web:results', args=[self.org.code])}?{urlencode(query)}"


def latest_quarter(today: dt.date) -> Period:
    """The last quarter that ended before ``today``."""
    current = Period(PeriodKind.QUARTER, today.year, (today.month - 1) // 3 + 1)
    return current.previous()


def start_tiles(
    user: AnyUser,
    org: Organisation,
    today: dt.date | None = None,
    *,
    collected: list[ReportCollected] | None = None,
) -> StartTiles:
    """The start page block of ``org``: up to ``TILES`` indicator tiles for the last ended
    quarter (those furthest from their target first, each with status and outlook in words),
    submission coverage and timeliness of the forms ``org`` collects, compliance with the open
    requirements addressed to its subtree (``web.compliance.compliance_tile``), overdue tasks of
    its subtree this year and the latest documents ``user`` sees. Bounded queries: a fixed
    number per form ``org`` issued and per open requirement, none per unit. ``collected``, the
    start page's list of the forms ``org`` collects (``web.work.unit_work``, same user, unit and
    day), saves computing their completeness twice."""
    today = today or timezone.localdate()
    period = latest_quarter(today)
    lines = [
        line
        for line in ind.dashboard_lines(
            org=org, period=period, indicators=ind.indicators_for(user, org)
        )
        if line.target is not None
    ]
    lines.sort(key=lambda line: STATUS_ORDER.index(line.status or CHUA_CO_SO_LIEU))
    tasks = task_statistics(
        user=user, org=org, start=dt.date(today.year, 1, 1), end=today, today=today
    )
    return StartTiles(
        org=org,
        period=period,
        tiles=[Result(line, outlook(line, period)) for line in lines[:TILES]],
        submissions=_submission_tiles(user, org, today)
        if collected is None
        else [_tile(c, org) for c in collected],
        overdue_tasks=tasks.overdue,
        overdue_items=tasks.overdue_items[:5],
        documents=list(
            document_visible(user)
            .select_related("organisation")
            .order_by("-issue_date", "-pk")[:RECENT_DOCUMENTS]
        ),
        compliance=compliance_tile(user, org, today),
        has_children=Organisation.objects.visible_to(user).filter(parent=org).exists(),
    )


def _tile(collected: ReportCollected, org: Organisation) -> SubmissionTile:
    return SubmissionTile(
        collected.form.name,
        collected.period,
        collected.expected,
        collected.sent,
        collected.on_time,
        collected.form.code,
        org.code,
    )


def _submission_tiles(user: AnyUser, org: Organisation, today: dt.date) -> list[SubmissionTile]:
    out = []
    for form in reporting.form_visible(user).filter(is_active=True, owner=org).order_by("code"):
        period = latest_ended(form, today)
        if period is None:
            continue
        result = reporting.completeness(form, org, period, today)
        states = [u.state for u in result.units]
        sent = sum(s != "chua_gui" for s in states)
        on_time = sum(s == "dung_han" for s in states)
        out.append(
            SubmissionTile(form.name, period, len(states), sent, on_time, form.code, org.code)
        )
    return out
