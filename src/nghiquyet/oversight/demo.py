"""Demo oversight: a year of inspections and supervisions, and quality ratings.

- The Tỉnh ủy's programme for the current year: inspections and supervisions of wards and
  communes over the last months, concluded with a mix of results (tốt, hạn chế, vi phạm)
  and remedies that become tasks of the unit inspected; one still in progress, one planned.
- Đảng ủy phường Cao Lãnh's programme: its cells and one party member.
- Quality ratings: 2024 for the old units of Thành ủy Cao Lãnh, 2025 for the new wards and
  communes of the province, within the 20% excellence cap (HTXSNV ≤ 20% of HTTNV), and
  member ratings of a few cells.

Dates are relative to ``ctx.today``.
"""

import datetime as dt
from decimal import Decimal

from nghiquyet.core.demo import DemoContext
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.oversight.models import Discipline, Kind, Result
from nghiquyet.oversight.services.inspections import (
    InspectionInput,
    Member,
    RemedyInput,
    inspection_conclude,
    inspection_create,
    programme_create,
)
from nghiquyet.oversight.services.ratings import member_rating_set, org_rating_set

# (subject code, kind, content, days ago started, result, remedies: [(text, days from today)])
PROVINCE: list[tuple[str, str, str, int, str, list[tuple[str, int]]]] = [
    (
        "P-SA-DEC",
        Kind.KIEM_TRA_CHUYEN_DE,
        "Kiểm tra việc ban hành và tổ chức thực hiện chương trình hành động thực hiện "
        "Nghị quyết Đại hội Đảng bộ tỉnh",
        300,
        Result.TOT,
        [],
    ),
    (
        "X-MY-HIEP",
        Kind.GIAM_SAT_CHUYEN_DE,
        "Giám sát việc lãnh đạo phát triển đảng viên mới năm nay",
        260,
        Result.CO_HAN_CHE,
        [("Bổ sung kế hoạch tạo nguồn phát triển đảng viên ở các ấp chưa có đảng viên mới", -30)],
    ),
    (
        "P-CAO-LANH",
        Kind.KIEM_TRA_THUONG_XUYEN,
        "Kiểm tra việc thực hiện quy chế làm việc và chế độ sinh hoạt cấp ủy sau sắp xếp",
        200,
        Result.CO_HAN_CHE,
        [
            ("Hoàn thiện sổ sách, biên bản sinh hoạt chi bộ theo hướng dẫn", -20),
            ("Bổ sung quy chế phối hợp giữa đảng ủy và ủy ban nhân dân phường", 40),
        ],
    ),
    (
        "X-LAP-VO",
        Kind.KIEM_TRA_DAU_HIEU_VI_PHAM,
        "Kiểm tra khi có dấu hiệu vi phạm trong quản lý đất công",
        150,
        Result.CO_VI_PHAM,
        [("Thu hồi diện tích đất công cho thuê sai quy định", 60)],
    ),
    (
        "X-THAP-MUOI",
        Kind.GIAM_SAT_THUONG_XUYEN,
        "Giám sát việc thực hiện nhiệm vụ giải ngân vốn đầu tư công",
        90,
        Result.TOT,
        [],
    ),
    (
        "P-HONG-NGU",
        Kind.KIEM_TRA_CHUYEN_DE,
        "Kiểm tra công tác chuyển đổi số trong các cơ quan đảng",
        40,
        Result.CO_HAN_CHE,
        [("Cập nhật đầy đủ văn bản, nhiệm vụ lên hệ thống theo dõi", 30)],
    ),
]
# (code, score) for 2024, under Thành ủy Cao Lãnh: 5 HTTNV allow 1 HTXSNV.
RATINGS_2024 = [
    ("CL-P-1", "86.5"),
    ("CL-P-3", "82"),
    ("CL-P-4", "78.25"),
    ("CL-P-MY-PHU", "80"),
    ("CL-P-HOA-THUAN", "74.5"),
    ("CL-X-HOA-AN", "66"),
    ("CL-P-11", "61.5"),
    ("CL-X-MY-NGAI", "45"),
    ("CL-X-TINH-THOI", "92"),
]


def load(ctx: DemoContext) -> None:
    _province(ctx)
    _ward(ctx)
    _ratings(ctx)


def _ago(ctx: DemoContext, days: int) -> dt.date:
    return ctx.today - dt.timedelta(days=days)


def _province(ctx: DemoContext) -> None:
    province = ctx.org("DT")
    programme = programme_create(
        actor=ctx.actor,
        organisation=province,
        year=ctx.today.year,
        title=f"Chương trình kiểm tra, giám sát năm {ctx.today.year} của Ban Chấp hành "
        "Đảng bộ tỉnh",
    )
    for code, kind, content, days, result, remedies in PROVINCE:
        inspection = inspection_create(
            actor=ctx.actor,
            data=InspectionInput(
                body=province,
                kind=kind,
                content=content,
                start_date=_ago(ctx, days),
                subject_org=ctx.org(code),
                review_period=str(_ago(ctx, days).year),
                programme=programme,
            ),
        )
        inspection_conclude(
            actor=ctx.actor,
            inspection=inspection,
            result=result,
            concluded_on=_ago(ctx, days - 25),
            findings=_findings(result),
            discipline=Discipline.KHIEN_TRACH if result == Result.CO_VI_PHAM else "",
            remedies=[
                RemedyInput(text, ctx.today + dt.timedelta(days=offset))
                for text, offset in remedies
            ],
        )
    inspection_create(
        actor=ctx.actor,
        data=InspectionInput(
            body=province,
            kind=Kind.GIAM_SAT_CHUYEN_DE,
            content="Giám sát công tác phòng, chống tham nhũng, tiêu cực",
            start_date=_ago(ctx, 10),
            subject_org=ctx.org("X-TAM-NONG"),
            programme=programme,
        ),
    )
    inspection_create(
        actor=ctx.actor,
        data=InspectionInput(
            body=province,
            kind=Kind.KIEM_TRA_CHUYEN_DE,
            content="Kiểm tra việc thực hiện chế độ thông tin, báo cáo",
            start_date=ctx.today + dt.timedelta(days=20),
            subject_org=ctx.org("X-LAI-VUNG"),
            programme=programme,
        ),
    )


