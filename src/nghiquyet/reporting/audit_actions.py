"""Audit action codes of reporting forms and reports, with the labels shown in the change log."""

from nghiquyet.audit.actions import AuditAction


class ReportingAudit(AuditAction):
    FORM_CREATE = "reporting.form.create", "Tạo biểu mẫu báo cáo"
    FORM_UPDATE = "reporting.form.update", "Sửa biểu mẫu báo cáo"
    SUBMISSION_CREATE = "reporting.submission.create", "Tạo báo cáo nháp"
    SUBMISSION_SUBMIT = "reporting.submission.submit", "Gửi báo cáo"
    SUBMISSION_APPROVE = "reporting.submission.approve", "Duyệt báo cáo"
    SUBMISSION_RETURN = "reporting.submission.return", "Trả lại báo cáo để sửa"
    SUBMISSION_UNLOCK = "reporting.submission.unlock", "Mở khóa báo cáo đã duyệt"
    SUBMISSION_REOPEN = "reporting.submission.reopen", "Đưa báo cáo về bản nháp"
    SUBMISSION_RECALL = "reporting.submission.recall", "Đơn vị rút lại báo cáo đã gửi"
    LOCK_EXCEPTION_GRANT = "reporting.lock_exception.grant", "Cho phép sửa số liệu đã khóa"
    LOCK_EXCEPTION_REVOKE = "reporting.lock_exception.revoke", "Thu hồi ngoại lệ sửa số liệu"
    REMINDER_SEND = "reporting.reminder.send", "Gửi nhắc nộp báo cáo"
