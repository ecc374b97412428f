"""Writing audit entries. Only services call this, inside their own transaction."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

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
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    return value


def audit_entry(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: models.Model,
    organisation: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """An unsaved entry; ``audit_record`` saves one, bulk services save many at once."""
    info = current_request.get()
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry(
        actor=user,
        actor_username=user.get_username() if user else "",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        organisation=organisation,
        before=before,
        after=after,
        ip=info.ip if info else None,
        request_id=info.request_id if info else "",
    )


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: models.Model,
    organisation: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. ``action`` is a stable code such as ``orgs.organisation.merge``."""
    entry = audit_entry(
        actor=actor,
        action=action,
        target=target,
        organisation=organisation,
        before=before,
        after=after,
    )
    entry.save()
    return entry
