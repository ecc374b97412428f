"""Demo indicators: about 30 real congress indicators of Đồng Tháp (DOMAIN.md §4.1), targets
for the terms and years, quarterly values for every unit, and the Cao Lãnh term IX figures
(seed 000: 653 new members, 4,37% members/population, 15 Hội quán with 808 members,
1.218/1.223 tổ tự quản rated khá trở lên, reported as 99,58%)."""

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from nghiquyet.core.demo import DemoContext
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.indicators.demo_data import (
    INDICATORS,
    PROVINCE_RATIOS,
    PROVINCE_YEARLY,
    REFERENCE,
    SOURCE,
)
from nghiquyet.indicators.models import Indicator
from nghiquyet.indicators.services import ValueRow, indicator_create, target_set, values_save_many
from nghiquyet.orgs.models import Organisation, OrgKind

QUARTERS = [Period(PeriodKind.QUARTER, y, q) for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
QUARTERS += [Period(PeriodKind.QUARTER, 2026, q) for q in (1, 2)]
YEARS = ["2023", "2024", "2025", "2026"]


def load(ctx: DemoContext) -> None:
    province = ctx.org("DT")
    inds = {row[0]: _indicator(ctx, province, row, i) for i, row in enumerate(INDICATORS)}
    _targets(ctx, province, inds)
    units = list(Organisation.objects.subtree_of(province).filter(valid_to__isnull=True))
    values_save_many(actor=ctx.actor, rows=list(_values(ctx, inds, units, province)))
    _cao_lanh(ctx, inds)


def _indicator(
    ctx: DemoContext, owner: Organisation, row: tuple[Any, ...], position: int
) -> Indicator:
    code, name, unit, group, kind, factor, direction, combine, rolls, decimals = row[:10]
    return indicator_create(
        actor=ctx.actor,
        code=code,
        organisation=owner,
        name=name,
        unit=unit,
        field_group=group,
        kind=kind,
        factor=factor,
        direction=direction,
        combine=combine,
        rolls_up=rolls,
        decimals=decimals,
        is_reference=code in REFERENCE,
        source_text=SOURCE,
        position=position,
    )


def _targets(ctx: DemoContext, province: Organisation, inds: dict[str, Indicator]) -> None:
    for code, *_, yearly, term in INDICATORS:
        for year in YEARS if yearly else []:
            target_set(
                actor=ctx.actor,
                indicator=inds[code],
                organisation=province,
                period=year,
                text=yearly,
            )
        for period in ("2020-2025", "2025-2030") if term else []:
            target_set(
                actor=ctx.actor,
                indicator=inds[code],
                organisation=province,
                period=period,
                text=term,
            )
    for commune in Organisation.objects.filter(
        parent=province, kind=OrgKind.DANG_UY_XA, valid_to__isnull=True
    ):
        target_set(
            actor=ctx.actor,
            indicator=inds["DV-MOI"],
            organisation=commune,
            period="2025",
            text="từ 25 trở lên",
        )
        target_set(
            actor=ctx.actor,
            indicator=inds["HO-NGHEO"],
            organisation=commune,
            period="2025",
            text="dưới 2%",
        )


def _values(
    ctx: DemoContext, inds: dict[str, Indicator], units: list[Organisation], province: Organisation
) -> Iterator[ValueRow]:
    for unit in units:
        if unit.kind in (OrgKind.CHI_BO_CO_SO, OrgKind.CHI_BO_TRUC_THUOC):
            yield from _cell(ctx, inds, unit)
        elif unit.kind == OrgKind.DANG_UY_XA:
            yield from _commune(ctx, inds, unit)
    yield from _province(ctx, inds, province)


def _last(period: Period) -> str:
    return "uoc" if period == QUARTERS[-1] else "chinh_thuc"


def _cell(ctx: DemoContext, inds: dict[str, Indicator], cell: Organisation) -> Iterator[ValueRow]:
    rng = ctx.rng
    members = rng.randint(25, 70)
    for p in QUARTERS:
        new = rng.choice([0, 0, 1, 1, 2, 3])
        members += new
        yield ValueRow(inds["DV-MOI"], cell, p, _last(p), value=new)
        yield ValueRow(inds["DV-TONG"], cell, p, _last(p), value=members)
        yield from _cell_quality(inds, cell, p, members, new)
    for year in YEARS[:3]:
        good = members - rng.randint(0, 6)
        yield ValueRow(inds["DV-HTTNV"], cell, year, numerator=good, denominator=members)
        yield ValueRow(
            inds["TCCSD-HTTNV"], cell, year, numerator=rng.choice([1, 1, 1, 0]), denominator=1
        )


def _cell_quality(
    inds: dict[str, Indicator], cell: Organisation, p: Period, members: int, new: int
) -> Iterator[ValueRow]:
    """The chi bộ form's other two lines, derived from the figures above so that the demo's
    random draws (and every other seeded figure) stay as they were: members admitted this
    quarter are not rated yet, and one or two members miss each quarter's study."""
    yield ValueRow(inds["DV-XEP-LOAI"], cell, p, _last(p), value=members - new)
    absent = 1 + (members + p.index) % 2
    yield ValueRow(
        inds["DV-HOC-NQ"], cell, p, _last(p), numerator=members - absent, denominator=members
    )


def _commune(
    ctx: DemoContext, inds: dict[str, Indicator], unit: Organisation
) -> Iterator[ValueRow]:
    rng = ctx.rng
    people, households = rng.randint(18_000, 45_000), 0
    households = people // 4
    poor = int(households * rng.uniform(0.015, 0.03))
    for i, p in enumerate(QUARTERS):
        vt = _last(p)
        yield ValueRow(inds["DAN-SO"], unit, p, vt, value=people + 40 * i)
        if p.code == "2025Q4":
            ctx.extra["population_2025"] = ctx.extra.get("population_2025", 0) + people + 40 * i
        yield ValueRow(inds["HO-DAN"], unit, p, vt, value=households + 10 * i)
        yield ValueRow(inds["DN-MOI"], unit, p, vt, value=rng.randint(2, 9))
        yield ValueRow(inds["VIEC-LAM"], unit, p, vt, value=rng.randint(80, 180))
        yield ValueRow(inds["THU-NS"], unit, p, vt, value=Decimal(rng.randint(400, 1200)) / 10)
        poor = max(0, poor - rng.randint(0, 12))
        yield ValueRow(
            inds["HO-NGHEO"], unit, p, vt, numerator=poor, denominator=households + 10 * i
        )
        insured = int(people * rng.uniform(0.88, 0.96))
        yield ValueRow(inds["BHYT"], unit, p, vt, numerator=insured, denominator=people + 40 * i)
        clean_water = int(households * rng.uniform(0.95, 1.0))
        yield ValueRow(
            inds["NUOC-SACH"], unit, p, vt, numerator=clean_water, denominator=households + 10 * i
        )
        trained = int(people * 0.55 * rng.uniform(0.45, 0.6))
        yield ValueRow(
            inds["LD-DAO-TAO"], unit, p, vt, numerator=trained, denominator=int(people * 0.55)
        )
    for year in YEARS[:3]:
        yield ValueRow(
            inds["ANTT-XA"], unit, year, numerator=rng.choice([1, 1, 1, 0]), denominator=1
        )


def _province(
    ctx: DemoContext, inds: dict[str, Indicator], province: Organisation
) -> Iterator[ValueRow]:
    for code, values in PROVINCE_YEARLY.items():
        for year, value in zip(YEARS, values, strict=False):
            yield ValueRow(inds[code], province, year, value=value)
    for code, pairs in PROVINCE_RATIOS.items():
        for year, (num, den) in zip(YEARS, pairs, strict=False):
            yield ValueRow(inds[code], province, year, numerator=num, denominator=den)
    yield ValueRow(
        inds["QP-TOAN-DAN"],
        province,
        "2025",
        text="Giữ vững ổn định chính trị; hoàn thành diễn tập khu vực phòng thủ tỉnh.",
    )
    # The province's official statistic differs slightly from the roll-up: a data-quality flag.
    official = ctx.extra.get("population_2025", 0) + 1_250
    yield ValueRow(inds["DAN-SO"], province, "2025Q4", value=official)


def _cao_lanh(ctx: DemoContext, inds: dict[str, Indicator]) -> None:
    city = ctx.org("TP-CL")
    term = "2020-2025"
    values_save_many(
        actor=ctx.actor,
        rows=[
            ValueRow(inds["DV-MOI"], city, term, value=653, note="Nhiệm kỳ IX (2020-2025)"),
            ValueRow(inds["DV-DAN"], city, term, value="4,37"),
            ValueRow(inds["HOI-QUAN"], city, term, value=15),
            ValueRow(inds["HQ-TV"], city, term, value=808),
            ValueRow(inds["TTQ-KHA"], city, term, value="99,58", numerator=1218, denominator=1223),
        ],
    )
    target_set(
        actor=ctx.actor,
        indicator=inds["DV-MOI"],
        organisation=city,
        period=term,
        text="từ 600 trở lên",
    )
