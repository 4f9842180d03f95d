from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from safevoice.housekeeping.services import delete_expired


class Command(BaseCommand):
    help = (
        "Delete expired sessions, saved answers and rate-limit counters now. The django-tasks worker "
        "(manage.py db_worker) does this every SAFEVOICE_HOUSEKEEPING_MINUTES by itself; this command is for "
        "deployments that prefer cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Deleted {delete_expired(now=timezone.now())}.")
