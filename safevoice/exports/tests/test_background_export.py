"""An export run by the task worker: started from the back office, followed by its progress, kept for a day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from safevoice.exports.models import ExportJob, ExportStatus
from safevoice.exports.selectors import export_file, export_progress, exports_of
from safevoice.exports.services import (
    ExportRefused,
    delete_expired_exports,
    delete_exports_of,
    job_folder,
    run_export_job,
    start_export,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def export_folder(tmp_path, settings):
    settings.SAFEVOICE_EXPORT_DIR = tmp_path / "exports"
    return settings.SAFEVOICE_EXPORT_DIR


def test_starting_an_export_queues_it_for_the_worker(answered):
    job = start_export(consultation=answered, export_format="sav", actor="analyst1")
    assert DBTaskResult.objects.filter(task_path="safevoice.exports.tasks.run_export").count() == 1
    progress = export_progress(job_id=str(job.pk))
    assert progress is not None
    assert (progress.status, progress.status_label, progress.done, progress.total) == (
        "queued",
        "Waiting to start",
        0,
        2,
    )
    assert progress.files == ()
    assert not progress.finished


def test_the_worker_writes_the_files_and_the_progress_says_they_are_ready(answered):
    job = start_export(consultation=answered, export_format="csv", actor="analyst1", include_excluded=True)
    run_export_job(job_id=str(job.pk))
    progress = export_progress(job_id=str(job.pk))
    assert progress is not None
    assert (progress.status, progress.percent, progress.done, progress.total) == ("finished", 100, 3, 3)
    data_name, dictionary_name = progress.files
    assert data_name.startswith("test-survey-responses-")
    assert data_name.endswith(".csv")
    assert dictionary_name.endswith("-data-dictionary.csv")
    path = export_file(job_id=str(job.pk), name=data_name)
    assert path is not None
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_download_of_any_other_name_finds_nothing(answered):
    job = start_export(consultation=answered, export_format="json", actor="analyst1")
    assert export_file(job_id=str(job.pk), name="anything.json") is None  # not finished yet
    run_export_job(job_id=str(job.pk))
    assert export_file(job_id=str(job.pk), name="../../settings.py") is None
    assert export_file(job_id=str(job.pk), name=export_progress(job_id=str(job.pk)).files[0]) is not None


def test_nothing_to_export_is_refused_before_anything_is_queued(db):
    from safevoice.questionnaires.tests.factories import make_consultation

    consultation, _ = make_consultation()
    with pytest.raises(ExportRefused, match="has no responses yet"):
        start_export(consultation=consultation, export_format="xlsx", actor="analyst1")
    assert not ExportJob.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_job_that_became_impossible_fails_with_the_reason(answered):
    job = start_export(consultation=answered, export_format="xlsx", actor="analyst1")
    answered.responses.all().delete()
    run_export_job(job_id=str(job.pk))
    progress = export_progress(job_id=str(job.pk))
    assert progress is not None
    assert progress.status == "failed"
    assert "has no responses yet" in progress.message
    assert progress.files == ()


def test_running_a_job_twice_writes_it_once(answered):
    job = start_export(consultation=answered, export_format="parquet", actor="analyst1")
    run_export_job(job_id=str(job.pk))
    finished_at = ExportJob.objects.get(pk=job.pk).finished_at
    run_export_job(job_id=str(job.pk))
    assert ExportJob.objects.get(pk=job.pk).finished_at == finished_at


def test_exports_are_deleted_a_day_after_they_finished(answered, settings):
    settings.SAFEVOICE_EXPORT_KEEP_HOURS = 24
    job = start_export(consultation=answered, export_format="csv", actor="analyst1")
    run_export_job(job_id=str(job.pk))
    folder = job_folder(ExportJob.objects.get(pk=job.pk))
    assert folder.is_dir()
    assert delete_expired_exports(now=timezone.now() + timedelta(hours=23)) == 0
    assert delete_expired_exports(now=timezone.now() + timedelta(hours=25)) == 1
    assert not folder.exists()
    assert export_progress(job_id=str(job.pk)) is None


def test_retention_deletes_every_export_of_the_consultation(answered):
    job = start_export(consultation=answered, export_format="csv", actor="analyst1")
    run_export_job(job_id=str(job.pk))
    start_export(consultation=answered, export_format="csv", actor="analyst1")
    assert exports_of(consultation=answered).count() == 2
    assert delete_exports_of(consultation=answered) == 2
    assert not exports_of(consultation=answered).exists()
    assert not job_folder(job).exists()


def test_the_task_runs_the_job(answered):
    from safevoice.exports.tasks import run_export

    job = start_export(consultation=answered, export_format="csv", actor="analyst1")
    summary = run_export.call(job_id=str(job.pk))
    assert summary == "finished: 2 of 2 responses"
    assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.FINISHED
