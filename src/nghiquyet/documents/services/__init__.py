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
from nghiquyet.documents.services.requirements import requirement_create

__all__ = [
    "DocumentInput",
    "attachment_add",
    "attachment_remove",
    "comment_add",
    "consultation_open",
    "document_create",
    "document_issue",
    "document_update",
    "relation_add",
    "relation_remove",
    "requirement_create",
]
