"""Report sentences for the JSON sections, in the words Party reports use (DOMAIN.md §4.3).

Each function takes one section of the report JSON (or None) and returns lines of text; every
number in them is the JSON's, written the Vietnamese way (``figures.vn``).
"""

import datetime as dt
import re
from typing import Any

from nghiquyet.core.formats import format_date_short
from nghiquyet.core.periods import Period
from nghiquyet.exports.figures import vn
from nghiquyet.exports.kinds import period_phrase
from nghiquyet.orgs.models import Organisation
from nghiquyet.oversight.models import Kind, Level, Result


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
        f"{vn(t.get('missing', 0))}{_not_yet_due(t)}."
    ]
    # Overdue reports first: they are what the committee must act on. Reports whose last day
    # has not come are counted above, not named as missing.
    rows = [m for m in s.get("missing") or [] if m.get("overdue") is not False]
    missing = sorted(rows, key=lambda m: not m.get("overdue"))
    for m in missing[:MISSING_NAMED]:
        form = m.get("form_name") or f"báo cáo {m['form']}"
        late = ", đã quá hạn" if m.get("overdue") else ""
        lines.append(f"- {m['name']}: chưa gửi {form} ({period_words(m['period'])}){late}.")
    if len(missing) > MISSING_NAMED:
        rest = len(missing) - MISSING_NAMED
        lines.append(
            f"- Và {vn(rest)} báo cáo khác chưa gửi (danh sách đầy đủ trong bản Excel của báo "
            "cáo này)."
        )
    return lines


def _not_yet_due(totals: dict[str, Any]) -> str:
    waiting = totals.get("not_yet_due") or 0
    return f" (trong đó {vn(waiting)} báo cáo chưa đến hạn)" if waiting else ""


# A report names the first missing reports; a province's thousands of cells belong in the
# Excel copy (every one is listed there: ``stats.py``), not in pages of the document.
MISSING_NAMED = 30


def period_words(code: str) -> str:
    """A period code as a sentence writes it: ``2026Q3`` -> ``quý III năm 2026``,
    ``2026S1`` -> ``6 tháng đầu năm 2026``, ``2026`` -> ``năm 2026``; an unreadable code is
    returned as it is."""
    try:
        period = Period.from_code(str(code))
    except ValueError:
        period = None
    return period_phrase(period) if period else str(code)


def _counts(counts: dict[str, Any], labels: dict[str, str]) -> str:
    """``kiểm tra thường xuyên 2; giám sát chuyên đề 1``: every label, with its count."""
    return "; ".join(f"{label.lower()} {vn(counts.get(key) or 0)}" for key, label in labels.items())


def oversight_lines(section: dict[str, Any] | None) -> list[str]:
    """The ``oversight`` section: inspections and supervisions started, by kind, concluded
    and by result, and the remedies they asked for (Quy định 22-QĐ/TW; DOMAIN.md §4)."""
    s = section or {}
    orgs, members = s.get("organisations") or {}, s.get("members") or {}
    results, remedies = s.get("results") or {}, s.get("remedies") or {}
    lines = [
        f"Trong kỳ đã tiến hành {vn(orgs.get('records', 0))} cuộc kiểm tra, giám sát đối với "
        f"{vn(orgs.get('distinct', 0))} tổ chức đảng và {vn(members.get('records', 0))} cuộc "
        f"đối với {vn(members.get('distinct', 0))} đảng viên; gồm: "
        f"{_counts(s.get('by_kind') or {}, dict(Kind.choices))}.",
        f"Số cuộc theo kế hoạch trong năm: {vn(s.get('planned', 0))}; đã kết luận "
        f"{vn(s.get('done', 0))} cuộc ({_counts(results, dict(Result.choices))}).",
        f"Yêu cầu khắc phục: đã khắc phục {vn(remedies.get('done', 0))}, đang khắc phục "
        f"{vn(remedies.get('open', 0))}, quá hạn {vn(remedies.get('overdue', 0))}.",
    ]
    bodies = (orgs.get("by_body") or []) + (members.get("by_body") or [])
    names = unit_names([b.get("code", "") for b in bodies])
    for label, tally in (("tổ chức đảng", orgs), ("đảng viên", members)):
        for b in tally.get("by_body") or []:
            name = names.get(b.get("code", ""), b.get("code", ""))
            lines.append(f"- {name}: {vn(b.get('records', 0))} cuộc đối với {label}.")
    return lines


def ratings_lines(section: dict[str, Any] | None) -> list[str]:
    """The ``ratings`` section: the year's quality ratings of party organisations and members
    by level, and the share rated "hoàn thành tốt nhiệm vụ" or better (Quy định 124-QĐ/TW)."""
    s = section or {}
    year = s.get("year")
    lines = [f"Kết quả đánh giá, xếp loại chất lượng năm {year}:" if year else ""]
    for label, key, share in (
        ("Tổ chức đảng", "organisations", "organisations_good_or_better_pct"),
        ("Đảng viên", "members", "members_good_or_better_pct"),
    ):
        counts = s.get(key) or {}
        lines.append(
            f"- {label}: {_counts(counts, dict(Level.choices))}; chưa xếp loại "
            f"{vn(counts.get('not_rated') or 0)}; tỷ lệ hoàn thành tốt nhiệm vụ trở lên "
            f"{pct(s.get(share))}."
        )
    return [line for line in lines if line]


