"""Notifications a user receives in the app (and by e-mail unless turned off).

A reminder is one ``Notification`` per user, inbox item (``core/inbox.py``'s ``key``), kind
of reminder and day: the unique constraint is what makes ``send-reminders`` idempotent within
a day.
"""

from django.conf import settings
from django.db import models

from nghiquyet.orgs.models import Organisation


class ReminderKind(models.TextChoices):
    SAP_DEN_HAN = "sap_den_han", "Sắp đến hạn"
    QUA_HAN = "qua_han", "Quá hạn"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+"
    )
    item_key = models.CharField("việc", max_length=200)
    kind = models.CharField("loại nhắc", max_length=16, choices=ReminderKind.choices)
    day = models.DateField("ngày nhắc")
    title = models.CharField("nội dung", max_length=1000)
    status = models.CharField("tình trạng", max_length=300)
    deadline = models.DateField("hạn", null=True, blank=True)
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    emailed_at = models.DateTimeField("đã gửi thư lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item_key", "kind", "day"], name="notifications_once_a_day"
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notifications_unread")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def status_repeats_kind(self) -> bool:
        """Whether the item's status already says the kind ("Quá hạn (60%)" for an overdue
        reminder), so a page shows the status alone instead of "Quá hạn Quá hạn (60%)"."""
        return self.status.startswith(self.get_kind_display())


class Preference(models.Model):
    """How a user wants to be told; a user without a row gets the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_enabled = models.BooleanField("nhận thông báo qua thư điện tử", default=True)

    class Meta:
        verbose_name = "cách nhận thông báo"
        verbose_name_plural = "cách nhận thông báo"

    def __str__(self) -> str:
        return f"{self.user}: {'có' if self.email_enabled else 'không'} nhận thư"
