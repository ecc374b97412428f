"""Audit action codes of the organisation tree, with the labels shown in the change log."""

from nghiquyet.audit.actions import AuditAction


class OrgsAudit(AuditAction):
    ORGANISATION_CREATE = "orgs.organisation.create", "Tạo đơn vị"
    ORGANISATION_UPDATE = "orgs.organisation.update", "Sửa thông tin đơn vị"
    ORGANISATION_MOVE = "orgs.organisation.move", "Chuyển đơn vị sang cấp trên khác"
    ORGANISATION_DISSOLVE = "orgs.organisation.dissolve", "Giải thể đơn vị"
    ORGANISATION_MERGE = "orgs.organisation.merge", "Sáp nhập đơn vị"
    ORGANISATION_MERGE_OUT = "orgs.organisation.merge_out", "Kết thúc hoạt động do sáp nhập"
    ORGANISATION_SPLIT = "orgs.organisation.split", "Chia tách đơn vị"
    TERM_CREATE = "orgs.term.create", "Thêm nhiệm kỳ"
