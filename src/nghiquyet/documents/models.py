"""The document register, the links between documents, and what units must do about them."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from nghiquyet.access.scoping import Ancestors, NamedUser, OrgScopedQuerySet, Via
from nghiquyet.documents.doctypes import DocType, Scheme
from nghiquyet.documents.symbols import number_line, symbol
from nghiquyet.orgs.models import Organisation, OrgKind, Term


class Status(models.TextChoices):
    DU_THAO = "du_thao", "Dự thảo"
    LAY_Y_KIEN = "lay_y_kien", "Đang lấy ý kiến"
    BAN_HANH = "ban_hanh", "Đã ban hành"
    HET_HIEU_LUC = "het_hieu_luc", "Hết hiệu lực"


ISSUED = (Status.BAN_HANH, Status.HET_HIEU_LUC)


class FieldGroup(models.TextChoices):
    XAY_DUNG_DANG = "xay_dung_dang", "Xây dựng Đảng, hệ thống chính trị"
    KINH_TE = "kinh_te", "Kinh tế"
    VAN_HOA_XA_HOI = "van_hoa_xa_hoi", "Văn hóa - xã hội"
    QUOC_PHONG_AN_NINH = "quoc_phong_an_ninh", "Quốc phòng - an ninh"
    MOI_TRUONG = "moi_truong", "Tài nguyên - môi trường"
    DAN_VAN = "dan_van", "Dân vận, mặt trận, đoàn thể"


class DocumentQuerySet(OrgScopedQuerySet["Document"]):
    """Scoping for documents.

    A user sees the documents of their subtree (drafts included) and the issued documents of
    the committees above them, because those are the documents their units must carry out.
    A user asked for comments on a draft sees that draft too. Other actions need the subtree.
    """

    org_path_lookup = "organisation__path"
    view_reach = (
        Ancestors("organisation__path", where=Q(status__in=ISSUED)),
        Via("consultations__recipients__organisation__path"),
        NamedUser("consultations__recipients__user"),
    )
    distinct_reach = True

    def issued(self) -> Self:
        return self.filter(status__in=ISSUED)


class Document(models.Model):
    """A Party or State document in the register. The symbol is rendered from its parts.

    ``number`` restarts per committee term for Party documents and per calendar year for
    State documents; ``sequence_key`` ("2020-2025" or "2024") names that sequence so the
    database can refuse a duplicate number.
    """

    scheme = models.CharField("hệ văn bản", max_length=10, choices=Scheme.choices)
    doc_type = models.CharField("loại văn bản", max_length=24, choices=DocType.choices)
    type_code = models.CharField("ký hiệu loại", max_length=12, blank=True)
    body_code = models.CharField("ký hiệu cơ quan ban hành", max_length=60)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="cơ quan ban hành (chủ trì)",
        on_delete=models.PROTECT,
        related_name="documents",
    )
    co_issuers = models.ManyToManyField(
        Organisation,
        verbose_name="cơ quan cùng ban hành",
        blank=True,
        related_name="joint_documents",
    )
    number = models.PositiveIntegerField("số", null=True, blank=True)
    term = models.ForeignKey(
        Term, verbose_name="nhiệm kỳ", null=True, blank=True, on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    sequence_key = models.CharField(max_length=12, blank=True, editable=False)
    year_in_symbol = models.BooleanField("ghi năm trong ký hiệu", default=False)
    issue_date = models.DateField("ngày ban hành", null=True, blank=True)
    title = models.CharField("trích yếu", max_length=1000)
    field_groups = models.JSONField("lĩnh vực", default=list, blank=True)
    signer = models.CharField("người ký", max_length=120, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=120, blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.DU_THAO
    )
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Thu hồi: the document stays in the register (history) and is shown as withdrawn.
    withdrawn_at = models.DateTimeField("thời điểm thu hồi", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdraw_reason = models.TextField("lý do thu hồi", blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issue_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "organisation", "type_code", "sequence_key", "number"],
                condition=Q(number__isnull=False),
                name="documents_doc_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1),
                name="documents_doc_number_positive",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.DU_THAO, Status.LAY_Y_KIEN])
                | Q(number__isnull=False, issue_date__isnull=False),
                name="documents_doc_issued_has_number_and_date",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "doc_type"], name="documents_doc_org_type")]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.symbol or '(dự thảo)'}"

    @property
    def symbol(self) -> str:
        return symbol(
            scheme=self.scheme,
            number=self.number,
            type_code=self.type_code,
            body_code=self.body_code,
            year=self.year,
            year_in_symbol=self.year_in_symbol,
        )

    @property
    def number_line(self) -> str:
        return number_line(self.scheme, self.symbol)

    @property
    def is_issued(self) -> bool:
        return self.status in ISSUED


class RelationKind(models.TextChoices):
    CU_THE_HOA = "cu_the_hoa", "Cụ thể hóa"
    THAY_THE = "thay_the", "Thay thế"
    DAN_CHIEU = "dan_chieu", "Dẫn chiếu"


class DocumentRelation(models.Model):
    """``source`` concretizes, supersedes or cites ``target``. The cascade follows these."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="relations_in")
    kind = models.CharField("quan hệ", max_length=12, choices=RelationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quan hệ văn bản"
        verbose_name_plural = "quan hệ văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="documents_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="documents_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display().lower()} {self.target}"


class Attachment(models.Model):
    """A file of a document, stored under MEDIA_ROOT with a random name, served by a view."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="documents/%Y/%m/")
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("dung lượng")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=1), name="documents_attachment_not_empty")
        ]

    def __str__(self) -> str:
        return self.original_name


class Action(models.TextChoices):
    BAN_HANH = "ban_hanh", "Ban hành văn bản cụ thể hóa"
    HOC_TAP = "hoc_tap", "Tổ chức học tập, quán triệt"
    BAO_CAO = "bao_cao", "Gửi báo cáo"


class TargetRule(models.TextChoices):
    DANH_SACH = "danh_sach", "Các đơn vị được chọn"
    TRUC_THUOC = "truc_thuoc", "Tất cả đơn vị trực thuộc trực tiếp"
    THEO_LOAI = "theo_loai", "Tất cả đơn vị thuộc một loại trong cây"
    CHI_BO = "chi_bo", "Tất cả chi bộ trong cây"


class ActiveRequirementManager(models.Manager["Requirement"]):
    def get_queryset(self) -> "models.QuerySet[Requirement]":
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Requirement(models.Model):
    """What units must do about a document, by when.

    The rule is resolved into ``targets`` when the requirement is created, as of
    ``assigned_on``: later mergers change who answers for an obligation (see
    ``compliance.py``), not who was obliged.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="requirements")
    action = models.CharField("yêu cầu", max_length=12, choices=Action.choices)
    doc_type = models.CharField(
        "loại văn bản phải ban hành", max_length=24, choices=DocType.choices, blank=True
    )
    rule = models.CharField("đơn vị phải thực hiện", max_length=12, choices=TargetRule.choices)
    target_kind = models.CharField(
        "loại đơn vị", max_length=32, choices=OrgKind.choices, blank=True
    )
    assigned_on = models.DateField("ngày giao")
    deadline = models.DateField("thời hạn")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    targets = models.ManyToManyField(Organisation, related_name="requirements")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField("thời điểm thu hồi", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdraw_reason = models.TextField("lý do thu hồi", blank=True)

    # A withdrawn requirement obliges nobody: it leaves every list, matrix and count through
    # the default manager (also ``document.requirements``); ``all_objects`` keeps the history.
    objects = ActiveRequirementManager()
    all_objects = models.Manager()  # noqa: DJ012 (a manager; the rule only knows "objects")

    class Meta:
        base_manager_name = "all_objects"
        verbose_name = "yêu cầu thực hiện"
        verbose_name_plural = "yêu cầu thực hiện"
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("assigned_on")),
                name="documents_requirement_deadline_after_assignment",
            ),
            models.CheckConstraint(
                condition=~Q(rule="theo_loai") | ~Q(target_kind=""),
                name="documents_requirement_kind_rule_has_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.document}"

    @property
    def label(self) -> str:
        if self.action == Action.BAN_HANH and self.doc_type:
            return f"Ban hành {self.get_doc_type_display().lower()}"
        return str(self.get_action_display())


class Consultation(models.Model):
    """A round of comments on a draft (lấy ý kiến dự thảo), sent to users or units."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="consultations")
    deadline = models.DateField("hạn góp ý")
    note = models.CharField("nội dung đề nghị", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đợt lấy ý kiến"
        verbose_name_plural = "đợt lấy ý kiến"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Lấy ý kiến {self.document}"


class Recipient(models.Model):
    """One addressee of a consultation: a user, or a unit (any of its editors may answer)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="recipients"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "nơi nhận góp ý"
        verbose_name_plural = "nơi nhận góp ý"
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True, organisation__isnull=False)
                | Q(user__isnull=False, organisation__isnull=True),
                name="documents_recipient_user_xor_org",
            ),
            models.UniqueConstraint(
                fields=["consultation", "user"],
                condition=Q(user__isnull=False),
                name="documents_recipient_user_unique",
            ),
            models.UniqueConstraint(
                fields=["consultation", "organisation"],
                condition=Q(organisation__isnull=False),
                name="documents_recipient_org_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user or self.organisation)


class Comment(models.Model):
    """A comment on a draft, by a recipient (for themselves or for their unit)."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("ý kiến")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ý kiến góp ý"
        verbose_name_plural = "ý kiến góp ý"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]
