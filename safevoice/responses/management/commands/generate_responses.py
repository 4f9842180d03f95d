from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safevoice.consultations.selectors import UnknownConsultation, get_consultation_by_slug
from safevoice.content import ContentErrors
from safevoice.responses.synthetic_responses import SyntheticResponsesRefused, generate_synthetic_responses
from safevoice.synthetic.profile import PROFILE_NAME


class Command(BaseCommand):
    help = (
        "Add synthetic responses to a consultation, for demonstrations and benchmarks: answer sets the journey "
        "could have produced (the routing-faithful generator), stored as sending stores them. Refused with "
        "SAFEVOICE_ENV=production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the consultation's slug, as in its web address")
        parser.add_argument("--count", type=int, required=True, help="how many responses to add")
        parser.add_argument(
            "--seed", type=int, default=1, help="the same seed gives the same answers (default 1)"
        )
        parser.add_argument(
            "--profile",
            type=Path,
            help=f"the survey profile to answer by (default: {PROFILE_NAME} in the content folder named like the "
            "slug, if there is one; otherwise generic answers)",
        )

    def handle(
        self, *args: Any, slug: str, count: int, seed: int, profile: Path | None, **options: Any
    ) -> None:
        if settings.PRODUCTION:
            raise CommandError("generate_responses does not run with SAFEVOICE_ENV=production")
        try:
            consultation = get_consultation_by_slug(slug=slug)
        except UnknownConsultation as exc:
            raise CommandError(str(exc)) from None
        if profile is None:
            beside = settings.SAFEVOICE_CONTENT_DIR / "consultations" / slug / PROFILE_NAME
            profile = beside if beside.is_file() else None
        elif not profile.is_file():
            raise CommandError(f"{profile}: there is no such profile file")
        try:
            generated = generate_synthetic_responses(
                consultation=consultation, count=count, seed=seed, profile_path=profile
            )
        except SyntheticResponsesRefused as exc:
            raise CommandError(str(exc)) from None
        except ContentErrors as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{profile}: the profile does not fit the questionnaire; nothing was added"
            ) from None
        how = f"answered as {profile} describes" if profile else "generic answers (no survey profile)"
        self.stdout.write(
            f"Added {generated.stored:,} synthetic responses to {consultation.slug} ({how}), sent between "
            f"{generated.first:%Y-%m-%d} and {generated.last:%Y-%m-%d}; {generated.flagged:,} flagged as repeats."
        )
