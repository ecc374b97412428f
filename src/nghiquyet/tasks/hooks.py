"""Handlers of the named hooks (``nghiquyet.core.hooks``) for tasks."""

from nghiquyet.access.scoping import AnyUser
from nghiquyet.documents.models import Document
from nghiquyet.tasks.services.workflow import tasks_complete_on_registration


def on_document_registered(*, actor: AnyUser, document: Document) -> None:
    """An issued document completes the tasks expecting it (``tasks_awaiting``)."""
    tasks_complete_on_registration(actor=actor, document=document)
