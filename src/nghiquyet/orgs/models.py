"""The organisation tree: Party committees, people's committees, mass organisations, cells.

Organisations are never deleted. A dissolved or merged unit keeps its row, its data and its
place in the tree; ``valid_to`` says when it stopped, and successions say what replaced it.
"""

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper

from nghiquyet.access.scoping import OrgScopedQuerySet
from nghiquyet.core.paths import PATH_STEP, PathField, ancestor_paths, is_under, path_segment

__all__ = ["PATH_STEP", "path_segment"]


class OrgKind(models.TextChoices):
    TINH_UY = "tinh_uy", "Tỉnh ủy / Thành ủy trực thuộc Trung ương"
    DANG_BO_TRUC_THUOC_TINH = "dang_bo_truc_thuoc_tinh", "Đảng bộ trực thuộc Tỉnh ủy"
    DANG_UY_XA = "dang_uy_xa", "Đảng ủy xã / phường / đặc khu"
    DANG_BO_CO_SO = "dang_bo_co_so", "Đảng bộ cơ sở"
    CHI_BO_CO_SO = "chi_bo_co_so", "Chi bộ cơ sở"
    CHI_BO_TRUC_THUOC = "chi_bo_truc_thuoc", "Chi bộ trực thuộc"
    BAN_DANG = "ban_dang", "Cơ quan tham mưu của cấp ủy"
    HUYEN_UY = "huyen_uy", "Huyện ủy (trước 7/2025)"
    THANH_UY_TRUC_THUOC_TINH = "thanh_uy", "Thành ủy trực thuộc tỉnh (trước 7/2025)"
    THI_UY = "thi_uy", "Thị ủy (trước 7/2025)"
    QUAN_UY = "quan_uy", "Quận ủy (trước 7/2025)"
    UBND_TINH = "ubnd_tinh", "Ủy ban nhân dân tỉnh"
    UBND_XA = "ubnd_xa", "Ủy ban nhân dân xã / phường / đặc khu"
    CO_QUAN_CHUYEN_MON = "co_quan", "Sở, ban, ngành / phòng chuyên môn"
    MAT_TRAN = "mat_tran", "Ủy ban Mặt trận Tổ quốc"
    DOAN_THE = "doan_the", "Tổ chức chính trị - xã hội, hội"
    AP_KHOM = "ap_khom", "Ấp / khóm / thôn"
    TO_DAN_PHO = "to_dan_pho", "Tổ dân phố"
    HOI_QUAN = "hoi_quan", "Hội quán"
    TO_TU_QUAN = "to_tu_quan", "Tổ nhân dân tự quản"


PARTY_CELL_KINDS = frozenset({OrgKind.CHI_BO_CO_SO, OrgKind.CHI_BO_TRUC_THUOC})
PARTY_COMMITTEE_KINDS = frozenset(
    {
        OrgKind.TINH_UY,
        OrgKind.DANG_BO_TRUC_THUOC_TINH,
        OrgKind.DANG_UY_XA,
        OrgKind.DANG_BO_CO_SO,
        OrgKind.HUYEN_UY,
        OrgKind.THANH_UY_TRUC_THUOC_TINH,
        OrgKind.THI_UY,
        OrgKind.QUAN_UY,
    }
)


class OrganisationQuerySet(OrgScopedQuerySet["Organisation"]):
    org_path_lookup = "path"

    def active_at(self, day: dt.date) -> "OrganisationQuerySet":
        started = Q(valid_from__isnull=True) | Q(valid_from__lte=day)
        not_ended = Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        return self.filter(started & not_ended)

    def subtree_of(self, org: "Organisation", include_self: bool = True) -> "OrganisationQuerySet":
        qs = self.filter(path__under=org.path)
        return qs if include_self else qs.exclude(pk=org.pk)


