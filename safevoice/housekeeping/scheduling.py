"""Keeping exactly one housekeeping run queued, every SAFEVOICE_HOUSEKEEPING_MINUTES, and one retention run,
daily at RETENTION_HOUR (UK time).

django-tasks has no periodic schedule of its own, so each run queues the next (``run_after``), and ``migrate``
queues one if none is waiting. A run that is already queued or running is never duplicated, however many
workers or deployments there are.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from safevoice.consultations.timing import UK, local_to_utc

TASK_PATH = "safevoice.housekeeping.tasks.housekeeping"
RETENTION_TASK_PATH = "safevoice.housekeeping.tasks.retention"
#: Retention runs once a day, in the quiet of the night.
RETENTION_HOUR = 3
WAITING = ("READY", "RUNNING")


def interval() -> timedelta:
    return timedelta(minutes=settings.SAFEVOICE_HOUSEKEEPING_MINUTES)


def next_run_is_queued() -> bool:
    return DBTaskResult.objects.filter(task_path=TASK_PATH, status__in=WAITING).exists()


def schedule_next(*, after: datetime) -> None:
    """Queue the next run ``interval()`` after ``after``, unless another run is already waiting."""
    from safevoice.housekeeping.tasks import housekeeping

    if DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists():
        return
    housekeeping.using(run_after=after + interval()).enqueue()


def next_retention_time(*, after: datetime) -> datetime:
    """The first RETENTION_HOUR:00 (UK) after ``after``."""
    local = after.astimezone(UK)
    candidate = local_to_utc(datetime.combine(local.date(), time(RETENTION_HOUR, 0)))
    if candidate <= after:
        candidate = local_to_utc(datetime.combine(local.date() + timedelta(days=1), time(RETENTION_HOUR, 0)))
    return candidate


def schedule_next_retention(*, after: datetime) -> None:
    """Queue the next retention run for the next RETENTION_HOUR after ``after``, unless one is waiting."""
    from safevoice.housekeeping.tasks import retention

    if DBTaskResult.objects.filter(task_path=RETENTION_TASK_PATH, status="READY").exists():
        return
    retention.using(run_after=next_retention_time(after=after)).enqueue()


def schedule_after_migrate(**kwargs: Any) -> None:
    """After ``migrate``: queue a housekeeping run now and the next retention run, unless they are waiting (and
    the task table exists)."""
    if DBTaskResult._meta.db_table not in connection.introspection.table_names():
        return
    if not next_run_is_queued():
        from safevoice.housekeeping.tasks import housekeeping

        housekeeping.using(run_after=timezone.now()).enqueue()
    if not DBTaskResult.objects.filter(task_path=RETENTION_TASK_PATH, status__in=WAITING).exists():
        schedule_next_retention(after=timezone.now())