def registers_lines(section: dict[str, Any] | None) -> list[str]:
    """The ``registers`` section: models and movements, surveys, public-investment projects
    (amounts in tỷ đồng, as the JSON gives them)."""
    s = section or {}
    models, surveys, projects = (s.get(k) or {} for k in ("models", "surveys", "projects"))
    change = projects.get("disbursed_change_vs_last_year_pct")
    versus = f"; so với cùng kỳ {pct(change)}" if change is not None else ""
    return [
        f"Mô hình, phong trào: {vn(models.get('count', 0))} mô hình, phong trào với "
        f"{vn(models.get('participants', 0))} lượt người tham gia.",
        f"Khảo sát: {vn(surveys.get('count', 0))} cuộc; phát ra "
        f"{vn(surveys.get('forms_issued', 0))} phiếu, thu về "
        f"{vn(surveys.get('forms_returned', 0))} phiếu.",
        f"Dự án đầu tư công: {vn(projects.get('count', 0))} dự án, tổng mức đầu tư "
        f"{vn(projects.get('total_investment', 0))} tỷ đồng; vốn đã giao "
        f"{vn(projects.get('allocated', 0))} tỷ đồng, đã giải ngân "
        f"{vn(projects.get('disbursed', 0))} tỷ đồng (đạt {pct(projects.get('disbursed_pct'))})"
        f"{versus}.",
    ]


def generic_lines(section: Any, prefix: str = "") -> list[str]:
    """Any other section (an app added later) as "- Tên: giá trị" lines, nested names joined
    by " – ". Keys are written as words (``KEY_WORDS``; ``done_on_time`` -> ``done on time``),
    numbers the Vietnamese way, a number under a key naming a year as the
    bare year, text as it is."""
    if isinstance(section, dict):
        return [
            line
            for key, value in section.items()
            for line in generic_lines(value, _join(prefix, key_words(str(key))))
        ]
    if isinstance(section, list):
        return [
            line
            for i, value in enumerate(section, start=1)
            for line in generic_lines(value, f"{prefix} {i}".strip())
        ]
    return [f"- {prefix[:1].upper()}{prefix[1:]}: {value_words(section, prefix)}"]


YEAR_WORDS = ("năm", "year")


def _join(prefix: str, words: str) -> str:
    return f"{prefix} – {words}" if prefix else words


def key_words(key: str) -> str:
    """A JSON key as words: the known keys in Vietnamese, others with spaces for ``_``."""
    return KEY_WORDS.get(key, key.replace("_", " "))


def value_words(value: Any, label: str = "") -> str:
    """A JSON leaf as text: None -> ``—``, booleans -> có/không, a year stays ``2026``, other
    numbers ``1.234,5``, ISO dates ``03/07/2026``, period codes ``quý III năm 2026``."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int) and label.split(" – ")[-1] in YEAR_WORDS:
        return str(value)
    if isinstance(value, int | float):
        return vn(value)
    text = str(value)
    if _ISO_DAY.fullmatch(text):
        return day(text)
    return text


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
KEY_WORDS = {
    "year": "năm",
    "count": "số lượng",
    "total": "tổng số",
    "records": "số cuộc",
    "distinct": "số đối tượng",
    "planned": "theo kế hoạch",
    "done": "đã thực hiện",
    "open": "đang thực hiện",
    "overdue": "quá hạn",
    "percent": "tỷ lệ (%)",
    "title": "nội dung",
    "name": "tên",
    "deadline": "hạn",
    "status": "tình trạng",
    "note": "ghi chú",
    "text": "nội dung",
    "items": "danh sách",
    "done_on_time": "hoàn thành đúng hạn",
    "done_late": "hoàn thành trễ hạn",
    "done_early": "hoàn thành trước hạn",
    "in_progress": "đang thực hiện",
    "extended": "gia hạn",
    "assigned": "được giao",
    "participants": "lượt người tham gia",
    "expected": "phải thực hiện",
    "submitted": "đã gửi",
    "missing": "chưa gửi",
    "unit": "đơn vị",
    "org": "đơn vị",
    "period": "kỳ",
    "value": "giá trị",
    "target": "kế hoạch",
    "reason": "lý do",
    "lead": "đơn vị chủ trì",
    # Difficulties and recommendations (tasks.selectors.recommendation_counts).
    "raised": "đã nêu trong kỳ",
    "answered": "đã trả lời, giải quyết",
    "open_over_30_days": "chưa giải quyết quá 30 ngày",
}
