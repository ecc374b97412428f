"""Audit action codes: one enumeration per app, and the registry that labels any code.

Each app that writes audit entries declares its codes in ``<app>/audit_actions.py`` as one
subclass of :class:`AuditAction`, with a Vietnamese label for every code, because users read
those labels in the change log (STYLE.md §19). The codes are stored in ``AuditEntry.action``
and must never change once rows carry them; the labels may be reworded freely.

The registry collects the enumerations through ``core.contrib.app_modules`` (no import by
string) the first time a label is asked for, and ``AuditConfig.ready()`` builds it at start-up
so that a clash between two apps fails immediately rather than on the first change-log page.
"""

import functools
import re

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from nghiquyet.core.contrib import app_modules

MODULE_NAME = "audit_actions"
CODE_RE = re.compile(r"^[a-z_]+(\.[a-z_]+){2,}$")


class AuditAction(models.TextChoices):
    """The base of every app's audit actions; ``audit_record`` accepts only its members.

    Example, in ``orgs/audit_actions.py``::

        class OrgsAudit(AuditAction):
            ORGANISATION_MERGE = "orgs.organisation.merge", "Sáp nhập đơn vị"

    A code is ``<app label>.<entity>.<verb>`` in lower case.
    """


def action_enums() -> list[type[AuditAction]]:
    """The enumerations declared in every app's ``audit_actions`` module, in app order."""
    return list(_registry().enums)


def action_label(code: str) -> str:
    """The Vietnamese label of ``code``; an unknown code (a retired one) is shown as is."""
    return _registry().labels.get(code, code)


def action_choices() -> list[tuple[str, str]]:
    """Every known ``(code, label)`` pair, grouped by app."""
    return list(_registry().labels.items())


class _Registry:
    def __init__(self, enums: list[type[AuditAction]]) -> None:
        self.enums = enums
        self.labels: dict[str, str] = {}
        for enum in enums:
            for member in enum:
                self._add(enum, member)

    def _add(self, enum: type[AuditAction], member: AuditAction) -> None:
        code = member.value
        if not CODE_RE.match(code):
            raise ImproperlyConfigured(
                f"{enum.__qualname__}: audit action code {code!r} is not <app>.<entity>.<verb>."
            )
        if code in self.labels:
            raise ImproperlyConfigured(
                f"{enum.__qualname__}: audit action code {code!r} is declared twice."
            )
        self.labels[code] = str(member.label)


@functools.cache
def _registry() -> _Registry:
    enums: list[type[AuditAction]] = []
    for module in app_modules(MODULE_NAME):
        enums += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, AuditAction)
            and value.__module__ == module.__name__
        ]
    return _Registry(enums)


def load() -> None:
    """Build the registry now (``AuditConfig.ready``), so a bad declaration fails at start-up."""
    _registry()
