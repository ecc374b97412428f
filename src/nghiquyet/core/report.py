"""The report of an organisation for a period, as JSON: the truth behind DOCX/XLSX/PDF.

Each app adds sections from its ``report.py``: ``def sections(*, org, period, actor) ->
dict[str, Any]``. The keys of all apps are merged in app order.

The builder answers only for a unit the actor may view, whichever entry point calls it (CLI,
API, web): a unit outside the actor's scope is "not found", as in the rest of the API.
"""

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from nghiquyet.core.actors import AnyUser
from nghiquyet.core.contrib import app_modules
from nghiquyet.core.periods import Period
from nghiquyet.orgs.selectors import org_get_by_pk

if TYPE_CHECKING:
    from nghiquyet.orgs.models import Organisation


def build_report(*, org: "Organisation", period: Period, actor: AnyUser) -> dict[str, Any]:
    """The report of ``org`` for ``period`` as ``actor`` sees it.

    Raises NotFoundError when ``org`` is outside the actor's scope.
    """
    org = org_get_by_pk(actor, org.pk)
    report: dict[str, Any] = {
        "org": {"code": org.code, "name": org.name, "kind": org.kind},
        "period": {
            "code": period.code,
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }
    for module in app_modules("report"):
        report.update(module.sections(org=org, period=period, actor=actor))
    return report
