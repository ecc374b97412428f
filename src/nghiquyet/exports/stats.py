"""The statistics sheet of the XLSX: the countable figures of every JSON section, one per row.

Values are the JSON's numbers (None when the JSON has none); units are words. Organisations
are named, not coded.
"""

from dataclasses import dataclass
from typing import Any

from nghiquyet.exports.prose import generic_lines, key_words, period_words, unit_names
from nghiquyet.oversight.models import Kind, Level, Result

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
        "oversight",
        "ratings",
        "registers",
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
        ("oversight", "Kiểm tra, giám sát", _oversight),
        ("ratings", "Đánh giá, xếp loại chất lượng", _ratings),
        ("registers", "Mô hình, phong trào, khảo sát, dự án đầu tư công", _registers),
    ):
        if key in data:
            out += [Stat(title, heading=True), *make(data[key] or {})]
    for key in data:
        if key not in KNOWN:
            lines = generic_lines(data[key])
            # A sheet row needs no bullet: "- …" would also read as a formula and be escaped.
            rows = (Stat(x.removeprefix("- ")) for x in lines)
            out += [Stat(key_words(key).capitalize(), heading=True), *rows]
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
        Stat("Tạm tính", counts.get("tam_tinh"), "chỉ tiêu"),
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
        Stat("Trong đó chưa đến hạn", t.get("not_yet_due"), "báo cáo"),
        Stat("Tỷ lệ đã gửi", t.get("completeness_pct"), "%"),
        Stat("Tỷ lệ đúng hạn", t.get("on_time_pct"), "%"),
    ]
    out += [
        Stat(
            f"{'Chưa đến hạn' if m.get('overdue') is False else 'Chưa gửi'}: {m['name']} "
            f"({m['form']}, {period_words(m['period'])})"
        )
        for m in s.get("missing") or []
    ]
    return out


def _oversight(s: dict[str, Any]) -> list[Stat]:
    orgs, members = s.get("organisations") or {}, s.get("members") or {}
    remedies = s.get("remedies") or {}
    out = [
        Stat("Cuộc kiểm tra, giám sát tổ chức đảng", orgs.get("records"), "cuộc"),
        Stat("Số tổ chức đảng được kiểm tra, giám sát", orgs.get("distinct"), "tổ chức"),
        Stat("Cuộc kiểm tra, giám sát đảng viên", members.get("records"), "cuộc"),
        Stat("Số đảng viên được kiểm tra, giám sát", members.get("distinct"), "đảng viên"),
    ]
    out += [
        Stat(f"– {label}", (s.get("by_kind") or {}).get(k), "cuộc") for k, label in Kind.choices
    ]
    out += [
        Stat("Cuộc theo kế hoạch trong năm", s.get("planned"), "cuộc"),
        Stat("Cuộc đã kết luận", s.get("done"), "cuộc"),
    ]
    out += [
        Stat(f"– {label}", (s.get("results") or {}).get(k), "cuộc") for k, label in Result.choices
    ]
    return [
        *out,
        Stat("Yêu cầu khắc phục đã thực hiện", remedies.get("done"), "yêu cầu"),
        Stat("Yêu cầu khắc phục đang thực hiện", remedies.get("open"), "yêu cầu"),
        Stat("Yêu cầu khắc phục quá hạn", remedies.get("overdue"), "yêu cầu"),
    ]


def _ratings(s: dict[str, Any]) -> list[Stat]:
    out = [Stat(f"Năm đánh giá: {s.get('year')}")] if s.get("year") else []
    for who, key, unit in (
        ("Tổ chức đảng", "organisations", "tổ chức"),
        ("Đảng viên", "members", "đảng viên"),
    ):
        counts = s.get(key) or {}
        out += [Stat(f"{who}: {label.lower()}", counts.get(k), unit) for k, label in Level.choices]
        out += [
            Stat(f"{who}: chưa xếp loại", counts.get("not_rated"), unit),
            Stat(
                f"{who}: tỷ lệ hoàn thành tốt nhiệm vụ trở lên",
                s.get(f"{key}_good_or_better_pct"),
                "%",
            ),
        ]
    return out


def _registers(s: dict[str, Any]) -> list[Stat]:
    models, surveys, projects = (s.get(k) or {} for k in ("models", "surveys", "projects"))
    return [
        Stat("Mô hình, phong trào", models.get("count"), "mô hình"),
        Stat("Lượt người tham gia", models.get("participants"), "lượt"),
        Stat("Cuộc khảo sát", surveys.get("count"), "cuộc"),
        Stat("Phiếu phát ra", surveys.get("forms_issued"), "phiếu"),
        Stat("Phiếu thu về", surveys.get("forms_returned"), "phiếu"),
        Stat("Dự án đầu tư công", projects.get("count"), "dự án"),
        Stat("Tổng mức đầu tư", projects.get("total_investment"), "tỷ đồng"),
        Stat("Vốn đã giao", projects.get("allocated"), "tỷ đồng"),
        Stat("Vốn đã giải ngân", projects.get("disbursed"), "tỷ đồng"),
        Stat("Tỷ lệ giải ngân", projects.get("disbursed_pct"), "%"),
        Stat("Giải ngân so với cùng kỳ", projects.get("disbursed_change_vs_last_year_pct"), "%"),
    ]
