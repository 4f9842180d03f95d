from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from safevoice.audit.services import command_line_actor
from safevoice.housekeeping.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Delete the responses, saved answers and exports of every consultation whose retention date "
        "(keep_responses_until) has passed, keeping only published aggregate outputs; each deletion is audited. "
        "The task worker does this daily by itself; --dry-run shows what would be deleted and deletes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted; delete nothing"
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        outcomes = apply_retention(
            now=timezone.now(), dry_run=dry_run, actor=command_line_actor("apply_retention")
        )
        if not outcomes:
            self.stdout.write("No consultation is past its retention date: nothing to delete.")
            return
        for outcome in outcomes:
            self.stdout.write(outcome.describe(dry_run=dry_run))
        if dry_run:
            self.stdout.write("Dry run: nothing was deleted.")
