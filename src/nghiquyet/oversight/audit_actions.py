"""Audit action codes of inspection, supervision and quality rating, with the labels shown in
the change log."""

from nghiquyet.audit.actions import AuditAction


class OversightAudit(AuditAction):
    PROGRAMME_CREATE = "oversight.programme.create", "Lập chương trình kiểm tra, giám sát"
    INSPECTION_CREATE = "oversight.inspection.create", "Ghi nhận cuộc kiểm tra, giám sát"
    INSPECTION_CONCLUDE = "oversight.inspection.conclude", "Kết luận kiểm tra, giám sát"
    REMEDY_CREATE = "oversight.remedy.create", "Giao yêu cầu khắc phục sau kiểm tra, giám sát"
    CAP_SET = "oversight.cap.set", "Đặt tỷ lệ xếp loại xuất sắc tối đa"
    ORG_RATING_SET = "oversight.org_rating.set", "Xếp loại chất lượng tổ chức đảng"
    MEMBER_RATING_SET = "oversight.member_rating.set", "Ghi kết quả xếp loại đảng viên"
    CAP_OVERRIDE = "oversight.rating.cap_override", "Vượt tỷ lệ xếp loại xuất sắc (có lý do)"
