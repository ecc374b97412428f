"""The PDF is the DOCX converted by LibreOffice; its text holds the JSON's sentence."""

import os
import shutil
import subprocess

import pytest

from nghiquyet.exports.pdf import converter
from nghiquyet.exports.services import draft_create, draft_export


def _require_tools():
    missing = [
        n
        for n, found in (("soffice", converter()), ("pdftotext", shutil.which("pdftotext")))
        if not found
    ]
    if not missing:
        return
    if os.environ.get("NGHIQUYET_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Thiếu {', '.join(missing)} (cài libreoffice-writer-nogui, poppler-utils).")
    pytest.skip(f"Thiếu {', '.join(missing)}; CI đặt NGHIQUYET_REQUIRE_BROWSER=1 và cài chúng.")


def test_pdf_text_holds_the_json_sentence(cast, report_data, tmp_path):
    _require_tools()
    draft = draft_create(actor=cast.tinhuy, org=cast.province, period="2025", kind="dinh_ky")
    row, exported = draft_export(actor=cast.lanhdao, draft=draft, fmt="pdf")
    assert exported.data.startswith(b"%PDF") and row.fmt == "pdf"
    path = tmp_path / "r.pdf"
    path.write_bytes(exported.data)
    text = subprocess.run(  # noqa: S603 - fixed binary
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607 - from PATH, like CI
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sentence = draft.latest.snapshot["summary"]["sentence"]
    assert sentence == report_data["summary"]["sentence"]
    assert sentence in " ".join(text.split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
