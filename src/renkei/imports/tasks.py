"""Background work of imports. Each task is safe to run twice."""

from django_tasks import task

from renkei.imports.services import run_job


@task()
def run_import(job_id: int) -> str:
    return run_job(job_id)
