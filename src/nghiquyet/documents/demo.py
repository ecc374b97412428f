"""Demo documents: the stories of seeds 000 and 003 in Cao Lãnh, and the 2025 province Congress.

- Thành ủy Cao Lãnh (term IX, 2020–2025) concretizes its Congress resolution into 13
  thematic documents (1 NQ, 7 KL, 4 CTr, 1 KH: seed 000) and issues Kế hoạch 07-KH/ThU of
  7-8-2020 on studying it (seed 003). Its nine wards and communes must issue their own plans
  by 30/9/2020: most do on time, two late, one never. The working regulations are signed by
  20-9-2020.
- The Tỉnh ủy's Congress resolution of the 2025–2030 term requires every commune committee to
  issue its action programme by a deadline already past (on time, late, overdue cells) and to
  report on the first steps by a deadline still ahead (done and not-yet-due cells).
- A draft of the Tỉnh ủy's working regulations is out for comments.

Study sessions (seed 001 and the 11 classes of seed 003) are in ``dissemination/demo.py``.
"""

import datetime as dt

from nghiquyet.core.demo import DemoContext
from nghiquyet.documents.models import Document, FieldGroup, Status
from nghiquyet.documents.services import (
    DocumentInput,
    comment_add,
    consultation_open,
    document_create,
    relation_add,
    requirement_create,
)
from nghiquyet.orgs.models import Organisation, OrgKind

D = dt.date
F = FieldGroup
CITY_RESOLUTION = (
    "Nghị quyết Đại hội đại biểu Đảng bộ thành phố Cao Lãnh lần thứ IX, nhiệm kỳ 2020 - 2025"
)
THEMATIC: list[tuple[str, int, dt.date, str, str]] = [
    ("nghi_quyet", 2, D(2020, 12, 18), "về xây dựng thành phố Cao Lãnh thông minh", F.KINH_TE),
    (
        "ket_luan",
        3,
        D(2020, 10, 5),
        "về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức đảng",
        F.XAY_DUNG_DANG,
    ),
    (
        "ket_luan",
        5,
        D(2020, 11, 2),
        "về công tác phát triển đảng viên giai đoạn 2020 - 2025",
        F.XAY_DUNG_DANG,
    ),
    (
        "ket_luan",
        8,
        D(2021, 1, 12),
        "về phát triển kinh tế đô thị, thương mại - dịch vụ",
        F.KINH_TE,
    ),
    ("ket_luan", 11, D(2021, 3, 9), "về xây dựng nông thôn mới nâng cao ở các xã", F.KINH_TE),
    (
        "ket_luan",
        14,
        D(2021, 5, 20),
        "về phát triển văn hóa, du lịch và Hội quán",
        F.VAN_HOA_XA_HOI,
    ),
    ("ket_luan", 17, D(2021, 8, 4), "về bảo đảm an sinh xã hội", F.VAN_HOA_XA_HOI),
    (
        "ket_luan",
        21,
        D(2021, 11, 16),
        "về giữ vững quốc phòng, an ninh, trật tự xã hội",
        F.QUOC_PHONG_AN_NINH,
    ),
    ("chuong_trinh", 1, D(2020, 9, 10), "về phát triển thương mại - dịch vụ", F.KINH_TE),
    ("chuong_trinh", 2, D(2020, 9, 10), "về xây dựng, chỉnh trang đô thị", F.KINH_TE),
    (
        "chuong_trinh",
        3,
        D(2020, 9, 10),
        "về xây dựng đội ngũ cán bộ đáp ứng yêu cầu phát triển đô thị",
        F.XAY_DUNG_DANG,
    ),
    (
        "chuong_trinh",
        4,
        D(2020, 9, 10),
        "về nâng cao hiệu quả công tác vận động quần chúng",
        F.DAN_VAN,
    ),
    (
        "ke_hoach",
        12,
        D(2020, 10, 20),
        "thực hiện chuyển đổi số thành phố giai đoạn 2020 - 2025",
        F.KINH_TE,
    ),
]
PREFIX = {
    "nghi_quyet": "Nghị quyết",
    "ket_luan": "Kết luận",
    "chuong_trinh": "Chương trình hành động",
    "ke_hoach": "Kế hoạch",
}
# Old wards of Cao Lãnh and when each issued its plan (None: never). Deadline 30/9/2020.
WARD_PLANS = {
    "CL-P-1": D(2020, 9, 4),
    "CL-P-3": D(2020, 9, 8),
    "CL-P-4": D(2020, 9, 15),
    "CL-P-MY-PHU": D(2020, 9, 21),
    "CL-P-HOA-THUAN": D(2020, 9, 29),
    "CL-X-HOA-AN": D(2020, 9, 30),
    "CL-P-11": D(2020, 10, 9),
    "CL-X-MY-NGAI": D(2020, 10, 22),
    "CL-X-TINH-THOI": None,
}


