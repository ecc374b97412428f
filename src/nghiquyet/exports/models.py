"""Report drafts: a frozen report JSON plus the narrative a unit writes, saved in versions.

A draft (``ReportDraft``) is one unit's report of one kind for one period. Every save appends a
``DraftVersion``; versions are never changed, so an exported file (``ReportFile``) always names
the exact text and figures it was made from.
"""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from nghiquyet.access.scoping import OrgScopedQuerySet
from nghiquyet.exports.kinds import ReportKind

# Narrative sections are bounded so that a page can always render them (STYLE.md §20).
NARRATIVE_MAX = 20_000


class FileFormat(models.TextChoices):
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    PDF = "pdf", "PDF"


class ReportDraftQuerySet(OrgScopedQuerySet["ReportDraft"]):
    org_path_lookup = "organisation__path"


class ReportDraft(models.Model):
    """One unit's report of one kind for one period; its content lives in its versions."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    period_code = models.CharField("kỳ", max_length=12)
    kind = models.CharField("loại báo cáo", max_length=16, choices=ReportKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportDraftQuerySet.as_manager()

    class Meta:
        verbose_name = "dự thảo báo cáo"
        verbose_name_plural = "dự thảo báo cáo"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period_code", "kind"], name="exports_draft_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values), name="exports_draft_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_code} · {self.organisation}"

    @property
    def latest(self) -> "DraftVersion":
        version = self.versions.order_by("-number").first()
        if version is None:  # A draft is always created with its first version.
            raise DraftVersion.DoesNotExist
        return version


class DraftVersion(models.Model):
    """One saved state of a draft. Append-only: a save makes the next number."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    snapshot = models.JSONField("số liệu báo cáo (JSON)")
    limitations = models.TextField("hạn chế, nguyên nhân", blank=True, max_length=NARRATIVE_MAX)
    directions = models.TextField(
        "phương hướng, nhiệm vụ kỳ tới", blank=True, max_length=NARRATIVE_MAX
    )
    doc_number = models.PositiveIntegerField(
        "số văn bản",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99_999)],
    )
    report_date = models.DateField("ngày báo cáo")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phiên bản dự thảo"
        verbose_name_plural = "phiên bản dự thảo"
        ordering = ["draft", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="exports_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="exports_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.draft} · phiên bản {self.number}"

    def summary(self) -> dict[str, Any]:
        """What the audit log keeps of a version (the snapshot itself is too large)."""
        return {
            "version": self.number,
            "doc_number": self.doc_number,
            "report_date": self.report_date.isoformat(),
            "limitations_chars": len(self.limitations),
            "directions_chars": len(self.directions),
            "generated_at": self.snapshot.get("generated_at"),
        }


class ReportFile(models.Model):
    """A file exported from a draft version: which version, which format, which bytes."""

    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="files")
    fmt = models.CharField("định dạng", max_length=8, choices=FileFormat.choices)
    filename = models.CharField("tên tệp", max_length=200)
    size = models.PositiveIntegerField("kích thước (byte)")
    sha256 = models.CharField(max_length=64)
    # The bytes themselves, so that downloading the same version and format again serves the
    # same file instead of making a new one (empty for files exported before they were kept).
    data = models.BinaryField("nội dung tệp", null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp báo cáo đã xuất"
        verbose_name_plural = "tệp báo cáo đã xuất"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fmt__in=FileFormat.values), name="exports_file_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.filename
