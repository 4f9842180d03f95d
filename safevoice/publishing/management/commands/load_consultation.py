from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safevoice.consultations.timing import UK, closes_at_midnight, last_open_day
from safevoice.content import ContentErrors
from safevoice.publishing.writer import load_consultation_folder


class Command(BaseCommand):
    help = (
        "Check a consultation folder (manifest, Markdown sections, questionnaire) and, only if every check passes, "
        "load it in one transaction. Loading the same folder again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "folder", type=Path, help="for example content/consultations/serious-violence-duty-2023"
        )

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        try:
            consultation = load_consultation_folder(folder=folder)
        except ContentErrors as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            count = len(exc.errors)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in {folder}: nothing was loaded"
            ) from None
        opens = consultation.opens_at.astimezone(UK)
        closes = consultation.closes_at.astimezone(UK)
        closing = (
            f"midnight at the end of {last_open_day(consultation.closes_at):%A %-d %B %Y}"
            if closes_at_midnight(consultation.closes_at)
            else f"{closes:%H:%M on %A %-d %B %Y}"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {consultation.slug} (version {consultation.content_version})")
            + f": {consultation.sections.count()} sections, {consultation.events.count()} events, "
            f"{consultation.privacy_notices.count()} privacy notices. Opens {opens:%H:%M on %A %-d %B %Y}, "
            f"closes at {closing} (UK time); {consultation.state.label.lower()} now."
        )
