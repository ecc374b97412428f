import datetime as dt
from decimal import Decimal

import pytest

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.indicators.models import Aggregate, IndicatorValue
from nghiquyet.indicators.selectors import unit_lines
from nghiquyet.indicators.services import ValueRow, value_save, values_save_many
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.services import org_merge, org_move

from .helpers import make_indicator, make_org


def agg(indicator, org, period="2025Q1"):
    row = Aggregate.objects.filter(
        indicator=indicator, organisation=org, period_code=period
    ).first()
    return row.value if row and row.contributors else None


def line_for(org, indicator, period):
    lines = unit_lines(org=org, period=Period.parse(period), indicators=[indicator])
    return lines[0] if lines else None


@pytest.fixture
def tree(cast):
    """Four levels: province > commune > cell > hamlet groups, with a second branch."""
    root = cast.root
    t = {"province": cast.province, "commune": cast.commune, "other": cast.other_commune}
    t["cell"] = cast.cell
    t["other_cell"] = cast.other_cell
    for name, parent in [("g1", "cell"), ("g2", "cell"), ("g3", "other_cell")]:
        t[name] = make_org(root, f"G-{name}", t[parent], OrgKind.TO_TU_QUAN)
    return t


def test_ratio_displays_99_59_and_flags_stated_99_58(cast):
    ind = make_indicator(cast.root, "TQ-KHA", "ty_le")
    saved = value_save(
        actor=cast.root,
        indicator=ind,
        organisation=cast.commune,
        period="2020-2025",
        numerator="1.218",
        denominator="1.223",
        value="99,58",
    )
    assert saved.value == Decimal("99.591169")
    assert "99,58%" in saved.warning and "99,59%" in saved.warning
    line = line_for(cast.commune, ind, "2020-2025")
    assert line.display == "99,59%"
    assert any("99,58%" in f for f in line.flags)


def test_ratio_with_matching_stated_percentage_has_no_warning(cast):
    ind = make_indicator(cast.root, "TQ-KHA", "ty_le")
    saved = value_save(
        actor=cast.root,
        indicator=ind,
        organisation=cast.commune,
        period="2024",
        numerator="1.218",
        denominator="1.223",
        value="99,59",
    )
    assert saved.warning == ""


def test_ratio_with_one_decimal_displays_95_6(cast):
    ind = make_indicator(cast.root, "BHYT", "ty_le", decimals=1)
    value_save(
        actor=cast.root,
        indicator=ind,
        organisation=cast.commune,
        period="2024",
        numerator="52.342",
        denominator="54.731",
    )
    assert line_for(cast.commune, ind, "2024").display == "95,6%"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"numerator": "1.224", "denominator": "1.223"}, "numerator"),
        ({"numerator": "-1", "denominator": "10"}, "numerator"),
        ({"numerator": "5", "denominator": "0"}, "denominator"),
        ({"numerator": "5"}, "denominator"),
        ({"numerator": "5,,3", "denominator": "10"}, "numerator"),
        ({"numerator": "=1+1", "denominator": "10"}, "numerator"),
    ],
)
def test_bad_ratio_input_is_refused_naming_the_field(cast, fields, field):
    ind = make_indicator(cast.root, "TQ-KHA", "ty_le")
    with pytest.raises(InvalidInputError) as exc:
        value_save(
            actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", **fields
        )
    assert field in exc.value.errors
    assert not IndicatorValue.objects.exists()


