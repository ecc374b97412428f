"""Work run outside the request (django-tasks), with the progress its page shows."""

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """A large workbook import run by the worker, all or nothing, as its uploader.

    ``done`` / ``total`` count data rows read (the total is the sheets' declared sizes);
    ``result`` is the change summary once done (see ``services.summary_of``), ``errors`` the
    bad cells as ``[{"where": "Số liệu!C12", "message": "..."}]`` when nothing was saved.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ xử lý"
        READING = "reading", "Đang đọc tệp"
        SAVING = "saving", "Đang ghi vào hệ thống"
        DONE = "done", "Đã nhập"
        FAILED = "failed", "Không nhập được — chưa lưu gì"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    file_name = models.CharField("tên tệp", max_length=255)
    stored_as = models.CharField("tệp lưu tạm", max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    sheet = models.CharField("trang tính đang đọc", max_length=100, blank=True)
    done = models.PositiveIntegerField("số dòng đã đọc", default=0)
    total = models.PositiveIntegerField("tổng số dòng", default=0)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "lượt nhập sổ Excel chạy nền"
        verbose_name_plural = "các lượt nhập sổ Excel chạy nền"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        """Share of the work done, 0-100; saving counts as 95 until the result is in."""
        if self.status == self.Status.DONE or self.status == self.Status.FAILED:
            return 100
        if self.status == self.Status.SAVING:
            return 95
        return min(90, 90 * self.done // self.total) if self.total else 0
