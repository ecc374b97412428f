"""Audit action codes of the document register, with the labels shown in the change log."""

from nghiquyet.audit.actions import AuditAction


class DocumentsAudit(AuditAction):
    DOCUMENT_CREATE = "documents.document.create", "Vào sổ văn bản"
    DOCUMENT_UPDATE = "documents.document.update", "Sửa văn bản"
    DOCUMENT_WITHDRAW = "documents.document.withdraw", "Thu hồi văn bản"
    DOCUMENT_DELETE = "documents.document.delete", "Xóa dự thảo văn bản"
    RELATION_ADD = "documents.relation.add", "Thêm quan hệ văn bản"
    RELATION_REMOVE = "documents.relation.remove", "Xóa quan hệ văn bản"
    RELATION_UPDATE = "documents.relation.update", "Sửa loại quan hệ văn bản"
    REQUIREMENT_CREATE = "documents.requirement.create", "Giao yêu cầu thực hiện"
    REQUIREMENT_UPDATE = "documents.requirement.update", "Sửa yêu cầu thực hiện"
    REQUIREMENT_WITHDRAW = "documents.requirement.withdraw", "Thu hồi yêu cầu thực hiện"
    ATTACHMENT_ADD = "documents.attachment.add", "Đính kèm tệp"
    ATTACHMENT_REMOVE = "documents.attachment.remove", "Gỡ tệp đính kèm"
    CONSULTATION_OPEN = "documents.consultation.open", "Mở đợt lấy ý kiến"
    COMMENT_ADD = "documents.comment.add", "Gửi ý kiến góp ý"
