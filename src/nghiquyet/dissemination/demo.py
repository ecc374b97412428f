"""Demo study sessions.

- Seed 003 in Cao Lãnh: Kế hoạch 07-KH/ThU plans 11 classes for key cadres, retired cadres,
  party members and civil servants, to finish in September 2020; the city holds all 11. Its
  wards and communes are delegated the classes for members, mass organisations and people.
- Seed 001 (Hạ Long), transposed: the Tỉnh ủy studies its 2025 Congress resolution in one
  online conference broadcast to every commune and ward, each point counting its own members.
"""

import datetime as dt

from nghiquyet.core.demo import DemoContext
from nghiquyet.dissemination.services import Count, plan_create, session_create
from nghiquyet.documents.models import Action, Document
from nghiquyet.documents.services import requirement_create
from nghiquyet.orgs.models import OrgKind

D = dt.date
CLASS_GROUPS = ["can_bo_chu_chot", "can_bo_huu_tri", "dang_vien", "cong_chuc"]
# Old wards: the day each held its own classes (None: not held). Deadline 30/9/2020.
WARD_SESSIONS = {
    "CL-P-1": D(2020, 9, 10),
    "CL-P-3": D(2020, 9, 12),
    "CL-P-4": D(2020, 9, 17),
    "CL-P-MY-PHU": D(2020, 9, 19),
    "CL-P-HOA-THUAN": D(2020, 9, 24),
    "CL-X-HOA-AN": D(2020, 9, 26),
    "CL-P-11": D(2020, 9, 29),
    "CL-X-MY-NGAI": D(2020, 10, 6),
    "CL-X-TINH-THOI": None,
}


def load(ctx: DemoContext) -> None:
    _cao_lanh(ctx)
    _province_broadcast(ctx)


def _cao_lanh(ctx: DemoContext) -> None:
    city = ctx.org("TP-CL")
    plan: Document = ctx.extra["study_plan"]
    resolution: Document = ctx.extra["city_resolution"]
    plan_create(
        actor=ctx.actor,
        document=resolution,
        organisation=city,
        classes=11,
        groups=CLASS_GROUPS,
        deadline=D(2020, 9, 30),
        note="Theo Kế hoạch số 07-KH/ThU, ngày 7-8-2020 của Ban Thường vụ Thành ủy.",
    )
    for i in range(11):
        group = CLASS_GROUPS[i % len(CLASS_GROUPS)]
        expected = ctx.rng.randint(60, 180)
        session_create(
            actor=ctx.actor,
            organisation=city,
            title=f"Lớp {i + 1}: quán triệt Nghị quyết Đại hội IX cho {_label(group)}",
            documents=[resolution, plan],
            start_date=D(2020, 8, 24) + dt.timedelta(days=3 * i),
            format="truc_tiep",
            counts=[Count(group, expected, expected - ctx.rng.randint(0, 6))],
            location="Hội trường Thành ủy",
        )
    requirement_create(
        actor=ctx.actor,
        document=resolution,
        action=Action.HOC_TAP,
        rule="truc_thuoc",
        assigned_on=D(2020, 8, 20),
        deadline=D(2020, 9, 30),
        note="Bí thư đảng ủy xã, phường trực tiếp triển khai cho đảng viên, đoàn viên, hội viên "
        "và nhân dân.",
    )
    for code, day in WARD_SESSIONS.items():
        if day is not None:
            _ward_session(ctx, code, day, resolution)


def _ward_session(ctx: DemoContext, code: str, day: dt.date, resolution: Document) -> None:
    members, people = ctx.rng.randint(120, 300), ctx.rng.randint(300, 900)
    session_create(
        actor=ctx.actor,
        organisation=ctx.org(code),
        title="Quán triệt Nghị quyết Đại hội IX Đảng bộ thành phố",
        documents=[resolution],
        start_date=day,
        format="truc_tiep",
        counts=[
            Count("dang_vien", members, members - ctx.rng.randint(0, 8)),
            Count("doan_vien_hoi_vien", people // 2, people // 2 - ctx.rng.randint(5, 40)),
            Count("nhan_dan", people, people - ctx.rng.randint(20, 120)),
        ],
    )


def _label(group: str) -> str:
    return {
        "can_bo_chu_chot": "cán bộ chủ chốt",
        "can_bo_huu_tri": "cán bộ hưu trí",
        "dang_vien": "đảng viên",
        "cong_chuc": "công chức, viên chức",
    }[group]


def _province_broadcast(ctx: DemoContext) -> None:
    province = ctx.org("DT")
    resolution: Document = ctx.extra["province_resolution"]
    communes = sorted(
        (o for o in ctx.orgs.values() if o.kind == OrgKind.DANG_UY_XA and o.valid_to is None),
        key=lambda o: o.path,
    )
    counts = [Count("can_bo_chu_chot", 320, 318)]
    for commune in communes:
        members = ctx.rng.randint(400, 1500)
        counts.append(Count("dang_vien", members, members, commune))
    session_create(
        actor=ctx.actor,
        organisation=province,
        title="Hội nghị trực tuyến học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh lần thứ I",
        documents=[resolution],
        start_date=D(2025, 11, 20),
        format="truc_tuyen",
        connected_units=communes,
        counts=counts,
        location="Điểm cầu chính: Hội trường Tỉnh ủy",
    )
    plan_create(
        actor=ctx.actor,
        document=resolution,
        organisation=province,
        classes=1,
        groups=["can_bo_chu_chot", "dang_vien"],
        deadline=D(2025, 12, 31),
        note="Tổ chức trực tuyến từ Tỉnh ủy đến các đảng ủy xã, phường.",
    )
