"""Targets and indicators: what was promised (chỉ tiêu), what was achieved, per unit and period.

- ``Indicator`` defines a measure once. ``organisation`` null means system-wide (created by a
  superuser or the administrator of a root unit); otherwise the indicator belongs to that unit
  and is usable by it and every unit below it (a province's congress indicators are reported by
  its communes). Targets and values are always per organisation.
- ``Target`` keeps the Vietnamese text as typed and its parsed form.
- ``IndicatorValue`` holds a unit's own reported figure, one row per value type (estimate and
  final are both kept; the final one supersedes the estimate when read).
- ``Aggregate`` is the materialized roll-up of a unit's subtree, kept fresh by delta on every
  save and recomputed on tree changes (see ``rollup.py``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

from nghiquyet.access.scoping import Ancestors, OrgScopedQuerySet, Unowned
from nghiquyet.core.models import OrgOwned, PeriodStamped


class FieldGroup(models.TextChoices):
    XAY_DUNG_DANG = "xay_dung_dang", "Xây dựng Đảng và hệ thống chính trị"
    KINH_TE = "kinh_te", "Kinh tế"
    VAN_HOA_XA_HOI = "van_hoa_xa_hoi", "Văn hóa - xã hội"
    MOI_TRUONG = "moi_truong", "Môi trường"
    QUOC_PHONG_AN_NINH = "quoc_phong_an_ninh", "Quốc phòng - an ninh"


class IndicatorKind(models.TextChoices):
    SO_LUONG = "so_luong", "Số lượng"
    GIA_TRI = "gia_tri", "Giá trị"
    TY_LE = "ty_le", "Tỷ lệ"
    TOC_DO = "toc_do", "Tốc độ"
    MOC = "moc", "Mốc"
    DINH_TINH = "dinh_tinh", "Định tính"


ADDITIVE_KINDS = frozenset({IndicatorKind.SO_LUONG, IndicatorKind.GIA_TRI, IndicatorKind.TY_LE})
NUMERIC_KINDS = ADDITIVE_KINDS | {IndicatorKind.TOC_DO, IndicatorKind.MOC}
RATIO_FACTORS = (100, 1000, 10000)


class Direction(models.TextChoices):
    TANG = "tang", "Càng cao càng tốt"
    GIAM = "giam", "Càng thấp càng tốt"


class Combine(models.TextChoices):
    TONG = "tong", "Cộng dồn các kỳ"
    CUOI_KY = "cuoi_ky", "Số cuối kỳ"
    BINH_QUAN = "binh_quan", "Bình quân các kỳ"


class IndicatorQuerySet(OrgScopedQuerySet["Indicator"]):
    """System-wide indicators are visible to everyone signed in; an owned one is visible in the
    owner's subtree (the units that report it) and above it (their supervisors)."""

    org_path_lookup = "organisation__path"
    view_reach = (Unowned("organisation"), Ancestors("organisation__path"))


class Indicator(models.Model):
    """A measure that targets are set for and values reported on (DOMAIN.md §4)."""

    code = models.CharField("mã chỉ tiêu", max_length=40)
    name = models.CharField("tên chỉ tiêu", max_length=300)
    unit = models.CharField("đơn vị tính", max_length=60, blank=True)
    field_group = models.CharField("lĩnh vực", max_length=24, choices=FieldGroup.choices)
    source_text = models.CharField("văn bản nguồn", max_length=300, blank=True)
    decimals = models.PositiveSmallIntegerField("số chữ số thập phân", default=0)
    kind = models.CharField("loại", max_length=12, choices=IndicatorKind.choices)
    factor = models.PositiveIntegerField("hệ số", null=True, blank=True)
    direction = models.CharField(
        "chiều", max_length=4, choices=Direction.choices, default=Direction.TANG
    )
    combine = models.CharField(
        "cộng dồn", max_length=10, choices=Combine.choices, default=Combine.TONG
    )
    rolls_up = models.BooleanField("tổng hợp từ cấp dưới", default=False)
    # Counts and amounts are not negative unless the indicator says so (a balance, a net
    # change). Proportions stay within 0 and their factor regardless (indicators/rules.py).
    allows_negative = models.BooleanField("cho phép số âm", default=False)
    is_reference = models.BooleanField("số liệu nền", default=False)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="đơn vị sở hữu",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    position = models.PositiveIntegerField("thứ tự", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["field_group", "position", "code"]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="indicators_indicator_code_unique_ci"),
            models.CheckConstraint(
                condition=(Q(kind="ty_le") & Q(factor__in=RATIO_FACTORS))
                | (~Q(kind="ty_le") & Q(factor__isnull=True)),
                name="indicators_indicator_factor_only_for_ratio",
            ),
            models.CheckConstraint(
                condition=Q(rolls_up=False) | Q(kind__in=sorted(ADDITIVE_KINDS)),
                name="indicators_indicator_rolls_up_additive",
            ),
            models.CheckConstraint(
                condition=Q(decimals__lte=6), name="indicators_indicator_decimals_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def is_ratio(self) -> bool:
        return self.kind == IndicatorKind.TY_LE

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


class TargetKind(models.TextChoices):
    DIEM = "diem", "Giá trị"
    KHOANG = "khoang", "Khoảng"
    NGUONG = "nguong", "Ngưỡng"
    BINH_QUAN = "binh_quan", "Bình quân mỗi năm"


class TargetOp(models.TextChoices):
    EQ = "eq", "="
    GE = "ge", "≥"
    GT = "gt", ">"
    LE = "le", "≤"
    LT = "lt", "<"
    RANGE = "range", "khoảng"


class TargetQuerySet(OrgScopedQuerySet["Target"]):
    org_path_lookup = "organisation__path"


class Target(OrgOwned, PeriodStamped):
    """The target of one indicator for one unit and period, as typed and as parsed."""

    # The unique constraint and the span index lead with these columns; no extra FK indexes.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", db_index=False
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="indicator_targets",
        db_index=False,
    )
    text = models.CharField("chỉ tiêu giao", max_length=200)
    kind = models.CharField(max_length=10, choices=TargetKind.choices)
    op = models.CharField(max_length=5, choices=TargetOp.choices)
    low = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    high = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    # ``khoảng 80%``: the figure is kept, and shown as approximate (issue 9 §1).
    approximate = models.BooleanField("xấp xỉ", default=False)
    # ``xuống còn 16%``: the words say lower is better; "" follows the indicator's direction.
    direction = models.CharField(
        "chiều theo lời chỉ tiêu", max_length=4, choices=Direction.choices, blank=True, default=""
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "chỉ tiêu giao"
        verbose_name_plural = "chỉ tiêu giao"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "period_code"],
                name="indicators_target_unique",
            ),
            models.CheckConstraint(
                condition=Q(high__isnull=True) | Q(low__isnull=True) | Q(high__gte=models.F("low")),
                name="indicators_target_range_order",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "period_start", "period_end"], name="ind_target_org_span"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_code}: {self.text}"


