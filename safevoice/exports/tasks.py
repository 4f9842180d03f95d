"""The export task, run by the django-tasks worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_export(job_id: str) -> str:
    from safevoice.exports.services import run_export_job

    job = run_export_job(job_id=job_id)
    return f"{job.status}: {job.done:,} of {job.total:,} responses" + (
        f" ({job.message})" if job.message else ""
    )
