from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safevoice.content import ContentErrors
from safevoice.publishing.support_services import load_support_services


class Command(BaseCommand):
    help = "Make the support services match the CSV file. Only rows marked verified are shown publicly."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            type=Path,
            nargs="?",
            default=None,
            help="the CSV file (default: support_services.csv in SAFEVOICE_CONTENT_DIR)",
        )

    def handle(self, *args: Any, path: Path | None, **options: Any) -> None:
        path = path or settings.SAFEVOICE_CONTENT_DIR / "support_services.csv"
        try:
            services = load_support_services(path=path)
        except ContentErrors as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} problem(s) in {path}: nothing was loaded") from None
        verified = sum(service.is_verified for service in services)
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {len(services)} support services")
            + f" ({verified} verified and shown; {len(services) - verified} kept for staff to check)"
        )
