import datetime as dt
import random

import pytest
from django.utils import timezone

from nghiquyet.accounts import demo as accounts_demo
from nghiquyet.core.demo import DemoContext
from nghiquyet.dissemination import demo as dissemination_demo
from nghiquyet.dissemination.models import Plan, StudySession
from nghiquyet.dissemination.selectors import coverage, plan_progress
from nghiquyet.documents import demo as documents_demo
from nghiquyet.documents.compliance import build_matrix
from nghiquyet.documents.header import parse_header
from nghiquyet.documents.models import Document, Requirement
from nghiquyet.orgs import demo as orgs_demo


def test_state_header_is_read():
    header = parse_header(
        "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 12/KH-UBND\nĐồng Tháp, ngày 05 tháng 3 năm 2024\n\n"
        "KẾ HOẠCH\nTriển khai Nghị quyết số 01-NQ/TU ngày 15/10/2025 của Tỉnh ủy\n"
    )
    assert header.values == {
        "scheme": "nha_nuoc",
        "number": 12,
        "type_code": "KH",
        "body_code": "UBND",
        "issue_date": dt.date(2024, 3, 5),
        "doc_type": "ke_hoach",
        "title": "Triển khai Nghị quyết số 01-NQ/TU ngày 15/10/2025 của Tỉnh ủy",
    }
    assert header.cited == ["Nghị quyết số 01-NQ/TU ngày 15/10/2025"]


def test_header_with_malformed_number_explains_and_does_not_guess():
    header = parse_header("ĐẢNG CỘNG SẢN VIỆT NAM\nSố 07-KH\nCao Lãnh, ngày 31 tháng 2 năm 2020\n")
    assert "number" not in header.values and "issue_date" not in header.values
    assert any("thiếu cơ quan ban hành" in n for n in header.notes)
    assert any("không tồn tại" in n for n in header.notes)


@pytest.fixture
def demo(db, django_user_model):
    actor = django_user_model.objects.create_superuser("admin", password="x")
    ctx = DemoContext(
        actor=actor, today=timezone.localdate(), rng=random.Random(2025), say=lambda s: None
    )
    for module in (orgs_demo, accounts_demo, documents_demo, dissemination_demo):
        module.load(ctx)
    return ctx


def test_demo_tells_the_three_stories(demo):
    city = demo.org("TP-CL")
    resolution = demo.extra["city_resolution"]
    thematic = Document.objects.filter(
        organisation=city, relations_out__target=resolution, issue_date__gte=dt.date(2020, 9, 1)
    ).exclude(doc_type="quy_che")
    counts = {
        t: thematic.filter(doc_type=t).count()
        for t in ("nghi_quyet", "ket_luan", "chuong_trinh", "ke_hoach")
    }
    assert counts == {"nghi_quyet": 1, "ket_luan": 7, "chuong_trinh": 4, "ke_hoach": 1}
    assert demo.extra["study_plan"].number_line == "Số 07-KH/ThU"
    assert demo.extra["study_plan"].issue_date == dt.date(2020, 8, 7)
    progress = plan_progress(Plan.objects.get(organisation=city))
    assert progress.text == "11/11 lớp (hạn 30/09/2020)"
    ward_req = Requirement.objects.get(document=resolution, action="ban_hanh")
    assert build_matrix([ward_req]).overall(ward_req).counts == {
        "dung_han": 6,
        "tre_han": 2,
        "qua_han": 1,
        "chua_den_han": 0,
    }
    province_res = demo.extra["province_resolution"]
    statuses = set()
    reqs = list(province_res.requirements.all())
    matrix = build_matrix(reqs, today=timezone.localdate())
    for req in reqs:
        statuses |= {s for s, n in matrix.overall(req).counts.items() if n}
    assert statuses == {"dung_han", "tre_han", "qua_han", "chua_den_han"}
    broadcast = StudySession.objects.get(organisation=demo.org("DT"))
    assert broadcast.connected_units.count() == 26
    assert coverage(demo.org("DT"), province_res).sessions == 1
    assert coverage(demo.org("P-CAO-LANH"), province_res).sessions == 1
