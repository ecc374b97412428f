"""Large workbook imports run as background work (django-tasks) with a progress page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.core.workbook import READING, SAVING, import_workbook
from nghiquyet.indicators.models import IndicatorValue
from nghiquyet.indicators.tests.test_workbook import VALUES, book
from nghiquyet.jobs.models import ImportJob
from nghiquyet.jobs.services import import_job_create

URL = "/nhap-excel/"
Status = ImportJob.Status


@pytest.fixture(autouse=True)
def small_threshold(tmp_path, settings):
    """Uploads wait in a temporary folder; any workbook above 3 data rows runs in background."""
    settings.VAR_DIR = tmp_path
    settings.NGHIQUYET_BACKGROUND_IMPORT_ROWS = 3
    return tmp_path


def _xlsx(data=None):
    return SimpleUploadedFile(
        "so-lon.xlsx",
        (data or book()).getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _upload(client, captured, data=None):
    with captured(execute=True):
        response = client.post(URL, {"file": _xlsx(data)})
    assert response.status_code == 302
    return ImportJob.objects.get(), response["Location"]


def test_large_upload_is_imported_by_a_task_then_shows_the_summary(
    cast, client_for, django_capture_on_commit_callbacks, small_threshold
):
    client = client_for("tinhuy")
    job, location = _upload(client, django_capture_on_commit_callbacks)
    assert location == reverse("jobs:import_job", args=[job.pk]) == f"/nhap-excel/viec/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.actor, job.file_name) == (Status.DONE, cast.tinhuy, "so-lon.xlsx")
    assert IndicatorValue.objects.count() == 4
    values = next(line for line in job.result["lines"] if line["sheet"] == "Số liệu")
    assert values == {"sheet": "Số liệu", "rows": 4, "created": 4, "updated": 0, "unchanged": 0}
    assert job.done == job.total == 9  # 3 indicators + 2 targets + 4 values, as declared
    assert not list((small_threshold / "uploads").glob("*.xlsx"))  # the file is not kept
    assert AuditEntry.objects.filter(action="jobs.import.enqueue").count() == 1
    page = client.get(location).content.decode()
    assert "Đã nhập" in page and "Số liệu" in page and "every 2s" not in page


def test_bad_cell_fails_the_job_listing_the_cell_and_saves_nothing(
    cast, client_for, django_capture_on_commit_callbacks
):
    bad = [list(r) for r in VALUES]
    bad[2][3] = "7o"
    client = client_for("tinhuy")
    job, location = _upload(client, django_capture_on_commit_callbacks, book(bad))
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.errors == [{"where": "Số liệu!D3", "message": "“7o” không phải là số."}]
    assert not IndicatorValue.objects.exists()
    page = client.get(location).content.decode()
    assert "Không nhập được — chưa lưu gì" in page and "Số liệu!D3" in page


def test_small_upload_stays_a_synchronous_check(cast, client_for, settings):
    settings.NGHIQUYET_BACKGROUND_IMPORT_ROWS = 9
    response = client_for("tinhuy").post(URL, {"file": _xlsx()})
    assert response.status_code == 200 and "Kiểm tra xong (chưa lưu)" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_running_job_page_polls_every_two_seconds_with_a_progress_bar(cast, client_for):
    job = ImportJob.objects.create(
        actor=cast.tinhuy, file_name="a.xlsx", stored_as="x.xlsx", status=Status.READING
    )
    ImportJob.objects.filter(pk=job.pk).update(done=2500, total=10000, sheet="Số liệu")
    client = client_for("tinhuy")
    page = client.get(job_url := reverse("jobs:import_job", args=[job.pk])).content.decode()
    assert f'hx-get="{job_url}" hx-trigger="every 2s"' in page
    assert '<progress max="100" value="22"' in page
    assert "Đã đọc 2.500/10.000 dòng, trang tính “Số liệu”" in page
    partial = client.get(job_url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="job-status"') and "<html" not in partial


@pytest.mark.parametrize("persona", ["lanhdao", "xa", "anonymous"])
def test_a_job_is_seen_only_by_its_uploader(cast, client_for, persona):
    job = ImportJob.objects.create(actor=cast.tinhuy, file_name="a.xlsx", stored_as="x.xlsx")
    response = client_for(persona).get(reverse("jobs:import_job", args=[job.pk]))
    assert response.status_code == (302 if persona == "anonymous" else 404)


def test_only_administrators_may_queue_an_import(cast, small_threshold):
    (small_threshold / "uploads").mkdir()
    (small_threshold / "uploads" / "abc.xlsx").write_bytes(book().getvalue())
    with pytest.raises(PermissionDeniedError):
        import_job_create(actor=cast.xa, stored_as="abc.xlsx", file_name="a.xlsx")
    assert not ImportJob.objects.exists()


def test_progress_follows_rows_read_then_saving(cast):
    values = [VALUES[0]] + [
        ["DV-MOI", "P-CL-CB1", f"{1900 + i // 4}Q{i % 4 + 1}", i] for i in range(800)
    ]
    calls = []
    import_workbook(
        book(values), actor=cast.tinhuy, dry_run=True, progress=lambda *a: calls.append(a)
    )
    total = 3 + 2 + 800
    reading = [c for c in calls if c[0] == READING]
    assert ("reading", "Số liệu", 5 + 499, total) in reading  # every 500 sheet rows
    assert [c[2] for c in reading] == sorted(c[2] for c in reading)
    assert calls[-1] == (SAVING, "", total, total)


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_import(
    cast, settings, small_threshold, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    (small_threshold / "uploads").mkdir()
    (small_threshold / "uploads" / "abc.xlsx").write_bytes(book().getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(actor=cast.tinhuy, stored_as="abc.xlsx", file_name="a.xlsx")
    job.refresh_from_db()
    assert job.status == Status.QUEUED and not IndicatorValue.objects.exists()
    call_command("db_worker", "--max-tasks", "1", "--no-startup-delay", "--interval", "0.1")
    job.refresh_from_db()
    assert job.status == Status.DONE and IndicatorValue.objects.count() == 4
