"""Writes: exporting a consultation's responses to a file (now, or as a background task with progress), and
deleting export files once they have served their purpose.

    export_responses(consultation=c, export_format="csv", out=Path("r.csv"), actor="analyst1")  # now
    job = start_export(consultation=c, export_format="xlsx", actor="analyst1")  # in the background
    export_progress(job_id=job.pk)  # selectors: how far it has got, then the files

Every export is audited (who, format, how many responses) and refused with a specific reason when there is
nothing to export. Rows are read a chunk at a time (``responses.selectors.answer_chunks``), ordered by day and,
within a day, by nothing to do with time: files give the date of each response, never its time or its order.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safevoice.analysis.layout import LayoutConflict
from safevoice.audit.services import record_event
from safevoice.consultations.models import Consultation
from safevoice.consultations.timing import UK
from safevoice.exports.dictionary import data_dictionary
from safevoice.exports.formats import WRITERS, ExportFormat, ExportHeader
from safevoice.exports.models import ExportJob, ExportStatus
from safevoice.responses.selectors import (
    CHUNK_SIZE,
    analysis_questionnaires,
    answer_chunks,
    responses_for_analysis,
)

#: Called after every chunk with (responses written, responses in all).
Progress = Callable[[int, int], None]


class ExportRefused(Exception):
    """The export cannot be made as asked; the message says why, in words for staff."""


@dataclass(frozen=True)
class ExportResult:
    #: The data file first, then its data dictionary where the format keeps that in a file of its own.
    files: list[Path]
    count: int


def parse_format(value: str) -> ExportFormat:
    try:
        return ExportFormat(value.lower())
    except ValueError:
        choices = ", ".join(f.value for f in ExportFormat)
        raise ExportRefused(f"There is no export format {value!r}: choose one of {choices}") from None


def export_count(*, consultation: Consultation, include_excluded: bool) -> int:
    """How many responses an export would hold; ExportRefused when none (saying why: none yet, or all excluded)."""
    count = responses_for_analysis(consultation=consultation, include_excluded=include_excluded).count()
    if count:
        return count
    every = responses_for_analysis(consultation=consultation, include_excluded=True).count()
    if every == 0:
        raise ExportRefused(
            f"{consultation.title} ({consultation.slug}) has no responses yet: there is nothing to export"
        )
    raise ExportRefused(
        f"All {every:,} responses to {consultation.title} ({consultation.slug}) are excluded from analysis: "
        "ask for excluded responses to be included to export them"
    )


def export_responses(
    *,
    consultation: Consultation,
    export_format: str,
    out: Path,
    actor: str,
    include_excluded: bool = False,
    on_progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
    now: datetime | None = None,
) -> ExportResult:
    """Write the consultation's responses to ``out`` (and its data dictionary beside it, for formats that need
    one). Nothing is left at ``out`` unless the whole export succeeded. Audited as responses.exported."""
    kind = parse_format(export_format)
    suffix = f".{kind.value}"
    if out.suffix.lower() != suffix:
        raise ExportRefused(
            f"{out.name}: a {kind.value} export's file name must end in {suffix}, e.g. {out.stem}{suffix}"
        )
    if out.is_dir():
        raise ExportRefused(f"{out} is a folder: give the name of the file to write")
    if not out.parent.is_dir():
        raise ExportRefused(f"{out.parent}: there is no such folder to write the export in")
    total = export_count(consultation=consultation, include_excluded=include_excluded)
    questionnaires = analysis_questionnaires(consultation=consultation)
    if not questionnaires:
        raise ExportRefused(f"{consultation.slug} has no questionnaire, so its responses have no columns")
    now = now or timezone.now()
    try:
        columns = tuple(data_dictionary(questionnaires, include_excluded=include_excluded))
    except LayoutConflict as exc:
        raise ExportRefused(str(exc)) from None
    header = ExportHeader(
        slug=consultation.slug,
        title=consultation.title,
        exported_on=now.astimezone(UK).date(),
        include_excluded=include_excluded,
        columns=columns,
    )
    # Written in a folder of its own beside ``out`` and moved into place at the end: a failure leaves nothing.
    workspace = Path(tempfile.mkdtemp(prefix=".export-", dir=out.parent))
    try:
        writer = WRITERS[kind](workspace / out.name, header)
        try:
            for chunk in answer_chunks(
                consultation=consultation,
                include_excluded=include_excluded,
                chunk_size=chunk_size,
                keep_time_order=False,
            ):
                writer.write(chunk)
                if on_progress is not None:
                    on_progress(writer.count, total)
            written = writer.close()
        except ValueError as exc:  # a question id clashing with a response column, or a stored answer's type
            writer.abort()
            raise ExportRefused(str(exc)) from None
        except BaseException:
            writer.abort()
            raise
        files = []
        for path in written:
            target = out.parent / path.name
            path.replace(target)
            files.append(target)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    record_event(
        actor=actor,
        action="responses.exported",
        target=f"consultation:{consultation.slug}",
        details={"format": kind.value, "count": writer.count, "include_excluded": include_excluded},
        at=now,
    )
    return ExportResult(files=files, count=writer.count)


# In the background ---------------------------------------------------------------------------------------------


def export_folder() -> Path:
    return Path(settings.SAFEVOICE_EXPORT_DIR)


def job_folder(job: ExportJob) -> Path:
    return export_folder() / str(job.pk)


def start_export(
    *, consultation: Consultation, export_format: str, actor: str, include_excluded: bool = False
) -> ExportJob:
    """Queue an export for the task worker and return its job (``selectors.export_progress`` follows it).

    What can be known at once is refused at once (an unknown format, nothing to export), so the person asking
    sees the reason on the page they asked from rather than in a failed job."""
    from safevoice.exports.tasks import run_export

    kind = parse_format(export_format)
    total = export_count(consultation=consultation, include_excluded=include_excluded)
    with transaction.atomic():
        job = ExportJob.objects.create(
            consultation=consultation,
            format=kind.value,
            include_excluded=include_excluded,
            requested_by=actor,
            total=total,
            created_at=timezone.now(),
        )
        # The task row is written in the same transaction: a worker never sees a task whose job is not there.
        run_export.enqueue(job_id=str(job.pk))
    return job


def run_export_job(*, job_id: str) -> ExportJob:
    """Do a queued export (the task worker calls this): progress saved after every chunk, the files in the job's
    own folder, the reason kept when it fails."""
    job = ExportJob.objects.select_related("consultation").get(pk=job_id)
    if job.status != ExportStatus.QUEUED:
        return job  # already done by another worker, or retried after it finished
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, started_at=timezone.now())
    folder = job_folder(job)
    folder.mkdir(parents=True, exist_ok=True)
    day = timezone.now().astimezone(UK).date()
    out = folder / f"{job.consultation.slug}-responses-{day:%Y-%m-%d}.{job.format}"

    def saved_progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        result = export_responses(
            consultation=job.consultation,
            export_format=job.format,
            out=out,
            actor=job.requested_by,
            include_excluded=job.include_excluded,
            on_progress=saved_progress,
        )
    except ExportRefused as exc:
        _finish(job, status=ExportStatus.FAILED, message=str(exc))
        shutil.rmtree(folder, ignore_errors=True)
    except Exception as exc:
        _finish(
            job, status=ExportStatus.FAILED, message=f"The export could not be written ({type(exc).__name__})"
        )
        shutil.rmtree(folder, ignore_errors=True)
        raise
    else:
        _finish(job, status=ExportStatus.FINISHED, files=[p.name for p in result.files], done=result.count)
    job.refresh_from_db()
    return job


def _finish(
    job: ExportJob, *, status: str, message: str = "", files: list[str] | None = None, done: int | None = None
) -> None:
    changes: dict[str, object] = {"status": status, "message": message, "finished_at": timezone.now()}
    if files is not None:
        changes["files"] = files
    if done is not None:
        changes["done"] = done
    ExportJob.objects.filter(pk=job.pk).update(**changes)


def keep_exports_for() -> timedelta:
    return timedelta(hours=settings.SAFEVOICE_EXPORT_KEEP_HOURS)


def delete_expired_exports(*, now: datetime) -> int:
    """Delete the files and rows of exports that finished (or failed) longer ago than they are kept; how many."""
    expired = list(ExportJob.objects.filter(finished_at__lte=now - keep_exports_for()))
    return _delete_jobs(expired)


def delete_exports_of(*, consultation: Consultation) -> int:
    """Delete every export of ``consultation``, files and all (retention); how many."""
    return _delete_jobs(list(ExportJob.objects.filter(consultation=consultation)))


def _delete_jobs(jobs: list[ExportJob]) -> int:
    for job in jobs:
        shutil.rmtree(job_folder(job), ignore_errors=True)
    ExportJob.objects.filter(pk__in=[j.pk for j in jobs]).delete()
    return len(jobs)
