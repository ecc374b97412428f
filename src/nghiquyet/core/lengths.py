"""Text bounded to its column before it is saved (issue 8).

PostgreSQL refuses a value longer than a ``varchar(n)`` with a database error (a 500 at the
API); SQLite stores it silently. Services call ``check_lengths`` before saving, so both
databases refuse it the same way: a 422 naming the field.
"""

from collections.abc import Iterable

from django.db import models

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.formats import format_number


def check_lengths(instance: models.Model, fields: Iterable[str] | None = None) -> None:
    """Raise InvalidInputError naming each text field of ``instance`` (all of them, or those
    in ``fields``) whose value is longer than its column's ``max_length`` (in characters)."""
    wanted = set(fields) if fields is not None else None
    errors: dict[str, str] = {}
    for field in instance._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        if not limit or (wanted is not None and field.name not in wanted):
            continue
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and len(value) > limit:
            errors[field.name] = (
                f"{str(field.verbose_name).capitalize()} dài {format_number(len(value))} ký tự, "
                f"tối đa {format_number(limit)} ký tự."
            )
    if errors:
        raise InvalidInputError(errors)