class ValueType(models.TextChoices):
    UOC = "uoc", "Ước"
    CHINH_THUC = "chinh_thuc", "Chính thức"


class IndicatorValueQuerySet(OrgScopedQuerySet["IndicatorValue"]):
    org_path_lookup = "organisation__path"


class IndicatorValue(OrgOwned, PeriodStamped):
    """A unit's own reported figure for one period. Ratios keep numerator and denominator."""

    # The unique constraint leads with the organisation and holds the indicator; every extra
    # index slows the bulk import of millions of rows. (Values of one indicator across units
    # are read by the indicator page only, which pages them.)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", db_index=False
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="indicator_values",
        db_index=False,
    )
    value_type = models.CharField(
        "loại số", max_length=10, choices=ValueType.choices, default=ValueType.CHINH_THUC
    )
    value = models.DecimalField("giá trị", max_digits=24, decimal_places=6, null=True)
    numerator = models.DecimalField("tử số", max_digits=24, decimal_places=6, null=True)
    denominator = models.DecimalField("mẫu số", max_digits=24, decimal_places=6, null=True)
    stated = models.DecimalField(
        "tỷ lệ ghi trong báo cáo", max_digits=24, decimal_places=6, null=True
    )
    text = models.TextField("nội dung", blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    warning = models.CharField("cảnh báo chất lượng số liệu", max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = "số liệu"
        verbose_name_plural = "số liệu"
        constraints = [
            # Organisation first: a unit's figures are read together, and a bulk import of
            # a few units at a time then writes to one region of the index.
            models.UniqueConstraint(
                fields=["organisation", "indicator", "period_code", "value_type"],
                name="indicators_value_unique",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="indicators_value_denominator_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.organisation_id} {self.period_code} {self.value_type}"


class AggregateQuerySet(OrgScopedQuerySet["Aggregate"]):
    org_path_lookup = "organisation__path"


class Aggregate(OrgOwned, PeriodStamped):
    """The roll-up of a unit's subtree for one indicator and period (sum of the children's
    effective figures: each child's own reported figure if any, else its own aggregate)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Derived rows: they go with their unit, and the unique constraint indexes the column.
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Declared before PeriodStamped gave the column its verbose name; kept to match migrations.
    period_code = models.CharField(max_length=12)
    value = models.DecimalField(max_digits=24, decimal_places=6, default=0)
    numerator = models.DecimalField(max_digits=24, decimal_places=6, default=0)
    denominator = models.DecimalField(max_digits=24, decimal_places=6, default=0)
    contributors = models.IntegerField(default=0)

    objects = AggregateQuerySet.as_manager()

    class Meta:
        verbose_name = "số liệu tổng hợp"
        verbose_name_plural = "số liệu tổng hợp"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "period_code"],
                name="indicators_aggregate_unique",
            )
        ]

    def __str__(self) -> str:
        return f"Σ {self.indicator_id}@{self.organisation_id} {self.period_code}"
