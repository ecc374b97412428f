"""Demo tasks: the Tỉnh ủy's action programme and the focus programmes of its Congress resolution.

- Việt Trì-style: the Tỉnh ủy's Chương trình hành động thực hiện Nghị quyết Đại hội lần thứ I
  has 8 groups of tasks and solutions (``nhom_nhiem_vu_giai_phap``), each with a few tasks for
  the phases 2025–2027 and 2028–2030, led by wards and communes with provincial coordinators.
- Thanh Hóa-style: the Congress resolution itself names 3 focus programmes
  (``chuong_trinh_trong_tam``) and 2 breakthroughs (``khau_dot_pha``).

Dates are relative to ``ctx.today`` so the mix of statuses (done on time, done late, overdue,
in progress, not yet due) holds whenever the demo is loaded. Also: a quarterly report task,
two extension requests (one approved) and one completion returned to its lead unit; two
quarterly briefings whose conclusions became tasks, and difficulties and recommendations (one
answered, one forwarded to the province, one open for more than 30 days).
"""

import datetime as dt

from django.utils import timezone

from nghiquyet.core.demo import DemoContext
from nghiquyet.documents.models import Document, FieldGroup, Status
from nghiquyet.documents.services import DocumentInput, document_create
from nghiquyet.orgs.models import Organisation
from nghiquyet.tasks.models import Occurrence, Recurrence, Section, SectionKind, Task
from nghiquyet.tasks.services.briefings import briefing_create, conclusion_assign
from nghiquyet.tasks.services.recommendations import (
    recommendation_answer,
    recommendation_forward,
    recommendation_raise,
)
from nghiquyet.tasks.services.tasks import TaskInput, section_create, task_create
from nghiquyet.tasks.services.workflow import (
    comment_add,
    completion_confirm,
    completion_report,
    completion_return,
    extension_approve,
    extension_request,
    progress_post,
)

LEADS = ["P-CAO-LANH", "X-MY-HIEP", "P-SA-DEC", "X-LAP-VO", "P-HONG-NGU", "X-THAP-MUOI"]
COORDINATORS = ["DT-MTTQ", "DT-BTGDV", "DT-UBT", "DT-BTC"]
# Cycled over the tasks; with 6 leads, the first lead (the ``xa`` user's ward) gets an
# overdue task first.
OUTCOMES = ["qua_han", "dung_han", "dang_thuc_hien", "tre_han", "chua_den_han"]

GROUPS: list[tuple[str, list[str]]] = [
    (
        "Nhóm nhiệm vụ, giải pháp về xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
        [
            "Kiện toàn tổ chức bộ máy đảng ủy xã, phường sau sắp xếp đơn vị hành chính",
            "Phát triển đảng viên mới, chú trọng đoàn viên thanh niên ưu tú",
            "Rà soát, bổ sung quy chế làm việc của ban chấp hành đảng bộ",
        ],
    ),
    (
        "Nhóm nhiệm vụ, giải pháp về phát triển kinh tế nông nghiệp và nông thôn mới",
        [
            "Xây dựng vùng nguyên liệu lúa chất lượng cao gắn với liên kết tiêu thụ",
            "Hoàn thành tiêu chí nông thôn mới nâng cao ở các xã",
        ],
    ),
    (
        "Nhóm nhiệm vụ, giải pháp về phát triển đô thị, thương mại - dịch vụ và du lịch",
        [
            "Chỉnh trang đô thị, phát triển không gian đi bộ và chợ đêm",
            "Phát triển sản phẩm du lịch gắn với Hội quán và làng nghề",
        ],
    ),
    (
        "Nhóm nhiệm vụ, giải pháp về chuyển đổi số và cải cách hành chính",
        [
            "Số hóa hồ sơ, giải quyết thủ tục hành chính trực tuyến toàn trình",
            "Triển khai mô hình tổ công nghệ số cộng đồng ở khóm, ấp",
        ],
    ),
    (
        "Nhóm nhiệm vụ, giải pháp về văn hóa, giáo dục và y tế",
        [
            "Nâng tỷ lệ trường học đạt chuẩn quốc gia",
            "Củng cố trạm y tế xã, phường đạt chuẩn quốc gia về y tế",
        ],
    ),
    (
        "Nhóm nhiệm vụ, giải pháp về an sinh xã hội và giảm nghèo bền vững",
        [
            "Hỗ trợ xóa nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo",
            "Nâng tỷ lệ người dân tham gia bảo hiểm y tế",
        ],
    ),
    (
        "Nhóm nhiệm vụ, giải pháp về quốc phòng, an ninh và trật tự an toàn xã hội",
        [
            "Xây dựng khóm, ấp an toàn về an ninh trật tự",
            "Củng cố lực lượng bảo vệ an ninh, trật tự ở cơ sở",
        ],
    ),
    (
        "Nhóm nhiệm vụ, giải pháp về công tác dân vận và phát huy vai trò Mặt trận",
        [
            "Nhân rộng mô hình Dân vận khéo và Tổ Nhân dân tự quản",
            "Tổ chức đối thoại giữa người đứng đầu cấp ủy với Nhân dân",
        ],
    ),
]
FOCUS: list[tuple[str, str, str]] = [
    (
        SectionKind.CHUONG_TRINH_TRONG_TAM,
        "Chương trình phát triển nông nghiệp sinh thái, hiện đại",
        "Xây dựng đề án chuyển đổi cơ cấu cây trồng, vật nuôi giai đoạn 2026 - 2030",
    ),
    (
        SectionKind.CHUONG_TRINH_TRONG_TAM,
        "Chương trình phát triển đô thị và hạ tầng giao thông",
        "Lập danh mục công trình hạ tầng giao thông kết nối vùng ưu tiên đầu tư",
    ),
    (
        SectionKind.CHUONG_TRINH_TRONG_TAM,
        "Chương trình nâng cao chất lượng nguồn nhân lực",
        "Đào tạo nghề gắn với giải quyết việc làm cho lao động nông thôn",
    ),
    (
        SectionKind.KHAU_DOT_PHA,
        "Đột phá về chuyển đổi số và cải cách hành chính",
        "Đưa hệ thống theo dõi thực hiện nghị quyết vào vận hành ở tất cả đảng ủy xã, phường",
    ),
    (
        SectionKind.KHAU_DOT_PHA,
        "Đột phá về huy động nguồn lực đầu tư kết cấu hạ tầng",
        "Giải ngân vốn đầu tư công đạt 100% kế hoạch được giao hằng năm",
    ),
]