def _issue(
    ctx: DemoContext, org: Organisation, parent: Document | None = None, **fields: object
) -> Document:
    data = DocumentInput(**({"scheme": "dang", "status": Status.BAN_HANH} | fields))  # type: ignore[arg-type]
    return document_create(actor=ctx.actor, organisation=org, data=data, concretizes=parent)


def load(ctx: DemoContext) -> None:
    city = ctx.org("TP-CL")
    resolution = _issue(
        ctx,
        city,
        doc_type="nghi_quyet",
        number=1,
        issue_date=D(2020, 8, 20),
        title=CITY_RESOLUTION,
        signer="Trần Văn Tám",
        signer_title="Bí thư",
        field_groups=[F.XAY_DUNG_DANG, F.KINH_TE, F.VAN_HOA_XA_HOI, F.QUOC_PHONG_AN_NINH],
    )
    ctx.extra["city_resolution"] = resolution
    _thematic(ctx, city, resolution)
    ctx.extra["study_plan"] = _issue(
        ctx,
        city,
        resolution,
        doc_type="ke_hoach",
        number=7,
        issue_date=D(2020, 8, 7),
        title="lãnh đạo, chỉ đạo triển khai quán triệt Nghị quyết Đại hội Đảng bộ thành phố "
        "lần thứ IX, nhiệm kỳ 2020 - 2025 trong toàn hệ thống chính trị",
        signer_title="T/M Ban Thường vụ",
    )
    _issue(
        ctx,
        city,
        resolution,
        doc_type="quy_che",
        number=1,
        issue_date=D(2020, 9, 18),
        title="Quy chế làm việc của Ban Chấp hành, Ban Thường vụ, Thường trực Thành ủy khóa IX, "
        "nhiệm kỳ 2020 - 2025",
    )
    _ward_plans(ctx, city, resolution)
    _province(ctx)


def _thematic(ctx: DemoContext, city: Organisation, resolution: Document) -> None:
    for doc_type, number, day, subject, group in THEMATIC:
        _issue(
            ctx,
            city,
            resolution,
            doc_type=doc_type,
            number=number,
            issue_date=day,
            title=f"{PREFIX[doc_type]} {subject}",
            field_groups=[group],
        )


def _ward_plans(ctx: DemoContext, city: Organisation, resolution: Document) -> None:
    requirement_create(
        actor=ctx.actor,
        document=resolution,
        action="ban_hanh",
        doc_type="ke_hoach",
        rule="truc_thuoc",
        assigned_on=D(2020, 8, 20),
        deadline=D(2020, 9, 30),
        note="Cấp ủy cơ sở ban hành kế hoạch thực hiện Nghị quyết Đại hội, "
        "xong trong tháng 9-2020.",
    )
    for code, day in WARD_PLANS.items():
        if day is None:
            continue
        ward = ctx.org(code)
        plan = _issue(
            ctx,
            ward,
            resolution,
            doc_type="ke_hoach",
            number=ctx.rng.randint(3, 9),
            issue_date=day,
            title=f"Kế hoạch thực hiện {CITY_RESOLUTION} của {ward.short_name or ward.name}",
        )
        if code == "CL-P-1":
            _issue(
                ctx,
                ctx.org("CL-P-1-CB1"),
                plan,
                doc_type="ke_hoach",
                number=2,
                issue_date=D(2020, 9, 12),
                title="Kế hoạch của Chi bộ Khóm 1 thực hiện kế hoạch của Đảng ủy Phường 1",
            )


