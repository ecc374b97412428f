"""Which number sequence a document belongs to, and the next free number in it.

Party documents number from 01 for each type within a committee term (HD36 §1.3.1a); a
staff body or cell without its own term follows the term of the nearest committee above it.
State documents number from 01 on 1 January (NĐ 30/2020). Joint documents use the sequence
of the lead issuer.

Congress documents (văn kiện đại hội: báo cáo chính trị, nghị quyết đại hội, biên bản ...,
issued under a congress body code such as ``ĐH`` or ``ĐHĐB``) are numbered continuously from 01
across all types, from the preparatory session to the closing day (HD36 §1.3.1a, DOMAIN.md
§1.3): their sequence is the congress's (``ĐH2025-2030``), not the type's within the term.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.documents.doctypes import Scheme
from nghiquyet.orgs.models import Organisation, Succession, Term

ONE_DAY = dt.timedelta(days=1)
# Body codes of a congress (DOMAIN.md §1.6: congress "ĐH"; đại hội đại biểu, đại hội đảng viên).
CONGRESS_BODY_CODES = frozenset({"ĐH", "ĐHĐB", "ĐHĐV"})
CONGRESS_KEY_PREFIX = "ĐH"


@dataclass(frozen=True)
class Sequence:
    key: str
    term: Term | None
    year: int | None


def term_start(term: Term) -> dt.date:
    """A term starts the day after its congress closes, or on 1 January if that is unknown."""
    return term.congress_to + ONE_DAY if term.congress_to else dt.date(term.start_year, 1, 1)


def term_for(org: Organisation, day: dt.date) -> Term | None:
    """The term of ``org`` (or of its nearest ancestor with terms) that ``day`` falls in.

    The tree is today's. When the nearest ancestor with terms did not exist yet on ``day`` (a
    ward formed on 1/7/2025 above a cell that moved into it), the units it replaced are asked
    instead, so a 2020 document of that cell still belongs to the 2020–2025 term above it.
    """
    org = Organisation.objects.get(pk=org.pk)  # The caller's copy may predate a move.
    chain = [org.path, *reversed(org.ancestor_paths)]
    units = {u.path: u for u in Organisation.objects.filter(path__in=chain)}
    for path in chain:
        unit = units[path]
        terms = list(Term.objects.filter(organisation=unit).order_by("start_year"))
        if not terms:
            continue
        found = _covering(terms, day)
        if found is None and unit.valid_from is not None and unit.valid_from > day:
            return _term_of_predecessors(unit, day)
        return found
    return None


def _term_of_predecessors(unit: Organisation, day: dt.date) -> Term | None:
    """The term in force on ``day`` above the units that ``unit`` later replaced."""
    successions = Succession.objects.filter(successor=unit, effective__gt=day)
    for succession in successions.select_related("predecessor").order_by("predecessor__path"):
        found = term_for(succession.predecessor, day)
        if found is not None:
            return found
    return None


def _covering(terms: list[Term], day: dt.date) -> Term | None:
    started = [t for t in terms if term_start(t) <= day]
    if started:
        return started[-1]
    # Before the first recorded congress closed: the term whose years contain the day.
    return next((t for t in terms if t.start_year <= day.year <= t.end_year), None)


def is_congress_body(body_code: str) -> bool:
    """Whether a Party body code is a congress's (``ĐH``, ``ĐHĐB``, ``ĐHĐV``; any case; the
    lead body of a joint code counts)."""
    lead = body_code.split("-", 1)[0].strip()
    return lead.upper() in CONGRESS_BODY_CODES


def congress_term(org: Organisation, day: dt.date) -> Term | None:
    """The term a congress held on ``day`` opens: the term of ``org`` (or of its nearest
    ancestor with terms) that starts in ``day``'s year, the congress year."""
    org = Organisation.objects.get(pk=org.pk)
    chain = [org.path, *reversed(org.ancestor_paths)]
    terms = Term.objects.filter(organisation__path__in=chain, start_year=day.year)
    by_path = {t.organisation.path: t for t in terms.select_related("organisation")}
    return next((by_path[p] for p in chain if p in by_path), None)


def sequence_for(scheme: str, org: Organisation, day: dt.date, body_code: str = "") -> Sequence:
    """The sequence a document of ``org`` dated ``day`` is numbered in: the calendar year
    (State), the congress (Party, congress body code) or the committee term (Party).
    InvalidInputError on ``issue_date`` when no term is recorded for the day."""
    if scheme == Scheme.NHA_NUOC:
        return Sequence(key=str(day.year), term=None, year=day.year)
    if is_congress_body(body_code):
        return _congress_sequence(org, day)
    term = term_for(org, day)
    if term is None:
        raise InvalidInputError.single(
            "issue_date",
            f"Chưa khai báo nhiệm kỳ của {org.name} (hoặc cấp ủy cấp trên) chứa ngày "
            f"{day:%d/%m/%Y}, nên chưa đánh số văn bản Đảng được.",
        )
    return Sequence(key=term.period_code, term=term, year=None)


def _congress_sequence(org: Organisation, day: dt.date) -> Sequence:
    term = congress_term(org, day)
    if term is None:
        raise InvalidInputError.single(
            "issue_date",
            f"Chưa khai báo nhiệm kỳ bắt đầu năm {day.year} của {org.name} (hoặc cấp ủy cấp "
            "trên), nên chưa đánh số văn kiện đại hội được.",
        )
    return Sequence(key=f"{CONGRESS_KEY_PREFIX}{term.period_code}", term=term, year=None)


def sequence_label(scheme: str, key: str) -> str:
    """``năm 2024``, ``nhiệm kỳ 2020-2025`` or ``đại hội nhiệm kỳ 2025-2030``."""
    if scheme == Scheme.NHA_NUOC:
        return f"năm {key}"
    if key.startswith(CONGRESS_KEY_PREFIX):
        return f"đại hội nhiệm kỳ {key.removeprefix(CONGRESS_KEY_PREFIX)}"
    return f"nhiệm kỳ {key}"


def sequence_filter(*, scheme: str, org: Organisation, type_code: str, key: str) -> dict[str, Any]:
    """Document filter for one sequence: per type, except a congress's (across all types)."""
    found: dict[str, Any] = {"scheme": scheme, "organisation": org, "sequence_key": key}
    if not (scheme == Scheme.DANG and key.startswith(CONGRESS_KEY_PREFIX)):
        found["type_code"] = type_code
    return found


def next_number(
    *, scheme: str, org: Organisation, type_code: str, day: dt.date, body_code: str = ""
) -> int:
    """The number the next document of this type from ``org`` should take on ``day``
    (``body_code`` tells a congress document, numbered across types)."""
    from nghiquyet.documents.models import Document

    seq = sequence_for(scheme, org, day, body_code)
    found = sequence_filter(scheme=scheme, org=org, type_code=type_code, key=seq.key)
    used = Document.objects.filter(**found).aggregate(top=Max("number"))["top"]
    return (used or 0) + 1
