"""How the upload page tells a large workbook (imported in background) from a small one."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from nghiquyet.indicators.tests.test_workbook import book
from nghiquyet.web.uploads import declared_rows


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.NGHIQUYET_BACKGROUND_IMPORT_ROWS = 3


def _xlsx():
    return SimpleUploadedFile("so.xlsx", book().getvalue())


def _zip(parts: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    out.seek(0)
    return out


def test_declared_rows_reads_the_dimensions(settings):
    assert declared_rows(_xlsx()) == 9
    sheet = b'<worksheet><dimension ref="A1:H20001"/></worksheet>'
    assert (
        declared_rows(SimpleUploadedFile("a.xlsx", _zip({"xl/worksheets/s.xml": sheet}).read()))
        == 20000
    )
    undeclared = _zip({"xl/worksheets/s.xml": b"<worksheet/>"}).read()
    assert declared_rows(SimpleUploadedFile("a.xlsx", undeclared)) == 4  # threshold + 1
    assert declared_rows(SimpleUploadedFile("a.xlsx", b"not a zip")) == 0


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.builds(
            lambda head, ref: _zip({"xl/worksheets/sheet1.xml": head + ref}).read(),
            st.binary(max_size=50),
            st.text(max_size=40).map(lambda t: f'<dimension ref="{t}"/>'.encode()),
        ),
    )
)
def test_declared_rows_never_raises(data):
    upload = SimpleUploadedFile("a.xlsx", data)
    assert declared_rows(upload) >= 0
    assert upload.tell() == 0
