"""Saving a unit's grid of values for a form and period, all or nothing."""

from typing import Any

from django.db import transaction

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.indicators.models import ValueType
from nghiquyet.indicators.values import ValueRow, values_save_many
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting import entry
from nghiquyet.reporting.models import (
    ReportingForm,
    Submission,
)
from nghiquyet.reporting.rules import parse_form_period, require_started
from nghiquyet.reporting.services.submissions import (
    submission_open,
    submission_submit,
    submission_touch_draft,
)


class EntryError(InvalidInputError):
    """Grid input with errors; ``rows`` carries every row with its messages for redisplay."""

    def __init__(self, errors: dict[str, str], rows: list[Any]) -> None:
        super().__init__(errors)
        self.rows = rows


@transaction.atomic
def submission_save_entries(
    *,
    actor: AnyUser,
    form: ReportingForm,
    organisation: Organisation,
    period_code: str,
    entries: dict[int, dict[str, str]],
    value_type: str = "chinh_thuc",
    submit: bool = False,
) -> tuple[Submission, list[Any]]:
    """Check and save a unit's grid (all or nothing), then optionally send it.

    ``entries`` maps indicator ids to raw text by field (value, numerator, denominator,
    text). Empty rows are left as they are. Errors are keyed ``<indicator code>.<field>``.
    A period that has not begun takes no official figures, and estimates only if the form
    allows them (InvalidInputError on ``period``, see ``rules.require_started``).
    """
    submission = submission_open(
        actor=actor, form=form, organisation=organisation, period_code=period_code
    )
    if value_type not in ValueType.values:
        raise InvalidInputError.single("value_type", "Loại số phải là “ước” hoặc “chính thức”.")
    period = parse_form_period(form, period_code)
    require_started(form, period, value_type)
    indicators = entry.form_indicators(form)
    ctx = entry.load_context(form, organisation, period, indicators)
    rows = [entry.build_row(ctx, i, entries.get(i.pk, {})) for i in indicators]
    for row in rows:
        entry.check(ctx, row)
    _raise_row_errors(rows)
    filled = [r for r in rows if not r.is_empty]
    value_rows = [
        ValueRow(r.indicator, organisation, period, value_type, **entry.value_row_fields(r))
        for r in filled
    ]
    try:
        values_save_many(actor=actor, rows=value_rows)
    except InvalidInputError as exc:
        _remap_service_errors(exc, filled)
        _raise_row_errors(rows)
    submission = submission_touch_draft(actor=actor, submission=submission)
    if submit:
        submission = submission_submit(
            actor=actor, form=form, organisation=organisation, period_code=period.code
        )
    return submission, rows


def _raise_row_errors(rows: list[Any]) -> None:
    errors = {f"{r.indicator.code}.{f}": m for r in rows for f, m in r.errors.items()}
    if errors:
        raise EntryError(errors, rows)


def _remap_service_errors(exc: InvalidInputError, filled: list[Any]) -> None:
    """Put the bulk service's ``rows.<i>.<field>`` errors back on the grid rows."""
    for key, messages in exc.errors.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(filled):
            filled[int(parts[1])].errors[parts[2]] = " ".join(messages)
        else:
            raise exc
