"""The housekeeping task, run by the django-tasks worker (`manage.py db_worker`), which queues its own next run."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from safevoice.housekeeping.services import delete_expired


@task()
def housekeeping() -> str:
    from safevoice.housekeeping.scheduling import schedule_next

    now = timezone.now()
    deleted = delete_expired(now=now)
    schedule_next(after=now)
    return str(deleted)