def _findings(result: str) -> str:
    texts: dict[str, str] = {
        Result.TOT: "Cấp ủy lãnh đạo, chỉ đạo kịp thời, thực hiện tốt nội dung được kiểm tra.",
        Result.CO_HAN_CHE: "Cơ bản thực hiện đúng quy định; còn một số hạn chế cần khắc phục.",
        Result.CO_VI_PHAM: "Tập thể ban thường vụ thiếu kiểm tra, để xảy ra vi phạm; "
        "đề nghị thi hành kỷ luật bằng hình thức khiển trách.",
    }
    return texts[result]


def _ward(ctx: DemoContext) -> None:
    ward = ctx.org("P-CAO-LANH")
    programme = programme_create(
        actor=ctx.actor,
        organisation=ward,
        year=ctx.today.year,
        title=f"Chương trình kiểm tra, giám sát năm {ctx.today.year} của Đảng ủy phường Cao Lãnh",
    )
    cells = list(
        Organisation.objects.filter(parent=ward, kind=OrgKind.CHI_BO_CO_SO).order_by("path")
    )
    for n, cell in enumerate(cells[:3]):
        result = [Result.TOT, Result.CO_HAN_CHE, Result.TOT][n]
        inspection = inspection_create(
            actor=ctx.actor,
            data=InspectionInput(
                body=ward,
                kind=Kind.GIAM_SAT_THUONG_XUYEN,
                content="Giám sát việc thực hiện nghị quyết sinh hoạt chi bộ định kỳ",
                start_date=_ago(ctx, 240 - 60 * n),
                subject_org=cell,
                programme=programme,
            ),
        )
        inspection_conclude(
            actor=ctx.actor,
            inspection=inspection,
            result=result,
            concluded_on=_ago(ctx, 225 - 60 * n),
            findings=_findings(result),
            remedies=[RemedyInput("Nâng cao chất lượng sinh hoạt chuyên đề", ctx.today)]
            if result == Result.CO_HAN_CHE
            else [],
        )
    member = inspection_create(
        actor=ctx.actor,
        data=InspectionInput(
            body=ward,
            kind=Kind.KIEM_TRA_THUONG_XUYEN,
            content="Kiểm tra việc kê khai tài sản, thu nhập của đảng viên",
            start_date=_ago(ctx, 70),
            member=Member(name="Nguyễn Văn An", unit=cells[0], card="80123456"),
            programme=programme,
        ),
    )
    inspection_conclude(
        actor=ctx.actor,
        inspection=member,
        result=Result.TOT,
        concluded_on=_ago(ctx, 55),
        findings="Đảng viên kê khai đầy đủ, đúng quy định.",
    )
    for cell in cells[:2]:
        member_rating_set(
            actor=ctx.actor,
            organisation=cell,
            year=2025,
            rated=24,
            htxsnv=3,
            httnv=16,
            htnv=4,
            khtnv=1,
            not_rated=1,
            not_rated_reasons={"om_dau": 1},
        )


def _ratings(ctx: DemoContext) -> None:
    """HTTNV first, then HTXSNV, so the cap always counts the full base."""
    for code, score in sorted(RATINGS_2024, key=lambda r: Decimal(r[1]) >= 90):
        org_rating_set(actor=ctx.actor, organisation=ctx.org(code), year=2024, score=Decimal(score))
    communes = sorted(
        (o for o in ctx.orgs.values() if o.kind == OrgKind.DANG_UY_XA and o.valid_to is None),
        key=lambda o: o.path,
    )
    # 2025: 2 HTXSNV, 12 HTTNV (cap 20% allows 2), 3 HTNV, 1 not rated, the rest not entered.
    scores = ["85", "78.5", "88", "81", "76", "83.5", "72", "79", "84", "80.5", "87", "75"]
    scores += ["65", "58.5", "68"]
    for commune, score in zip(communes, scores, strict=False):
        org_rating_set(actor=ctx.actor, organisation=commune, year=2025, score=Decimal(score))
    for commune in communes[len(scores) : len(scores) + 2]:
        org_rating_set(actor=ctx.actor, organisation=commune, year=2025, score=Decimal("93.5"))
    if len(communes) > len(scores) + 2:
        org_rating_set(
            actor=ctx.actor,
            organisation=communes[len(scores) + 2],
            year=2025,
            score=None,
            not_rated_reason="Đảng bộ mới thành lập sau sắp xếp, chưa đủ 6 tháng hoạt động.",
        )
