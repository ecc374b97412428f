"""The audit action codes written by the notification services, with the labels users read."""

from nghiquyet.audit.actions import AuditAction


class NotificationsAudit(AuditAction):
    REMINDERS_SEND = "notifications.reminders.send", "Gửi nhắc việc đến hạn"
    PREFERENCE_UPDATE = "notifications.preference.update", "Đổi cách nhận thông báo"
