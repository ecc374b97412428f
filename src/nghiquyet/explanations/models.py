"""A request for an explanation of an at-risk indicator line (issue 12, item 5): a leader of
the level above asks the unit; the unit answers; both stay with the line (unit, indicator,
period)."""

from django.conf import settings
from django.db import models

from nghiquyet.access.scoping import OrgScopedQuerySet
from nghiquyet.indicators.models import Indicator
from nghiquyet.orgs.models import Organisation


class ExplanationQuerySet(OrgScopedQuerySet["ExplanationRequest"]):
    """Visible in the asked unit's subtree and above it (``visible_to``)."""


class ExplanationRequest(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="explanation_requests"
    )
    period_code = models.CharField("kỳ", max_length=12)
    outlook = models.CharField("dự báo khi yêu cầu", max_length=20, blank=True)
    question = models.TextField("nội dung yêu cầu giải trình", max_length=2000)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField("nội dung giải trình", max_length=4000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    answered_at = models.DateTimeField(null=True)

    objects = ExplanationQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "period_code"])]

    def __str__(self) -> str:
        return f"Giải trình {self.indicator.code} {self.period_code}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
