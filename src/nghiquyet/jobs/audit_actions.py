"""The audit action codes written by the background job services, with the labels users read."""

from nghiquyet.audit.actions import AuditAction


class JobsAudit(AuditAction):
    IMPORT_ENQUEUE = "jobs.import.enqueue", "Xếp hàng nhập sổ Excel lớn chạy nền"
