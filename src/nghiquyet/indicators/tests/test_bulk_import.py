"""The bulk path (issue 13, item 2): a large batch goes through COPY and a staging table on
PostgreSQL, and through the same validation, lock check, roll-up and audit as a small one.

The COPY threshold is lowered here so that a batch of a few hundred rows takes the large path;
the same rows saved a unit at a time (below the threshold) must give the same values,
aggregates and audit entries.
"""

import random
from decimal import Decimal
from typing import Any

import pytest

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.formats import parse_decimal
from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.indicators import rollup, rules
from nghiquyet.indicators.models import Aggregate, Indicator, IndicatorValue
from nghiquyet.indicators.values import ValueRow, value_save, values_save_many
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import OrgRow, orgs_create_many
from nghiquyet.testing import Cast

from .helpers import make_indicator

CELLS = 6
QUARTERS = [Period(PeriodKind.QUARTER, 2024 + i // 4, i % 4 + 1) for i in range(8)]
SAVE_MANY = "indicators.values.save_many"


def _subtree(cast: Cast, code: str, cells: int = CELLS) -> tuple[Organisation, list[Organisation]]:
    rows = [OrgRow(code, f"Đảng ủy xã {code}", OrgKind.DANG_UY_XA, cast.province.code)]
    rows += [
        OrgRow(f"{code}-CB{i}", f"Chi bộ {i}", OrgKind.CHI_BO_CO_SO, code) for i in range(cells)
    ]
    orgs_create_many(actor=cast.root, rows=rows)
    commune = Organisation.objects.get(code=code)
    return commune, list(Organisation.objects.filter(parent=commune).order_by("code"))


@pytest.fixture
def indicators(cast: Cast) -> list[Indicator]:
    return [
        make_indicator(cast.root, "BK-SL"),
        make_indicator(cast.root, "BK-TL", kind="ty_le"),
        make_indicator(cast.root, "BK-GT", kind="gia_tri", unit="tỷ đồng", decimals=2),
    ]


def _rows(cells: list[Organisation], inds: list[Indicator], shift: int = 0) -> list[ValueRow]:
    """Figures that depend only on the cell's position, so two subtrees get the same ones;
    every fourth cell also gives an estimate, which its final figure supersedes."""
    rows = []
    for c, cell in enumerate(cells):
        for p, period in enumerate(QUARTERS):
            base = 10 * c + p + shift
            for ind in inds:
                if ind.kind == "ty_le":
                    rows.append(
                        ValueRow(
                            ind,
                            cell,
                            period,
                            numerator=Decimal(base),
                            denominator=Decimal(base + 7),
                            # A stated ratio that disagrees: kept with a warning.
                            value=Decimal("50") if c == 1 else None,
                        )
                    )
                elif ind.kind == "gia_tri":
                    rows.append(ValueRow(ind, cell, period, value=Decimal(base) / 4))
                else:
                    rows.append(ValueRow(ind, cell, period, value=Decimal(base)))
                    if c % 4 == 0:
                        rows.append(
                            ValueRow(ind, cell, period, value_type="uoc", value=Decimal(base + 1))
                        )
    return rows


def _values(cells: list[Organisation]) -> list[tuple[Any, ...]]:
    position = {cell.pk: i for i, cell in enumerate(cells)}
    found = IndicatorValue.objects.filter(organisation__in=cells).values_list(
        "organisation_id",
        "indicator__code",
        "period_code",
        "period_start",
        "period_end",
        "value_type",
        "value",
        "numerator",
        "denominator",
        "stated",
        "text",
        "note",
        "warning",
    )
    return sorted((position[org_id], *rest) for org_id, *rest in found)


def _aggregates(org: Organisation) -> list[tuple[Any, ...]]:
    return sorted(
        Aggregate.objects.filter(organisation=org).values_list(
            "indicator__code",
            "period_code",
            "period_start",
            "period_end",
            "value",
            "numerator",
            "denominator",
            "contributors",
        )
    )


def _audit(cells: list[Organisation]) -> list[tuple[int, Any, Any]]:
    position = {cell.pk: i for i, cell in enumerate(cells)}
    entries = AuditEntry.objects.filter(action=SAVE_MANY, organisation__in=cells)
    # By unit, each unit's entries in the order they were written.
    return sorted(
        (
            (position[e.organisation_id], e.before, e.after)
            for e in entries.order_by("id")
            if e.organisation_id is not None
        ),
        key=lambda entry: entry[0],
    )


def _leaf_sum(inds: list[Indicator], cells: list[Organisation]) -> dict[tuple[str, str], Any]:
    """The roll-up computed from the stored leaves: final before estimate, ratios by parts."""
    sums: dict[tuple[str, str], list[Decimal]] = {}
    for ind in inds:
        for cell in cells:
            for period in QUARTERS:
                figures = {
                    v.value_type: v
                    for v in IndicatorValue.objects.filter(
                        indicator=ind, organisation=cell, period_code=period.code
                    )
                }
                own = figures.get("chinh_thuc") or figures.get("uoc")
                if own is None:
                    continue
                total = sums.setdefault((ind.code, period.code), [Decimal(0)] * 3)
                if ind.kind == "ty_le":
                    total[1] += own.numerator or 0
                    total[2] += own.denominator or 0
                else:
                    total[0] += own.value or 0
    return {k: tuple(v) for k, v in sums.items()}


def test_large_batch_gives_the_rows_aggregates_and_audit_of_small_batches(
    cast: Cast, indicators: list[Indicator], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rollup, "COPY_FROM_ROWS", 100)
    big_commune, big_cells = _subtree(cast, "BK-A")
    small_commune, small_cells = _subtree(cast, "BK-B")
    big = _rows(big_cells, indicators)
    assert len(big) > 100
    assert values_save_many(actor=cast.root, rows=big) == len(big)
    changed = 0
    for cell in small_cells:
        rows = [r for r in _rows(small_cells, indicators) if r.organisation == cell]
        assert len(rows) < 100
        changed += values_save_many(actor=cast.root, rows=rows)
    assert changed == len(big)

    assert _values(big_cells) == _values(small_cells)
    assert any(row[-1] for row in _values(big_cells))  # the stated 50% was flagged
    assert _aggregates(big_commune) == _aggregates(small_commune)
    sums = {
        (code, period): (value, num, den)
        for code, period, _s, _e, value, num, den, _n in _aggregates(big_commune)
    }
    assert sums == _leaf_sum(indicators, big_cells)
    assert _audit(big_cells) == _audit(small_cells)
    assert len(_audit(big_cells)) == CELLS

    # A re-import changes nothing; changed figures update rows, aggregates and the province.
    assert values_save_many(actor=cast.root, rows=big) == 0
    moved = _rows(big_cells, indicators, shift=3)
    assert values_save_many(actor=cast.root, rows=moved) == len(moved)
    for cell in small_cells:
        rows = [r for r in _rows(small_cells, indicators, shift=3) if r.organisation == cell]
        values_save_many(actor=cast.root, rows=rows)
    assert _values(big_cells) == _values(small_cells)
    assert _aggregates(big_commune) == _aggregates(small_commune)
    assert _audit(big_cells) == _audit(small_cells)
    before = [b for _, b, _ in _audit(big_cells) if b]
    assert len(before) == CELLS  # the second entry of each unit lists what it replaced
    province = {(c, p): v for c, p, _s, _e, v, *_ in _aggregates(cast.province)}
    commune = {(c, p): v for c, p, _s, _e, v, *_ in _aggregates(big_commune)}
    assert {k: v for k, v in province.items() if k in commune} == {
        k: 2 * v for k, v in commune.items()
    }


def test_large_batch_under_an_edited_leaf_keeps_the_roll_up_equal_to_the_leaves(
    cast: Cast, indicators: list[Indicator], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rollup, "COPY_FROM_ROWS", 50)
    commune, cells = _subtree(cast, "BK-C")
    values_save_many(actor=cast.root, rows=_rows(cells, indicators))
    # One value through the single path, then a large batch over it.
    value_save(
        actor=cast.root, indicator=indicators[0], organisation=cells[2], period="2024Q1", value=999
    )
    values_save_many(actor=cast.root, rows=_rows(cells, indicators, shift=1))
    sums = {
        (code, period): (value, num, den)
        for code, period, _s, _e, value, num, den, _n in _aggregates(commune)
    }
    assert sums == _leaf_sum(indicators, cells)


def test_a_bad_row_in_a_5000_row_batch_saves_nothing_and_is_named(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rollup, "COPY_FROM_ROWS", 100)
    inds = [make_indicator(cast.root, f"BK-{i}") for i in range(5)]
    _commune, cells = _subtree(cast, "BK-D", cells=10)
    quarters = [Period(PeriodKind.QUARTER, 2000 + i // 4, i % 4 + 1) for i in range(100)]
    rows = [
        ValueRow(ind, cell, period, value=Decimal(7))
        for cell in cells
        for period in quarters
        for ind in inds
    ]
    assert len(rows) == 5000
    rows[3777] = ValueRow(rows[3777].indicator, rows[3777].organisation, "2020Q2", value="-4")
    with pytest.raises(InvalidInputError) as exc:
        values_save_many(actor=cast.root, rows=rows)
    assert exc.value.errors == {"rows.3777.value": ["Số lượng không được âm."]}
    assert not IndicatorValue.objects.exists()
    assert not Aggregate.objects.exists()
    assert not AuditEntry.objects.filter(action=SAVE_MANY).exists()


def test_year_rule_in_a_large_batch_names_only_the_rows_under_a_year_figure(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rollup, "COPY_FROM_ROWS", 100)
    inds = [make_indicator(cast.root, f"BK-Y{i}", rolls_up=False) for i in range(3)]
    _commune, cells = _subtree(cast, "BK-E", cells=8)
    # One unit has a year figure for one indicator: its quarters of that year must fit in it.
    value_save(actor=cast.root, indicator=inds[1], organisation=cells[5], period="2024", value=10)
    rows = [
        ValueRow(ind, cell, period, value=Decimal(4))
        for cell in cells
        for period in QUARTERS
        for ind in inds
    ]
    bad = [
        i
        for i, r in enumerate(rows)
        if (r.organisation, r.indicator) == (cells[5], inds[1]) and str(r.period) < "2025"
    ]
    with pytest.raises(InvalidInputError) as exc:
        values_save_many(actor=cast.root, rows=rows)
    # Each quarter is checked with the other quarters of the batch: 4 × 4 exceeds the 10.
    message = "Tổng các quý năm 2024 (16 người) vượt số cả năm (10 người)."
    assert exc.value.errors == {f"rows.{i}.value": [message] for i in bad}
    # Within the year, the batch passes; a year row in the batch is checked against it too.
    for i in bad:
        rows[i] = ValueRow(inds[1], cells[5], rows[i].period, value=Decimal("2.5"))
    rows.append(ValueRow(inds[2], cells[0], "2025", value=Decimal(3)))
    with pytest.raises(InvalidInputError) as exc:
        values_save_many(actor=cast.root, rows=rows)
    quarters_2025 = [
        i
        for i, r in enumerate(rows[:-1])
        if (r.organisation, r.indicator) == (cells[0], inds[2]) and str(r.period) >= "2025"
    ]
    above = "Tổng các quý năm 2025 (16 người) vượt số cả năm (3 người)."
    assert exc.value.errors == {f"rows.{i}.value": [above] for i in quarters_2025} | {
        f"rows.{len(rows) - 1}.value": [
            "Số cả năm (3 người) nhỏ hơn tổng các quý đã nhập (16 người)."
        ]
    }
    rows.pop()
    assert values_save_many(actor=cast.root, rows=rows) == len(rows)


def _edge_numbers() -> list[Decimal]:
    fixed = [
        "0",
        "-0",
        "0.000000",
        "1E+3",
        "1E+11",
        "1E+12",
        "999999999999",
        "999999999999.5",
        "-999999999999",
        "1000000000000",
        "0.1234567",
        "0.123456",
        "123456789.123456",
        "1234567890.123456",
        "5.70",
        "1.000000000",
        "100",
        "-12.5",
        "NaN",
        "Infinity",
        "-Infinity",
        "1E-7",
        "1.5E-6",
    ]
    rng = random.Random(13)
    drawn = [
        Decimal(rng.randint(-(10**15), 10**15)).scaleb(-rng.randint(-4, 9)) for _ in range(2000)
    ]
    return [Decimal(t) for t in fixed] + drawn


@pytest.mark.parametrize("field", ["value", "numerator"])
def test_decimal_input_parses_exactly_as_the_general_parser(field: str) -> None:
    """The bulk path's shortcut for numbers already Decimal gives what ``parse_decimal``
    gives: the same number (and sign of zero) or the same message."""
    label = rules.NUMBER_FIELDS[field]
    for number in _edge_numbers():
        errors: dict[str, str] = {}
        got = rules.parse_number(number, field, errors)
        try:
            expected: Decimal | str = parse_decimal(number, label=label)
        except ValueError as exc:
            expected = str(exc)
        if isinstance(expected, str):
            assert (got, errors) == (None, {field: expected}), number
        else:
            assert (str(got), errors) == (str(expected), {}), number
