"""Periodic reporting: which units report which indicators, when, and the approval of each report.

A reporting form (biểu mẫu báo cáo) is issued by a committee for the units below it. Each unit
sends one submission per form and period; once an ancestor's approver approves it, the values
it covers are locked (see ``locks.py``).
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

from nghiquyet.access.scoping import Ancestors, OrgScopedQuerySet
from nghiquyet.core.periods import PeriodKind


class PeriodType(models.TextChoices):
    """The period kinds a form may be reported by (the values are ``PeriodKind`` values)."""

    THANG = PeriodKind.MONTH.value, "Tháng"
    QUY = PeriodKind.QUARTER.value, "Quý"
    NUA_NAM = PeriodKind.HALF.value, "6 tháng"
    CHIN_THANG = PeriodKind.NINE_MONTHS.value, "9 tháng"
    NAM = PeriodKind.YEAR.value, "Năm"


class SubmissionStatus(models.TextChoices):
    NHAP = "nhap", "Đang nhập"
    DA_GUI = "da_gui", "Đã gửi"
    DA_DUYET = "da_duyet", "Đã duyệt"
    TRA_LAI = "tra_lai", "Trả lại"


class ReportingFormQuerySet(OrgScopedQuerySet["ReportingForm"]):
    """A form is visible below its issuer (units that report it) and above it (supervisors)."""

    org_path_lookup = "owner__path"
    view_reach = (Ancestors("owner__path"),)


class ReportingForm(models.Model):
    """A set of indicators that certain units report every period, by a deadline."""

    code = models.CharField("mã biểu mẫu", max_length=40)
    name = models.CharField("tên biểu mẫu", max_length=200)
    owner = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="đơn vị ban hành",
        on_delete=models.PROTECT,
        related_name="reporting_forms",
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", verbose_name="chỉ tiêu", related_name="reporting_forms"
    )
    org_kinds = models.JSONField("loại đơn vị báo cáo", default=list, blank=True)
    units = models.ManyToManyField(
        "orgs.Organisation",
        verbose_name="đơn vị báo cáo (chỉ định)",
        related_name="assigned_reporting_forms",
        blank=True,
    )
    period_type = models.CharField("kỳ báo cáo", max_length=16, choices=PeriodType.choices)
    deadline_days = models.PositiveSmallIntegerField(
        "hạn nộp (số ngày sau khi hết kỳ)", default=10, validators=[MaxValueValidator(366)]
    )
    grace_days = models.PositiveSmallIntegerField(
        "số ngày gia hạn", default=0, validators=[MaxValueValidator(366)]
    )
    outlier_pct = models.DecimalField(
        "ngưỡng cảnh báo biến động so với kỳ trước (%)",
        max_digits=7,
        decimal_places=2,
        default=Decimal(50),
        validators=[MinValueValidator(Decimal(0))],
    )
    # Below this share of the units expected, a roll-up's status is "tạm tính" (issue 9, §5).
    # 100% by default: a status is final only once every unit below has reported.
    coverage_threshold_pct = models.DecimalField(
        "ngưỡng đủ số đơn vị báo cáo để đánh giá chính thức (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    is_active = models.BooleanField("đang áp dụng", default=True)
    future_estimates = models.BooleanField("cho nhập số ước cho kỳ chưa bắt đầu", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportingFormQuerySet.as_manager()

    class Meta:
        verbose_name = "biểu mẫu báo cáo"
        verbose_name_plural = "biểu mẫu báo cáo"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="reporting_form_code_unique_ci"),
            models.CheckConstraint(
                condition=Q(outlier_pct__gte=0), name="reporting_form_outlier_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(coverage_threshold_pct__gte=0, coverage_threshold_pct__lte=100),
                name="reporting_form_coverage_threshold_pct",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class SubmissionQuerySet(OrgScopedQuerySet["Submission"]):
    org_path_lookup = "organisation__path"


class Submission(models.Model):
    """One unit's report for one form and period, and where it stands in the approval flow.

    ``first_submitted_at`` decides timeliness: a report sent on time and later returned for
    corrections still counts as sent on time.
    """

    form = models.ForeignKey(ReportingForm, on_delete=models.PROTECT, related_name="submissions")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="submissions"
    )
    period_code = models.CharField("kỳ", max_length=12)
    status = models.CharField(
        "trạng thái",
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NHAP,
    )
    first_submitted_at = models.DateTimeField("gửi lần đầu", null=True, blank=True)
    submitted_at = models.DateTimeField("gửi lần gần nhất", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("thời điểm duyệt / trả lại", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("lý do trả lại / mở khóa", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo của đơn vị"
        verbose_name_plural = "báo cáo của đơn vị"
        ordering = ["form", "period_code", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "organisation", "period_code"],
                name="reporting_submission_unique",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values),
                name="reporting_submission_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="da_gui") | Q(submitted_at__isnull=False),
                name="reporting_submission_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form.code} · {self.organisation.code} · {self.period_code}"

    def snapshot(self) -> dict[str, Any]:
        return {"status": self.status, "reason": self.reason, "period": self.period_code}


class LockExceptionQuerySet(OrgScopedQuerySet["LockException"]):
    org_path_lookup = "organisation__path"


class LockException(models.Model):
    """Permission for one unit to correct an approved period until a date, without unlocking."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="lock_exceptions"
    )
    period_code = models.CharField("kỳ", max_length=12)
    until = models.DateField("được sửa đến hết ngày")
    reason = models.TextField("lý do")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField("thời điểm thu hồi", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.TextField("lý do thu hồi", blank=True)

    objects = LockExceptionQuerySet.as_manager()

    class Meta:
        verbose_name = "ngoại lệ khóa số liệu"
        verbose_name_plural = "ngoại lệ khóa số liệu"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="reporting_lockexception_reason_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.code} · {self.period_code} đến {self.until}"


class ReminderQuerySet(OrgScopedQuerySet["Reminder"]):
    org_path_lookup = "organisation__path"


class Reminder(models.Model):
    """A recorded reminder to a unit that has not yet sent a report (no e-mail is sent)."""

    form = models.ForeignKey(ReportingForm, on_delete=models.PROTECT, related_name="reminders")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="reporting_reminders"
    )
    period_code = models.CharField("kỳ", max_length=12)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = "nhắc nhở báo cáo"
        verbose_name_plural = "nhắc nhở báo cáo"
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["form", "period_code"], name="reporting_reminder_fp")]

    def __str__(self) -> str:
        return f"Nhắc {self.organisation.code} · {self.form.code} · {self.period_code}"
