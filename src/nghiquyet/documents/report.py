"""The `documents` section of the report JSON: documents issued in the period, by type, and
compliance per requirement as of the end of the period (or today, if that is earlier)."""

from typing import Any

from django.db.models import Count
from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.periods import Period
from nghiquyet.documents.compliance import build_matrix
from nghiquyet.documents.doctypes import DocType
from nghiquyet.documents.models import Document, Requirement
from nghiquyet.orgs.models import Organisation


def sections(*, org: Organisation, period: Period, actor: AnyUser) -> dict[str, Any]:
    docs = Document.objects.visible_to(actor).issued().within(org)
    issued = docs.filter(issue_date__gte=period.start, issue_date__lte=period.end)
    by_type = {
        row["doc_type"]: {"label": str(DocType(row["doc_type"]).label), "count": row["n"]}
        for row in issued.values("doc_type").annotate(n=Count("pk")).order_by("doc_type")
    }
    return {
        "documents": {
            "issued": {"total": issued.count(), "by_type": by_type},
            "requirements": _requirements(org, period, actor),
        }
    }


def _requirements(org: Organisation, period: Period, actor: AnyUser) -> list[dict[str, Any]]:
    as_of = min(timezone.localdate(), period.end)
    reqs = (
        Requirement.objects.filter(
            document__in=Document.objects.visible_to(actor).within(org),
            assigned_on__lte=period.end,
            deadline__gte=period.start,
        )
        .select_related("document")
        .order_by("deadline", "pk")
    )
    out = []
    for req in reqs:
        total = build_matrix([req], viewer=actor, today=as_of).overall(req)
        out.append(
            {
                "document": req.document.symbol,
                "requirement": req.label,
                "action": req.action,
                "deadline": req.deadline.isoformat(),
                "as_of": as_of.isoformat(),
                "total": total.total,
                "done": total.done,
                "counts": total.counts,
                "percent": float(round(total.percent, 2)),
                "text": total.sentence,
            }
        )
    return out
