"""Audit entries of value saves: one per value for single saves, one per unit for bulk saves.

One entry per unit keeps a 3-million-value import at a few thousand audit rows, while the
history of any value can still be read from the entries of its unit (before and after lists).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection

from nghiquyet.access.scoping import AnyUser
from nghiquyet.audit.services import AuditChange, audit_record_many, json_safe
from nghiquyet.indicators.audit_actions import IndicatorsAudit
from nghiquyet.indicators.models import IndicatorValue

if TYPE_CHECKING:
    from nghiquyet.indicators.values import _Clean

Before = dict[tuple[int, int, str, str], tuple[Any, ...]]


def write_audit(actor: AnyUser, rows: Sequence[_Clean], before: Before, per_value: bool) -> None:
    """Audit saved ``rows``: one entry per value, or one per unit when ``per_value`` is false.

    ``before`` maps a row's key to its stored columns before the save (absent if it is new).
    """
    if per_value:
        changes = [_value_change(r, before.get(r.key)) for r in rows]
        audit_record_many(actor=actor, action=IndicatorsAudit.VALUE_SAVE, changes=changes)
    else:
        changes = _unit_changes(rows, before)
        if connection.vendor == "postgresql":
            # One insert per unit: Django bulk-inserts several rows on PostgreSQL as arrays
            # (UNNEST), and the driver escapes every quote of a JSON array element in Python,
            # which costs ~1 s per 60.000 values; a single row is bound as a plain literal.
            for change in changes:
                audit_record_many(
                    actor=actor, action=IndicatorsAudit.VALUES_SAVE_MANY, changes=[change]
                )
        else:
            audit_record_many(actor=actor, action=IndicatorsAudit.VALUES_SAVE_MANY, changes=changes)


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def _change(row: _Clean) -> list[Any]:
    # Written out rather than through ``_text``: the bulk path calls this once per value.
    value, num, den, stated = row.value, row.numerator, row.denominator, row.stated
    return [
        row.indicator.code,
        row.code,
        row.value_type,
        None if value is None else str(value),
        None if num is None else str(num),
        None if den is None else str(den),
        None if stated is None else str(stated),
        row.text,
        row.note,
    ]


def _value_change(row: _Clean, old: tuple[Any, ...] | None) -> AuditChange:
    saved = IndicatorValue.objects.get(
        indicator=row.indicator,
        organisation=row.organisation,
        period_code=row.code,
        value_type=row.value_type,
    )
    names = ("value", "numerator", "denominator", "stated", "text", "note")
    return AuditChange(
        target=saved,
        organisation=row.organisation,
        before=json_safe(dict(zip(names, old, strict=True))) if old else None,
        after=json_safe(dict(zip(names, row.stored(), strict=True)))
        | {"indicator": row.indicator.code, "period": row.code, "warning": row.warning},
    )


def _unit_changes(rows: Sequence[_Clean], before: Before) -> list[AuditChange]:
    by_org: dict[int, list[_Clean]] = defaultdict(list)
    for row in rows:
        by_org[row.organisation.id].append(row)
    changes = []
    for group in by_org.values():
        org = group[0].organisation
        old = [[*_change(r)[:3], *json_safe(list(before[r.key]))] for r in group if r.key in before]
        changes.append(
            AuditChange(
                target=org,
                organisation=org,
                before={"values": old} if old else None,
                after={"columns": list(_AUDIT_COLUMNS), "values": [_change(r) for r in group]},
            )
        )
    return changes


_AUDIT_COLUMNS = (
    "indicator",
    "period",
    "value_type",
    "value",
    "numerator",
    "denominator",
    "stated",
    "text",
    "note",
)
