"""Writes of the annual quality rating: the cap setting, organisation ratings and member
counts. Rules in ``oversight/rules.py``; every refusal names the field (the workbook cell)."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.formats import format_number
from nghiquyet.orgs.models import Organisation
from nghiquyet.oversight.audit_actions import OversightAudit as A
from nghiquyet.oversight.models import (
    CapSetting,
    Inspection,
    Level,
    MemberRating,
    NotRatedReason,
    OrgRating,
)
from nghiquyet.oversight.rules import DEFAULT_CAP, cap_allows, cap_limit, level_for
from nghiquyet.oversight.selectors import remedies_open_of
from nghiquyet.tasks.selectors import task_statistics

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_MEMBERS = 10_000_000


def cap_of(org: Organisation) -> Decimal:
    """The cap of the nearest unit, ``org`` or above, that set one; 20 % otherwise."""
    settings = CapSetting.objects.filter(organisation__path__in=[*org.ancestor_paths, org.path])
    nearest = settings.order_by("-organisation__path").first()
    return nearest.percent if nearest else DEFAULT_CAP


@transaction.atomic
def cap_set(*, actor: AnyUser, organisation: Organisation, percent: Decimal) -> CapSetting:
    """Set the excellence cap of a unit and the units below it (``quan_tri`` only)."""
    if not can(actor, Action.MANAGE, organisation):
        raise PermissionDeniedError("Chỉ người quản trị mới đặt được tỷ lệ xuất sắc tối đa.")
    if not percent.is_finite() or not 0 <= percent <= 100 or percent != round(percent, 2):
        raise InvalidInputError.single("percent", "Tỷ lệ phải từ 0 đến 100, tối đa 2 chữ số lẻ.")
    before = cap_of(organisation)
    row, _ = CapSetting.objects.update_or_create(
        organisation=organisation, defaults={"percent": percent}
    )
    audit_record(
        actor=actor,
        action=A.CAP_SET,
        target=row,
        organisation=organisation,
        before={"percent": str(before)},
        after={"percent": str(percent)},
    )
    return row


def _check_year(year: int) -> dict[str, str]:
    return {} if MIN_YEAR <= year <= MAX_YEAR else {"year": "Năm phải trong khoảng 2000–2100."}


def _cap_message(excellent: int, good: int, cap: Decimal, unit: Organisation) -> str:
    return (
        f"{format_number(excellent)} HTXSNV vượt tỷ lệ tối đa {format_number(cap, 2)}% số "
        f"được xếp loại HTTNV ({format_number(good)}) của {unit.name}: tối đa "
        f"{format_number(cap_limit(good, cap))}. Người quản trị có thể ghi lý do để vượt tỷ lệ."
    )


def _override(
    actor: AnyUser, unit: Organisation, reason: str, field: str, over: bool, message: str
) -> str:
    """The recorded override reason: empty within the cap; refused over it unless a
    ``quan_tri`` user gives a reason."""
    reason = reason.strip()
    if not over:
        return ""
    if not reason:
        raise InvalidInputError.single(field, message)
    if not can(actor, Action.MANAGE, unit):
        raise InvalidInputError.single(
            "cap_override_reason", "Chỉ người quản trị mới được vượt tỷ lệ xếp loại xuất sắc."
        )
    if len(reason) > 500:
        raise InvalidInputError.single("cap_override_reason", "Lý do dài quá 500 ký tự.")
    return reason


# Members -------------------------------------------------------------------------------------


def _check_member_counts(
    rated: int, counts: Mapping[str, int], not_rated: int, reasons: Mapping[str, int]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, value in {"rated": rated, "not_rated": not_rated, **counts}.items():
        if not 0 <= value <= MAX_MEMBERS:
            errors[field] = "Phải là số nguyên từ 0 đến 10.000.000."
    if errors:
        return errors
    total = sum(counts.values())
    if total != rated:
        parts = " + ".join(f"{k.upper()} {format_number(v)}" for k, v in counts.items())
        errors["rated"] = (
            f"{parts} = {format_number(total)}, không khớp số đảng viên được xếp loại "
            f"({format_number(rated)})."
        )
    bad = [r for r in reasons if r not in NotRatedReason.values]
    if bad:
        errors["not_rated_reasons"] = f"Lý do “{bad[0]}” không có trong danh mục."
    elif any(not 0 <= n <= MAX_MEMBERS for n in reasons.values()):
        errors["not_rated_reasons"] = "Số đảng viên theo lý do phải là số nguyên không âm."
    elif sum(reasons.values()) != not_rated:
        errors["not_rated"] = (
            f"Tổng theo lý do ({format_number(sum(reasons.values()))}) không khớp số không xếp "
            f"loại ({format_number(not_rated)})."
        )
    return errors


@transaction.atomic
def member_rating_set(
    *,
    actor: AnyUser,
    organisation: Organisation,
    year: int,
    rated: int,
    htxsnv: int,
    httnv: int,
    htnv: int,
    khtnv: int,
    not_rated: int = 0,
    not_rated_reasons: Mapping[str, int] | None = None,
    cap_override_reason: str = "",
) -> MemberRating:
    """Record (or replace) a unit's member ratings for a year.

    Refused, naming the field: counts per level that do not add up to ``rated``; reasons
    that do not add up to ``not_rated``; HTXSNV over the cap (``htxsnv``) unless a
    ``quan_tri`` user gives ``cap_override_reason``, which is then audited on its own.
    """
    if not can(actor, Action.EDIT, organisation):
        raise PermissionDeniedError(f"Bạn không có quyền cập nhật dữ liệu của {organisation.name}.")
    reasons = {k: v for k, v in (not_rated_reasons or {}).items() if v}
    counts = {"htxsnv": htxsnv, "httnv": httnv, "htnv": htnv, "khtnv": khtnv}
    errors = _check_year(year) | _check_member_counts(rated, counts, not_rated, reasons)
    if errors:
        raise InvalidInputError(errors)
    cap = cap_of(organisation)
    over = not cap_allows(htxsnv, httnv, cap)
    message = _cap_message(htxsnv, httnv, cap, organisation)
    reason = _override(actor, organisation, cap_override_reason, "htxsnv", over, message)
    existing = MemberRating.objects.filter(organisation=organisation, year=year).first()
    before = _member_snapshot(existing) if existing else None
    row, _ = MemberRating.objects.update_or_create(
        organisation=organisation,
        year=year,
        defaults={
            **counts,
            "rated": rated,
            "not_rated": not_rated,
            "not_rated_reasons": reasons,
            "cap_override_reason": reason,
        },
    )
    audit_record(
        actor=actor,
        action=A.MEMBER_RATING_SET,
        target=row,
        organisation=organisation,
        before=before,
        after=_member_snapshot(row),
    )
    if reason:
        _audit_override(actor, row, organisation, cap, htxsnv, httnv, reason)
    return row


def _member_snapshot(row: MemberRating) -> dict[str, Any]:
    return {
        "year": row.year,
        "rated": row.rated,
        "htxsnv": row.htxsnv,
        "httnv": row.httnv,
        "htnv": row.htnv,
        "khtnv": row.khtnv,
        "not_rated": row.not_rated,
        "not_rated_reasons": row.not_rated_reasons,
    }


def _audit_override(
    actor: AnyUser,
    row: MemberRating | OrgRating,
    unit: Organisation,
    cap: Decimal,
    excellent: int,
    good: int,
    reason: str,
) -> None:
    audit_record(
        actor=actor,
        action=A.CAP_OVERRIDE,
        target=row,
        organisation=unit,
        after={
            "cap": str(cap),
            "htxsnv": excellent,
            "httnv": good,
            "limit": cap_limit(good, cap),
            "reason": reason,
        },
    )


# Organisations -------------------------------------------------------------------------------


def rating_unit(org: Organisation) -> Organisation:
    """The unit that decides ``org``'s rating: the level above (DOMAIN.md §3, HD 43)."""
    return org.parent or org


