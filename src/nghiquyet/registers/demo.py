"""Demo registers: the models, survey and investment projects the seeds describe.

- Thành ủy Cao Lãnh (term IX, 2020–2025, seed 000): "15 Hội quán với 808 thành viên" (one
  model per Hội quán, whose latest member counts add up to 808), the movement of Tổ Nhân dân
  tự quản (1.223 tổ, 1.218 rated khá trở lên) and two other movements.
- An opinion survey among cadres and members on the city Congress, 250 forms (seed 003).
- Public investment 2021–2025 (seed 001: "113 dự án ... tổng mức đầu tư trên 3.700 tỷ
  đồng"): six of the largest projects, 3.720 tỷ đồng in all, with yearly allocations and
  disbursements (tỷ đồng).
"""

import datetime as dt
from decimal import Decimal

from nghiquyet.core.demo import DemoContext
from nghiquyet.orgs.models import Organisation
from nghiquyet.registers.models import MovementKind, MovementStatus
from nghiquyet.registers.services import (
    Answer,
    allocation_set,
    disbursement_set,
    movement_count_set,
    movement_create,
    project_create,
    survey_create,
)

D = dt.date
# 15 Hội quán and their members at the end of the term: 808 in all.
HOI_QUAN: list[tuple[str, int]] = [
    ("Hội quán Hòa An", 62),
    ("Hội quán Tịnh Thới", 58),
    ("Hội quán Mỹ Ngãi", 55),
    ("Hội quán Mỹ Phú", 54),
    ("Hội quán Hòa Thuận", 50),
    ("Hội quán Mỹ Tân", 53),
    ("Hội quán Mỹ Trà", 57),
    ("Hội quán Tân Thuận Đông", 56),
    ("Hội quán Tân Thuận Tây", 49),
    ("Hội quán Phường 1", 48),
    ("Hội quán Phường 3", 51),
    ("Hội quán Phường 4", 52),
    ("Hội quán Phường 6", 55),
    ("Hội quán Phường 11", 53),
    ("Hội quán Sen Hồng", 55),
]
HOI_QUAN_MEMBERS = 808
# (code, name, total investment, yearly allocations 2021–2025), amounts in tỷ đồng.
PROJECTS: list[tuple[str, str, str, list[str]]] = [
    (
        "DA-GT-01",
        "Đường Võ Văn Kiệt nối dài, kết nối Quốc lộ 30",
        "1250",
        ["120", "260", "310", "290", "270"],
    ),
    (
        "DA-GT-02",
        "Cầu Cao Lãnh - Sa Đéc kết nối tuyến tránh",
        "980",
        ["90", "200", "240", "230", "220"],
    ),
    ("DA-GT-03", "Đường vành đai phía Tây thành phố", "640", ["60", "140", "160", "150", "130"]),
    ("DA-DT-04", "Chỉnh trang đô thị, kè sông Cao Lãnh", "420", ["40", "90", "100", "100", "90"]),
    ("DA-NN-05", "Hạ tầng nông thôn mới nâng cao các xã", "285", ["35", "60", "65", "65", "60"]),
    ("DA-YT-06", "Trung tâm Y tế thành phố", "145", ["15", "30", "35", "35", "30"]),
]
# Share of each year's allocation disbursed by the end of the year.
DISBURSED = ["0.92", "0.95", "0.97", "1.00", "0.98"]


def load(ctx: DemoContext) -> None:
    city = ctx.org("TP-CL")
    _movements(ctx, city)
    _survey(ctx, city)
    _projects(ctx, city)


def _movements(ctx: DemoContext, city: Organisation) -> None:
    for i, (name, members) in enumerate(HOI_QUAN):
        hq = movement_create(
            actor=ctx.actor,
            organisation=city,
            name=name,
            kind=MovementKind.MO_HINH,
            start_date=D(2017 + i % 3, 3 + i % 6, 1),
            description="Hội quán sinh hoạt định kỳ, chia sẻ kinh nghiệm sản xuất, "
            "kinh doanh và tham gia xây dựng nông thôn mới, đô thị văn minh.",
            participants=members - 12 - i % 5,
            as_of=D(2020, 12, 31),
        )
        movement_count_set(actor=ctx.actor, movement=hq, as_of=D(2025, 3, 31), participants=members)
    movement_create(
        actor=ctx.actor,
        organisation=city,
        name="Phong trào xây dựng Tổ Nhân dân tự quản",
        kind=MovementKind.PHONG_TRAO,
        start_date=D(2015, 1, 1),
        description="1.223 Tổ Nhân dân tự quản; qua đánh giá có 1.218 tổ khá trở lên "
        "(báo cáo ghi 99,58%).",
    )
    movement_create(
        actor=ctx.actor,
        organisation=city,
        name="Hộ gia đình thi đua “Chung sức xây dựng nông thôn mới”",
        kind=MovementKind.PHONG_TRAO,
        start_date=D(2016, 5, 1),
        participants=4150,
        as_of=D(2024, 12, 31),
    )
    movement_create(
        actor=ctx.actor,
        organisation=city,
        name="Mô hình “Không gian đại đoàn kết”",
        kind=MovementKind.MO_HINH,
        start_date=D(2019, 9, 1),
        status=MovementStatus.TAM_DUNG,
        participants=320,
        as_of=D(2023, 6, 30),
    )


def _survey(ctx: DemoContext, city: Organisation) -> None:
    q1 = "Đánh giá chung về kết quả Đại hội Đảng bộ thành phố lần thứ IX"
    q2 = "Mức độ tin tưởng vào Ban Chấp hành Đảng bộ thành phố khóa mới"
    survey_create(
        actor=ctx.actor,
        organisation=city,
        topic="Dư luận xã hội trong cán bộ, đảng viên về Đại hội đại biểu Đảng bộ thành phố "
        "Cao Lãnh lần thứ IX, nhiệm kỳ 2020 - 2025",
        conducted_on=D(2020, 8, 25),
        forms_issued=250,
        forms_returned=246,
        summary="Ban Thường vụ Thành ủy giao bộ phận tuyên giáo xây dựng phiếu khảo sát; "
        "đa số ý kiến đánh giá Đại hội thành công tốt đẹp.",
        answers=[
            Answer(q1, "Rất thành công", 171),
            Answer(q1, "Thành công", 68),
            Answer(q1, "Chưa thành công", 3),
            Answer(q2, "Tin tưởng", 229),
            Answer(q2, "Còn băn khoăn", 15),
        ],
    )


def _projects(ctx: DemoContext, city: Organisation) -> None:
    for code, name, total, allocations in PROJECTS:
        project = project_create(
            actor=ctx.actor,
            organisation=city,
            code=code,
            name=name,
            plan_start=2021,
            plan_end=2025,
            total_investment=Decimal(total),
        )
        for year, amount, share in zip(range(2021, 2026), allocations, DISBURSED, strict=True):
            allocation_set(actor=ctx.actor, project=project, year=year, amount=Decimal(amount))
            disbursed = (Decimal(amount) * Decimal(share)).quantize(Decimal("0.1"))
            disbursement_set(actor=ctx.actor, project=project, period=str(year), amount=disbursed)