def load(ctx: DemoContext) -> None:
    province = ctx.org("DT")
    resolution: Document = ctx.extra["province_resolution"]
    programme = document_create(
        actor=ctx.actor,
        organisation=province,
        data=DocumentInput(
            scheme="dang",
            doc_type="chuong_trinh",
            status=Status.BAN_HANH,
            number=1,
            issue_date=dt.date(2025, 11, 10),
            title="Chương trình hành động thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh "
            "Đồng Tháp lần thứ I, nhiệm kỳ 2025 - 2030",
            field_groups=[FieldGroup.XAY_DUNG_DANG, FieldGroup.KINH_TE],
        ),
        concretizes=resolution,
    )
    ctx.extra["province_programme"] = programme
    _groups(ctx, province, programme)
    _focus(ctx, province, resolution)
    load_briefings(ctx)


def _days(ctx: DemoContext, n: int) -> dt.date:
    return ctx.today + dt.timedelta(days=n)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))


def _task(
    ctx: DemoContext, province: Organisation, section: Section, code: str, title: str, **kw: object
) -> Task:
    data = TaskInput(
        code=code,
        title=title,
        assigning=province,
        section=section,
        **kw,  # type: ignore[arg-type]
    )
    return task_create(actor=ctx.actor, data=data)


def _groups(ctx: DemoContext, province: Organisation, programme: Document) -> None:
    index = 0
    for g, (name, titles) in enumerate(GROUPS, start=1):
        section = section_create(
            actor=ctx.actor,
            document=programme,
            kind=SectionKind.NHOM_NHIEM_VU_GIAI_PHAP,
            name=name,
            position=g,
        )
        for t, title in enumerate(titles, start=1):
            lead = ctx.org(LEADS[index % len(LEADS)])
            outcome = OUTCOMES[index % len(OUTCOMES)]
            coordinator = ctx.org(COORDINATORS[index % len(COORDINATORS)])
            start, deadline = _window(ctx, outcome)
            task = _task(
                ctx,
                province,
                section,
                f"CTr01-{g}.{t}",
                title,
                lead=lead,
                start_date=start,
                deadline=deadline,
                phase="2025-2027" if outcome != "chua_den_han" else "2028-2030",
                coordinating_units=[coordinator],
            )
            _play(ctx, task.occurrences.get(), outcome)
            index += 1


def _window(ctx: DemoContext, outcome: str) -> tuple[dt.date, dt.date]:
    return {
        "qua_han": (_days(ctx, -200), _days(ctx, -20)),
        "dung_han": (_days(ctx, -240), _days(ctx, -60)),
        "dang_thuc_hien": (_days(ctx, -150), _days(ctx, 120)),
        "tre_han": (_days(ctx, -260), _days(ctx, -100)),
        "chua_den_han": (_days(ctx, -30), _days(ctx, 400)),
    }[outcome]


