import datetime as dt
from decimal import Decimal

from nghiquyet.core.demo import DemoContext
from nghiquyet.core.periods import Period
from nghiquyet.indicators import demo as indicators_demo
from nghiquyet.indicators.models import Indicator, IndicatorValue, Target
from nghiquyet.indicators.report import sections
from nghiquyet.orgs import demo as orgs_demo


def test_demo_loads_real_indicators_values_and_cao_lanh_figures(cast):
    ctx = DemoContext(actor=cast.root, today=dt.date(2026, 1, 15), say=lambda s: None)
    orgs_demo.load(ctx)
    indicators_demo.load(ctx)
    assert Indicator.objects.count() >= 30
    assert len(set(Indicator.objects.values_list("field_group", flat=True))) == 5
    assert Target.objects.filter(period_code="2025-2030").exists()
    assert IndicatorValue.objects.filter(organisation__code="X-MY-HIEP-CB1").exists()
    city = ctx.org("TP-CL")
    report = sections(org=city, period=Period.parse("2020-2025"), actor=cast.root)
    by_code = {e["code"]: e for e in report["indicators"]}
    assert by_code["DV-MOI"]["value"] == 653
    assert by_code["DV-DAN"]["display"] == "4,37%"
    assert (by_code["HOI-QUAN"]["value"], by_code["HQ-TV"]["value"]) == (15, 808)
    assert by_code["TTQ-KHA"]["display"] == "99,59%"
    assert (by_code["TTQ-KHA"]["numerator"], by_code["TTQ-KHA"]["denominator"]) == (1218, 1223)
    flagged = IndicatorValue.objects.get(organisation=city, indicator__code="TTQ-KHA")
    assert flagged.stated == Decimal("99.58") and "99,59%" in flagged.warning
    province = sections(org=ctx.org("DT"), period=Period.parse("2025"), actor=cast.root)
    statuses = {e["status"] for e in province["indicators"]}
    assert {"vuot", "khong_dat"} <= statuses
    assert province["summary"]["sentence"].endswith("chỉ tiêu đạt và vượt")
