"""The `Kiểm tra giám sát` and `Xếp loại` sheets, through the same services as the pages.

`Kiểm tra giám sát`: one row per inspection or supervision, keyed by the inspecting body and
its code. The subject is an organisation code, or a party member's name when the member's
unit (``Chi bộ của đảng viên``) is filled. A row with a result concludes the record (remedies
are entered on the record's page, where each becomes a task). A record already there is left
unchanged when the row says the same, concluded when only the conclusion is new, and refused
on the first cell that differs otherwise (records are corrected on their page).

`Xếp loại`: one row per unit and year, ``Đối tượng`` ``Tổ chức đảng`` (score, level) or
``Đảng viên`` (counts per level, adding up to ``Số được xếp loại``; those not rated by
reason: ``Mới kết nạp: 2; Ốm đau: 1``). The 20 % cap (Hướng dẫn 21-HD/BTCTW; DOMAIN.md §3)
is the service's: over it the row is refused on the HTXSNV cell (members) or the score cell
(organisations), unless a ``quan_tri`` user fills ``Lý do vượt tỷ lệ``. Organisation rows
rated HTXSNV load after the others of the sheet, so the cap counts the whole sheet.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.formats import format_number
from nghiquyet.core.workbook import (
    CREATED,
    UNCHANGED,
    UPDATED,
    Catalog,
    CellError,
    Column,
    ImportContext,
    Row,
    SheetSpec,
    collect_errors,
)
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.oversight import selectors, services
from nghiquyet.oversight.models import (
    Discipline,
    Inspection,
    InspectionStatus,
    Kind,
    Level,
    MemberRating,
    NotRatedReason,
    OrgRating,
    Result,
)
from nghiquyet.oversight.rules import LEVEL_ORDER, level_for

INSPECTIONS = "Kiểm tra giám sát"
RATINGS = "Xếp loại"

KINDS = Catalog("Loại", Kind.choices)
RESULTS = Catalog("Kết quả", Result.choices, {"Tốt": Result.TOT, "Có hạn chế": Result.CO_HAN_CHE})
DISCIPLINES = Catalog("Hình thức kỷ luật", Discipline.choices)
LEVELS = Catalog("Mức", Level.choices)
TO_CHUC, DANG_VIEN = "to_chuc", "dang_vien"
SUBJECTS = Catalog(
    "Đối tượng",
    [(TO_CHUC, "Tổ chức đảng"), (DANG_VIEN, "Đảng viên")],
    {"Tổ chức": TO_CHUC},
)
REASONS = Catalog(
    "Lý do không xếp loại",
    NotRatedReason.choices,
    {
        "Mới kết nạp": NotRatedReason.MOI_KET_NAP,
        "Ốm đau": NotRatedReason.OM_DAU,
        "Thai sản": NotRatedReason.THAI_SAN,
        "Miễn sinh hoạt": NotRatedReason.MIEN_SINH_HOAT,
        "Khác": NotRatedReason.KHAC,
    },
)


def _org(ctx: ImportContext, row: Row, key: str, label: str) -> Organisation:
    found: Organisation = row.resolve(key, lambda code: org_get(ctx.actor, code), label=label)
    return found


# --- Kiểm tra giám sát ----------------------------------------------------------------------

INSPECTION_COLUMNS = [
    Column("code", "Mã", required=True, width=16),
    Column("kind", "Loại", required=True, width=28),
    Column("body", "Đơn vị thực hiện", required=True, width=16),
    Column("subject", "Đối tượng (mã đơn vị hoặc tên đảng viên)", required=True, width=26),
    Column("member_unit", "Chi bộ của đảng viên", width=16),
    Column("member_card", "Số thẻ đảng viên", width=14),
    Column("content", "Nội dung", required=True, width=50),
    Column("start_date", "Từ ngày", required=True, width=12),
    Column("end_date", "Đến ngày", width=12),
    Column("result", "Kết quả", width=24),
    Column("concluded_on", "Ngày kết luận", width=12),
    Column("findings", "Kết luận", width=40),
    Column("discipline", "Kỷ luật", width=14),
]
# Service fields held by a column of another name.
_INSPECTION_FIELDS = {"member_name": "subject", "remedies": "result", "programme": "code"}


@dataclass
class _Conclusion:
    result: str
    concluded_on: dt.date
    findings: str
    discipline: str


def _subject(ctx: ImportContext, row: Row) -> tuple[Organisation | None, services.Member | None]:
    name = row.text("subject", required=True, label="đối tượng")
    if not row.text("member_unit"):
        found = _org(ctx, row, "subject", "đối tượng")
        return found, None
    unit = _org(ctx, row, "member_unit", "chi bộ của đảng viên")
    return None, services.Member(name=name, unit=unit, card=row.text("member_card"))


def _conclusion(row: Row) -> _Conclusion | None:
    result = RESULTS.read(row, "result", default="-")
    if result == "-":
        for key in ("concluded_on", "findings", "discipline"):
            if row.text(key):
                raise row.error(key, "Chưa có kết quả thì không ghi kết luận, kỷ luật.")
        return None
    day = row.date("concluded_on") or row.date("end_date")
    if day is None:
        raise row.error("concluded_on", "Có kết quả thì phải có ngày kết luận (hoặc đến ngày).")
    return _Conclusion(
        result=result,
        concluded_on=day,
        findings=row.text("findings"),
        discipline=DISCIPLINES.read(row, "discipline", default="-").strip("-"),
    )


def _body(ctx: ImportContext, code: str) -> Organisation:
    """The inspecting body: a unit in scope, or the body of a record the actor sees (a unit
    above the actor that inspected it), so that an export re-imports; writing for a body the
    actor may not edit is refused by the service."""
    try:
        return org_get(ctx.actor, code)
    except NotFoundError:
        seen = selectors.inspection_visible(ctx.actor).filter(body__code__iexact=code).first()
        if seen is None:
            raise
        return seen.body


def _inspection_input(ctx: ImportContext, row: Row) -> services.InspectionInput:
    subject_org, member = _subject(ctx, row)
    return services.InspectionInput(
        code=row.text("code", required=True, label="mã"),
        body=row.resolve("body", lambda code: _body(ctx, code), label="đơn vị thực hiện"),
        kind=KINDS.read(row, "kind"),
        content=row.text("content", required=True, label="nội dung"),
        start_date=row.date("start_date", required=True, label="từ ngày"),  # type: ignore[arg-type]
        end_date=row.date("end_date"),
        subject_org=subject_org,
        member=member,
    )


def _recorded(i: Inspection) -> dict[str, Any]:
    return {
        "kind": i.kind,
        "subject": (i.subject_org_id, i.member_name, i.member_unit_id),
        "member_card": i.member_card,
        "content": i.content,
        "start_date": i.start_date,
    }


def _first_difference(existing: Inspection, data: services.InspectionInput) -> str | None:
    member = data.member
    wanted = {
        "kind": data.kind,
        "subject": (
            data.subject_org.pk if data.subject_org else None,
            member.name.strip() if member else "",
            member.unit.pk if member else None,
        ),
        "member_card": member.card.strip() if member else "",
        "content": data.content.strip(),
        "start_date": data.start_date,
    }
    if data.end_date is not None and data.end_date != existing.end_date:
        return "end_date"
    now = _recorded(existing)
    return next((key for key, value in wanted.items() if now[key] != value), None)


def _conclusion_differs(existing: Inspection, wanted: _Conclusion | None) -> str | None:
    if existing.status != InspectionStatus.DA_KET_LUAN:
        return None
    if wanted is None:
        return "result"
    now = (existing.result, existing.concluded_on, existing.findings, existing.discipline)
    new = (wanted.result, wanted.concluded_on, wanted.findings.strip(), wanted.discipline)
    keys = ("result", "concluded_on", "findings", "discipline")
    return next((k for k, a, b in zip(keys, now, new, strict=True) if a != b), None)


def _refuse_change(row: Row, key: str, code: str) -> None:
    raise row.error(
        key,
        f"Cuộc kiểm tra, giám sát mã “{code}” đã có với nội dung khác ở ô này; sửa trên trang "
        "của cuộc kiểm tra, giám sát hoặc dùng mã khác.",
    )


def _load_inspection(ctx: ImportContext, row: Row) -> None:
    data = _inspection_input(ctx, row)
    conclusion = _conclusion(row)
    existing = Inspection.objects.filter(body=data.body, code__iexact=data.code.strip()).first()
    if existing is not None:
        differs = _first_difference(existing, data) or _conclusion_differs(existing, conclusion)
        if differs:
            _refuse_change(row, differs, existing.code)
    record = existing or services.inspection_create(actor=ctx.actor, data=data)
    concludes = conclusion is not None and record.status != InspectionStatus.DA_KET_LUAN
    if concludes and conclusion is not None:
        services.inspection_conclude(
            actor=ctx.actor,
            inspection=record,
            result=conclusion.result,
            concluded_on=conclusion.concluded_on,
            findings=conclusion.findings,
            discipline=conclusion.discipline,
            end_date=data.end_date,
        )
    outcome = CREATED if existing is None else UPDATED if concludes else UNCHANGED
    ctx.count(INSPECTIONS, outcome=outcome)


def load_inspections(ctx: ImportContext, rows: list[Row]) -> None:
    collect_errors(rows, lambda row: _load_inspection(ctx, row), _INSPECTION_FIELDS)


def export_inspections(actor: AnyUser) -> Iterable[list[Any]]:
    records = (
        selectors.inspection_visible(actor)
        .select_related("body", "subject_org", "member_unit")
        .order_by("body__path", "start_date", "code")
    )
    for i in records:
        yield [
            i.code,
            i.get_kind_display(),
            i.body.code,
            i.subject_org.code if i.subject_org else i.member_name,
            i.member_unit.code if i.member_unit else "",
            i.member_card,
            i.content,
            i.start_date,
            i.end_date,
            i.get_result_display(),
            i.concluded_on,
            i.findings,
            i.get_discipline_display(),
        ]


# --- Xếp loại -------------------------------------------------------------------------------

COUNT_KEYS = tuple(str(level) for level in LEVEL_ORDER)
RATING_COLUMNS = [
    Column("year", "Năm", required=True, width=8),
    Column("organisation", "Mã đơn vị", required=True, width=14),
    Column("subject", "Đối tượng", required=True, width=14),
    Column("score", "Điểm", width=8),
    Column("level", "Mức", width=28),
    Column("rated", "Số được xếp loại", width=12),
    *(Column(key, key.upper(), width=9) for key in COUNT_KEYS),
    Column("not_rated", "Không xếp loại", width=12),
    Column("not_rated_reason", "Lý do không xếp loại", width=36),
    Column("cap_override_reason", "Lý do vượt tỷ lệ", width=30),
]
_ORG_ONLY = ("score", "level")
_MEMBER_ONLY = ("rated", *COUNT_KEYS, "not_rated")


def _only_blank(row: Row, keys: Iterable[str], message: str) -> None:
    for key in keys:
        if row.text(key):
            raise row.error(key, message)


def _year(row: Row) -> int:
    return row.integer("year", required=True, label="năm")  # type: ignore[return-value]


def _level_check(row: Row, score: Decimal | None) -> bool:
    """Whether the row's level says disqualifying facts were found (KHTNV for a score that
    earns more); refuses a level that neither the score nor disqualification gives."""
    level = LEVELS.read(row, "level", default="-")
    if level == "-" or score is None:
        return False
    earned = level_for(score)
    if level == earned:
        return False
    if level == Level.KHTNV:
        return True
    raise row.error(
        "level",
        f"Điểm {format_number(score, 2)} ứng với mức “{earned.label}”, không phải "
        f"“{Level(level).label}” (mức theo điểm: HTXSNV từ 90, HTTNV từ 70, HTNV từ 50; "
        "“Không hoàn thành nhiệm vụ” khi có yếu tố không hoàn thành).",
    )


def _load_org_rating(ctx: ImportContext, row: Row, org: Organisation, year: int) -> None:
    _only_blank(row, _MEMBER_ONLY, "Dòng tổ chức đảng ghi điểm và mức, không ghi số đảng viên.")
    score = row.decimal("score", label="điểm")
    disqualified = _level_check(row, score)
    reason, override = row.text("not_rated_reason"), row.text("cap_override_reason")
    existing = OrgRating.objects.filter(organisation=org, year=year).first()
    now = existing and (
        existing.score,
        existing.disqualified,
        existing.not_rated_reason,
        existing.cap_override_reason,
    )
    if now == (score, disqualified, reason, override):
        ctx.count(RATINGS, outcome=UNCHANGED)
        return
    services.org_rating_set(
        actor=ctx.actor,
        organisation=org,
        year=year,
        score=score,
        disqualified=disqualified,
        not_rated_reason=reason,
        cap_override_reason=override,
    )
    ctx.count(RATINGS, outcome=CREATED if existing is None else UPDATED)


def parse_reasons(row: Row) -> dict[str, int]:
    """``Mới kết nạp: 2; Ốm đau: 1`` as {reason code: members}. Raises CellError naming the
    reason cell for an unknown reason, a missing or bad count, or a reason given twice."""
    reasons: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in row.text("not_rated_reason").split(";"))):
        name, _, number = part.rpartition(":")
        code = REASONS.get(name) if name else None
        if code is None:
            raise row.error(
                "not_rated_reason",
                f"“{part}”: ghi “lý do: số đảng viên”, lý do là một trong: "
                + "; ".join(f"“{n}”" for n in REASONS.names)
                + ".",
            )
        if not (number.strip().isascii() and number.strip().isdigit()) or code in reasons:
            raise row.error(
                "not_rated_reason", f"“{part}”: số đảng viên phải là số nguyên, mỗi lý do một lần."
            )
        reasons[code] = int(number)
    return reasons


def format_reasons(reasons: Mapping[str, int]) -> str:
    """The reasons of a member rating as ``parse_reasons`` reads them."""
    return "; ".join(f"{NotRatedReason(code).label}: {n}" for code, n in reasons.items() if n)


def _load_member_rating(ctx: ImportContext, row: Row, org: Organisation, year: int) -> None:
    _only_blank(row, _ORG_ONLY, "Dòng đảng viên ghi số lượng theo từng mức, không ghi điểm, mức.")
    counts = {key: row.integer(key, label=key.upper()) or 0 for key in COUNT_KEYS}
    rated = row.integer("rated", required=True, label="số được xếp loại")
    reasons = parse_reasons(row)
    not_rated = row.integer("not_rated", label="số không xếp loại")
    not_rated = sum(reasons.values()) if not_rated is None else not_rated
    override = row.text("cap_override_reason")
    existing = MemberRating.objects.filter(organisation=org, year=year).first()
    wanted = (rated, counts, not_rated, reasons, override)
    if existing is not None and _member_values(existing) == wanted:
        ctx.count(RATINGS, outcome=UNCHANGED)
        return
    services.member_rating_set(
        actor=ctx.actor,
        organisation=org,
        year=year,
        rated=rated,  # type: ignore[arg-type]
        **counts,
        not_rated=not_rated,
        not_rated_reasons=reasons,
        cap_override_reason=override,
    )
    ctx.count(RATINGS, outcome=CREATED if existing is None else UPDATED)


def _member_values(m: MemberRating) -> tuple[Any, ...]:
    counts = {key: getattr(m, key) for key in COUNT_KEYS}
    return (m.rated, counts, m.not_rated, m.not_rated_reasons, m.cap_override_reason)


def _load_rating(ctx: ImportContext, row: Row) -> None:
    year = _year(row)
    org = _org(ctx, row, "organisation", "mã đơn vị")
    if SUBJECTS.read(row, "subject") == TO_CHUC:
        _load_org_rating(ctx, row, org, year)
    else:
        _load_member_rating(ctx, row, org, year)


def _excellent_last(row: Row) -> bool:
    """Organisation rows that earn HTXSNV load last, so the cap sees the sheet's others."""
    try:
        score = row.decimal("score")
    except CellError:  # Reported when the row loads.
        return False
    return score is not None and level_for(score) == Level.HTXSNV