def test_negative_count_and_bad_period_are_refused(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    with pytest.raises(InvalidInputError) as exc:
        value_save(
            actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", value="-3"
        )
    assert "value" in exc.value.errors
    with pytest.raises(InvalidInputError) as exc:
        value_save(
            actor=cast.root, indicator=ind, organisation=cast.commune, period="2024Q5", value="3"
        )
    assert "period" in exc.value.errors


def test_final_value_supersedes_estimate_and_both_are_kept(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    value_save(
        actor=cast.root,
        indicator=ind,
        organisation=cast.commune,
        period="2024",
        value_type="uoc",
        value="150",
    )
    assert line_for(cast.commune, ind, "2024").figure.estimate is True
    value_save(
        actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", value="148"
    )
    line = line_for(cast.commune, ind, "2024")
    assert (line.figure.value, line.figure.estimate) == (Decimal("148"), False)
    assert IndicatorValue.objects.filter(indicator=ind).count() == 2
    assert AuditEntry.objects.filter(action="indicators.value.save").count() == 2


def test_bulk_save_is_all_or_nothing_and_names_the_row(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    rows = [
        ValueRow(ind, cast.cell, "2024Q1", value="3"),
        ValueRow(ind, cast.commune, "2024Q1", value="abc"),
    ]
    with pytest.raises(InvalidInputError) as exc:
        values_save_many(actor=cast.root, rows=rows)
    assert list(exc.value.errors) == ["rows.1.value"]
    assert not IndicatorValue.objects.exists() and not Aggregate.objects.exists()


def test_bulk_save_is_idempotent_and_audited_per_unit(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    rows = [ValueRow(ind, cast.cell, f"2024Q{q}", value=str(q)) for q in range(1, 5)]
    assert values_save_many(actor=cast.root, rows=rows) == 4
    assert values_save_many(actor=cast.root, rows=rows) == 0
    entries = AuditEntry.objects.filter(action="indicators.values.save_many")
    assert entries.count() == 1
    assert len(entries.get().after["values"]) == 4


def test_commune_user_cannot_save_values_of_other_commune(cast):
    ind = make_indicator(cast.root, "DV-MOI")
    with pytest.raises(PermissionDeniedError):
        value_save(
            actor=cast.xa, indicator=ind, organisation=cast.other_cell, period="2024", value="1"
        )
    with pytest.raises(PermissionDeniedError):
        value_save(
            actor=cast.lanhdao, indicator=ind, organisation=cast.cell, period="2024", value="1"
        )
    value_save(actor=cast.xa, indicator=ind, organisation=cast.cell, period="2024", value="1")


def test_commune_user_cannot_change_values_after_approval(cast):
    from nghiquyet.reporting import services as reporting

    ind = make_indicator(cast.root, "DV-MOI")
    value_save(actor=cast.xa, indicator=ind, organisation=cast.cell, period="2024Q1", value="1")
    form = reporting.form_create(
        actor=cast.tinhuy,
        owner=cast.province,
        code="BM-DV",
        name="Biểu phát triển đảng viên",
        period_type="quy",
        indicators=[ind],
        org_kinds=["chi_bo_co_so"],
    )
    submission = reporting.submission_submit(
        actor=cast.xa, form=form, organisation=cast.cell, period_code="2024Q1"
    )
    reporting.submission_approve(actor=cast.tinhuy, submission=submission)
    with pytest.raises(PermissionDeniedError, match="khóa"):
        value_save(actor=cast.xa, indicator=ind, organisation=cast.cell, period="2024Q1", value="2")
    with pytest.raises(PermissionDeniedError):
        values_save_many(actor=cast.xa, rows=[ValueRow(ind, cast.cell, "2024Q1", value="3")])
    assert IndicatorValue.objects.get(organisation=cast.cell).value == 1
    # Saving the same figure again (a re-import) changes nothing and is not refused.
    assert (
        values_save_many(actor=cast.xa, rows=[ValueRow(ind, cast.cell, "2024Q1", value="1")]) == 0
    )
    # Other periods stay open.
    value_save(actor=cast.xa, indicator=ind, organisation=cast.cell, period="2024Q2", value="2")


def test_roll_up_through_four_levels_equals_sum_of_leaves(cast, tree):
    ind = make_indicator(cast.root, "DV")
    leaves = {"g1": "10", "g2": "20", "g3": "30"}
    rows = [ValueRow(ind, tree[name], "2025Q1", value=v) for name, v in leaves.items()]
    values_save_many(actor=cast.root, rows=rows)
    assert agg(ind, tree["cell"]) == Decimal("30")
    assert agg(ind, tree["commune"]) == Decimal("30")
    assert agg(ind, tree["other"]) == Decimal("30")
    assert agg(ind, tree["province"]) == Decimal("60")
    # Edit one leaf.
    value_save(actor=cast.root, indicator=ind, organisation=tree["g1"], period="2025Q1", value="15")
    assert agg(ind, tree["cell"]) == Decimal("35")
    assert agg(ind, tree["province"]) == Decimal("65")
    # Move g2 (20) from the first commune's cell to the other commune's cell.
    org_move(actor=cast.root, org=tree["g2"], new_parent=tree["other_cell"])
    assert agg(ind, tree["cell"]) == Decimal("15")
    assert agg(ind, tree["commune"]) == Decimal("15")
    assert agg(ind, tree["other_cell"]) == Decimal("50")
    assert agg(ind, tree["other"]) == Decimal("50")
    assert agg(ind, tree["province"]) == Decimal("65")
    # Edit after the move still reaches the new ancestors only.
    value_save(actor=cast.root, indicator=ind, organisation=tree["g2"], period="2025Q1", value="25")
    assert (agg(ind, tree["commune"]), agg(ind, tree["other"])) == (Decimal("15"), Decimal("55"))
    assert agg(ind, tree["province"]) == Decimal("70")


def test_roll_up_stays_correct_after_merge(cast, tree):
    ind = make_indicator(cast.root, "DV")
    rows = [
        ValueRow(ind, org, "2025Q1", value="10") for org in (tree["g1"], tree["g2"], tree["g3"])
    ]
    values_save_many(actor=cast.root, rows=rows)
    assert agg(ind, tree["province"]) == Decimal("30")
    org_merge(
        actor=cast.root,
        predecessors=[tree["other"]],
        successor=tree["commune"],
        effective=dt.date(2025, 10, 1),
    )
    # X-MH's cell (with g3) moved under P-CL.
    assert agg(ind, tree["commune"]) == Decimal("30")
    assert agg(ind, tree["other"]) is None
    assert agg(ind, tree["province"]) == Decimal("30")
    value_save(actor=cast.root, indicator=ind, organisation=tree["g3"], period="2025Q1", value="12")
    assert agg(ind, tree["commune"]) == Decimal("32")
    assert agg(ind, tree["province"]) == Decimal("32")


def test_ratio_roll_up_sums_numerators_and_denominators(cast, tree):
    ind = make_indicator(cast.root, "TQ", "ty_le")
    values_save_many(
        actor=cast.root,
        rows=[
            ValueRow(ind, tree["g1"], "2025Q1", numerator="9", denominator="10"),
            ValueRow(ind, tree["g3"], "2025Q1", numerator="1", denominator="10"),
        ],
    )
    line = line_for(tree["province"], ind, "2025Q1")
    assert (line.figure.numerator, line.figure.denominator) == (Decimal("10"), Decimal("20"))
    assert line.display == "50,00%"
    assert line.figure.source == "tong_hop"


def test_unit_own_figure_is_official_and_difference_is_flagged(cast, tree):
    ind = make_indicator(cast.root, "DV")
    values_save_many(
        actor=cast.root,
        rows=[
            ValueRow(ind, tree["g1"], "2025Q1", value="10"),
            ValueRow(ind, tree["g2"], "2025Q1", value="5"),
            ValueRow(ind, tree["province"], "2025Q1", value="17"),
        ],
    )
    line = line_for(tree["province"], ind, "2025Q1")
    assert line.figure.value == Decimal("17") and line.figure.source == "bao_cao"
    assert line.aggregate.value == Decimal("15")
    assert line.flags == ["Số báo cáo 17 người khác số tổng hợp từ cấp dưới 15 người (chênh 2)."]


@pytest.mark.parametrize(
    ("combine", "year", "n9", "term"),
    [
        ("tong", Decimal("10"), Decimal("6"), Decimal("20")),
        ("cuoi_ky", Decimal("4"), Decimal("3"), Decimal("4")),
        ("binh_quan", Decimal("2.5"), Decimal("2"), Decimal("2.5")),
    ],
)
def test_quarterly_values_answer_for_year_n9_and_term(cast, combine, year, n9, term):
    ind = make_indicator(cast.root, "X", combine=combine, rolls_up=False)
    rows = [
        ValueRow(ind, cast.commune, f"{y}Q{q}", value=str(q))
        for y in (2023, 2024)
        for q in range(1, 5)
    ]
    values_save_many(actor=cast.root, rows=rows)
    assert line_for(cast.commune, ind, "2024").figure.value == year
    assert line_for(cast.commune, ind, "2024N9").figure.value == n9
    term_figure = line_for(cast.commune, ind, "2020-2025").figure
    assert term_figure.value == term
    # Only 2023 and 2024 have data: the term figure covers part of the term.
    assert term_figure.covered_end == dt.date(2024, 12, 31)


def test_half_year_against_annual_target_is_not_yet_met(cast):
    from nghiquyet.indicators.services import target_set

    ind = make_indicator(cast.root, "DV-MOI", rolls_up=False)
    target_set(actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", text="233")
    values_save_many(
        actor=cast.root,
        rows=[ValueRow(ind, cast.commune, f"2024Q{q}", value="70") for q in (1, 2)],
    )
    half = line_for(cast.commune, ind, "2024S1")
    assert (half.status, half.achievement.percent) == ("chua_dat", Decimal("60.09"))
    year_so_far = line_for(cast.commune, ind, "2024")
    assert year_so_far.status == "chua_dat"
    value_save(
        actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", value="140"
    )
    year = line_for(cast.commune, ind, "2024")
    assert (year.status, year.achievement.percent) == ("khong_dat", Decimal("60.09"))


def test_change_against_same_period_last_year(cast):
    ind = make_indicator(cast.root, "DV-MOI", rolls_up=False)
    values_save_many(
        actor=cast.root,
        rows=[
            ValueRow(ind, cast.commune, "2023Q1", value="100"),
            ValueRow(ind, cast.commune, "2024Q1", value="120"),
        ],
    )
    line = line_for(cast.commune, ind, "2024Q1")
    assert line.last_year.value == Decimal("100")
    assert line.change == Decimal("20.00")


def test_quarter_of_a_flow_is_judged_on_the_total_to_date(cast):
    from nghiquyet.indicators.services import target_set

    ind = make_indicator(cast.root, "DV-MOI", rolls_up=False)
    target_set(actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", text="233")
    rows = [ValueRow(ind, cast.commune, f"2024Q{q}", value="60") for q in (1, 2, 3, 4)]
    values_save_many(actor=cast.root, rows=rows)
    q3 = line_for(cast.commune, ind, "2024Q3")
    assert q3.figure.value == Decimal("60")
    assert q3.basis.value == Decimal("180")
    assert (q3.status, q3.achievement.percent) == ("chua_dat", Decimal("77.25"))
    q4 = line_for(cast.commune, ind, "2024Q4")
    assert (q4.basis.value, q4.status) == (Decimal("240"), "vuot")
