"""The audit log: one row per thing a member of staff (or a scheduled job) did that a data-protection officer may
ask about. Rows are only ever added. On PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002); the
model refuses them in Python on every database."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are never deleted")


class AuditEvent(models.Model):
    at = models.DateTimeField(db_index=True)
    # The username as it was (staff accounts are deactivated, never deleted, and a name is what a reader needs);
    # empty for the system's own scheduled jobs.
    actor = models.CharField(max_length=150, blank=True, db_index=True)
    action = models.CharField(
        max_length=60, db_index=True, help_text=_("What was done, e.g. response.viewed")
    )
    # What it was done to, as "<kind>:<id>" (e.g. "response:412", "consultation:serious-violence-duty-2023").
    target = models.CharField(max_length=200, blank=True, db_index=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or 'system'} {self.action} {self.target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are never deleted")
