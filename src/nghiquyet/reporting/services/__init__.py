"""Writes of the reporting app: forms, the submission state machine, lock exceptions,
reminders and the data-entry grid. Every function checks permission and writes the audit."""

from nghiquyet.reporting.services.entries import EntryError, submission_save_entries
from nghiquyet.reporting.services.forms import form_create, form_update
from nghiquyet.reporting.services.submissions import (
    TransitionError,
    lock_exception_grant,
    lock_exception_revoke,
    reminder_send,
    reminder_send_missing,
    submission_approve,
    submission_open,
    submission_recall,
    submission_return,
    submission_submit,
    submission_touch_draft,
    submission_unlock,
)

__all__ = [
    "EntryError",
    "TransitionError",
    "form_create",
    "form_update",
    "lock_exception_grant",
    "lock_exception_revoke",
    "reminder_send",
    "reminder_send_missing",
    "submission_approve",
    "submission_open",
    "submission_recall",
    "submission_return",
    "submission_save_entries",
    "submission_submit",
    "submission_touch_draft",
    "submission_unlock",
]
