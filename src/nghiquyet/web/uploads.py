"""The two-step workbook upload: a dry run that shows what would change, then the import.

The checked file waits under ``VAR_DIR/uploads`` with a random name remembered in the session,
so the second step imports exactly the file that was previewed.
"""

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from nghiquyet.access.scoping import AnyUser, grant_paths, is_everywhere
from nghiquyet.core.workbook import CellError, WorkbookError, import_workbook

# The key predates the page's move out of the indicators app; keeping it lets a check made
# just before an upgrade still be confirmed after it.
SESSION_KEY = "indicators_upload"
STALE_SECONDS = 24 * 3600


def may_import(user: AnyUser) -> bool:
    return is_everywhere(user) or bool(grant_paths(user, "manage"))


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_stale(folder: Path) -> None:
    """Checked files never confirmed are dropped after a day."""
    limit = time.time() - STALE_SECONDS
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)


def preview(request: HttpRequest, upload: UploadedFile) -> tuple[dict[str, int], str]:
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
    return ctx.counts, token


def import_saved(request: HttpRequest, token: str) -> dict[str, int]:
    if token != request.session.get(SESSION_KEY) or not token.isalnum():
        raise WorkbookError([CellError("Tệp", "Phiên kiểm tra đã hết hạn; hãy tải tệp lên lại.")])
    path = _folder() / f"{token}.xlsx"
    if not path.is_file():
        raise WorkbookError([CellError("Tệp", "Không còn tệp đã kiểm tra; hãy tải tệp lên lại.")])
    try:
        return import_workbook(path, actor=request.user).counts
    finally:
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
