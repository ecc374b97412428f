"""Issue 10 §12: quarterly briefings with conclusions turned into tasks, and a few
recommendations (answered, forwarded, open for more than 30 days) in the demo."""

import datetime as dt

from django.utils import timezone

from nghiquyet.core.demo import DemoContext
from nghiquyet.orgs import demo as orgs_demo
from nghiquyet.tasks import demo as tasks_demo
from nghiquyet.tasks.models import Briefing, Conclusion, Recommendation, RecState
from nghiquyet.tasks.selectors import recommendation_statistics


def test_demo_briefings_and_recommendations(cast):
    today = timezone.localdate()
    ctx = DemoContext(actor=cast.root, today=today, say=lambda s: None)
    orgs_demo.load(ctx)
    tasks_demo.load_briefings(ctx)
    briefings = list(Briefing.objects.order_by("held_on"))
    assert len(briefings) == 2 and all(b.notice.doc_type == "thong_bao" for b in briefings)
    assert briefings[0].notice.symbol.startswith("714-TB/")
    assert Conclusion.objects.filter(task__isnull=False).count() == 4
    assert Conclusion.objects.filter(task__isnull=True).count() == 2
    assert all(c.task.document == c.briefing.notice for c in Conclusion.objects.exclude(task=None))
    recs = Recommendation.objects.all()
    assert recs.filter(state=RecState.DA_TRA_LOI).count() == 1
    forwarded = recs.get(messages__step="chuyen")
    assert forwarded.addressed_to.code == "DT" and forwarded.state == RecState.CHO_XU_LY
    old = [r for r in recs.filter(state=RecState.CHO_XU_LY) if r.age(today) > 30]
    assert len(old) == 1
    year = dt.date(today.year, 1, 1)
    counts = recommendation_statistics(
        user=cast.root, org=ctx.org("DT"), start=year - dt.timedelta(days=60), end=today
    )
    assert counts.as_dict() == {"raised": 4, "answered": 1, "open": 3, "open_over_30_days": 1}
