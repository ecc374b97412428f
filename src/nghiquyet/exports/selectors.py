"""Reads of report drafts, always through ``visible_to``."""

from django.db.models import Count

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import NotFoundError
from nghiquyet.exports.models import DraftVersion, ReportDraft, ReportDraftQuerySet, ReportFile
from nghiquyet.orgs.models import Organisation


def draft_visible(user: AnyUser) -> ReportDraftQuerySet:
    return ReportDraft.objects.visible_to(user).select_related("organisation")


def drafts_of(user: AnyUser, org: Organisation) -> ReportDraftQuerySet:
    """The drafts of ``org`` itself that ``user`` may see, newest first, with version counts."""
    return draft_visible(user).filter(organisation=org).annotate(version_count=Count("versions"))


def draft_get(user: AnyUser, pk: int) -> ReportDraft:
    """The draft if ``user`` may see its unit; NotFoundError otherwise (never 403)."""
    draft = draft_visible(user).filter(pk=pk).first()
    if draft is None:
        raise NotFoundError("Không tìm thấy dự thảo báo cáo trong phạm vi của bạn.")
    return draft


def version_get(draft: ReportDraft, number: int | None = None) -> DraftVersion:
    """Version ``number`` of a draft already read through ``draft_get``; the latest if None."""
    versions = draft.versions.all()
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise NotFoundError(f"Dự thảo không có phiên bản {number}.")
    return version


def files_of(draft: ReportDraft) -> list[ReportFile]:
    return list(
        ReportFile.objects.filter(version__draft=draft)
        .select_related("version", "created_by")
        .defer("data")[:50]
    )


def stored_file(version: DraftVersion, fmt: str) -> ReportFile | None:
    """The newest kept file of ``version`` in ``fmt`` (a version read through ``draft_get``),
    None when none was kept."""
    files = ReportFile.objects.filter(version=version, fmt=fmt, data__isnull=False)
    return files.order_by("-created_at", "-pk").first()


def latest_version_of(
    user: AnyUser, org: Organisation, period_code: str, kind: str
) -> DraftVersion | None:
    """The latest saved version of ``org``'s draft of ``kind`` (a ``ReportKind`` value) for
    ``period_code``, if ``user`` may see it; None when there is no such draft."""
    draft = draft_visible(user).filter(organisation=org, period_code=period_code, kind=kind)
    found = draft.first()
    return found.versions.first() if found else None
