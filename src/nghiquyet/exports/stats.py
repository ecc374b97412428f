"""The statistics sheet of the XLSX: the countable figures of every JSON section, one per row.

Values are the JSON's numbers (None when the JSON has none); units are words. Organisations
are named, not coded.
"""

from dataclasses import dataclass
from typing import Any

from nghiquyet.exports.prose import generic_lines, unit_names

KNOWN = frozenset(
    {
        "org",
        "period",
        "generated_at",
        "summary",
        "indicators",
        "documents",
        "dissemination",
        "tasks",
        "submissions",
    }
)


@dataclass(frozen=True)
class Stat:
    label: str
    value: float | int | str | None = None
    unit: str = ""
    heading: bool = False


def statistics(data: dict[str, Any]) -> list[Stat]:
    out: list[Stat] = []
    for key, title, make in (
        ("summary", "Chỉ tiêu", _summary),
        ("documents", "Cụ thể hóa, ban hành văn bản", _documents),
        ("dissemination", "Học tập, quán triệt", _dissemination),
        ("tasks", "Nhiệm vụ", _tasks),
        ("submissions", "Báo cáo định kỳ", _submissions),
    ):
        if key in data:
            out += [Stat(title, heading=True), *make(data[key] or {})]
    for key in data:
        if key not in KNOWN:
            out += [Stat(key, heading=True), *(Stat(line) for line in generic_lines(data[key]))]
    return out


def _summary(s: dict[str, Any]) -> list[Stat]:
    counts = s.get("counts") or {}
    return [
        Stat("Chỉ tiêu có kế hoạch", s.get("with_target"), "chỉ tiêu"),
        Stat("Đạt và vượt", s.get("met_or_exceeded"), "chỉ tiêu"),
        Stat("Vượt", counts.get("vuot"), "chỉ tiêu"),
        Stat("Đạt", counts.get("dat"), "chỉ tiêu"),
        Stat("Không đạt", counts.get("khong_dat"), "chỉ tiêu"),
        Stat("Chưa đạt", counts.get("chua_dat"), "chỉ tiêu"),
        Stat("Chưa có số liệu", counts.get("chua_co_so_lieu"), "chỉ tiêu"),
    ]


def _documents(s: dict[str, Any]) -> list[Stat]:
    issued = s.get("issued") or {}
    out = [Stat("Văn bản ban hành trong kỳ", issued.get("total"), "văn bản")]
    out += [
        Stat(f"– {t['label']}", t["count"], "văn bản") for t in issued.get("by_type", {}).values()
    ]
    for req in s.get("requirements") or []:
        name = f"{req['requirement']} ({req['document']})"
        out += [
            Stat(f"{name}: số tổ chức phải thực hiện", req["total"], "tổ chức"),
            Stat(f"{name}: đã thực hiện", req["done"], "tổ chức"),
            Stat(f"{name}: tỷ lệ", req["percent"], "%"),
        ]
    return out


def _dissemination(s: dict[str, Any]) -> list[Stat]:
    classes = s.get("classes") or {}
    out = [
        Stat("Hội nghị học tập, quán triệt", s.get("sessions"), "hội nghị"),
        Stat("Trong đó trực tuyến", s.get("online_sessions"), "hội nghị"),
        Stat("Lớp theo kế hoạch", classes.get("planned"), "lớp"),
        Stat("Lớp đã mở", classes.get("held"), "lớp"),
        Stat("Lớp mở đúng hạn", classes.get("held_on_time"), "lớp"),
    ]
    for g in s.get("attendance") or []:
        out += [
            Stat(f"{g['label']}: số phải dự", g["expected"], "người"),
            Stat(f"{g['label']}: số đã dự", g["actual"], "người"),
            Stat(f"{g['label']}: tỷ lệ", g["rate"], "%"),
        ]
    return out


def _tasks(s: dict[str, Any]) -> list[Stat]:
    due, not_due = s.get("due") or {}, s.get("not_due") or {}
    out = [
        Stat("Nhiệm vụ được giao", s.get("assigned"), "nhiệm vụ"),
        Stat("Đến hạn", due.get("total"), "nhiệm vụ"),
        Stat("Hoàn thành đúng hạn", due.get("done_on_time"), "nhiệm vụ"),
        Stat("Hoàn thành trễ hạn", due.get("done_late"), "nhiệm vụ"),
        Stat("Chưa đến hạn", not_due.get("total"), "nhiệm vụ"),
        Stat("Quá hạn", s.get("overdue"), "nhiệm vụ"),
        Stat("Tỷ lệ hoàn thành đúng hạn", s.get("done_on_time_pct"), "%"),
        Stat("Tỷ lệ quá hạn", s.get("overdue_pct"), "%"),
    ]
    items = s.get("overdue_items") or []
    names = unit_names([i.get("lead", "") for i in items])
    out += [Stat(f"Quá hạn: {i['title']} — {names.get(i.get('lead', ''), '')}") for i in items]
    return out


def _submissions(s: dict[str, Any]) -> list[Stat]:
    t = s.get("totals") or {}
    out = [
        Stat("Báo cáo phải gửi", t.get("expected"), "báo cáo"),
        Stat("Đã gửi", t.get("submitted"), "báo cáo"),
        Stat("Đúng hạn", t.get("on_time"), "báo cáo"),
        Stat("Trễ hạn", t.get("late"), "báo cáo"),
        Stat("Chưa gửi", t.get("missing"), "báo cáo"),
        Stat("Tỷ lệ đã gửi", t.get("completeness_pct"), "%"),
        Stat("Tỷ lệ đúng hạn", t.get("on_time_pct"), "%"),
    ]
    out += [
        Stat(f"Chưa gửi: {m['name']} ({m['form']}, kỳ {m['period']})")
        for m in s.get("missing") or []
    ]
    return out
