"""Audit action codes of users, roles and API keys, with the labels shown in the change log."""

from nghiquyet.audit.actions import AuditAction


class AccountsAudit(AuditAction):
    USER_CREATE = "accounts.user.create", "Tạo người dùng"
    MEMBERSHIP_GRANT = "accounts.membership.grant", "Phân quyền tại đơn vị"
    MEMBERSHIP_REVOKE = "accounts.membership.revoke", "Thu hồi quyền tại đơn vị"
    TOKEN_CREATE = "accounts.token.create", "Tạo khóa API"
    TOKEN_REVOKE = "accounts.token.revoke", "Thu hồi khóa API"
    LOGIN_LOCKED_OUT = "accounts.login.locked_out", "Khóa đăng nhập do sai mật khẩu nhiều lần"
    LOGIN_UNLOCKED = "accounts.login.unlocked", "Mở khóa đăng nhập"
