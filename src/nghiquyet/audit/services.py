"""Writing audit entries. Only services call this, inside their own transaction.

This module is the only writer of ``AuditEntry`` rows: ``audit_record`` saves one,
``audit_record_many`` saves many in one statement. Both take an ``AuditAction`` member
(declared in the app's ``audit_actions.py``), never a free string.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from nghiquyet.audit import generations
from nghiquyet.audit.actions import AuditAction
from nghiquyet.audit.context import current_request
from nghiquyet.audit.models import AuditEntry


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """A JSON-safe copy of the named fields; foreign keys are stored by id."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)  # type: ignore[union-attr]
        data[name] = json_safe(value)
    return data


def json_safe(value: Any) -> Any:
    """``value`` with dates, datetimes and decimals as strings, through lists and dicts."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class AuditChange:
    """One change of a bulk write: its target, its organisation and its data before and after."""

    target: models.Model
    organisation: Any = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: AuditAction,
    target: models.Model,
    organisation: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry for ``target`` and return it.

    ``action`` is a member of an app's ``AuditAction`` enumeration such as
    ``OrgsAudit.ORGANISATION_MERGE``; its value is the stored code. ``before`` and ``after`` are
    JSON-safe dicts (see ``snapshot``). The actor is recorded by name as well, and the request's
    IP and id when called during a request. Raises ``TypeError`` for anything but an enum member.
    """
    change = AuditChange(target=target, organisation=organisation, before=before, after=after)
    entry = _unsaved(actor, action, change)
    entry.save()
    generations.after_commit(_trees(action, [change]))
    return entry


def audit_record_many(
    *,
    actor: User | AnonymousUser | None,
    action: AuditAction,
    changes: Iterable[AuditChange],
) -> list[AuditEntry]:
    """Append one entry per change, all with the same actor and action, in one bulk insert.

    For imports and bulk services, where saving entries one by one would dominate the run
    time. Returns the entries in the order of ``changes``; raises ``TypeError`` like
    ``audit_record``.
    """
    listed = list(changes)
    entries = AuditEntry.objects.bulk_create([_unsaved(actor, action, c) for c in listed])
    generations.after_commit(_trees(action, listed))
    return entries


def _trees(action: AuditAction, changes: Iterable[AuditChange]) -> set[str]:
    """The trees whose cached dashboards these changes make stale (``audit.generations``):
    each change's unit's tree, and every tree for a change to the tree itself (a unit created,
    moved, merged, split or dissolved: units and their figures can change trees)."""
    trees = {generations.tree_of(change.organisation) for change in changes}
    if action.value.startswith(STRUCTURE_PREFIX):
        trees.add(generations.EVERY_TREE)
    return trees


# The orgs app's actions on units themselves (``orgs/audit_actions.py``).
STRUCTURE_PREFIX = "orgs.organisation."


def _unsaved(
    actor: User | AnonymousUser | None, action: AuditAction, change: AuditChange
) -> AuditEntry:
    # The type checker refuses a plain string; this catches callers it does not see.
    if not isinstance(action, AuditAction):
        raise TypeError(f"Audit action must be an AuditAction member, not {action!r}.")
    info = current_request.get()
    user = actor if actor is not None and actor.is_authenticated else None
    target = change.target
    return AuditEntry(
        actor=user,
        actor_username=user.get_username() if user else "",
        action=action.value,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        organisation=change.organisation,
        before=change.before,
        after=change.after,
        ip=info.ip if info else None,
        request_id=info.request_id if info else "",
    )
