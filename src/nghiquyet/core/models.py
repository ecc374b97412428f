"""Abstract bases for the columns many tables share: the owning unit and the reporting period.

Core imports no app, so the organisation is named by its label (``"orgs.Organisation"``).
"""

from django.db import models


class OrgOwned(models.Model):
    """A row that belongs to one organisation: its figures, its reports, its tasks.

    It exists so that every table owned by a unit names its owner the same way, ``organisation``,
    which is what ``OrgScopedQuerySet`` filters on (``org_path_lookup = "organisation__path"``)
    and what the audit log records as the entry's unit. A unit that owns rows is never deleted
    (``PROTECT``): units end with ``valid_to`` instead.

    A subclass may redeclare ``organisation`` to add a reverse accessor (``related_name``), drop
    the index when a unique constraint already leads with the column, or cascade for derived
    rows; it must keep the name and the target.
    """

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class PeriodStamped(models.Model):
    """A row about one reporting period: its public code and the dates it spans.

    It exists so that figures of different kinds (targets, values, roll-ups) are keyed and
    compared by period the same way. ``period_code`` is the code of ``core.periods`` (``2025``,
    ``2025Q1``, ``2020-2025``) and identifies the period; ``period_start`` and ``period_end`` are
    its first and last day, stored so that "every figure that falls within this term" is a
    range query on an index instead of parsing codes.

    Set all three from one ``core.periods.Period``; never edit one alone.
    """

    period_code = models.CharField("kỳ", max_length=12)
    period_start = models.DateField()
    period_end = models.DateField()

    class Meta:
        abstract = True
