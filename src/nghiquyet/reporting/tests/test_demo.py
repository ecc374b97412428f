"""The reporting demo: a quarterly commune form with approved, late, returned and missing units."""

import datetime as dt
import random

from django.contrib.auth.models import User

from nghiquyet.core.demo import DemoContext
from nghiquyet.core.periods import Period
from nghiquyet.indicators.models import Indicator
from nghiquyet.orgs import demo as orgs_demo
from nghiquyet.reporting import demo
from nghiquyet.reporting.models import Reminder, Submission
from nghiquyet.reporting.selectors import completeness


def test_demo_loads_a_realistic_reporting_picture(db) -> None:
    root = User.objects.create_superuser("demo-root")
    ctx = DemoContext(
        actor=root, today=dt.date(2026, 5, 10), rng=random.Random(7), say=lambda _: None
    )
    orgs_demo.load(ctx)
    for i in range(12):
        Indicator.objects.create(
            code=f"D{i:02d}",
            name=f"Chỉ tiêu {i}",
            unit="người",
            kind="so_luong",
            field_group="kinh_te",
            position=i,
            organisation=ctx.org("DT"),
        )
    demo.load(ctx)
    form = ctx.extra["reporting_form"]
    assert form.indicators.count() == 10
    periods = sorted(set(Submission.objects.values_list("period_code", flat=True)))
    assert periods == ["2025Q3", "2025Q4", "2026Q1"]
    returned = Submission.objects.get(status="tra_lai")
    assert (returned.organisation.code, returned.period_code) == ("X-MY-HIEP", "2026Q1")
    assert "99,58%" in returned.reason
    latest = completeness(form, ctx.org("DT"), Period.parse("2026Q1"), today=ctx.today)
    states = [u.state for u in latest.units]
    assert states.count("chua_gui") == 3
    assert states.count("tre_han") == 3
    assert states.count("dung_han") == len(states) - 6
    assert Reminder.objects.filter(period_code="2026Q1").count() == 3
    assert (
        Submission.objects.filter(period_code="2025Q3", status="da_duyet").count()
        == len(states) - 1
    )
    assert Submission.objects.filter(period_code="2026Q1", status="da_gui").exists()
