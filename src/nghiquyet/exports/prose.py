"""Report sentences for the JSON sections, in the words Party reports use (DOMAIN.md §4.3).

Each function takes one section of the report JSON (or None) and returns lines of text; every
number in them is the JSON's, written the Vietnamese way (``figures.vn``).
"""

import datetime as dt
from typing import Any

from nghiquyet.core.formats import format_date_short
from nghiquyet.exports.figures import vn
from nghiquyet.orgs.models import Organisation


def pct(value: float | int | None) -> str:
    return f"{vn(value)}%" if value is not None else "—"


def day(iso: str | None) -> str:
    return format_date_short(dt.date.fromisoformat(iso)) if iso else ""


def unit_names(codes: list[str]) -> dict[str, str]:
    """Names of the units with these codes, for lines that would otherwise show codes."""
    rows = Organisation.objects.filter(code__in=codes).values_list("code", "name")
    return dict(rows)


def documents_lines(section: dict[str, Any] | None) -> list[str]:
    section = section or {}
    issued = section.get("issued") or {}
    parts = [f"{vn(t['count'])} {t['label']}" for t in (issued.get("by_type") or {}).values()]
    detail = f", gồm: {', '.join(parts)}" if parts else ""
    lines = [f"Trong kỳ đã ban hành {vn(issued.get('total', 0))} văn bản{detail}."]
    for req in section.get("requirements") or []:
        lines.append(
            f"- {req['requirement']} theo văn bản số {req['document']} "
            f"(hạn {day(req['deadline'])}): {req['text']}, đạt {pct(req['percent'])}."
        )
    return lines


def dissemination_lines(section: dict[str, Any] | None) -> list[str]:
    section = section or {}
    classes = section.get("classes") or {}
    lines = [
        f"Tổ chức {vn(section.get('sessions', 0))} hội nghị học tập, quán triệt (trong đó "
        f"{vn(section.get('online_sessions', 0))} hội nghị trực tuyến); mở "
        f"{vn(classes.get('held', 0))}/{vn(classes.get('planned', 0))} lớp theo kế hoạch, "
        f"{vn(classes.get('held_on_time', 0))} lớp đúng hạn."
    ]
    for group in section.get("attendance") or []:
        lines.append(
            f"- {group['label']}: {vn(group['actual'])}/{vn(group['expected'])} người tham dự, "
            f"đạt {pct(group['rate'])}."
        )
    return lines


def tasks_lines(section: dict[str, Any] | None) -> list[str]:
    s = section or {}
    due, not_due = s.get("due") or {}, s.get("not_due") or {}
    lines = [
        f"Tổng số nhiệm vụ được giao: {vn(s.get('assigned', 0))}; đến hạn "
        f"{vn(due.get('total', 0))} (hoàn thành đúng hạn {vn(due.get('done_on_time', 0))}, "
        f"hoàn thành trễ hạn {vn(due.get('done_late', 0))}); chưa đến hạn "
        f"{vn(not_due.get('total', 0))} (hoàn thành trước hạn {vn(not_due.get('done_early', 0))},"
        f" đang thực hiện {vn(not_due.get('in_progress', 0))}); quá hạn "
        f"{vn(s.get('overdue', 0))}; gia hạn {vn(s.get('extended', 0))}.",
        f"Tỷ lệ hoàn thành đúng hạn: {pct(s.get('done_on_time_pct'))}; tỷ lệ quá hạn: "
        f"{pct(s.get('overdue_pct'))}.",
    ]
    items = s.get("overdue_items") or []
    names = unit_names([i.get("lead", "") for i in items])
    for item in items:
        lead = names.get(item.get("lead", ""), item.get("lead", ""))
        lines.append(f"- Quá hạn: {item['title']} ({lead}), hạn {day(item.get('deadline'))}.")
    return lines


def submissions_lines(section: dict[str, Any] | None) -> list[str]:
    s = section or {}
    t = s.get("totals") or {}
    lines = [
        f"Số báo cáo phải gửi: {vn(t.get('expected', 0))}; đã gửi {vn(t.get('submitted', 0))} "
        f"({pct(t.get('completeness_pct'))}), đúng hạn {vn(t.get('on_time', 0))} "
        f"({pct(t.get('on_time_pct'))}), trễ hạn {vn(t.get('late', 0))}; chưa gửi "
        f"{vn(t.get('missing', 0))}."
    ]
    for m in s.get("missing") or []:
        lines.append(f"- {m['name']}: chưa gửi báo cáo {m['form']} kỳ {m['period']}.")
    return lines


def generic_lines(section: Any, prefix: str = "") -> list[str]:
    """Any other section as "- name: value" lines, nested names joined by " › "."""
    if isinstance(section, dict):
        return [
            line
            for key, value in section.items()
            for line in generic_lines(value, f"{prefix} › {key}" if prefix else str(key))
        ]
    if isinstance(section, list):
        return [
            line
            for i, value in enumerate(section, start=1)
            for line in generic_lines(value, f"{prefix} {i}".strip())
        ]
    shown = (
        vn(section)
        if isinstance(section, int | float) and not isinstance(section, bool)
        else section
    )
    return [f"- {prefix}: {'' if shown is None else shown}"]
