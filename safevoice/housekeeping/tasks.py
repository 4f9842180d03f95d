"""The housekeeping and retention tasks, run by the django-tasks worker (`manage.py db_worker`); each queues its
own next run."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from safevoice.housekeeping.retention import apply_retention
from safevoice.housekeeping.services import delete_expired


@task()
def housekeeping() -> str:
    from safevoice.housekeeping.scheduling import schedule_next

    now = timezone.now()
    deleted = delete_expired(now=now)
    schedule_next(after=now)
    return str(deleted)


@task()
def retention() -> str:
    from safevoice.housekeeping.scheduling import schedule_next_retention

    now = timezone.now()
    try:
        # The system's own scheduled job: the audit log's actor is empty for those.
        outcomes = apply_retention(now=now, dry_run=False, actor="")
    finally:
        schedule_next_retention(after=now)
    return (
        "; ".join(o.describe(dry_run=False) for o in outcomes) or "no consultation is past its retention date"
    )