class Organisation(models.Model):
    """A unit of the tree. Its ``path`` (one segment per ancestor) gives subtree queries."""

    code = models.CharField("mã đơn vị", max_length=40)
    name = models.CharField("tên đơn vị", max_length=200)
    short_name = models.CharField("tên ngắn", max_length=100, blank=True)
    kind = models.CharField("loại đơn vị", max_length=32, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = PathField(max_length=255, unique=True, editable=False)
    body_code = models.CharField("ký hiệu cơ quan ban hành", max_length=30, blank=True)
    superior_line = models.CharField(
        "dòng cơ quan cấp trên (tiêu đề văn bản)", max_length=200, blank=True
    )
    place_name = models.CharField("địa danh", max_length=100, blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    search_name = models.CharField(max_length=300, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["path"]
        indexes = [
            # Serves `path LIKE 'prefix%'` on PostgreSQL under any collation; other databases
            # ignore the operator class (SQLite answers `path__under` with a range instead).
            models.Index(
                fields=["path"], name="orgs_org_path_pattern", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="orgs_org_code_unique_ci"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="orgs_org_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return len(self.path) // PATH_STEP

    @property
    def ancestor_paths(self) -> list[str]:
        return ancestor_paths(self.path)

    def is_active_on(self, day: dt.date) -> bool:
        started = self.valid_from is None or self.valid_from <= day
        return started and (self.valid_to is None or self.valid_to >= day)

    def is_in_subtree_of(self, other: "Organisation") -> bool:
        return is_under(self.path, other.path)


class SuccessionKind(models.TextChoices):
    HOP_NHAT = "hop_nhat", "Hợp nhất / sáp nhập"
    CHIA_TACH = "chia_tach", "Chia tách"
    DOI_TEN = "doi_ten", "Đổi tên"


class SuccessionQuerySet(OrgScopedQuerySet["Succession"]):
    org_path_lookup = "successor__path"


class Succession(models.Model):
    """``predecessor`` stopped and its work passed to ``successor`` on ``effective``."""

    predecessor = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="successions_out"
    )
    successor = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="successions_in"
    )
    kind = models.CharField(max_length=16, choices=SuccessionKind.choices)
    effective = models.DateField("ngày hiệu lực")
    note = models.CharField("ghi chú", max_length=300, blank=True)
    # For a split: the part of the predecessor (%, e.g. of its population) that passed to this
    # successor; same-period comparisons of the successor use it (issue 9). Unknown: null.
    share = models.DecimalField(
        "tỷ lệ kế thừa (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )

    objects = SuccessionQuerySet.as_manager()

    class Meta:
        verbose_name = "kế thừa đơn vị"
        verbose_name_plural = "kế thừa đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="orgs_succession_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="orgs_succession_not_self"
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | Q(share__gt=0, share__lte=100),
                name="orgs_succession_share_pct",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class TermQuerySet(OrgScopedQuerySet["Term"]):
    org_path_lookup = "organisation__path"


class Term(models.Model):
    """A committee term (nhiệm kỳ). Ordinals restart at I after a merger (DOMAIN.md §2.3)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="terms")
    start_year = models.PositiveSmallIntegerField("năm bắt đầu")
    end_year = models.PositiveSmallIntegerField("năm kết thúc")
    ordinal = models.CharField("đại hội lần thứ", max_length=10, blank=True)
    congress_from = models.DateField("đại hội từ ngày", null=True, blank=True)
    congress_to = models.DateField("đại hội đến ngày", null=True, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = "nhiệm kỳ"
        verbose_name_plural = "nhiệm kỳ"
        ordering = ["organisation", "start_year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "start_year"], name="orgs_term_unique"),
            models.CheckConstraint(
                condition=Q(end_year__gt=F("start_year")), name="orgs_term_years_order"
            ),
        ]

    def __str__(self) -> str:
        ordinal = f"khóa {self.ordinal}, " if self.ordinal else ""
        return f"{ordinal}nhiệm kỳ {self.start_year}-{self.end_year}"

    @property
    def period_code(self) -> str:
        return f"{self.start_year}-{self.end_year}"