def _play(ctx: DemoContext, occ: Occurrence, outcome: str) -> None:
    """Post what the lead unit and the Tỉnh ủy did so the occurrence shows ``outcome``."""
    if outcome == "qua_han":
        progress_post(
            actor=ctx.actor,
            occurrence=occ,
            percent=60,
            text="Đã triển khai đến các chi bộ; còn vướng kinh phí, chưa hoàn thành.",
        )
    elif outcome == "dang_thuc_hien":
        progress_post(
            actor=ctx.actor,
            occurrence=occ,
            percent=40,
            text="Đã ban hành kế hoạch, đang tổ chức thực hiện theo lộ trình.",
        )
    elif outcome in ("dung_han", "tre_han"):
        shift = -10 if outcome == "dung_han" else 15
        done_on = min(occ.due_date + dt.timedelta(days=shift), _days(ctx, -1))
        completion_report(
            actor=ctx.actor,
            occurrence=occ,
            note="Đã hoàn thành nhiệm vụ, có báo cáo kết quả kèm theo.",
            at=_at(done_on),
        )
        completion_confirm(actor=ctx.actor, occurrence=occ)


def _focus(ctx: DemoContext, province: Organisation, resolution: Document) -> None:
    sections = [
        section_create(actor=ctx.actor, document=resolution, kind=kind, name=name, position=i)
        for i, (kind, name, _title) in enumerate(FOCUS, start=1)
    ]
    tasks = []
    for i, (section, (_k, _n, title)) in enumerate(zip(sections, FOCUS, strict=True), start=1):
        lead = ctx.org(LEADS[(i + 1) % len(LEADS)])
        tasks.append(
            _task(
                ctx,
                province,
                section,
                f"NQ01-{i}",
                title,
                lead=lead,
                start_date=_days(ctx, -180),
                deadline=_days(ctx, [-5, 20, 45, 30, 90][i - 1]),
                phase="2025-2030",
                coordinating_units=[ctx.org("DT-UBT")],
            )
        )
    # 1: overdue by a few days, extension asked and approved: back on track.
    occ = tasks[0].occurrences.get()
    progress_post(actor=ctx.actor, occurrence=occ, percent=70, text="Đã lấy ý kiến dự thảo đề án.")
    ext = extension_request(
        actor=ctx.actor,
        occurrence=occ,
        new_date=_days(ctx, 45),
        reason="Chờ hướng dẫn của Trung ương về quy hoạch vùng sản xuất sau sáp nhập.",
    )
    extension_approve(actor=ctx.actor, extension=ext, note="Đồng ý gia hạn đến hết tháng sau.")
    # 2: extension requested, waiting for the Tỉnh ủy.
    occ = tasks[1].occurrences.get()
    progress_post(actor=ctx.actor, occurrence=occ, percent=30, text="Đang rà soát danh mục.")
    extension_request(
        actor=ctx.actor,
        occurrence=occ,
        new_date=_days(ctx, 60),
        reason="Cần thêm thời gian phối hợp với Sở Xây dựng thống nhất danh mục.",
    )
    # 4: completion reported, returned for more evidence.
    occ = tasks[3].occurrences.get()
    completion_report(
        actor=ctx.actor,
        occurrence=occ,
        note="Hệ thống đã vận hành ở các đảng ủy xã, phường.",
        at=_at(_days(ctx, -3)),
    )
    completion_return(
        actor=ctx.actor,
        occurrence=occ,
        reason="Còn 4 đảng ủy xã chưa cập nhật dữ liệu; đề nghị bổ sung danh sách kèm theo.",
    )
    comment_add(
        actor=ctx.actor,
        task=tasks[3],
        text="Văn phòng Tỉnh ủy hỗ trợ tập huấn cho các xã chưa cập nhật.",
    )
    _quarterly(ctx, province, sections[4])


def _quarterly(ctx: DemoContext, province: Organisation, section: Section) -> None:
    """Báo cáo quý tiến độ giải ngân: due on the 25th of the quarter's last month or so."""
    task = _task(
        ctx,
        province,
        section,
        "NQ01-BC-QUY",
        "Báo cáo quý kết quả giải ngân vốn đầu tư công",
        lead=ctx.org("P-CAO-LANH"),
        start_date=_days(ctx, -400),
        recurrence=Recurrence.QUY,
        recurrence_offset=84,
        recurrence_until=_days(ctx, 365),
        phase="2025-2030",
        coordinating_units=[ctx.org("DT-UBT")],
    )
    past = list(task.occurrences.filter(due_date__lt=ctx.today).order_by("due_date"))
    for n, occ in enumerate(past):
        if n == len(past) - 1:
            continue  # The latest quarter's report is missing: overdue.
        late = 5 if n == 1 else -2
        done_on = max(min(occ.due_date + dt.timedelta(days=late), _days(ctx, -1)), occ.opens_on)
        completion_report(
            actor=ctx.actor, occurrence=occ, note="Đã gửi báo cáo quý.", at=_at(done_on)
        )
        completion_confirm(actor=ctx.actor, occurrence=occ)