def _province(ctx: DemoContext) -> None:
    province = ctx.org("DT")
    today = ctx.today
    resolution = _issue(
        ctx,
        province,
        doc_type="nghi_quyet",
        number=1,
        issue_date=D(2025, 10, 15),
        title="Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Đồng Tháp lần thứ I, nhiệm kỳ 2025 - 2030",
        signer_title="T/M Ban Chấp hành",
        field_groups=[F.XAY_DUNG_DANG, F.KINH_TE, F.VAN_HOA_XA_HOI, F.QUOC_PHONG_AN_NINH],
    )
    ctx.extra["province_resolution"] = resolution
    communes = [o for o in ctx.orgs.values() if o.kind == OrgKind.DANG_UY_XA and o.valid_to is None]
    communes.sort(key=lambda o: o.path)
    programme_due = max(today - dt.timedelta(days=20), D(2025, 11, 15))
    report_due = today + dt.timedelta(days=30)
    requirement_create(
        actor=ctx.actor,
        document=resolution,
        action="ban_hanh",
        doc_type="chuong_trinh",
        rule="theo_loai",
        target_kind=OrgKind.DANG_UY_XA,
        assigned_on=D(2025, 10, 16),
        deadline=programme_due,
        note="Đảng ủy xã, phường ban hành chương trình hành động thực hiện Nghị quyết.",
    )
    requirement_create(
        actor=ctx.actor,
        document=resolution,
        action="bao_cao",
        rule="theo_loai",
        target_kind=OrgKind.DANG_UY_XA,
        assigned_on=D(2025, 10, 16),
        deadline=report_due,
        note="Báo cáo kết quả bước đầu triển khai Nghị quyết.",
    )
    _commune_answers(ctx, communes, resolution, programme_due)
    _draft(ctx, province, communes)


def _commune_answers(
    ctx: DemoContext, communes: list[Organisation], resolution: Document, due: dt.date
) -> None:
    late_window = max((ctx.today - due).days, 0)
    for index, commune in enumerate(communes):
        share = index % 10
        if share < 6:
            day = due - dt.timedelta(days=ctx.rng.randint(0, 20))
        elif share < 8 and late_window:
            day = due + dt.timedelta(days=ctx.rng.randint(1, late_window))
        else:
            continue  # Overdue: nothing registered.
        programme = _issue(
            ctx,
            commune,
            resolution,
            doc_type="chuong_trinh",
            number=1,
            issue_date=min(day, ctx.today),
            title="Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ tỉnh "
            f"của {commune.name}",
        )
        if index % 4 == 0:
            report = _issue(
                ctx,
                commune,
                doc_type="bao_cao",
                number=1,
                issue_date=ctx.today,
                title=f"Báo cáo kết quả bước đầu triển khai Nghị quyết của {commune.name}",
            )
            relation_add(actor=ctx.actor, source=report, target=resolution, kind="dan_chieu")
        if index == 0:
            _cell_plan(ctx, commune, programme)


def _cell_plan(ctx: DemoContext, commune: Organisation, programme: Document) -> None:
    cell = (
        Organisation.objects.filter(parent=commune, kind=OrgKind.CHI_BO_CO_SO)
        .order_by("path")
        .first()
    )
    if cell is not None and programme.issue_date is not None:
        _issue(
            ctx,
            cell,
            programme,
            doc_type="ke_hoach",
            number=1,
            issue_date=programme.issue_date,
            title=f"Kế hoạch của {cell.name} thực hiện chương trình hành động của {commune.name}",
        )


def _draft(ctx: DemoContext, province: Organisation, communes: list[Organisation]) -> None:
    draft = _issue(
        ctx,
        province,
        doc_type="quy_che",
        status=Status.DU_THAO,
        title="Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa I, nhiệm kỳ 2025 - 2030",
    )
    units = [c for c in communes if c.code in {"P-CAO-LANH", "P-SA-DEC", "X-MY-HIEP"}]
    users = [u for key, u in ctx.users.items() if key == "lanhdao"]
    consultation = consultation_open(
        actor=ctx.actor,
        document=draft,
        deadline=ctx.today + dt.timedelta(days=10),
        users=users,
        units=units,
        note="Đề nghị các đồng chí Ủy viên Ban Thường vụ và các đảng ủy góp ý dự thảo.",
    )
    if "xa" in ctx.users:
        comment_add(
            actor=ctx.users["xa"],
            consultation=consultation,
            text="Đề nghị bổ sung quy định về chế độ thông tin, báo cáo của đảng ủy phường.",
        )
