"""PDF from the DOCX, by LibreOffice in headless mode (docs/decisions/0010-report-files.md).

One conversion of a report takes about 2 s on a warm machine (more on the first call, which
creates the converter's profile). Each call uses its own profile directory, so concurrent
requests do not block on LibreOffice's profile lock.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from nghiquyet.core.errors import ServiceError

CANDIDATES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 120


class ConverterMissingError(ServiceError):
    status_code = 503

    def __init__(self) -> None:
        super().__init__(
            "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản DOCX "
            "(quản trị: cài gói libreoffice-writer-nogui)."
        )


def converter() -> str | None:
    """The path of the LibreOffice binary, or None when it is not installed."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert DOCX bytes to PDF bytes. Raises ConverterMissingError without LibreOffice and
    ServiceError when the conversion fails or exceeds ``TIMEOUT_SECONDS``."""
    binary = converter()
    if binary is None:
        raise ConverterMissingError
    with tempfile.TemporaryDirectory(prefix="nghiquyet-pdf-") as tmp:
        work = Path(tmp)
        source = work / "bao-cao.docx"
        source.write_bytes(docx)
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603 - fixed binary and arguments, no shell
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise ServiceError("Chuyển sang PDF quá thời gian cho phép; hãy thử lại.") from None
        target = work / "bao-cao.pdf"
        if not target.exists():
            raise ServiceError("Không chuyển được báo cáo sang PDF; hãy tải bản DOCX.")
        return target.read_bytes()
