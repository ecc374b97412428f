"""Audit action codes of study sessions and plans, with the labels shown in the change log."""

from nghiquyet.audit.actions import AuditAction


class DisseminationAudit(AuditAction):
    SESSION_CREATE = "dissemination.session.create", "Tạo hội nghị học tập, quán triệt"
    ATTENDANCE_SET = "dissemination.attendance.set", "Ghi số người dự"
    PLAN_CREATE = "dissemination.plan.create", "Lập kế hoạch học tập, quán triệt"
