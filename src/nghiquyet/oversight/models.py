"""Inspection and supervision (kiểm tra, giám sát) and the annual quality rating (kiểm điểm,
xếp loại chất lượng) of organisations and party members (PRODUCT.md C7, DOMAIN.md §3).

Who sees what:

- a record about an organisation is visible to the inspecting body's subtree and to the
  subject's (``Via("subject_org__path")``);
- a record about a party member names a person: its details are visible only to users holding
  a role on the inspecting body itself and to ``quan_tri`` users of the body or an ancestor
  (``InspectionQuerySet.with_member_details_for``); everyone else who sees the unit sees counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from nghiquyet.access.scoping import OrgScopedQuerySet, Via
from nghiquyet.orgs.models import Organisation
from nghiquyet.tasks.models import Task


class Kind(models.TextChoices):
    KIEM_TRA_THUONG_XUYEN = "kiem_tra_thuong_xuyen", "Kiểm tra thường xuyên"
    KIEM_TRA_CHUYEN_DE = "kiem_tra_chuyen_de", "Kiểm tra chuyên đề"
    KIEM_TRA_DAU_HIEU_VI_PHAM = "kiem_tra_dau_hieu_vi_pham", "Kiểm tra khi có dấu hiệu vi phạm"
    GIAM_SAT_THUONG_XUYEN = "giam_sat_thuong_xuyen", "Giám sát thường xuyên"
    GIAM_SAT_CHUYEN_DE = "giam_sat_chuyen_de", "Giám sát chuyên đề"


class InspectionStatus(models.TextChoices):
    KE_HOACH = "ke_hoach", "Theo kế hoạch, chưa tiến hành"
    DANG_TIEN_HANH = "dang_tien_hanh", "Đang tiến hành"
    DA_KET_LUAN = "da_ket_luan", "Đã kết luận"


class Result(models.TextChoices):
    TOT = "tot", "Thực hiện tốt"
    CO_HAN_CHE = "co_han_che", "Có hạn chế, khuyết điểm"
    CO_VI_PHAM = "co_vi_pham", "Có vi phạm"


class Discipline(models.TextChoices):
    KHIEN_TRACH = "khien_trach", "Khiển trách"
    CANH_CAO = "canh_cao", "Cảnh cáo"
    CACH_CHUC = "cach_chuc", "Cách chức"
    KHAI_TRU = "khai_tru", "Khai trừ"
    GIAI_TAN = "giai_tan", "Giải tán"


# Cách chức and khai trừ apply to a person, giải tán to an organisation (Quy định 296-QĐ/TW).
MEMBER_DISCIPLINE = (
    Discipline.KHIEN_TRACH,
    Discipline.CANH_CAO,
    Discipline.CACH_CHUC,
    Discipline.KHAI_TRU,
)
ORG_DISCIPLINE = (Discipline.KHIEN_TRACH, Discipline.CANH_CAO, Discipline.GIAI_TAN)


class ProgrammeQuerySet(OrgScopedQuerySet["Programme"]):
    org_path_lookup = "organisation__path"


class Programme(models.Model):
    """A body's annual programme of inspection and supervision; its records are the plan."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên chương trình", max_length=300)
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = "chương trình kiểm tra, giám sát"
        verbose_name_plural = "chương trình kiểm tra, giám sát"
        ordering = ["-year", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="oversight_programme_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class InspectionQuerySet(OrgScopedQuerySet["Inspection"]):
    """Records of the body's subtree, or about an organisation of the subtree."""

    org_path_lookup = "body__path"
    view_reach = (Via("subject_org__path"),)

    def about_members(self) -> "InspectionQuerySet":
        return self.filter(subject_org__isnull=True)

    def about_organisations(self) -> "InspectionQuerySet":
        return self.filter(subject_org__isnull=False)

    def with_member_details_for(
        self, body_paths: list[str], manage_paths: list[str]
    ) -> "InspectionQuerySet":
        """Keep organisation records, and member records whose body is one of ``body_paths``
        (units the user holds a role on) or lies under one of ``manage_paths`` (quan_tri
        grants). The access selector computes both lists."""
        member_ok = Q(body__path__in=body_paths)
        for path in manage_paths:
            member_ok |= Q(body__path__under=path)
        return self.filter(Q(subject_org__isnull=False) | member_ok)


class Inspection(models.Model):
    """One inspection or supervision by a body of an organisation or a party member.

    The subject is an organisation (``subject_org``) or a member: a name, an optional card
    number and the member's unit (the minimum a record needs). Planned records sit in the
    body's programme; the conclusion sets the result, the findings and any discipline.
    """

    code = models.CharField("mã", max_length=40)
    body = models.ForeignKey(
        Organisation,
        verbose_name="đơn vị thực hiện",
        on_delete=models.PROTECT,
        related_name="inspections_made",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name="chương trình",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    kind = models.CharField("loại", max_length=32, choices=Kind.choices)
    subject_org = models.ForeignKey(
        Organisation,
        verbose_name="tổ chức đảng được kiểm tra, giám sát",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections_received",
    )
    member_name = models.CharField("họ và tên đảng viên", max_length=120, blank=True)
    member_card = models.CharField("số thẻ đảng viên", max_length=20, blank=True)
    member_unit = models.ForeignKey(
        Organisation,
        verbose_name="chi bộ, đơn vị của đảng viên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField("nội dung")
    review_period = models.CharField("thời kỳ kiểm tra", max_length=12, blank=True)
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến ngày", null=True, blank=True)
    status = models.CharField(
        "trạng thái",
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.KE_HOACH,
    )
    result = models.CharField("kết quả", max_length=12, choices=Result.choices, blank=True)
    findings = models.TextField("kết luận, ưu điểm, hạn chế", blank=True)
    discipline = models.CharField(
        "hình thức kỷ luật", max_length=12, choices=Discipline.choices, blank=True
    )
    concluded_on = models.DateField("ngày kết luận", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "cuộc kiểm tra, giám sát"
        verbose_name_plural = "cuộc kiểm tra, giám sát"
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.UniqueConstraint(Lower("code"), "body", name="oversight_inspection_code"),
            models.CheckConstraint(
                condition=(Q(subject_org__isnull=False) & Q(member_name=""))
                | (Q(subject_org__isnull=True) & ~Q(member_name="") & Q(member_unit__isnull=False)),
                name="oversight_inspection_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="oversight_inspection_dates",
            ),
            models.CheckConstraint(
                condition=Q(status="da_ket_luan", concluded_on__isnull=False) & ~Q(result="")
                | (~Q(status="da_ket_luan") & Q(result="", discipline="")),
                name="oversight_inspection_conclusion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.get_kind_display()}"

    @property
    def about_member(self) -> bool:
        return self.subject_org_id is None

    @property
    def is_inspection(self) -> bool:
        return self.kind.startswith("kiem_tra")

    @property
    def subject_unit(self) -> Organisation:
        """The unit that carries out the remedies: the subject, or the member's unit."""
        unit = self.subject_org or self.member_unit
        if unit is None:  # Excluded by the oversight_inspection_one_subject constraint.
            raise ValueError("An inspection has a subject organisation or a member's unit.")
        return unit


class Remedy(models.Model):
    """A remedy the conclusion requires, with a deadline. It is tracked as a task of the
    subject unit (assigned by the inspecting body) in the tasks app, whose status rule says
    whether it is done, open or overdue."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="remedies")
    text = models.CharField("nội dung khắc phục", max_length=1000)
    deadline = models.DateField("thời hạn")
    task = models.OneToOneField(
        Task, verbose_name="nhiệm vụ", on_delete=models.PROTECT, related_name="remedy"
    )

    class Meta:
        verbose_name = "yêu cầu khắc phục"
        verbose_name_plural = "yêu cầu khắc phục"
        ordering = ["inspection_id", "deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Level(models.TextChoices):
    """The four levels of Quy định 366-QĐ/TW Art. 11, by score out of 100."""

    HTXSNV = "htxsnv", "Hoàn thành xuất sắc nhiệm vụ"
    HTTNV = "httnv", "Hoàn thành tốt nhiệm vụ"
    HTNV = "htnv", "Hoàn thành nhiệm vụ"
    KHTNV = "khtnv", "Không hoàn thành nhiệm vụ"


class CapSettingQuerySet(OrgScopedQuerySet["CapSetting"]):
    org_path_lookup = "organisation__path"


class CapSetting(models.Model):
    """The excellence cap of a unit and the units below it that set none: HTXSNV at most
    ``percent`` % of those rated HTTNV. Without a setting, 20 % (DOMAIN.md §3)."""

    organisation = models.OneToOneField(
        Organisation, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    percent = models.DecimalField("tỷ lệ tối đa (%)", max_digits=5, decimal_places=2)

    objects = CapSettingQuerySet.as_manager()

    class Meta:
        verbose_name = "tỷ lệ xuất sắc tối đa"
        verbose_name_plural = "tỷ lệ xuất sắc tối đa"
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="oversight_cap_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.percent}%"


class OrgRatingQuerySet(OrgScopedQuerySet["OrgRating"]):
    org_path_lookup = "organisation__path"


class OrgRating(models.Model):
    """The year's rating of one party organisation: a score out of 100 and its level, or not
    rated with a reason. ``warnings`` keeps the DOMAIN.md §3 conditions the data did not
    show as met when the rating was recorded."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="tổ chức đảng", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("năm")
    score = models.DecimalField("điểm", null=True, blank=True, max_digits=5, decimal_places=2)
    level = models.CharField("mức xếp loại", max_length=8, choices=Level.choices, blank=True)
    disqualified = models.BooleanField("có yếu tố không hoàn thành nhiệm vụ", default=False)
    not_rated_reason = models.CharField("lý do không xếp loại", max_length=300, blank=True)
    warnings = models.JSONField("cảnh báo", default=list, blank=True)
    cap_override_reason = models.CharField("lý do vượt tỷ lệ", max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgRatingQuerySet.as_manager()

    class Meta:
        verbose_name = "xếp loại tổ chức đảng"
        verbose_name_plural = "xếp loại tổ chức đảng"
        ordering = ["-year", "organisation__path"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="oversight_org_rating"),
            models.CheckConstraint(
                condition=(Q(score__isnull=False) & ~Q(level="") & Q(not_rated_reason=""))
                | (Q(score__isnull=True) & Q(level="") & ~Q(not_rated_reason="")),
                name="oversight_org_rating_rated_or_reason",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="oversight_org_rating_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.get_level_display() or 'không xếp loại'}"


class NotRatedReason(models.TextChoices):
    MOI_KET_NAP = "moi_ket_nap", "Mới kết nạp, chưa đủ thời gian xếp loại"
    OM_DAU = "om_dau", "Ốm đau, điều trị dài ngày"
    THAI_SAN = "thai_san", "Nghỉ thai sản"
    MIEN_SINH_HOAT = "mien_sinh_hoat", "Được miễn sinh hoạt, công tác"
    KHAC = "khac", "Lý do khác"


class MemberRatingQuerySet(OrgScopedQuerySet["MemberRating"]):
    org_path_lookup = "organisation__path"


class MemberRating(models.Model):
    """The year's ratings of the party members of one unit (its own members only; units
    above add the rows of their subtree): counts per level, which add up to ``rated``, and
    those not rated by reason, which add up to ``not_rated``."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("năm")
    rated = models.PositiveIntegerField("số đảng viên được xếp loại")
    htxsnv = models.PositiveIntegerField("HTXSNV")
    httnv = models.PositiveIntegerField("HTTNV")
    htnv = models.PositiveIntegerField("HTNV")
    khtnv = models.PositiveIntegerField("KHTNV")
    not_rated = models.PositiveIntegerField("số không xếp loại", default=0)
    not_rated_reasons = models.JSONField("lý do không xếp loại", default=dict, blank=True)
    cap_override_reason = models.CharField("lý do vượt tỷ lệ", max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberRatingQuerySet.as_manager()

    class Meta:
        verbose_name = "xếp loại đảng viên"
        verbose_name_plural = "xếp loại đảng viên"
        ordering = ["-year", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="oversight_member_rating"
            ),
            models.CheckConstraint(
                condition=Q(rated=F("htxsnv") + F("httnv") + F("htnv") + F("khtnv")),
                name="oversight_member_rating_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.rated} đảng viên được xếp loại"
