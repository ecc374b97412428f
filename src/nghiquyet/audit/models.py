"""The append-only audit log. Every service writes one row per change it makes."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from nghiquyet.access.scoping import OrgScopedQuerySet
from nghiquyet.audit.actions import action_label


class AuditAppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntryQuerySet(OrgScopedQuerySet["AuditEntry"]):
    org_path_lookup = "organisation__path"

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditAppendOnlyError("Nhật ký thay đổi không được sửa.")

    def delete(self) -> NoReturn:
        raise AuditAppendOnlyError("Nhật ký thay đổi không được xóa.")


class AuditEntry(models.Model):
    """Who changed what, where and when, with the data before and after.

    Rows are written by services only; the model refuses updates and deletes so that nothing
    in the application can rewrite history.
    """

    created_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField("tên đăng nhập", max_length=150, blank=True)
    action = models.CharField("hành động", max_length=64, db_index=True)
    target_type = models.CharField("loại đối tượng", max_length=64)
    target_id = models.CharField("mã đối tượng", max_length=64)
    target_repr = models.CharField("đối tượng", max_length=300)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    request_id = models.CharField("mã yêu cầu", max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "mục nhật ký"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditAppendOnlyError("Nhật ký thay đổi không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditAppendOnlyError("Nhật ký thay đổi không được xóa.")

    @property
    def action_label(self) -> str:
        """The Vietnamese label of the action, as users read it in the change log."""
        return action_label(self.action)


class DataGeneration(models.Model):
    """How many audited writes have committed in one tree of organisations (``tree`` is the
    root's path segment, ``*`` for writes that concern every tree): part of the key of every
    cached dashboard, so that a committed write makes the dashboards of its tree miss the cache
    (``audit.generations``). A new row starts at a random number, so that a cache filled
    before a flush or a restore never matches the numbers that follow it."""

    tree = models.CharField("cây đơn vị", max_length=16, primary_key=True)
    number = models.BigIntegerField("thế hệ")

    class Meta:
        verbose_name = "thế hệ dữ liệu"
        verbose_name_plural = "thế hệ dữ liệu"

    def __str__(self) -> str:
        return f"{self.tree}: {self.number}"
