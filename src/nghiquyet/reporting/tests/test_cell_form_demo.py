"""Issue 9 §4: party cells have something to report. The demo gives every chi bộ a quarterly
form (new members admitted, members, members rated, study attendance) and ``chibo`` fills it."""

import datetime as dt
import random

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from nghiquyet.accounts import demo as accounts_demo
from nghiquyet.core.demo import DemoContext
from nghiquyet.indicators import demo as indicators_demo
from nghiquyet.indicators.models import IndicatorValue
from nghiquyet.orgs import demo as orgs_demo
from nghiquyet.reporting import demo
from nghiquyet.reporting.models import Submission

CELL = "X-MY-HIEP-CB1"
QUARTER = "2026Q3"


@pytest.fixture
def demo_chibo(db) -> Client:
    root = User.objects.create_superuser("demo-root")
    ctx = DemoContext(
        actor=root, today=dt.date(2026, 12, 1), rng=random.Random(7), say=lambda _: None
    )
    for module in (orgs_demo, accounts_demo, indicators_demo, demo):
        module.load(ctx)
    client = Client()
    client.force_login(User.objects.get(username="chibo"))
    return client


def test_demo_cell_form_lists_the_four_lines_and_reaches_every_cell(demo_chibo) -> None:
    form = demo.ReportingForm.objects.get(code=demo.CELL_FORM_CODE)
    codes = list(form.indicators.order_by("position").values_list("code", flat=True))
    assert sorted(codes) == sorted(demo.CELL_INDICATORS)
    assert set(form.org_kinds) == {"chi_bo_co_so", "chi_bo_truc_thuoc"}
    index = demo_chibo.get(reverse("reporting:index")).content.decode()
    assert demo.CELL_FORM_CODE in index


def test_chibo_opens_fills_and_sends_the_cell_form(demo_chibo) -> None:
    url = reverse("reporting:grid", args=[demo.CELL_FORM_CODE, CELL, QUARTER])
    page = demo_chibo.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for name in (
        "Kết nạp đảng viên mới",
        "Tổng số đảng viên",
        "Số đảng viên được đánh giá, xếp loại chất lượng",
        "Tỷ lệ đảng viên tham gia học tập, quán triệt nghị quyết",
    ):
        assert name in html
    assert "Lưu và gửi báo cáo" in html
    ids = {
        i.code: i.pk
        for i in demo.ReportingForm.objects.get(code=demo.CELL_FORM_CODE).indicators.all()
    }
    previous = IndicatorValue.objects.get(
        organisation__code=CELL, indicator__code="DV-TONG", period_code="2026Q2"
    ).value
    members = int(previous) + 2
    answer = demo_chibo.post(
        url,
        {
            "loai": "chinh_thuc",
            "action": "submit",
            f"value-{ids['DV-MOI']}": "2",
            f"value-{ids['DV-TONG']}": str(members),
            f"value-{ids['DV-XEP-LOAI']}": str(members - 2),
            f"numerator-{ids['DV-HOC-NQ']}": str(members - 1),
            f"denominator-{ids['DV-HOC-NQ']}": str(members),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    sent = Submission.objects.get(form__code=demo.CELL_FORM_CODE, organisation__code=CELL)
    assert (sent.period_code, sent.status) == (QUARTER, "da_gui")
    saved = IndicatorValue.objects.get(
        organisation__code=CELL, indicator__code="DV-HOC-NQ", period_code=QUARTER
    )
    assert (saved.numerator, saved.denominator) == (members - 1, members)
