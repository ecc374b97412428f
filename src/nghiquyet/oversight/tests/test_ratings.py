"""Quality rating under Quy định 366-QĐ/TW (DOMAIN.md §3): bands, cap, counts, roll-up."""

from decimal import Decimal

import pytest

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.core.report import build_report
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.services import org_create
from nghiquyet.oversight.models import Level, MemberRating, OrgRating
from nghiquyet.oversight.rules import level_for
from nghiquyet.oversight.services import cap_set, member_rating_set, org_rating_set

D = Decimal


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("100", Level.HTXSNV),
        ("90", Level.HTXSNV),
        ("89.99", Level.HTTNV),
        ("70", Level.HTTNV),
        ("69.99", Level.HTNV),
        ("50", Level.HTNV),
        ("49.99", Level.KHTNV),
        ("0", Level.KHTNV),
    ],
)
def test_levels_follow_the_score_bands_exactly_at_90_70_50(score, level):
    assert level_for(D(score)) == level


def test_disqualifying_facts_make_any_score_khtnv():
    assert level_for(D(95), disqualified=True) == Level.KHTNV


def _members(cast, actor, **overrides):
    data = {
        "actor": actor,
        "organisation": cast.commune,
        "year": 2025,
        "rated": 121,
        "htxsnv": 20,
        "httnv": 100,
        "htnv": 1,
        "khtnv": 0,
    }
    return member_rating_set(**(data | overrides))


def test_cap_accepts_20_percent_of_httnv(cast):
    row = _members(cast, cast.xa)
    assert (row.htxsnv, row.httnv, row.cap_override_reason) == (20, 100, "")


def test_cap_refuses_21_percent_naming_the_field(cast):
    with pytest.raises(InvalidInputError) as exc:
        _members(cast, cast.xa, htxsnv=21, rated=122)
    assert list(exc.value.errors) == ["htxsnv"]
    message = exc.value.errors["htxsnv"][0]
    assert "21 HTXSNV vượt tỷ lệ tối đa 20,00%" in message and "tối đa 20" in message
    assert not MemberRating.objects.exists()


def test_only_a_quan_tri_user_may_override_the_cap_and_the_override_is_audited(cast):
    with pytest.raises(InvalidInputError) as exc:
        _members(cast, cast.xa, htxsnv=21, rated=122, cap_override_reason="Đơn vị tiêu biểu")
    assert "cap_override_reason" in exc.value.errors
    row = _members(cast, cast.tinhuy, htxsnv=21, rated=122, cap_override_reason="Đơn vị tiêu biểu")
    assert row.cap_override_reason == "Đơn vị tiêu biểu"
    entry = AuditEntry.objects.get(action="oversight.rating.cap_override")
    assert entry.actor == cast.tinhuy
    assert entry.after["reason"] == "Đơn vị tiêu biểu"
    assert (entry.after["htxsnv"], entry.after["httnv"], entry.after["limit"]) == (21, 100, 20)


def test_cap_is_configurable_per_organisation_and_inherited_below(cast):
    cap_set(actor=cast.tinhuy, organisation=cast.province, percent=D(25))
    row = _members(cast, cast.xa, htxsnv=25, rated=126)
    assert row.htxsnv == 25
    with pytest.raises(PermissionDeniedError):
        cap_set(actor=cast.xa, organisation=cast.commune, percent=D(50))


def test_counts_that_do_not_add_up_are_refused_naming_the_cell(cast):
    with pytest.raises(InvalidInputError) as exc:
        _members(cast, cast.xa, rated=120)
    assert list(exc.value.errors) == ["rated"]
    assert "= 121, không khớp số đảng viên được xếp loại (120)" in exc.value.errors["rated"][0]


def test_not_rated_reasons_must_add_up(cast):
    with pytest.raises(InvalidInputError) as exc:
        _members(cast, cast.xa, not_rated=3, not_rated_reasons={"thai_san": 2})
    assert list(exc.value.errors) == ["not_rated"]
    row = _members(cast, cast.xa, not_rated=3, not_rated_reasons={"thai_san": 2, "om_dau": 1})
    assert row.not_rated_reasons == {"thai_san": 2, "om_dau": 1}


