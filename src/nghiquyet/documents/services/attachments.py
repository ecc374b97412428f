"""Attachments: only PDF, DOCX, XLSX and images, checked by extension and by content."""

import hashlib
import io
import uuid
import zipfile
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from nghiquyet.access.scoping import AnyUser
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.formats import format_number
from nghiquyet.documents.audit_actions import DocumentsAudit
from nghiquyet.documents.models import Attachment, Document
from nghiquyet.documents.services.documents import require_edit

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
ALLOWED = "PDF, DOCX, XLSX, PNG, JPG"


def _signature_ok(ext: str, data: bytes) -> bool:
    """The first bytes (and, for Office files, the zip entries) must match the extension."""
    if ext == "pdf":
        return data.startswith(b"%PDF-")
    if ext == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in {"jpg", "jpeg"}:
        return data.startswith(b"\xff\xd8\xff")
    if ext in {"docx", "xlsx"}:
        return data.startswith(b"PK\x03\x04") and _office_part(data, ext)
    return False


def _office_part(data: bytes, ext: str) -> bool:
    wanted = "word/document.xml" if ext == "docx" else "xl/workbook.xml"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return wanted in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_upload(name: str, stream: IO[bytes]) -> tuple[str, bytes]:
    """The extension and the bytes of an upload, refusing anything too big or not allowed."""
    limit = settings.NGHIQUYET_MAX_UPLOAD_BYTES
    ext = PurePath(name or "").suffix.lower().lstrip(".")
    if ext not in CONTENT_TYPES:
        raise InvalidInputError.single("file", f"Không nhận tệp “{name}”: chỉ nhận tệp {ALLOWED}.")
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InvalidInputError.single(
            "file",
            f"Tệp “{name}” vượt quá dung lượng cho phép ({format_number(limit // 1024)} KB).",
        )
    if not data:
        raise InvalidInputError.single("file", f"Tệp “{name}” rỗng.")
    if not _signature_ok(ext, data):
        raise InvalidInputError.single(
            "file", f"Nội dung tệp “{name}” không phải là tệp {ext.upper()} hợp lệ."
        )
    return ext, data


@transaction.atomic
def attachment_add(
    *, actor: AnyUser, document: Document, name: str, stream: IO[bytes]
) -> Attachment:
    require_edit(actor, document.organisation)
    ext, data = read_upload(name, stream)
    original = PurePath(name).name[:255]
    attachment = Attachment(
        document=document,
        original_name=original,
        content_type=CONTENT_TYPES[ext],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor if actor.is_authenticated else None,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(data), save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action=DocumentsAudit.ATTACHMENT_ADD,
        target=attachment,
        organisation=document.organisation,
        after={"document": document.pk, "name": original, "size": len(data)},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: AnyUser, attachment: Attachment) -> None:
    require_edit(actor, attachment.document.organisation)
    audit_record(
        actor=actor,
        action=DocumentsAudit.ATTACHMENT_REMOVE,
        target=attachment,
        organisation=attachment.document.organisation,
        before={"document": attachment.document_id, "name": attachment.original_name},
    )
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))
