"""Audit action codes of study sessions and plans, with the labels shown in the change log."""

from nghiquyet.audit.actions import AuditAction


class DisseminationAudit(AuditAction):
    SESSION_CREATE = "dissemination.session.create", "Tạo hội nghị học tập, quán triệt"
    SESSION_UPDATE = "dissemination.session.update", "Sửa hội nghị học tập, quán triệt"
    SESSION_WITHDRAW = "dissemination.session.withdraw", "Thu hồi hội nghị học tập, quán triệt"
    SESSION_DELETE = "dissemination.session.delete", "Xóa hội nghị ghi nhầm"
    ATTENDANCE_SET = "dissemination.attendance.set", "Ghi số người dự"
    PLAN_CREATE = "dissemination.plan.create", "Lập kế hoạch học tập, quán triệt"
    PLAN_UPDATE = "dissemination.plan.update", "Sửa kế hoạch học tập, quán triệt"
    PLAN_WITHDRAW = "dissemination.plan.withdraw", "Thu hồi kế hoạch học tập, quán triệt"
