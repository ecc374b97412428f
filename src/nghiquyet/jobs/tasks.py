"""The tasks the worker runs (django-tasks; ``nghiquyet db_worker`` with the database backend)."""

from django_tasks import task

from nghiquyet.jobs.services import import_job_run


@task()
def run_workbook_import(job_id: int) -> str:
    """Import the workbook of ImportJob ``job_id``; returns the job's final status code."""
    return str(import_job_run(job_id=job_id).status)
