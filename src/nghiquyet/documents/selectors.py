"""Reads of the document register. Everything goes through ``Document.objects.visible_to``."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.paths import PATH_STEP, is_under
from nghiquyet.core.text import fold
from nghiquyet.documents.citations import Citation, CitationError, find_citations, parse_symbol
from nghiquyet.documents.compliance import (
    DONE,
    Cell,
    CellStatus,
    Matrix,
    Tally,
    build_matrix,
)
from nghiquyet.documents.models import (
    ISSUED,
    Attachment,
    Comment,
    Consultation,
    Document,
    DocumentQuerySet,
    DocumentRelation,
    Recipient,
    RelationKind,
    Requirement,
    Status,
)
from nghiquyet.orgs.models import Organisation, Succession


def document_visible(user: AnyUser, action: str = "view") -> DocumentQuerySet:
    return Document.objects.visible_to(user, action)


def document_get(user: AnyUser, pk: int, action: str = "view") -> Document:
    doc = (
        document_visible(user, action).select_related("organisation", "term").filter(pk=pk).first()
    )
    if doc is None:
        raise NotFoundError("Không tìm thấy văn bản trong phạm vi của bạn.")
    return doc


@dataclass
class SearchResult:
    documents: QuerySet[Document]
    citation: Citation | None = None
    error: str = ""


def document_search(
    user: AnyUser,
    q: str = "",
    *,
    org: Organisation | None = None,
    doc_type: str = "",
    status: str = "",
    year: int | None = None,
) -> SearchResult:
    """Accent-insensitive search; a typed symbol ("07-KH/ThU") matches its parts exactly."""
    qs = document_visible(user).select_related("organisation")
    if org is not None:
        qs = qs.within(org)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(issue_date__year=year)
    result = SearchResult(documents=qs)
    text = q.strip()
    if not text:
        return result
    scan = find_citations(text)
    if scan.citations:
        result.citation = scan.citations[0]
        result.documents = qs.filter(_citation_filter(scan.citations[0]))
        return result
    if scan.errors:
        result.error = scan.errors[0].message
    words = fold(text).split()
    for word in words:
        qs = qs.filter(search_text__contains=word)
    result.documents = qs
    return result


def _citation_filter(c: Citation) -> Q:
    cond = Q(number=c.number)
    if c.scheme:
        cond &= Q(scheme=c.scheme)
    if c.type_code:
        cond &= Q(type_code=c.type_code)
    if c.body_code:
        cond &= Q(body_code=c.body_code)
    if c.doc_type:
        cond &= Q(doc_type=c.doc_type)
    if c.issue_date:
        cond &= Q(issue_date=c.issue_date)
    elif c.year:
        cond &= Q(issue_date__year=c.year)
    return cond


def _lineage(org: Organisation) -> list[int]:
    """``org``, its ancestors, and the units those replaced (a moved cell's old parent is a
    predecessor of its new one): the issuers a document of ``org`` may concretize."""
    units = list(Organisation.objects.filter(path__in=[org.path, *org.ancestor_paths]))
    olds = Succession.objects.filter(successor__in=units).values_list("predecessor_id", flat=True)
    return [u.pk for u in units] + list(olds)


def document_resolve(
    user: AnyUser, citation: Citation, near: Organisation | None = None
) -> Document:
    """The one visible document a reference names; NotFoundError if none or ambiguous.

    When several documents share the symbol and ``near`` is given, only those issued by
    ``near``'s lineage (itself, its ancestors and their predecessors) are kept.
    """
    if not citation.complete:
        raise NotFoundError(
            f"Trích dẫn “{citation.raw}” chưa đủ ký hiệu cơ quan ban hành để xác định văn bản."
        )
    matches = document_visible(user).filter(_citation_filter(citation))
    found = list(matches[:2])
    if len(found) > 1 and near is not None:
        found = list(matches.filter(organisation_id__in=_lineage(near))[:2])
    if not found:
        raise NotFoundError(f"Chưa có văn bản số {citation.symbol} trong sổ văn bản.")
    if len(found) > 1:
        raise NotFoundError(
            f"Có nhiều văn bản số {citation.symbol}; hãy ghi thêm ngày ban hành để phân biệt."
        )
    return found[0]


def document_resolve_text(user: AnyUser, text: str, near: Organisation | None = None) -> Document:
    """Resolve the first reference in ``text`` (a pasted citation or a symbol)."""
    scan = find_citations(text)
    if scan.citations:
        return document_resolve(user, scan.citations[0], near)
    if scan.errors:
        raise CitationError(scan.errors[0].message)
    # A lone symbol ("KH/ThU") gets the symbol parser's precise complaint.
    return document_resolve(user, parse_symbol(text), near)


def relations_of(user: AnyUser, doc: Document) -> dict[str, list[DocumentRelation]]:
    visible = document_visible(user).values("pk")
    out = (
        doc.relations_out.filter(target__in=visible)
        .select_related("target", "target__organisation")
        .order_by("kind", "target__issue_date")
    )
    incoming = (
        doc.relations_in.filter(source__in=visible)
        .select_related("source", "source__organisation")
        .order_by("kind", "source__issue_date")
    )
    return {"out": list(out), "in": list(incoming)}


def attachment_get(user: AnyUser, pk: int) -> Attachment:
    """An attachment, only if its document is visible to ``user``."""
    att = (
        Attachment.objects.filter(pk=pk, document__in=document_visible(user).values("pk"))
        .select_related("document")
        .first()
    )
    if att is None:
        raise NotFoundError("Không tìm thấy tệp đính kèm trong phạm vi của bạn.")
    return att


@dataclass
class CascadeNode:
    """One document of the cascade tree with its counts: the documents that concretize it
    (``child_count``, of which ``issued_count`` issued and not withdrawn), and its own
    requirements, each with its overall tally (``tallies``) and counted as done (every obliged
    unit fulfilled it) or open."""

    document: Document
    tallies: list[Tally] = field(default_factory=list)
    child_count: int = 0
    issued_count: int = 0

    @property
    def requirements_done(self) -> int:
        return sum(1 for t in self.tallies if t.total and t.done == t.total)

    @property
    def requirements_open(self) -> int:
        return len(self.tallies) - self.requirements_done


def cascade_children(
    user: AnyUser, doc: Document, today: dt.date | None = None
) -> list[CascadeNode]:
    """The visible documents that concretize ``doc``, with their counts (``cascade_nodes``)."""
    return cascade_children_many(user, [doc], today)[doc.pk]


def cascade_children_many(
    user: AnyUser, parents: list[Document], today: dt.date | None = None
) -> dict[int, list[CascadeNode]]:
    """``{parent pk: the visible documents that concretize it, as nodes}`` for every parent at
    once, in a constant number of queries (a document concretizing two parents is under both)."""
    links = list(
        DocumentRelation.objects.filter(
            target__in=[p.pk for p in parents], kind=RelationKind.CU_THE_HOA
        ).values_list("source_id", "target_id")
    )
    children = (
        document_visible(user)
        .filter(pk__in={source for source, _ in links})
        .select_related("organisation")
        .prefetch_related("co_issuers")
        .order_by("organisation__path", "issue_date", "pk")
    )
    out: dict[int, list[CascadeNode]] = {p.pk: [] for p in parents}
    for node in cascade_nodes(list(children), today):
        for source, target in links:
            if source == node.document.pk:
                out[target].append(node)
    return out


def cascade_tree(
    user: AnyUser, doc: Document, depth: int, today: dt.date | None = None
) -> dict[int, list[CascadeNode]]:
    """``cascade_children_many`` down to ``depth`` levels below ``doc``, one level at a time
    (queries grow with the depth, not with the number of documents); a document already met
    is not opened again."""
    out: dict[int, list[CascadeNode]] = {}
    frontier, seen = [doc], {doc.pk}
    for _ in range(depth):
        level = cascade_children_many(user, frontier, today)
        out |= level
        frontier = [
            n.document for nodes in level.values() for n in nodes if n.document.pk not in seen
        ]
        seen |= {d.pk for d in frontier}
        if not frontier:
            break
    return out


def cascade_nodes(docs: list[Document], today: dt.date | None = None) -> list[CascadeNode]:
    """``docs`` as nodes of the cascade tree, with their counts, in a constant number of
    queries whatever the number of documents (issue 13): one GROUP BY over the relations for
    the concretizing documents, one matrix over every requirement of every node."""
    counts = _concretizing_counts([d.pk for d in docs])
    reqs = list(Requirement.objects.filter(document__in=[d.pk for d in docs]))
    matrix = build_matrix(reqs, today=today)
    tallies: dict[int, list[Tally]] = {}
    for req in reqs:
        tallies.setdefault(req.document_id, []).append(matrix.overall(req))
    return [
        CascadeNode(
            document=doc,
            tallies=tallies.get(doc.pk, []),
            child_count=counts.get(doc.pk, (0, 0))[0],
            issued_count=counts.get(doc.pk, (0, 0))[1],
        )
        for doc in docs
    ]


def _concretizing_counts(doc_ids: list[int]) -> dict[int, tuple[int, int]]:
    """``{document pk: (documents concretizing it, of which issued and not withdrawn)}``."""
    live = Q(source__status__in=ISSUED, source__withdrawn_at__isnull=True)
    rows = (
        DocumentRelation.objects.filter(target__in=doc_ids, kind=RelationKind.CU_THE_HOA)
        .values("target_id")
        .annotate(total=Count("pk"), issued=Count("pk", filter=live))
        .order_by()
    )
    return {row["target_id"]: (row["total"], row["issued"]) for row in rows}


def cascade_root(doc: Document, today: dt.date | None = None) -> CascadeNode:
    return cascade_nodes([doc], today)[0]


def document_matrix(user: AnyUser, doc: Document, today: dt.date | None = None) -> Matrix:
    return build_matrix(doc.requirements.all(), viewer=user, today=today)


def consultation_get(user: AnyUser, pk: int) -> Consultation:
    found = (
        Consultation.objects.filter(pk=pk, document__in=document_visible(user).values("pk"))
        .select_related("document", "document__organisation")
        .first()
    )
    if found is None:
        raise NotFoundError("Không tìm thấy đợt lấy ý kiến trong phạm vi của bạn.")
    return found


@dataclass
class RecipientStatus:
    name: str
    answered: bool
    comments: list[Comment]


def _recipient_name(r: Recipient) -> str:
    if r.organisation is not None:
        return r.organisation.name
    if r.user is not None:
        return r.user.get_full_name() or r.user.username
    return ""


def consultation_status(consultation: Consultation, viewer: AnyUser) -> list[RecipientStatus]:
    """Who has and has not answered, with the comments ``viewer`` may read.

    The consultation's owner (whoever may view the document's unit) reads every answer; any
    other addressee reads only its own: the answers of the unit or user it is, never another
    ward's (issue 8 item 5).
    """
    owner_view = can(viewer, "view", consultation.document.organisation)
    recipients = consultation.recipients.select_related("user", "organisation").prefetch_related(
        "comments__author"
    )
    return [
        RecipientStatus(_recipient_name(r), bool(comments := list(r.comments.all())), comments)
        for r in recipients
        if owner_view or _is_own_recipient(viewer, r)
    ]


def _is_own_recipient(viewer: AnyUser, r: Recipient) -> bool:
    if r.user_id is not None:
        return bool(r.user_id == viewer.pk)
    return r.organisation is not None and can(viewer, "view", r.organisation)


def relation_get(user: AnyUser, doc: Document, pk: int) -> DocumentRelation:
    """A link from ``doc`` (already visible to ``user``); NotFoundError otherwise."""
    found = doc.relations_out.select_related("source__organisation", "target").filter(pk=pk)
    relation = found.first()
    if relation is None:
        raise NotFoundError("Không tìm thấy liên kết của văn bản này.")
    return relation


def requirement_get(user: AnyUser, pk: int) -> Requirement:
    """A requirement (not withdrawn) on a document ``user`` can see; NotFoundError otherwise."""
    found = Requirement.objects.select_related("document__organisation").filter(
        pk=pk, document__in=document_visible(user)
    )
    requirement = found.first()
    if requirement is None:
        raise NotFoundError("Không tìm thấy yêu cầu thực hiện trong phạm vi của bạn.")
    return requirement


# --- Compliance per branch (the dashboards' units × requirements heat map, issue 12) ----------

# The status a branch shows when its units differ: the one that needs action first.
BRANCH_ORDER = (
    CellStatus.QUA_HAN,
    CellStatus.CHUA_DEN_HAN,
    CellStatus.TRE_HAN,
    CellStatus.DUNG_HAN,
)


@dataclass
class BranchCell:
    """One requirement for one branch (a unit and every unit below it): the matrix cells of
    the obliged units in it. ``status`` is the first of ``BRANCH_ORDER`` among them (one unit
    overdue makes the branch overdue); ``own`` when the only cell is the branch unit's own."""

    cells: list[Cell]
    own: bool = False

    @property
    def status(self) -> str:
        found = {c.status for c in self.cells}
        return next(str(s) for s in BRANCH_ORDER if s in found)

    @property
    def label(self) -> str:
        return str(CellStatus(self.status).label)

    @property
    def total(self) -> int:
        return len(self.cells)

    @property
    def done(self) -> int:
        return sum(c.status in DONE for c in self.cells)

    @property
    def overdue(self) -> int:
        return sum(c.status == CellStatus.QUA_HAN for c in self.cells)


