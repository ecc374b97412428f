"""Writes to the document register. Every function checks permission and audits."""

from nghiquyet.documents.services.attachments import attachment_add, attachment_remove
from nghiquyet.documents.services.consultations import comment_add, consultation_open
from nghiquyet.documents.services.documents import (
    DocumentInput,
    document_create,
    document_issue,
    document_update,
    relation_add,
    relation_remove,
)
from nghiquyet.documents.services.lifecycle import (
    document_can_delete,
    document_delete,
    document_withdraw,
    relation_update,
)
from nghiquyet.documents.services.requirements import (
    requirement_create,
    requirement_update,
    requirement_withdraw,
)

__all__ = [
    "DocumentInput",
    "attachment_add",
    "attachment_remove",
    "comment_add",
    "consultation_open",
    "document_can_delete",
    "document_create",
    "document_delete",
    "document_issue",
    "document_update",
    "document_withdraw",
    "relation_add",
    "relation_remove",
    "relation_update",
    "requirement_create",
    "requirement_update",
    "requirement_withdraw",
]
