"""Withdrawing (thu hồi) and deleting documents, and changing a link's kind.

What may be deleted follows docs/decisions/0002-history-not-deletion.md: the register keeps
history. Only a draft (``du_thao``) that nothing depends on (no link to or from it, no
requirement, consultation, study session, study plan or task section) was never part of the
record and may be deleted; anything else is withdrawn with a reason and stays readable.
"""

from typing import Any, TypeGuard

from django.db import models, transaction
from django.utils import timezone

from nghiquyet.access.scoping import AnyUser
from nghiquyet.audit.services import audit_record, snapshot
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.documents.audit_actions import DocumentsAudit
from nghiquyet.documents.models import (
    Attachment,
    Document,
    DocumentRelation,
    RelationKind,
    Status,
)
from nghiquyet.documents.services.documents import AUDITED, require_edit

# How users name the links, which the model's verbose name does not tell apart.
LINK_LABELS = {"target": "văn bản khác liên kết tới", "source": "liên kết tới văn bản khác"}


def _require_reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise InvalidInputError.single("reason", "Phải nêu lý do thu hồi.")
    return text[:2000]


def _is_model(model: object) -> TypeGuard[type[models.Model]]:
    return isinstance(model, type) and issubclass(model, models.Model)


def document_dependants(document: Document) -> list[str]:
    """What refers to ``document`` (every model pointing at it, withdrawn rows included,
    attachments excepted: they go with a draft), as Vietnamese names; empty: nothing."""
    found: dict[str, None] = {}
    for rel in Document._meta.get_fields(include_hidden=True):
        model = rel.related_model
        if not rel.auto_created or rel.concrete or not _is_model(model):
            continue
        if model is Attachment or model._meta.auto_created:  # auto: the co-issuers table
            continue
        field = rel.field.name  # type: ignore[union-attr]
        if model._base_manager.filter(**{field: document}).exists():
            label = LINK_LABELS.get(field) if model is DocumentRelation else None
            found[label or str(model._meta.verbose_name)] = None
    return list(found)


def document_can_delete(document: Document) -> bool:
    """Whether history allows deleting ``document``: a draft with no dependants."""
    return document.status == Status.DU_THAO and not document_dependants(document)


@transaction.atomic
def document_delete(*, actor: AnyUser, document: Document) -> None:
    """Delete a draft that nothing depends on (its attachments go with it), audited with a
    full snapshot. InvalidInputError (``document``) names why it must be withdrawn instead."""
    require_edit(actor, document.organisation)
    if document.status != Status.DU_THAO:
        raise InvalidInputError.single(
            "document",
            f"Văn bản ở trạng thái “{document.get_status_display()}” là một phần của hồ sơ, "
            "không xóa được; hãy thu hồi văn bản (nêu lý do).",
        )
    dependants = document_dependants(document)
    if dependants:
        raise InvalidInputError.single(
            "document",
            f"Dự thảo đã có {', '.join(dependants)} nên không xóa được; hãy thu hồi (nêu lý do).",
        )
    files = [a.file.name for a in document.attachments.all()]
    audit_record(
        actor=actor,
        action=DocumentsAudit.DOCUMENT_DELETE,
        target=document,
        organisation=document.organisation,
        before=snapshot(document, AUDITED) | {"attachments": files},
    )
    storage = Attachment._meta.get_field("file").storage
    document.delete()
    transaction.on_commit(lambda: _delete_files(storage, files))


def _delete_files(storage: Any, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


@transaction.atomic
def document_withdraw(*, actor: AnyUser, document: Document, reason: str) -> Document:
    """Thu hồi a document: it stays in the register, marked withdrawn with the reason.

    Needs ``edit`` on the issuing unit. InvalidInputError on ``reason`` when it is empty or
    on ``document`` when it was withdrawn already.
    """
    require_edit(actor, document.organisation)
    if document.withdrawn_at is not None:
        raise InvalidInputError.single("document", "Văn bản này đã được thu hồi.")
    document.withdraw_reason = _require_reason(reason)
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = actor if actor.is_authenticated else None
    document.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit_record(
        actor=actor,
        action=DocumentsAudit.DOCUMENT_WITHDRAW,
        target=document,
        organisation=document.organisation,
        after={"reason": document.withdraw_reason},
    )
    return document


@transaction.atomic
def relation_update(*, actor: AnyUser, relation: DocumentRelation, kind: str) -> DocumentRelation:
    """Change the kind of a link between two documents (``RelationKind`` value).

    InvalidInputError on ``kind`` if unknown or if the same link of that kind exists.
    """
    require_edit(actor, relation.source.organisation)
    if kind not in RelationKind.values:
        raise InvalidInputError.single("kind", "Loại quan hệ không hợp lệ.")
    twin = DocumentRelation.objects.filter(
        source_id=relation.source_id, target_id=relation.target_id, kind=kind
    ).exclude(pk=relation.pk)
    if twin.exists():
        raise InvalidInputError.single("kind", "Hai văn bản đã có quan hệ này.")
    before: dict[str, Any] = {"kind": relation.kind}
    relation.kind = kind
    relation.save(update_fields=["kind"])
    audit_record(
        actor=actor,
        action=DocumentsAudit.RELATION_UPDATE,
        target=relation,
        organisation=relation.source.organisation,
        before=before | {"source": relation.source_id, "target": relation.target_id},
        after={"kind": kind},
    )
    return relation
