"""Registers the review reports quote: models and emulation movements, opinion surveys and
public-investment projects (PRODUCT.md C8).

Amounts are in billions of đồng (tỷ đồng), as the reports write them, with six decimals (one
thousand đồng), in the project's one decimal column shape (24 digits, 6 decimals).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from nghiquyet.access.scoping import OrgScopedQuerySet
from nghiquyet.core.periods import Period
from nghiquyet.documents.models import Document
from nghiquyet.orgs.models import Organisation


class MovementKind(models.TextChoices):
    MO_HINH = "mo_hinh", "Mô hình"
    PHONG_TRAO = "phong_trao", "Phong trào thi đua"


class MovementStatus(models.TextChoices):
    DANG_HOAT_DONG = "dang_hoat_dong", "Đang hoạt động"
    TAM_DUNG = "tam_dung", "Tạm dừng"
    KET_THUC = "ket_thuc", "Đã kết thúc"


class MovementQuerySet(OrgScopedQuerySet["Movement"]):
    org_path_lookup = "organisation__path"


class Movement(models.Model):
    """One model (a Hội quán, a self-managed group) or emulation movement of a unit.

    Participants change over time, so they are counted in dated snapshots
    (:class:`MovementCount`); a report takes the latest snapshot up to its end date.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("tên", max_length=300)
    kind = models.CharField("loại", max_length=12, choices=MovementKind.choices)
    start_date = models.DateField("ngày bắt đầu")
    status = models.CharField(
        "trạng thái",
        max_length=16,
        choices=MovementStatus.choices,
        default=MovementStatus.DANG_HOAT_DONG,
    )
    description = models.TextField("mô tả", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = "mô hình, phong trào"
        verbose_name_plural = "mô hình, phong trào"
        ordering = ["organisation__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="registers_movement_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MovementCount(models.Model):
    """The number of participants of a movement on a day."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="counts")
    as_of = models.DateField("ngày số liệu")
    participants = models.PositiveIntegerField("số người tham gia")

    class Meta:
        verbose_name = "số người tham gia"
        verbose_name_plural = "số người tham gia"
        ordering = ["movement_id", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "as_of"], name="registers_movement_count_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participants} ({self.as_of:%d/%m/%Y})"


class SurveyQuerySet(OrgScopedQuerySet["Survey"]):
    org_path_lookup = "organisation__path"


class Survey(models.Model):
    """An opinion survey (khảo sát dư luận xã hội): forms issued and returned, and results."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField("chủ đề", max_length=300)
    document = models.ForeignKey(
        Document,
        verbose_name="văn bản liên quan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    conducted_on = models.DateField("ngày khảo sát")
    forms_issued = models.PositiveIntegerField("số phiếu phát ra")
    forms_returned = models.PositiveIntegerField("số phiếu thu về")
    summary = models.TextField("tóm tắt kết quả", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = "khảo sát dư luận"
        verbose_name_plural = "khảo sát dư luận"
        ordering = ["-conducted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(forms_returned__lte=F("forms_issued")),
                name="registers_survey_returned_le_issued",
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class SurveyAnswer(models.Model):
    """How many returned forms gave ``answer`` to ``question``."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField("câu hỏi", max_length=300)
    answer = models.CharField("phương án trả lời", max_length=200)
    count = models.PositiveIntegerField("số phiếu")

    class Meta:
        verbose_name = "kết quả trả lời"
        verbose_name_plural = "kết quả trả lời"
        ordering = ["survey_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question", "answer"], name="registers_answer_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer}: {self.count}"


class ProjectQuerySet(OrgScopedQuerySet["Project"]):
    org_path_lookup = "organisation__path"


class Project(models.Model):
    """A public-investment project of a unit's medium-term plan (e.g. 2021–2025)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="đơn vị chủ quản", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("mã dự án", max_length=40)
    name = models.CharField("tên dự án", max_length=300)
    plan_start = models.PositiveSmallIntegerField("kế hoạch từ năm")
    plan_end = models.PositiveSmallIntegerField("kế hoạch đến năm")
    total_investment = models.DecimalField(
        "tổng mức đầu tư (tỷ đồng)", max_digits=24, decimal_places=6
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "dự án đầu tư công"
        verbose_name_plural = "dự án đầu tư công"
        ordering = ["organisation__path", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="registers_project_code"),
            models.CheckConstraint(
                condition=Q(plan_end__gte=F("plan_start")), name="registers_project_plan"
            ),
            models.CheckConstraint(
                condition=Q(total_investment__gte=0), name="registers_project_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def plan_label(self) -> str:
        return f"{self.plan_start}–{self.plan_end}"


class Allocation(models.Model):
    """Capital allocated to a project for one year (vốn giao)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="allocations")
    year = models.PositiveSmallIntegerField("năm")
    amount = models.DecimalField("vốn giao (tỷ đồng)", max_digits=24, decimal_places=6)

    class Meta:
        verbose_name = "vốn giao"
        verbose_name_plural = "vốn giao"
        ordering = ["project_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="registers_allocation_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="registers_allocation_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class Disbursement(models.Model):
    """Capital disbursed during one period (a period code: ``2023Q4``, ``2023M10``, ``2023``).

    The periods of one project never overlap, so sums over a report period are exact.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="disbursements")
    period = models.CharField("kỳ", max_length=12)
    start = models.DateField()
    end = models.DateField()
    amount = models.DecimalField("giải ngân (tỷ đồng)", max_digits=24, decimal_places=6)

    class Meta:
        verbose_name = "giải ngân"
        verbose_name_plural = "giải ngân"
        ordering = ["project_id", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period"], name="registers_disbursement_period"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="registers_disbursement_amount"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="registers_disbursement_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.amount}"

    @property
    def period_label(self) -> str:
        """The period as reports write it ("Quý IV/2025"), not its code ("2025Q4")."""
        return Period.parse(self.period).label
