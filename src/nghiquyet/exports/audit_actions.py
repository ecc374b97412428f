"""Audit action codes of report drafts and their exported files."""

from nghiquyet.audit.actions import AuditAction


class ExportsAudit(AuditAction):
    DRAFT_CREATE = "exports.draft.create", "Tạo dự thảo báo cáo"
    DRAFT_SAVE = "exports.draft.save", "Lưu phiên bản dự thảo báo cáo"
    FILE_EXPORT = "exports.file.export", "Xuất tệp báo cáo"
