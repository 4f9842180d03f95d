"""An export run in the background: what was asked for, how far it has got, and the files it wrote.

The files are copies of responses, so they do not stay on the server: housekeeping deletes them (and the row)
``SAFEVOICE_EXPORT_KEEP_HOURS`` after the export finished, and retention deletes them with the responses.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from safevoice.consultations.models import Consultation


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being written")
    FINISHED = "finished", _("Ready to download")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    # Not a counter: the address of a download says nothing about how many exports there have been.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="export_jobs")
    format = models.CharField(max_length=10)
    include_excluded = models.BooleanField(default=False)
    requested_by = models.CharField(max_length=150, help_text=_("The username of who asked for it."))
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text=_("Responses to write."))
    done = models.PositiveIntegerField(default=0, help_text=_("Responses written so far."))
    message = models.TextField(blank=True, help_text=_("Why it failed, in words for staff."))
    files = models.JSONField(default=list, help_text=_("File names written, in the job's own folder."))
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["finished_at"], name="export_job_finished")]

    def __str__(self) -> str:
        return f"{self.format} export of {self.consultation_id} ({self.status})"
