"""Server-side SVG charts for the dashboards (issue 12, item 5): no script, no CDN.

Each chart is one ``<svg>`` with ``role="img"``, a ``<title>`` and a ``<desc>`` (read by screen
readers), a ``viewBox`` and ``width="100%"`` so it shrinks to a 390 px phone, and every mark
labelled with its value in text, so nothing is told by colour alone. Colours come from classes
styled in ``web/app.css`` (``chart-ok``, ``chart-warn``, ``chart-bad``, ``chart-none``), which
print in grey scale with the labels still readable. Every text is escaped.

Numbers are ``Decimal`` (or None for a missing point); labels are already formatted strings
("1.234,5"): the chart never formats a number itself.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LINE_WIDTH = 400
BAR_WIDTH = 420
BAR_ROW = 38
BAR_TEXT = 220  # room after the longest bar for its value and status
NARROW = 360
PAD = 8


@dataclass(frozen=True)
class Point:
    """One x position of a line chart: ``label`` under the axis, ``value`` (None = gap) and
    ``text`` written next to the point."""

    label: str
    value: Decimal | None
    text: str = ""


@dataclass(frozen=True)
class Bar:
    """One bar: ``label`` on the left, ``value`` ≥ 0 for its length, ``text`` after it (value
    and status in words), ``css`` one of the chart classes, ``href`` a link or ""."""

    label: str
    value: Decimal | None
    text: str
    css: str = "chart-none"
    href: str = ""


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: ``count`` items with ``label`` in class ``css``."""

    label: str
    count: int
    css: str


def _open(title: str, desc: str, height: int, width: int = WIDTH) -> str:
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
    )


def _text(x: float, y: float, text: str, css: str = "chart-label", anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}">{escape(text)}</text>'
    )


def _scale(values: Sequence[Decimal | None], extra: Decimal | None = None) -> Decimal:
    present = [v for v in (*values, extra) if v is not None]
    top = max(present, default=Decimal(0))
    return top if top > 0 else Decimal(1)


def bar_chart(
    title: str, desc: str, bars: Sequence[Bar], target: Decimal | None = None
) -> SafeString:
    """Horizontal bars, one row per ``Bar`` (its label on a line above the bar, so that a phone
    keeps the text legible), scaled to the largest value (or ``target``, drawn as a dashed
    vertical line labelled "Chỉ tiêu"). Negative values draw as empty bars."""
    height = BAR_ROW * max(1, len(bars)) + 2 * PAD + (16 if target is not None else 0)
    top = _scale([b.value for b in bars], target)
    span = BAR_WIDTH - BAR_TEXT
    parts = [_open(title, desc, height, BAR_WIDTH)]
    for i, bar in enumerate(bars):
        y = PAD + i * BAR_ROW
        length = float(max(bar.value or Decimal(0), Decimal(0)) / top) * span
        rect = (
            f'<rect x="0" y="{y + 18}" width="{length:.1f}" height="14" class="{escape(bar.css)}"/>'
        )
        row = _text(0, y + 13, _clip(bar.label, 60)) + rect
        row += _text(length + 4, y + 30, bar.text, "chart-value")
        if bar.href:
            row = f'<a href="{escape(bar.href)}">{row}</a>'
        parts.append(row)
    if target is not None:
        x = float(target / top) * span
        bottom = PAD + BAR_ROW * len(bars)
        parts.append(
            f'<line x1="{x:.1f}" y1="{PAD}" x2="{x:.1f}" y2="{bottom}" class="chart-target"/>'
        )
        parts.append(_text(x, bottom + 14, "Chỉ tiêu", "chart-label", "middle"))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # every text above went through escape()


def _clip(label: str, length: int = 30) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def line_chart(
    title: str,
    desc: str,
    points: Sequence[Point],
    target: Decimal | None = None,
    target_text: str = "",
) -> SafeString:
    """A line through ``points`` left to right (gaps where a value is None), each point marked
    and labelled with its ``text``; ``target`` as a dashed horizontal line labelled
    ``target_text``."""
    height, left, bottom, top_pad, right = 200, 50, 170, 30, LINE_WIDTH - 50
    top = _scale([p.value for p in points], target) * Decimal("1.1")
    step = (right - left) / max(1, len(points) - 1) if len(points) > 1 else 0

    def y_of(value: Decimal) -> float:
        return bottom - float(max(value, Decimal(0)) / top) * (bottom - top_pad)

    parts = [_open(title, desc, height, LINE_WIDTH)]
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" class="chart-axis"/>')
    if target is not None:
        ty = y_of(target)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{right}" y2="{ty:.1f}" class="chart-target"/>'
        )
        parts.append(_text(right, ty - 4, target_text or "Chỉ tiêu", "chart-label", "end"))
    segment: list[str] = []
    for i, point in enumerate(points):
        x = left + i * step
        parts.append(_text(x, bottom + 16, point.label, "chart-label", "middle"))
        if point.value is None:
            parts.append(_polyline(segment))
            segment = []
            continue
        y = y_of(point.value)
        segment.append(f"{x:.1f},{y:.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="chart-point"/>')
        # Alternate labels above and below the points so that neighbours do not overlap.
        parts.append(_text(x, y - 8 if i % 2 == 0 else y + 18, point.text, "chart-value", "middle"))
    parts.append(_polyline(segment))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # every text above went through escape()


def _polyline(points: list[str]) -> str:
    if len(points) < 2:
        return ""
    return f'<polyline points="{" ".join(points)}" class="chart-line" fill="none"/>'


def stacked_bar(
    title: str, desc: str, segments: Sequence[Segment], width: int = WIDTH, columns: int = 3
) -> SafeString:
    """One bar ``width`` wide split by ``segments`` in proportion to their counts, with a legend
    in ``columns`` giving each label and count in words ("Đạt: 3"). Empty segments are left
    out."""
    shown = [s for s in segments if s.count > 0]
    total = sum(s.count for s in shown) or 1
    legend_rows = (len(shown) + columns - 1) // columns
    height = 40 + 20 * max(1, legend_rows)
    parts = [_open(title, desc, height, width)]
    x = 0.0
    for seg in shown:
        w = seg.count / total * width
        parts.append(
            f'<rect x="{x:.1f}" y="4" width="{w:.1f}" height="24" class="{escape(seg.css)}"/>'
        )
        if w > 24:
            parts.append(_text(x + w / 2, 21, str(seg.count), "chart-inbar", "middle"))
        x += w
    for i, seg in enumerate(shown):
        lx, ly = (i % columns) * (width / columns), 46 + (i // columns) * 20
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly - 10}" width="12" height="12" class="{escape(seg.css)}"/>'
        )
        parts.append(_text(lx + 16, ly, f"{seg.label}: {seg.count}"))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # every text above went through escape()
