from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from safevoice.responses.services import purge_expired_saved_answers


class Command(BaseCommand):
    help = "Delete saved, unfinished answers whose consultation has closed (run it daily, e.g. from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_expired_saved_answers(now=timezone.now())
        self.stdout.write(f"Deleted {deleted} expired set(s) of saved answers.")
