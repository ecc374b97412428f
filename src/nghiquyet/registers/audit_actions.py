"""Audit action codes of the registers, with the labels shown in the change log."""

from nghiquyet.audit.actions import AuditAction


class RegistersAudit(AuditAction):
    MOVEMENT_CREATE = "registers.movement.create", "Ghi nhận mô hình, phong trào"
    MOVEMENT_STATUS = "registers.movement.status", "Đổi trạng thái mô hình, phong trào"
    MOVEMENT_COUNT_SET = "registers.movement_count.set", "Ghi số người tham gia mô hình"
    SURVEY_CREATE = "registers.survey.create", "Ghi nhận khảo sát dư luận"
    PROJECT_CREATE = "registers.project.create", "Ghi nhận dự án đầu tư công"
    ALLOCATION_SET = "registers.allocation.set", "Ghi vốn giao cho dự án"
    DISBURSEMENT_SET = "registers.disbursement.set", "Ghi số vốn giải ngân"
