"""Keeping exactly one housekeeping run queued, every SAFEVOICE_HOUSEKEEPING_MINUTES.

django-tasks has no periodic schedule of its own, so each run queues the next (``run_after``), and ``migrate``
queues one if none is waiting. A run that is already queued or running is never duplicated, however many
workers or deployments there are.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

TASK_PATH = "safevoice.housekeeping.tasks.housekeeping"
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


def schedule_after_migrate(**kwargs: Any) -> None:
    """After ``migrate``: queue a run now if none is waiting (and the task table exists)."""
    if DBTaskResult._meta.db_table not in connection.introspection.table_names():
        return
    if not next_run_is_queued():
        from safevoice.housekeeping.tasks import housekeeping

        housekeeping.using(run_after=timezone.now()).enqueue()