def compliance_by_branch(
    matrix: Matrix, top: Organisation
) -> tuple[list[BranchCell | None], dict[str, list[BranchCell | None]]]:
    """The cells of ``matrix`` grouped under ``top``: ``top``'s own cells (one per requirement,
    None where it is not obliged) and, keyed by the path of each unit directly below ``top``,
    the cells of the obliged units in that unit's branch (None where none is obliged). Units
    outside ``top``'s subtree are left out. No query."""
    own: list[BranchCell | None] = []
    below: dict[str, list[list[Cell]]] = {}
    depth = len(top.path) + PATH_STEP
    for index, requirement in enumerate(matrix.requirements):
        mine = matrix.cell(requirement, top)
        own.append(BranchCell([mine], own=True) if mine else None)
        for unit in matrix.units:
            cell = matrix.cell(requirement, unit)
            if cell is None or unit.pk == top.pk or not is_under(unit.path, top.path):
                continue
            slots = below.setdefault(unit.path[:depth], [[] for _ in matrix.requirements])
            slots[index].append(cell)
    branches = {
        path: [BranchCell(cells) if cells else None for cells in slots]
        for path, slots in below.items()
    }
    return own, branches


def document_matrix_on(user: AnyUser, doc: Document, on: dt.date) -> Matrix:
    """``doc``'s compliance matrix as it stood on ``on``: the requirements set by then, cells
    as of that day (``compliance.build_matrix``), rows the units ``user`` sees."""
    return build_matrix(doc.requirements.filter(assigned_on__lte=on), viewer=user, today=on)