def test_org_rating_level_from_score_and_decided_by_the_level_above(cast):
    row = org_rating_set(actor=cast.xa, organisation=cast.cell, year=2025, score=D("70"))
    assert row.level == Level.HTTNV
    with pytest.raises(PermissionDeniedError):
        org_rating_set(actor=cast.xa, organisation=cast.commune, year=2025, score=D(80))
    assert OrgRating.objects.count() == 1


def _cells(cast, n):
    return [
        org_create(
            actor=cast.root,
            code=f"P-CL-CB{i + 10}",
            name=f"Chi bộ Khóm {i + 10}",
            kind=OrgKind.CHI_BO_CO_SO,
            parent=cast.commune,
            body_code="CB",
        )
        for i in range(n)
    ]


def test_org_cap_counts_the_units_rated_by_the_same_parent(cast):
    cells = _cells(cast, 6)
    for cell in cells[:5]:
        org_rating_set(actor=cast.xa, organisation=cell, year=2025, score=D(80))
    org_rating_set(actor=cast.xa, organisation=cells[5], year=2025, score=D(95))  # 1 ≤ 20% × 5
    with pytest.raises(InvalidInputError) as exc:
        org_rating_set(actor=cast.xa, organisation=cast.cell, year=2025, score=D(92))
    assert list(exc.value.errors) == ["score"]
    assert "2 HTXSNV vượt tỷ lệ tối đa 20,00%" in exc.value.errors["score"][0]


def test_not_rated_organisation_needs_a_reason(cast):
    with pytest.raises(InvalidInputError) as exc:
        org_rating_set(actor=cast.xa, organisation=cast.cell, year=2025, score=None)
    assert "score" in exc.value.errors
    row = org_rating_set(
        actor=cast.xa,
        organisation=cast.cell,
        year=2025,
        score=None,
        not_rated_reason="Mới thành lập dưới 6 tháng",
    )
    assert row.level == ""


def test_ratings_roll_up_the_tree_with_exact_share(cast):
    # Seed 000: 1.223 groups, 1.218 rated good or better: 99,59% (the article says 99,58%).
    member_rating_set(
        actor=cast.xa,
        organisation=cast.cell,
        year=2025,
        rated=1000,
        htxsnv=150,
        httnv=845,
        htnv=3,
        khtnv=2,
    )
    member_rating_set(
        actor=cast.chibo,
        organisation=cast.other_cell,
        year=2025,
        rated=223,
        htxsnv=23,
        httnv=200,
        htnv=0,
        khtnv=0,
        not_rated=4,
        not_rated_reasons={"om_dau": 4},
    )
    org_rating_set(actor=cast.tinhuy, organisation=cast.commune, year=2025, score=D(85))
    org_rating_set(actor=cast.tinhuy, organisation=cast.other_commune, year=2025, score=D(69))
    report = build_report(org=cast.province, period=Period.parse("2025Q4"), actor=cast.lanhdao)
    ratings = report["ratings"]
    assert ratings["year"] == 2025
    assert ratings["members"] == {
        "htxsnv": 173,
        "httnv": 1045,
        "htnv": 3,
        "khtnv": 2,
        "not_rated": 4,
    }
    assert ratings["members_good_or_better_pct"] == 99.59
    assert ratings["organisations"] == {
        "htxsnv": 0,
        "httnv": 1,
        "htnv": 1,
        "khtnv": 0,
        "not_rated": 0,
    }
    assert ratings["organisations_good_or_better_pct"] == 50.0
    commune = build_report(org=cast.commune, period=Period.parse("2025"), actor=cast.xa)
    assert commune["ratings"]["members"]["htxsnv"] == 150
    assert commune["ratings"]["organisations"]["htxsnv"] == 0  # its own rating is decided above
