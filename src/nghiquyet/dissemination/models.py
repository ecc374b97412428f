"""Study and dissemination sessions (học tập, quán triệt) and the plans that call for them."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from nghiquyet.access.scoping import OrgScopedQuerySet, Via
from nghiquyet.documents.models import Document
from nghiquyet.orgs.models import Organisation


class Format(models.TextChoices):
    TRUC_TIEP = "truc_tiep", "Trực tiếp"
    TRUC_TUYEN = "truc_tuyen", "Trực tuyến"
    KET_HOP = "ket_hop", "Kết hợp trực tiếp và trực tuyến"


ONLINE = (Format.TRUC_TUYEN, Format.KET_HOP)


class Audience(models.TextChoices):
    CAN_BO_CHU_CHOT = "can_bo_chu_chot", "Cán bộ chủ chốt"
    DANG_VIEN = "dang_vien", "Đảng viên"
    CONG_CHUC = "cong_chuc", "Công chức, viên chức"
    CAN_BO_HUU_TRI = "can_bo_huu_tri", "Cán bộ hưu trí"
    DOAN_VIEN_HOI_VIEN = "doan_vien_hoi_vien", "Đoàn viên, hội viên"
    NHAN_DAN = "nhan_dan", "Nhân dân"


class SessionQuerySet(OrgScopedQuerySet["StudySession"]):
    """Sessions organised in the subtree, or broadcast to a unit in it."""

    org_path_lookup = "organisation__path"
    view_reach = (Via("connected_units__path"),)
    distinct_reach = True


_SessionManager = models.Manager.from_queryset(SessionQuerySet)


class ActiveSessionManager(_SessionManager):
    """Sessions not withdrawn (the default manager)."""

    def get_queryset(self) -> Any:  # a SessionQuerySet (the stubs cannot say so here)
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class StudySession(models.Model):
    """One study or dissemination conference, on one or several documents.

    An online session is broadcast from the organising unit to ``connected_units``: it is one
    session (counted once in roll-ups) that counts as held for every connected unit.
    """

    title = models.CharField("tên hội nghị", max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="đơn vị tổ chức",
        on_delete=models.PROTECT,
        related_name="study_sessions",
    )
    documents = models.ManyToManyField(Document, related_name="study_sessions")
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến ngày")
    format = models.CharField("hình thức", max_length=12, choices=Format.choices)
    connected_units = models.ManyToManyField(
        Organisation, blank=True, related_name="connected_sessions"
    )
    location = models.CharField("địa điểm", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField("thời điểm thu hồi", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdraw_reason = models.TextField("lý do thu hồi", blank=True)

    # A withdrawn session (recorded in error) leaves every list and count through the default
    # manager, also ``document.study_sessions``; ``all_objects`` keeps the history.
    objects = ActiveSessionManager()
    all_objects = models.Manager()  # noqa: DJ012 (a manager; the rule only knows "objects")

    class Meta:
        base_manager_name = "all_objects"
        verbose_name = "hội nghị học tập, quán triệt"
        verbose_name_plural = "hội nghị học tập, quán triệt"
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="dissemination_session_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class AttendanceQuerySet(OrgScopedQuerySet["Attendance"]):
    org_path_lookup = "organisation__path"


class Attendance(models.Model):
    """Expected and actual attendance of one audience group at one point of a session.

    The point is the organising unit or, for an online session, a connected unit, so that
    figures add up the tree without counting a broadcast twice.
    """

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(
        Organisation, verbose_name="điểm cầu", on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField("đối tượng", max_length=24, choices=Audience.choices)
    expected = models.PositiveIntegerField("số phải dự")
    actual = models.PositiveIntegerField("số dự")

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = "số người dự"
        verbose_name_plural = "số người dự"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation", "group"],
                name="dissemination_attendance_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.actual}/{self.expected}"


class PlanQuerySet(OrgScopedQuerySet["Plan"]):
    org_path_lookup = "organisation__path"


_PlanManager = models.Manager.from_queryset(PlanQuerySet)


class ActivePlanManager(_PlanManager):
    """Plans not withdrawn (the default manager)."""

    def get_queryset(self) -> Any:  # a PlanQuerySet (the stubs cannot say so here)
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Plan(models.Model):
    """A dissemination plan: N classes for given audience groups by a deadline."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="study_plans")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    classes = models.PositiveIntegerField("số lớp")
    groups = models.JSONField("đối tượng", default=list)
    deadline = models.DateField("thời hạn hoàn thành")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField("thời điểm thu hồi", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdraw_reason = models.TextField("lý do thu hồi", blank=True)

    objects = ActivePlanManager()
    all_objects = models.Manager()  # noqa: DJ012 (a manager; the rule only knows "objects")

    class Meta:
        base_manager_name = "all_objects"
        verbose_name = "kế hoạch học tập, quán triệt"
        verbose_name_plural = "kế hoạch học tập, quán triệt"
        constraints = [
            models.CheckConstraint(condition=Q(classes__gte=1), name="dissemination_plan_classes"),
            models.UniqueConstraint(
                fields=["document", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="dissemination_plan_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.classes} lớp – {self.document}"
