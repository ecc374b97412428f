"""The two-step workbook upload: a dry run that shows what would change, then the import.

The checked file waits under ``VAR_DIR/uploads`` with a random name remembered in the session,
so the second step imports exactly the file that was previewed. A workbook whose sheets declare
more than NGHIQUYET_BACKGROUND_IMPORT_ROWS data rows skips the check: it is imported by the
worker (``nghiquyet.jobs``) while a page shows its progress.
"""

import re
import secrets
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.workbook import CellError, ImportContext, WorkbookError, import_workbook
from nghiquyet.jobs.models import ImportJob
from nghiquyet.jobs.services import import_job_create, summary_of, upload_folder
from nghiquyet.web.permissions import may_anywhere

# The key predates the page's move out of the indicators app; keeping it lets a check made
# just before an upgrade still be confirmed after it.
SESSION_KEY = "indicators_upload"
STALE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class SheetLine:
    sheet: str
    rows: int
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class Summary:
    """What a check or an import did, for the page: every sheet read (``sheets``), one line
    per sheet with rows created, updated and unchanged (``lines``; a sheet with no data row
    shows zeros), and a sentence per ignored sheet naming the nearest known name."""

    sheets: list[str]
    lines: list[SheetLine]
    ignored: list[str]

    @classmethod
    def of(cls, ctx: ImportContext) -> "Summary":
        return cls.from_json(summary_of(ctx))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Summary":
        """The summary saved by a background import (``jobs.services.summary_of``)."""
        lines = [SheetLine(**line) for line in data["lines"]]
        return cls(list(data["sheets"]), lines, list(data["ignored"]))

    def line(self, sheet: str) -> SheetLine:
        return next(line for line in self.lines if line.sheet == sheet)


def may_import(user: AnyUser) -> bool:
    """Only administrators of some unit may import the all-sheets workbook."""
    return may_anywhere(user, "manage")


def _folder() -> Path:
    return upload_folder()


def _forget_stale(folder: Path) -> None:
    """Checked files never confirmed are dropped after a day."""
    limit = time.time() - STALE_SECONDS
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension ref=\"[A-Z]+\d+(?::[A-Z]+(\d+))?\"")
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")


def declared_rows(upload: UploadedFile) -> int:
    """The data rows the workbook's sheets declare in their ``<dimension>`` (header rows left
    out), read from the first 4 kB of each sheet part only. A sheet that declares none counts
    as NGHIQUYET_BACKGROUND_IMPORT_ROWS + 1 (its size is unknown until read); a file that is
    not a zip archive counts 0 (the check then says what is wrong with it)."""
    unknown = settings.NGHIQUYET_BACKGROUND_IMPORT_ROWS + 1
    total = 0
    try:
        with zipfile.ZipFile(upload) as archive:
            for name in filter(_SHEET_PART.fullmatch, archive.namelist()):
                with archive.open(name) as part:
                    found = _DIMENSION.search(part.read(4096))
                total += max(int(found.group(1) or 1) - 1, 0) if found else unknown
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return 0
    finally:
        upload.seek(0)
    return total


def runs_in_background(upload: UploadedFile) -> bool:
    """Whether ``upload`` is large enough (see ``declared_rows``) to be imported by the worker."""
    return declared_rows(upload) > settings.NGHIQUYET_BACKGROUND_IMPORT_ROWS


def enqueue(request: HttpRequest, upload: UploadedFile) -> ImportJob:
    """Keep ``upload`` and queue its import, all or nothing, as the user. Returns the job,
    whose page shows the progress. Raises PermissionDeniedError like the import."""
    folder = _folder()
    _forget_stale(folder)
    stored_as = f"{secrets.token_hex(16)}.xlsx"
    with (folder / stored_as).open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return import_job_create(
        actor=request.user, stored_as=stored_as, file_name=upload.name or stored_as
    )


def preview(request: HttpRequest, upload: UploadedFile) -> tuple[Summary, str]:
    """Check ``upload`` (a dry run that saves nothing) and keep it for ``import_saved``.

    Returns what the import would do and the token that names the kept file. Raises
    WorkbookError listing every bad cell.
    """
    token = secrets.token_hex(16)
    folder = _folder()
    _forget_stale(folder)
    path = folder / f"{token}.xlsx"
    with path.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    try:
        ctx = import_workbook(path, actor=request.user, dry_run=True)
    except WorkbookError:
        path.unlink(missing_ok=True)
        raise
    request.session[SESSION_KEY] = token
    return Summary.of(ctx), token


def import_saved(request: HttpRequest, token: str) -> Summary:
    """Import the file checked under ``token``, all or nothing. Raises WorkbookError."""
    if token != request.session.get(SESSION_KEY) or not token.isalnum():
        raise WorkbookError([CellError("Tệp", "Phiên kiểm tra đã hết hạn; hãy tải tệp lên lại.")])
    path = _folder() / f"{token}.xlsx"
    if not path.is_file():
        raise WorkbookError([CellError("Tệp", "Không còn tệp đã kiểm tra; hãy tải tệp lên lại.")])
    try:
        return Summary.of(import_workbook(path, actor=request.user))
    finally:
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
