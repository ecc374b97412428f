"""Reads of background jobs: each user sees only the jobs they started."""

from django.db.models import QuerySet

from nghiquyet.core.actors import AnyUser
from nghiquyet.jobs.models import ImportJob


def visible_to(user: AnyUser) -> QuerySet[ImportJob]:
    """The import jobs ``user`` started (none for an anonymous user), newest first."""
    if not user.is_authenticated:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(actor_id=user.pk)
