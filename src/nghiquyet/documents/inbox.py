"""The documents part of the unit's inbox (``core/inbox.py``): the requirements the unit has
not fulfilled yet (issue a document, hold a study, send a report), each with the unit's own
deadline.

A requirement applies to the unit as the compliance matrix says (``compliance.py``): the unit
is one of its fixed targets, or it was formed after the requirement was set and the rule
("all units directly below", "all units of a kind", "all cells") names it on its first day;
its deadline is then ``deadline_for`` (issue 9, §7). A requirement is fulfilled by the same
evidence as a matrix cell (``evidence_for``'s rules), registered on or before today.

Queries: the fixed requirements (1), the rule-based ones from the units above (1), the unit's
answering documents (1) and study sessions (1).
"""

import datetime as dt

from django.apps import apps
from django.db.models import Q
from django.urls import reverse

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.inbox import InboxItem, Tone
from nghiquyet.documents.compliance import CellStatus, deadline_for, status_of
from nghiquyet.documents.doctypes import DocType
from nghiquyet.documents.models import ISSUED, Action, Document, RelationKind, Requirement
from nghiquyet.documents.models import TargetRule as Rule
from nghiquyet.documents.selectors import document_visible
from nghiquyet.orgs.models import PARTY_CELL_KINDS, Organisation

KIND = "yeu_cau"


def _named_by_rule(requirement: Requirement, org: Organisation) -> bool:
    """Whether the rule of ``requirement`` names ``org`` (below the issuer) on its first day."""
    if requirement.rule == Rule.TRUC_THUOC:
        return org.parent_id == requirement.document.organisation_id
    if requirement.rule == Rule.THEO_LOAI:
        return org.kind == requirement.target_kind
    return requirement.rule == Rule.CHI_BO and org.kind in PARTY_CELL_KINDS


def requirements_of_unit(user: AnyUser, org: Organisation) -> list[Requirement]:
    """The requirements (not withdrawn, on documents ``user`` sees) that oblige ``org``: as a
    fixed target, or as a unit formed after the requirement was set that its rule names."""
    visible = Requirement.objects.filter(document__in=document_visible(user)).select_related(
        "document", "document__organisation"
    )
    fixed = list(visible.filter(targets=org))
    if org.valid_from is None:
        return fixed
    later = visible.exclude(rule=Rule.DANH_SACH).filter(
        document__organisation__path__in=org.ancestor_paths, assigned_on__lt=org.valid_from
    )
    known = {r.pk for r in fixed}
    return fixed + [r for r in later if r.pk not in known and _named_by_rule(r, org)]


def _answered_documents(org: Organisation, documents: set[int]) -> list[Document]:
    issued = Document.objects.filter(
        status__in=ISSUED,
        withdrawn_at__isnull=True,
        relations_out__target__in=documents,
        issue_date__isnull=False,
    ).filter(Q(organisation=org) | Q(co_issuers=org))
    return list(issued.distinct().prefetch_related("relations_out"))


def _answers(document: Document, requirement: Requirement) -> bool:
    relations = [r for r in document.relations_out.all() if r.target_id == requirement.document_id]
    if not relations:
        return False
    if requirement.action != Action.BAN_HANH:
        return document.doc_type == DocType.BAO_CAO
    wanted = not requirement.doc_type or document.doc_type == requirement.doc_type
    return wanted and any(r.kind == RelationKind.CU_THE_HOA for r in relations)


def _studied(org: Organisation, documents: set[int], today: dt.date) -> dict[int, dt.date]:
    """Earliest study session per document that ``org`` organised or was connected to."""
    if not apps.is_installed("nghiquyet.dissemination"):
        return {}
    sessions = apps.get_model("dissemination", "StudySession").objects.filter(
        Q(organisation=org) | Q(connected_units=org), documents__in=documents, start_date__lte=today
    )
    found: dict[int, dt.date] = {}
    for doc_id, day in sessions.values_list("documents", "start_date"):
        if doc_id in documents and (doc_id not in found or day < found[doc_id]):
            found[doc_id] = day
    return found


def _item(requirement: Requirement, org: Organisation, today: dt.date) -> InboxItem:
    due = deadline_for(requirement, org)
    status = status_of(due, None, today)
    return InboxItem(
        key=f"{KIND}:{requirement.pk}:{org.pk}",
        kind=KIND,
        title=f"{requirement.label} – {requirement.document}",
        unit=org,
        deadline=due,
        status=str(CellStatus(status).label),
        url=reverse("documents:detail", args=(requirement.document_id,)),
        tone=Tone.BAD if status == CellStatus.QUA_HAN else Tone.NONE,
    )


def inbox_items(*, user: AnyUser, org: Organisation, today: dt.date) -> list[InboxItem]:
    """The requirements ``org`` has not fulfilled by ``today`` (see the module docstring)."""
    requirements = requirements_of_unit(user, org)
    if not requirements:
        return []
    documents = {r.document_id for r in requirements}
    answering = [
        d for d in _answered_documents(org, documents) if d.issue_date and d.issue_date <= today
    ]
    studied = _studied(org, documents, today)
    items = []
    for requirement in requirements:
        if requirement.action == Action.HOC_TAP:
            done = requirement.document_id in studied
        else:
            done = any(_answers(d, requirement) for d in answering)
        if not done:
            items.append(_item(requirement, org, today))
    return items