def conditions(actor: AnyUser, org: Organisation, year: int, level: str) -> list[str]:
    """The DOMAIN.md §3 conditions of ``level`` that the recorded data does not show as met,
    as warnings: tasks done on time (tasks statistics of the unit's subtree for the year),
    late tasks within 20 % for HTNV, no discipline in the subtree and no open remedy for
    HTXSNV. The ≥ 30 % of tasks exceeding requirements is not recorded anywhere and is left
    to the rating meeting."""
    if level == Level.KHTNV or not level:
        return []
    stats = task_statistics(
        user=actor, org=org, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
    )
    warnings: list[str] = []
    not_on_time = stats.due_late + stats.overdue
    if level in (Level.HTXSNV, Level.HTTNV) and not_on_time:
        warnings.append(
            f"Chưa hoàn thành 100% nhiệm vụ đúng hạn: {stats.due_on_time}/{stats.due} "
            f"nhiệm vụ đến hạn hoàn thành đúng hạn."
        )
    if level == Level.HTNV:
        if stats.overdue:
            warnings.append(f"Còn {stats.overdue} nhiệm vụ quá hạn chưa hoàn thành.")
        if stats.due and stats.due_late * 5 > stats.due:
            warnings.append(f"Quá 20% nhiệm vụ trễ hạn ({stats.due_late}/{stats.due}).")
    if level == Level.HTXSNV:
        warnings += _excellence_conditions(org, year)
    return warnings


