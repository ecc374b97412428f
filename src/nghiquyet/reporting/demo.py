"""Demo reporting: a quarterly form for the commune committees of Đồng Tháp and its submissions.

Runs after the indicators demo and picks up to ten of its indicators. For the recent quarters
most communes report on time and are approved, a few report late, one report is returned with
a reason, the latest quarter still has reports awaiting approval, and some units have not
reported at all (they get a recorded reminder). A second quarterly form asks every chi bộ for
its members admitted, members, members rated and study attendance; the cells fill it themselves.
"""

import datetime as dt

from django.db.models import Count, Q

from nghiquyet.core.demo import DemoContext
from nghiquyet.core.periods import Period, PeriodKind, period_containing
from nghiquyet.indicators.models import Indicator, IndicatorValue
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.reporting import services
from nghiquyet.reporting.models import ReportingForm
from nghiquyet.reporting.rules import LOCAL_TZ, last_day

FORM_CODE = "BC-QUY-XA"
CELL_FORM_CODE = "BC-QUY-CHIBO"
CELL_INDICATORS = ("DV-MOI", "DV-TONG", "DV-XEP-LOAI", "DV-HOC-NQ")
REFORM = dt.date(2025, 7, 1)
RETURNED_UNIT = "X-MY-HIEP"
RETURN_REASON = (
    "Tỷ lệ dân số tham gia bảo hiểm y tế ghi 99,58% nhưng tử số/mẫu số cho 99,59%; "
    "đề nghị rà soát và gửi lại."
)


def load(ctx: DemoContext) -> None:
    indicators = _pick_indicators(ctx)
    if not indicators or "DT" not in ctx.orgs:
        ctx.say("  (bỏ qua báo cáo định kỳ: chưa có chỉ tiêu mẫu)")
        return
    form = services.form_create(
        actor=ctx.actor,
        owner=ctx.org("DT"),
        code=FORM_CODE,
        name="Báo cáo quý kết quả thực hiện chỉ tiêu nghị quyết (cấp xã)",
        period_type=PeriodKind.QUARTER.value,
        indicators=indicators,
        org_kinds=[OrgKind.DANG_UY_XA],
        deadline_days=15,
        grace_days=3,
    )
    communes = list(
        Organisation.objects.subtree_of(ctx.org("DT"))
        .filter(kind=OrgKind.DANG_UY_XA)
        .active_at(ctx.today)
        .order_by("path")
    )
    quarters = _recent_quarters(ctx.today)
    for number, quarter in enumerate(quarters):
        _quarter(ctx, form, communes, quarter, latest=number == len(quarters) - 1)
    ctx.extra["reporting_form"] = form
    _cell_form(ctx)


def _cell_form(ctx: DemoContext) -> None:
    """A quarterly form for every chi bộ of the province (new members admitted, members,
    members rated, study attendance), so that a cell's user (``chibo``) has something to
    report. Nothing is sent yet: the cells fill it themselves."""
    found = {i.code: i for i in Indicator.objects.filter(code__in=CELL_INDICATORS)}
    if len(found) < len(CELL_INDICATORS):
        return
    form = services.form_create(
        actor=ctx.actor,
        owner=ctx.org("DT"),
        code=CELL_FORM_CODE,
        name="Báo cáo quý của chi bộ: kết nạp, đánh giá đảng viên và học tập nghị quyết",
        period_type=PeriodKind.QUARTER.value,
        indicators=[found[c] for c in CELL_INDICATORS],
        org_kinds=[OrgKind.CHI_BO_CO_SO, OrgKind.CHI_BO_TRUC_THUOC],
        deadline_days=10,
    )
    ctx.extra["cell_form"] = form


def _pick_indicators(ctx: DemoContext) -> list[Indicator]:
    owner = Q(organisation__isnull=True)
    if "DT" in ctx.orgs:
        owner |= Q(organisation=ctx.org("DT"))
    numeric = Indicator.objects.filter(owner, kind__in=["so_luong", "gia_tri", "ty_le"])
    reported = numeric.annotate(
        at_communes=Count("values", filter=Q(values__organisation__kind=OrgKind.DANG_UY_XA))
    )
    order = ("-at_communes", "is_reference", "field_group", "position", "code")
    return list(reported.order_by(*order)[:10])


def _recent_quarters(today: dt.date) -> list[Period]:
    """Up to four quarters that have ended since the 2025 reform, oldest first, ending with the
    latest quarter the indicators demo has commune values for (if it has any)."""
    quarter = period_containing(today, PeriodKind.QUARTER).previous()
    valued = _latest_valued_quarter()
    if valued is not None and valued < quarter:
        quarter = valued
    out: list[Period] = []
    while len(out) < 4 and quarter.start >= REFORM:
        out.insert(0, quarter)
        quarter = quarter.previous()
    return out


def _latest_valued_quarter() -> Period | None:
    codes = IndicatorValue.objects.filter(
        organisation__kind=OrgKind.DANG_UY_XA, period_code__regex=r"^[0-9]{4}Q[1-4]$"
    ).values_list("period_code", flat=True)
    latest = max(set(codes), default=None)
    return Period.parse(latest) if latest else None


def _quarter(
    ctx: DemoContext,
    form: ReportingForm,
    communes: list[Organisation],
    quarter: Period,
    *,
    latest: bool,
) -> None:
    rng = ctx.rng
    candidates = [i for i, org in enumerate(communes) if org.code != RETURNED_UNIT]
    missing = set(rng.sample(candidates, min(len(candidates), 3 if latest else 1)))
    rest = sorted(set(candidates) - missing)
    late = set(rng.sample(rest, min(len(rest), 3)))
    for index, org in enumerate(communes):
        if index in missing:
            continue
        sent = _sent_at(ctx, form, quarter, late=index in late)
        if sent > dt.datetime.now(LOCAL_TZ):
            continue
        submission = services.submission_submit(
            actor=ctx.actor, form=form, organisation=org, period_code=quarter.code, now=sent
        )
        if latest and org.code == RETURNED_UNIT:
            services.submission_return(actor=ctx.actor, submission=submission, reason=RETURN_REASON)
        elif not latest or index % 3:
            services.submission_approve(actor=ctx.actor, submission=submission)
    if latest:
        absent = [communes[i] for i in sorted(missing)]
        services.reminder_send(
            actor=ctx.actor, form=form, period_code=quarter.code, organisations=absent
        )


def _sent_at(ctx: DemoContext, form: ReportingForm, quarter: Period, *, late: bool) -> dt.datetime:
    if late:
        day = last_day(form, quarter) + dt.timedelta(days=ctx.rng.randint(1, 10))
    else:
        day = quarter.end + dt.timedelta(days=ctx.rng.randint(3, form.deadline_days))
    hour = ctx.rng.randint(7, 17)
    return dt.datetime.combine(day, dt.time(hour, ctx.rng.randint(0, 59)), tzinfo=LOCAL_TZ)