def load_ratings(ctx: ImportContext, rows: list[Row]) -> None:
    ordered = sorted(rows, key=_excellent_last)
    collect_errors(
        ordered, lambda row: _load_rating(ctx, row), {"not_rated_reasons": "not_rated_reason"}
    )


def _org_rating_cells(r: OrgRating) -> list[Any]:
    level = Level.KHTNV.label if r.disqualified else r.get_level_display()
    return [
        r.year,
        r.organisation.code,
        "Tổ chức đảng",
        None if r.score is None else r.score.normalize(),
        level,
        *([None] * len(_MEMBER_ONLY)),
        r.not_rated_reason,
        r.cap_override_reason,
    ]


def _member_rating_cells(m: MemberRating) -> list[Any]:
    return [
        m.year,
        m.organisation.code,
        "Đảng viên",
        None,
        "",
        m.rated,
        *(getattr(m, key) for key in COUNT_KEYS),
        m.not_rated,
        format_reasons(m.not_rated_reasons),
        m.cap_override_reason,
    ]


def export_ratings(actor: AnyUser) -> Iterable[list[Any]]:
    order = ("year", "organisation__path")
    for r in selectors.org_ratings_visible(actor).select_related("organisation").order_by(*order):
        yield _org_rating_cells(r)
    for m in (
        selectors.member_ratings_visible(actor).select_related("organisation").order_by(*order)
    ):
        yield _member_rating_cells(m)


SHEETS = [
    SheetSpec(INSPECTIONS, INSPECTION_COLUMNS, load_inspections, export_inspections, "body"),
    SheetSpec(RATINGS, RATING_COLUMNS, load_ratings, export_ratings, "organisation"),
]