# Briefings and recommendations ---------------------------------------------------------------

BRIEFING_CONCLUSIONS = [
    "Các đảng ủy xã, phường hoàn thành kiện toàn tổ chức bộ máy sau sắp xếp trong quý.",
    "Đẩy nhanh tiến độ giải ngân vốn đầu tư công, báo cáo Thường trực Tỉnh ủy hằng tháng.",
    "Tập trung giải quyết dứt điểm các vướng mắc về giải phóng mặt bằng các dự án trọng điểm.",
]


def load_briefings(ctx: DemoContext) -> None:
    """The last two quarterly briefings of the Thường trực Tỉnh ủy, each with its thông báo
    kết luận (714-TB/TU style); two conclusions of each became tasks, the third still waits.
    Then three recommendations: one answered, one forwarded to the province, one open for
    more than 30 days."""
    province = ctx.org("DT")
    leads = [ctx.org(code) for code in LEADS[:3]]
    for n, back in enumerate((100, 10)):
        held = _days(ctx, -back)
        notice = document_create(
            actor=ctx.actor,
            organisation=province,
            data=DocumentInput(
                scheme="dang",
                doc_type="thong_bao",
                status=Status.BAN_HANH,
                number=714 + n,
                issue_date=held + dt.timedelta(days=2),
                title="Kết luận của Thường trực Tỉnh ủy tại buổi giao ban quý ngày "
                f"{held:%d/%m/%Y}",
            ),
        )
        briefing = briefing_create(
            actor=ctx.actor,
            chair=province,
            held_on=held,
            agenda="Giao ban quý: tình hình thực hiện Nghị quyết Đại hội, nhiệm vụ quý tới.",
            participants=leads,
            notice=notice,
            conclusions=BRIEFING_CONCLUSIONS,
        )
        for conclusion, lead in zip(list(briefing.conclusions.all())[:2], leads, strict=False):
            data = TaskInput(
                code=f"GB{held:%y%m}-{conclusion.position}",
                title=conclusion.text,
                assigning=province,
                lead=lead,
                start_date=held,
                deadline=held + dt.timedelta(days=60),
                phase="2025-2030",
            )
            conclusion_assign(actor=ctx.actor, conclusion=conclusion, data=data)
    _recommendations(ctx)


RECOMMENDATIONS = [
    # (unit, days ago, title, text, what happened)
    (
        "P-CAO-LANH-CB1",
        20,
        "Thiếu kinh phí tổ chức sinh hoạt chuyên đề",
        "Chi bộ chưa được bố trí kinh phí in tài liệu học tập nghị quyết cho đảng viên.",
        "tra_loi",
    ),
    (
        "P-CAO-LANH-CB1",
        12,
        "Kiến nghị bổ sung biên chế cán bộ chuyên trách",
        "Chi bộ thiếu cán bộ theo dõi nghị quyết; đề nghị cấp trên xem xét bổ sung.",
        "chuyen",
    ),
    (
        "P-CAO-LANH-CB1",
        45,
        "Đề nghị hướng dẫn chấm điểm tiêu chí nông thôn mới nâng cao",
        "Tiêu chí thu nhập chưa có hướng dẫn cách tính cho khóm nội thị.",
        "",
    ),
    (
        "P-CAO-LANH",
        6,
        "Vướng mắc giải phóng mặt bằng dự án chợ đêm",
        "Một số hộ chưa đồng thuận giá bồi thường; đề nghị tỉnh hướng dẫn áp dụng khung giá.",
        "",
    ),
]


def _recommendations(ctx: DemoContext) -> None:
    for code, back, title, text, outcome in RECOMMENDATIONS:
        rec = recommendation_raise(
            actor=ctx.actor, unit=ctx.org(code), title=title, text=text, at=_at(_days(ctx, -back))
        )
        if outcome == "tra_loi":
            recommendation_answer(
                actor=ctx.actor,
                recommendation=rec,
                text="Đảng ủy phường bố trí kinh phí từ nguồn chi thường xuyên quý này.",
            )
        elif outcome == "chuyen":
            recommendation_forward(
                actor=ctx.actor,
                recommendation=rec,
                text="Vượt thẩm quyền cấp phường, kính chuyển Tỉnh ủy xem xét.",
            )