def _excellence_conditions(org: Organisation, year: int) -> list[str]:
    concluded = Inspection.objects.filter(
        concluded_on__year=year, subject_org__path__under=org.path
    ) | Inspection.objects.filter(concluded_on__year=year, member_unit__path__under=org.path)
    warnings: list[str] = []
    disciplined = concluded.exclude(discipline="").count()
    if disciplined:
        warnings.append(f"Có {disciplined} trường hợp bị kỷ luật trong năm trong đảng bộ.")
    still_open = remedies_open_of(org, dt.date(year, 12, 31))
    if still_open:
        warnings.append(f"Còn {still_open} yêu cầu khắc phục sau kiểm tra, giám sát chưa xong.")
    return warnings


def _check_org_rating(
    score: Decimal | None, not_rated_reason: str, org: Organisation, year: int
) -> dict[str, str]:
    errors = _check_year(year)
    if score is None and not not_rated_reason.strip():
        errors["score"] = "Chưa nhập điểm (hoặc lý do không xếp loại)."
    elif score is not None and not_rated_reason.strip():
        errors["not_rated_reason"] = "Đã có điểm thì không ghi lý do không xếp loại."
    elif score is not None and (
        not score.is_finite() or not 0 <= score <= 100 or score != round(score, 2)
    ):
        errors["score"] = "Điểm phải từ 0 đến 100, tối đa 2 chữ số lẻ."
    if len(not_rated_reason) > 300:
        errors["not_rated_reason"] = "Lý do dài quá 300 ký tự."
    return errors


def _sibling_levels(org: Organisation, year: int, level: str) -> tuple[int, int]:
    """HTXSNV and HTTNV among the units the same unit rates, this rating included."""
    unit = rating_unit(org)
    siblings = OrgRating.objects.filter(organisation__parent=unit, year=year).exclude(
        organisation=org
    )
    levels = [*siblings.values_list("level", flat=True), level]
    return levels.count(Level.HTXSNV), levels.count(Level.HTTNV)


@transaction.atomic
def org_rating_set(
    *,
    actor: AnyUser,
    organisation: Organisation,
    year: int,
    score: Decimal | None,
    disqualified: bool = False,
    not_rated_reason: str = "",
    cap_override_reason: str = "",
) -> OrgRating:
    """Rate a party organisation for a year (or record why it is not rated).

    The level follows the score (``rules.level_for``). The unit above decides, so the actor
    needs edit rights on the parent. The cap counts the units rated by the same parent; over
    it the rating is refused on ``score`` unless a ``quan_tri`` user gives a reason.
    """
    unit = rating_unit(organisation)
    if not can(actor, Action.EDIT, unit):
        raise PermissionDeniedError(
            f"Xếp loại {organisation.name} do cấp trên ({unit.name}) quyết định; bạn không có "
            "quyền cập nhật."
        )
    errors = _check_org_rating(score, not_rated_reason, organisation, year)
    if errors:
        raise InvalidInputError(errors)
    level = level_for(score, disqualified=disqualified) if score is not None else ""
    reason = ""
    if level == Level.HTXSNV and unit != organisation:
        excellent, good = _sibling_levels(organisation, year, level)
        cap = cap_of(unit)
        over = not cap_allows(excellent, good, cap)
        message = _cap_message(excellent, good, cap, unit)
        reason = _override(actor, unit, cap_override_reason, "score", over, message)
    existing = OrgRating.objects.filter(organisation=organisation, year=year).first()
    before = _org_snapshot(existing) if existing else None
    row, _ = OrgRating.objects.update_or_create(
        organisation=organisation,
        year=year,
        defaults={
            "score": score,
            "level": level,
            "disqualified": disqualified,
            "not_rated_reason": not_rated_reason.strip(),
            "warnings": conditions(actor, organisation, year, level),
            "cap_override_reason": reason,
        },
    )
    audit_record(
        actor=actor,
        action=A.ORG_RATING_SET,
        target=row,
        organisation=organisation,
        before=before,
        after=_org_snapshot(row),
    )
    if reason:
        excellent, good = _sibling_levels(organisation, year, level)
        _audit_override(actor, row, unit, cap_of(unit), excellent, good, reason)
    return row


def _org_snapshot(row: OrgRating) -> dict[str, Any]:
    return {
        "year": row.year,
        "score": None if row.score is None else str(row.score),
        "level": row.level,
        "disqualified": row.disqualified,
        "not_rated_reason": row.not_rated_reason,
        "warnings": row.warnings,
    }
