"""Reads: how far a background export has got, and the files it wrote."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db.models import QuerySet

from safevoice.consultations.models import Consultation
from safevoice.exports.models import ExportJob, ExportStatus
from safevoice.exports.services import job_folder


@dataclass(frozen=True)
class ExportProgress:
    job_id: str
    consultation_slug: str
    format: str
    status: str
    #: The status in words for staff ("Waiting to start", "Ready to download", …).
    status_label: str
    done: int
    total: int
    #: Whole per cent written (100 once finished).
    percent: int
    #: Why it failed, in words; empty otherwise.
    message: str
    #: The file names to offer for download once finished (the data file first); empty before.
    files: tuple[str, ...]

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.FINISHED, ExportStatus.FAILED)


def export_progress(*, job_id: str) -> ExportProgress | None:
    """The job's progress; None when there is no such job (or it has been deleted after its time)."""
    job = ExportJob.objects.filter(pk=job_id).select_related("consultation").first()
    if job is None:
        return None
    if job.status == ExportStatus.FINISHED:
        percent = 100
    else:
        percent = min(99, job.done * 100 // job.total) if job.total else 0
    return ExportProgress(
        job_id=str(job.pk),
        consultation_slug=job.consultation.slug,
        format=job.format,
        status=job.status,
        status_label=str(ExportStatus(job.status).label),
        done=job.done,
        total=job.total,
        percent=percent,
        message=job.message,
        files=tuple(job.files) if job.status == ExportStatus.FINISHED else (),
    )


def exports_of(*, consultation: Consultation) -> QuerySet[ExportJob]:
    """The consultation's exports still kept, newest first."""
    return ExportJob.objects.filter(consultation=consultation).order_by("-created_at")


def export_file(*, job_id: str, name: str) -> Path | None:
    """The path of one file a finished export wrote, for a download; None for any other name (no path from a
    request ever reaches the file system unchecked)."""
    job = ExportJob.objects.filter(pk=job_id, status=ExportStatus.FINISHED).first()
    if job is None or name not in job.files:
        return None
    path = job_folder(job) / name
    return path if path.is_file() else None
