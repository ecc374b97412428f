"""Writes of background jobs: a large workbook import is queued here and run by the worker.

The file waits under ``VAR_DIR/uploads`` (the upload page stores it, size- and type-checked);
the worker imports it all or nothing as the uploader (``core.workbook.import_workbook``) and
records its progress on the job's row for the page that polls it.
"""

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, grant_paths, is_everywhere
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import NotFoundError, PermissionDeniedError
from nghiquyet.core.workbook import (
    CREATED,
    READING,
    UNCHANGED,
    UPDATED,
    ImportContext,
    WorkbookError,
    ignored_message,
    import_workbook,
)
from nghiquyet.jobs.audit_actions import JobsAudit
from nghiquyet.jobs.models import ImportJob

logger = logging.getLogger(__name__)
Status = ImportJob.Status


def upload_folder() -> Path:
    """Where checked and queued workbooks wait (``VAR_DIR/uploads``), created on demand."""
    folder = Path(settings.VAR_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def summary_of(ctx: ImportContext) -> dict[str, Any]:
    """What an import did, JSON-safe: ``{"sheets": [name], "lines": [{"sheet", "rows",
    "created", "updated", "unchanged"}], "ignored": [sentence]}`` (a sheet read with no data
    row has a line of zeros; an ignored sheet's sentence names the nearest known name)."""
    lines = []
    for sheet in ctx.sheets:
        tally = ctx.changes.get(sheet, {})
        lines.append(
            {
                "sheet": sheet,
                "rows": ctx.counts.get(sheet, 0),
                "created": tally.get(CREATED, 0),
                "updated": tally.get(UPDATED, 0),
                "unchanged": tally.get(UNCHANGED, 0),
            }
        )
    ignored = [ignored_message(name, near) for name, near in ctx.ignored]
    return {"sheets": list(ctx.sheets), "lines": lines, "ignored": ignored}


def import_job_create(*, actor: AnyUser, stored_as: str, file_name: str) -> ImportJob:
    """Queue the import of the file stored as ``upload_folder() / stored_as`` (a checked
    .xlsx named by a hex token) and return the job; the worker picks it up once this
    transaction commits. Only administrators of some unit may import the all-sheets workbook
    (PermissionDeniedError otherwise); NotFoundError when the stored file is missing."""
    allowed = is_everywhere(actor) or grant_paths(actor, str(Action.MANAGE))
    if not isinstance(actor, User) or not allowed:
        raise PermissionDeniedError("Chỉ quản trị viên mới được nhập sổ Excel.")
    if not stored_as.removesuffix(".xlsx").isalnum() or not (upload_folder() / stored_as).is_file():
        raise NotFoundError("Không còn tệp đã tải lên; hãy tải tệp lên lại.")
    with transaction.atomic():
        job = ImportJob.objects.create(actor=actor, stored_as=stored_as, file_name=file_name[:255])
        audit_record(
            actor=actor, action=JobsAudit.IMPORT_ENQUEUE, target=job, after={"tệp": job.file_name}
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from nghiquyet.jobs.tasks import run_workbook_import  # the task module imports this one

    run_workbook_import.enqueue(job_id)


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued import (the worker's task body) and return the finished job.

    Progress is saved on the row while the file is read (outside the write transaction, so
    the page polling it sees it); the result summary or every bad cell at the end. An
    unexpected exception marks the job failed with a general message and is raised again,
    so the task backend records it. Writes are the workbook services', audited as the uploader.
    """
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    path = upload_folder() / job.stored_as
    _update(job, status=Status.READING)
    try:
        ctx = import_workbook(path, actor=job.actor, progress=_progress_of(job))
    except WorkbookError as exc:
        errors = [{"where": e.where, "message": e.message} for e in exc.errors]
        _update(job, status=Status.FAILED, errors=errors, finished_at=timezone.now())
    except Exception:
        message = "Lỗi hệ thống khi nhập; chưa lưu gì. Hãy báo quản trị hệ thống."
        _update(
            job,
            status=Status.FAILED,
            errors=[{"where": "Tệp", "message": message}],
            finished_at=timezone.now(),
        )
        raise
    else:
        _update(job, status=Status.DONE, result=summary_of(ctx), finished_at=timezone.now())
    finally:
        path.unlink(missing_ok=True)
    return job


def _progress_of(job: ImportJob) -> Any:
    def progress(phase: str, sheet: str, done: int, total: int) -> None:
        status = Status.READING if phase == READING else Status.SAVING
        _update(job, status=status, sheet=sheet, done=done, total=total)

    return progress


def _update(job: ImportJob, **fields: Any) -> None:
    """Save ``fields`` on ``job`` and its row at once (one UPDATE, no read)."""
    for name, value in fields.items():
        setattr(job, name, value)
    fields["updated_at"] = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(**fields)
