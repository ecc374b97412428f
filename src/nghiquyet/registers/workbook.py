"""The `Mô hình`, `Khảo sát` and `Dự án` sheets, through the registers' services.

- `Mô hình`: one row per participant count (``Ngày số liệu``, ``Số người tham gia``) of a
  model or movement, keyed by unit and name; a new status or count is recorded, the other
  fields of a model already there must match.
- `Khảo sát`: one row per answer (``Câu hỏi``, ``Phương án``, ``Số phiếu``); the rows with the
  same unit, topic and date are one survey. A survey already there must match in full.
- `Dự án`: a project's rows, keyed by unit and project code, each with an optional yearly
  allocation (``Năm vốn giao``, ``Vốn giao``) and an optional disbursement (``Kỳ giải ngân``:
  ``2025Q2``, ``6T/2025``, ``2025``…, ``Giải ngân``); amounts in tỷ đồng. New or changed
  amounts are recorded; the project's own fields must match.

A register row that differs from what is recorded, where no service changes it, is refused on
the first cell that differs (it is corrected on its page).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.text import fold
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
    WorkbookError,
    collect_errors,
)
from nghiquyet.documents.citations import CitationError
from nghiquyet.documents.selectors import document_resolve_text
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.registers import selectors, services
from nghiquyet.registers.models import (
    Allocation,
    Disbursement,
    Movement,
    MovementCount,
    MovementKind,
    MovementStatus,
    Project,
    Survey,
)

MOVEMENTS, SURVEYS, PROJECTS = "Mô hình", "Khảo sát", "Dự án"
KINDS = Catalog("Loại", MovementKind.choices, {"Phong trào": MovementKind.PHONG_TRAO})
STATUSES = Catalog("Trạng thái", MovementStatus.choices)
UNIT = Column("organisation", "Mã đơn vị", required=True, width=14)


def _org(ctx: ImportContext, row: Row) -> Organisation:
    found: Organisation = row.resolve(
        "organisation", lambda code: org_get(ctx.actor, code), label="mã đơn vị"
    )
    return found


def _refuse_differences(row: Row, what: str, pairs: dict[str, tuple[Any, Any]]) -> None:
    """Raise CellError on the first column whose (recorded, row) values differ."""
    for key, (recorded, given) in pairs.items():
        if recorded != given:
            raise row.error(
                key, f"{what} đã có với nội dung khác ở ô này; sửa trên trang của {what.lower()}."
            )


@contextmanager
def _fields(mapping: dict[str, str]) -> Iterator[None]:
    """Rename a service's field errors to this sheet's column keys (two services of one row
    both name their amount ``amount``)."""
    try:
        yield
    except InvalidInputError as exc:
        raise InvalidInputError({mapping.get(k, k): v for k, v in exc.errors.items()}) from None


# --- Mô hình --------------------------------------------------------------------------------

MOVEMENT_COLUMNS = [
    UNIT,
    Column("name", "Tên", required=True, width=40),
    Column("kind", "Loại", required=True, width=18),
    Column("start_date", "Ngày bắt đầu", required=True, width=12),
    Column("status", "Trạng thái", width=16),
    Column("description", "Mô tả", width=40),
    Column("as_of", "Ngày số liệu", width=12),
    Column("participants", "Số người tham gia", width=12),
]


def _count_cells(row: Row) -> tuple[Any, int | None]:
    as_of, participants = row.date("as_of"), row.integer("participants", label="số người")
    if (as_of is None) != (participants is None):
        key = "as_of" if as_of is None else "participants"
        raise row.error(key, "Ghi cả ngày số liệu và số người tham gia, hoặc để trống cả hai.")
    return as_of, participants


def _load_movement(ctx: ImportContext, row: Row) -> None:
    org = _org(ctx, row)
    name = row.text("name", required=True, label="tên")
    kind, status = KINDS.read(row, "kind"), STATUSES.read(row, "status", default="dang_hoat_dong")
    start = row.date("start_date", required=True, label="ngày bắt đầu")
    description = row.text("description")
    as_of, participants = _count_cells(row)
    found = Movement.objects.filter(organisation=org, name__iexact=name).first()
    if found is None:
        services.movement_create(
            actor=ctx.actor,
            organisation=org,
            name=name,
            kind=kind,
            start_date=start,  # type: ignore[arg-type]
            status=status,
            description=description,
            participants=participants,
            as_of=as_of,
        )
        ctx.count(MOVEMENTS, outcome=CREATED)
        return
    pairs = {"kind": (found.kind, kind), "start_date": (found.start_date, start)}
    _refuse_differences(row, "Mô hình", pairs | {"description": (found.description, description)})
    changed = found.status != status
    if changed:
        services.movement_status_set(actor=ctx.actor, movement=found, status=status)
    if as_of is not None and participants is not None:
        now = MovementCount.objects.filter(movement=found, as_of=as_of).first()
        if now is None or now.participants != participants:
            services.movement_count_set(
                actor=ctx.actor, movement=found, as_of=as_of, participants=participants
            )
            changed = True
    ctx.count(MOVEMENTS, outcome=UPDATED if changed else UNCHANGED)


def load_movements(ctx: ImportContext, rows: list[Row]) -> None:
    collect_errors(rows, lambda row: _load_movement(ctx, row))


def export_movements(actor: AnyUser) -> Iterable[list[Any]]:
    movements = selectors.movements_visible(actor).select_related("organisation")
    for m in movements.prefetch_related("counts").order_by("organisation__path", "name"):
        head = [
            m.organisation.code,
            m.name,
            m.get_kind_display(),
            m.start_date,
            m.get_status_display(),
            m.description,
        ]
        counts = sorted(m.counts.all(), key=lambda c: c.as_of)
        if not counts:
            yield [*head, None, None]
        for c in counts:
            yield [*head, c.as_of, c.participants]


# --- Khảo sát -------------------------------------------------------------------------------

SURVEY_COLUMNS = [
    UNIT,
    Column("topic", "Chủ đề", required=True, width=40),
    Column("document", "Văn bản", width=20),
    Column("conducted_on", "Ngày khảo sát", required=True, width=12),
    Column("forms_issued", "Số phiếu phát ra", required=True, width=12),
    Column("forms_returned", "Số phiếu thu về", required=True, width=12),
    Column("summary", "Tóm tắt kết quả", width=40),
    Column("question", "Câu hỏi", width=36),
    Column("answer", "Phương án", width=24),
    Column("count", "Số phiếu", width=10),
]
_SURVEY_HEAD = ("document", "forms_issued", "forms_returned", "summary")


@dataclass
class _Survey:
    row: Row
    organisation: Organisation
    topic: str
    head: dict[str, Any]
    answers: list[services.Answer] = field(default_factory=list)


def _document(ctx: ImportContext, row: Row) -> Any:
    """The linked document named in the cell (a symbol or a pasted citation), or None."""
    if not row.text("document"):
        return None

    def find(text: str) -> Any:
        try:
            return document_resolve_text(ctx.actor, text)
        except CitationError as exc:
            raise row.error("document", exc.message) from None

    return row.resolve("document", find, label="văn bản")


def _survey_row(ctx: ImportContext, row: Row) -> tuple[tuple[Any, ...], _Survey]:
    org = _org(ctx, row)
    topic = row.text("topic", required=True, label="chủ đề")
    head = {
        "conducted_on": row.date("conducted_on", required=True, label="ngày khảo sát"),
        "document": _document(ctx, row),
        "forms_issued": row.integer("forms_issued", required=True, label="số phiếu phát ra"),
        "forms_returned": row.integer("forms_returned", required=True, label="số phiếu thu về"),
        "summary": row.text("summary"),
    }
    survey = _Survey(row, org, topic, head)
    question, answer = row.text("question"), row.text("answer")
    count = row.integer("count", label="số phiếu")
    if question or answer or count is not None:
        if not (question and answer and count is not None):
            blank = [k for k, v in (("question", question), ("answer", answer)) if not v]
            raise row.error((blank or ["count"])[0], "Ghi đủ câu hỏi, phương án và số phiếu.")
        survey.answers.append(services.Answer(question, answer, count))
    return (org.pk, fold(topic), head["conducted_on"]), survey


def _group_surveys(ctx: ImportContext, rows: list[Row]) -> tuple[list[_Survey], list[CellError]]:
    groups: dict[tuple[Any, ...], _Survey] = {}
    errors: list[CellError] = []
    for row in rows:
        try:
            key, survey = _survey_row(ctx, row)
            first = groups.setdefault(key, survey)
            if first is not survey:
                pairs = {k: (first.head[k], survey.head[k]) for k in _SURVEY_HEAD}
                _refuse_differences(row, f"Khảo sát (dòng {first.row.number})", pairs)
                first.answers += survey.answers
        except CellError as exc:
            errors.append(exc)
    return list(groups.values()), errors


def _answers_of(survey: Survey) -> list[tuple[str, str, int]]:
    return [(a.question, a.answer, a.count) for a in survey.answers.all()]


def _load_survey(ctx: ImportContext, s: _Survey) -> None:
    head = s.head
    found = Survey.objects.filter(
        organisation=s.organisation, topic__iexact=s.topic, conducted_on=head["conducted_on"]
    ).first()
    if found is None:
        services.survey_create(
            actor=ctx.actor, organisation=s.organisation, topic=s.topic, answers=s.answers, **head
        )
        ctx.count(SURVEYS, outcome=CREATED)
        return
    pairs = {k: (getattr(found, k), head[k]) for k in _SURVEY_HEAD}
    given = [(a.question.strip(), a.answer.strip(), a.count) for a in s.answers]
    pairs["question"] = (_answers_of(found), given)
    _refuse_differences(s.row, "Khảo sát", pairs)
    ctx.count(SURVEYS, outcome=UNCHANGED)


def load_surveys(ctx: ImportContext, rows: list[Row]) -> None:
    surveys, errors = _group_surveys(ctx, rows)
    by_row = {id(s.row): s for s in surveys}
    try:
        collect_errors(
            [s.row for s in surveys],
            lambda row: _load_survey(ctx, by_row[id(row)]),
            {"answers": "question"},
        )
    except WorkbookError as exc:
        errors += exc.errors
    if errors:
        raise WorkbookError(errors)


def export_surveys(actor: AnyUser) -> Iterable[list[Any]]:
    surveys = selectors.surveys_visible(actor).select_related("organisation", "document")
    for s in surveys.prefetch_related("answers").order_by(
        "organisation__path", "conducted_on", "pk"
    ):
        head = [
            s.organisation.code,
            s.topic,
            s.document.symbol if s.document else "",
            s.conducted_on,
            s.forms_issued,
            s.forms_returned,
            s.summary,
        ]
        answers = _answers_of(s)
        if not answers:
            yield [*head, "", "", None]
        for question, answer, count in answers:
            yield [*head, question, answer, count]


# --- Dự án ----------------------------------------------------------------------------------

PROJECT_COLUMNS = [
    UNIT,
    Column("code", "Mã dự án", required=True, width=14),
    Column("name", "Tên dự án", required=True, width=40),
    Column("plan_start", "Kế hoạch từ năm", required=True, width=10),
    Column("plan_end", "Kế hoạch đến năm", required=True, width=10),
    Column("total_investment", "Tổng mức đầu tư (tỷ đồng)", required=True, width=16),
    Column("year", "Năm vốn giao", width=10),
    Column("allocated", "Vốn giao (tỷ đồng)", width=14),
    Column("period", "Kỳ giải ngân", width=12),
    Column("disbursed", "Giải ngân (tỷ đồng)", width=14),
]


def _pair(row: Row, first: str, second: str, read: Any) -> tuple[Any, Any]:
    """Two cells that go together (a year and its amount): both or neither."""
    a, b = read(first), row.decimal(second)
    if (a in (None, "")) != (b is None):
        raise row.error(first if b is not None else second, "Ghi cả hai ô, hoặc để trống cả hai.")
    return a, b


def _project(ctx: ImportContext, row: Row, org: Organisation) -> tuple[Project, bool]:
    fields: dict[str, Any] = {
        "name": row.text("name", required=True, label="tên dự án"),
        "plan_start": row.integer("plan_start", required=True, label="năm bắt đầu kế hoạch"),
        "plan_end": row.integer("plan_end", required=True, label="năm kết thúc kế hoạch"),
        "total_investment": row.decimal("total_investment", required=True, label="tổng mức"),
    }
    code = row.text("code", required=True, label="mã dự án")
    found = Project.objects.filter(organisation=org, code__iexact=code).first()
    if found is None:
        made = services.project_create(actor=ctx.actor, organisation=org, code=code, **fields)
        return made, True
    _refuse_differences(row, "Dự án", {k: (getattr(found, k), v) for k, v in fields.items()})
    return found, False


def _load_project(ctx: ImportContext, row: Row) -> None:
    project, created = _project(ctx, row, _org(ctx, row))
    year, allocated = _pair(row, "year", "allocated", lambda k: row.integer(k, label="năm"))
    period, disbursed = _pair(row, "period", "disbursed", row.text)
    changed = False
    if year is not None and allocated is not None:
        now = Allocation.objects.filter(project=project, year=year).first()
        if now is None or now.amount != allocated:
            with _fields({"amount": "allocated"}):
                services.allocation_set(
                    actor=ctx.actor, project=project, year=year, amount=allocated
                )
            changed = True
    if period and disbursed is not None:
        now_d = Disbursement.objects.filter(project=project, period__iexact=period).first()
        if now_d is None or now_d.amount != disbursed:
            with _fields({"amount": "disbursed"}):
                services.disbursement_set(
                    actor=ctx.actor, project=project, period=period, amount=disbursed
                )
            changed = True
    ctx.count(PROJECTS, outcome=CREATED if created else UPDATED if changed else UNCHANGED)


def load_projects(ctx: ImportContext, rows: list[Row]) -> None:
    collect_errors(rows, lambda row: _load_project(ctx, row))


def export_projects(actor: AnyUser) -> Iterable[list[Any]]:
    projects = selectors.projects_visible(actor).select_related("organisation")
    for p in projects.prefetch_related("allocations", "disbursements").order_by(
        "organisation__path", "code"
    ):
        head = [
            p.organisation.code,
            p.code,
            p.name,
            p.plan_start,
            p.plan_end,
            p.total_investment.normalize(),
        ]
        allocations = sorted(p.allocations.all(), key=lambda a: a.year)
        disbursements = sorted(p.disbursements.all(), key=lambda d: d.start)
        lines = list(zip_longest(allocations, disbursements)) or [(None, None)]
        for a, d in lines:
            yield [
                *head,
                a.year if a else None,
                a.amount.normalize() if a else None,
                d.period if d else "",
                d.amount.normalize() if d else None,
            ]


SHEETS = [
    SheetSpec(MOVEMENTS, MOVEMENT_COLUMNS, load_movements, export_movements, "organisation"),
    SheetSpec(SURVEYS, SURVEY_COLUMNS, load_surveys, export_surveys, "organisation"),
    SheetSpec(PROJECTS, PROJECT_COLUMNS, load_projects, export_projects, "organisation"),
]
