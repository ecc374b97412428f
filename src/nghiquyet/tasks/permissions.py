"""Who may do what on a task. Services enforce these; pages use them to show only the
actions that would succeed.

- the assigning unit (edit or approve rights on it) edits the task, confirms or returns a
  completion, approves or refuses an extension;
- the lead unit (edit rights on the lead unit itself, or reaching it from a unit below the
  assigning one) posts progress, reports completion, asks for more time:
  the assigning unit never reports on a task it assigned to another unit and then confirms
  its own report (issue 10: "Completion is reported by the lead unit and confirmed by the
  assigning unit"); a commune's office may act for a chi bộ it leads on behalf of;
- any unit involved (assigning, lead, coordinating) with edit or approve rights comments.
"""

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can, grant_paths, is_everywhere
from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.core.paths import is_under
from nghiquyet.orgs.models import Organisation
from nghiquyet.tasks.models import Recommendation, Task


def _writes(actor: AnyUser, org: Organisation) -> bool:
    return can(actor, Action.EDIT, org) or can(actor, Action.APPROVE, org)


def may_edit_unit(actor: AnyUser, org: Organisation) -> bool:
    """Record a briefing of ``org``, assign its conclusions, raise a recommendation for it."""
    return can(actor, Action.EDIT, org)


def may_edit(actor: AnyUser, task: Task) -> bool:
    return can(actor, Action.EDIT, task.assigning)


def may_decide(actor: AnyUser, task: Task) -> bool:
    """Confirm or return a completion, approve or refuse an extension."""
    return _writes(actor, task.assigning)


def may_lead(actor: AnyUser, task: Task) -> bool:
    """Post progress, report completion, request an extension (see the module docstring). A
    system administrator may, as the operator who loads records."""
    if is_everywhere(actor):
        return can(actor, Action.EDIT, task.lead)
    lead, assigning = task.lead.path, task.assigning.path
    return any(
        is_under(lead, granted)
        and (granted == lead or (granted != assigning and is_under(granted, assigning)))
        for granted in grant_paths(actor, Action.EDIT)
    )


def may_comment(actor: AnyUser, task: Task) -> bool:
    units = [task.assigning, task.lead, *task.coordinating_units.all()]
    return any(_writes(actor, u) for u in units)


def may_handle(actor: AnyUser, rec: Recommendation) -> bool:
    """Answer, forward or assign a recommendation: the unit it is addressed to now."""
    return _writes(actor, rec.addressed_to)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDeniedError(message)
