"""The two-step workbook upload: a dry run that shows what would change, then the import.

The checked file waits under ``VAR_DIR/uploads`` with a random name remembered in the session,
so the second step imports exactly the file that was previewed.
"""

import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.workbook import (
    CREATED,
    UNCHANGED,
    UPDATED,
    CellError,
    ImportContext,
    WorkbookError,
    ignored_message,
    import_workbook,
)
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
        lines = []
        for sheet in ctx.sheets:
            tally = ctx.changes.get(sheet, {})
            lines.append(
                SheetLine(
                    sheet,
                    ctx.counts.get(sheet, 0),
                    tally.get(CREATED, 0),
                    tally.get(UPDATED, 0),
                    tally.get(UNCHANGED, 0),
                )
            )
        ignored = [ignored_message(name, near) for name, near in ctx.ignored]
        return cls(list(ctx.sheets), lines, ignored)

    def line(self, sheet: str) -> SheetLine:
        return next(line for line in self.lines if line.sheet == sheet)


def may_import(user: AnyUser) -> bool:
    """Only administrators of some unit may import the all-sheets workbook."""
    return may_anywhere(user, "manage")


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