def documents_obliging(user: AnyUser, org: Organisation, on: dt.date) -> DocumentQuerySet:
    """The documents ``user`` sees with a requirement set by ``on`` that obliges ``org`` or a
    unit below it, newest first."""
    reqs = Requirement.objects.filter(
        assigned_on__lte=on, targets__in=Organisation.objects.subtree_of(org)
    )
    found = document_visible(user).filter(pk__in=reqs.values("document_id"))
    return found.select_related("organisation").order_by("-issue_date", "-pk")


def requirements_in_force(user: AnyUser, org: Organisation, on: dt.date) -> list[Requirement]:
    """The open requirements addressed to ``org`` or a unit below it on ``on``: not withdrawn,
    set by then, of a document ``user`` sees that is in force (issued, neither expired nor
    withdrawn). Ordered by document, then deadline."""
    in_force = document_visible(user).filter(status=Status.BAN_HANH, withdrawn_at__isnull=True)
    reqs = Requirement.objects.filter(
        document__in=in_force,
        assigned_on__lte=on,
        pk__in=Requirement.objects.filter(targets__in=Organisation.objects.subtree_of(org)).values(
            "pk"
        ),
    )
    return list(reqs.select_related("document").order_by("document_id", "deadline", "pk"))


def requirements_matrix(user: AnyUser, requirements: list[Requirement], on: dt.date) -> Matrix:
    """The compliance matrix of ``requirements`` as of ``on``, rows the units ``user`` sees."""
    return build_matrix(requirements, viewer=user, today=on)
