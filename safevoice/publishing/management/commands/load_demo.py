from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safevoice.consultations.timing import UK, end_of_local_day
from safevoice.content import ContentErrors
from safevoice.publishing.support_services import load_support_services
from safevoice.publishing.writer import DemonstrationCopy, load_consultation_folder
from safevoice.responses.synthetic_responses import top_up_synthetic_responses
from safevoice.synthetic.profile import PROFILE_NAME

REAL_SLUG = "serious-violence-duty-2023"
DEMONSTRATION_SLUG = f"{REAL_SLUG}-demo"
DEMONSTRATION_WEEKS = 4
#: The copy opened this long ago, so its synthetic responses are spread over days, as real ones would be.
DEMONSTRATION_OPEN_FOR = timedelta(weeks=3)
#: About this many synthetic responses, so every staff page, export and chart has something to show.
DEMONSTRATION_RESPONSES = 2_000
DEMONSTRATION_SEED = 2023


class Command(BaseCommand):
    help = (
        "Set up the demonstration site: the real 2023 consultation (with its real dates), a copy of it re-opened "
        "three weeks ago until four weeks from now and marked as a demonstration, with about 2,000 synthetic "
        "responses, the support services, and a staff login (manage.py demo_staff_login). Safe to run again: it "
        "updates what is there, tops the responses up to the same number (never more) and gives the staff login a "
        "new password, two-factor secret and recovery code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-staff-user", action="store_true", help="do not create or reset the staff login"
        )
        parser.add_argument(
            "--responses",
            type=int,
            default=DEMONSTRATION_RESPONSES,
            metavar="N",
            help=f"synthetic responses the copy should hold (default {DEMONSTRATION_RESPONSES:,}; 0 adds none)",
        )

    def handle(self, *args: Any, no_staff_user: bool, responses: int, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "load_demo creates a known staff login: it does not run with SAFEVOICE_ENV=production"
            )
        folder = settings.SAFEVOICE_CONTENT_DIR / "consultations" / REAL_SLUG
        now = timezone.now()
        closing_day = (now.astimezone(UK) + timedelta(weeks=DEMONSTRATION_WEEKS)).date()
        try:
            call_command("load_consultation", str(folder), stdout=self.stdout, stderr=self.stderr)
            demo = load_consultation_folder(
                folder=folder,
                demonstration=DemonstrationCopy(
                    slug=DEMONSTRATION_SLUG,
                    opens_at=now - DEMONSTRATION_OPEN_FOR,
                    closes_at=end_of_local_day(closing_day),
                ),
            )
            services = load_support_services(path=settings.SAFEVOICE_CONTENT_DIR / "support_services.csv")
            added = top_up_synthetic_responses(
                consultation=demo,
                target=responses,
                seed=DEMONSTRATION_SEED,
                profile_path=folder / PROFILE_NAME,
            )
        except ContentErrors as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError("the demonstration content has problems: nothing more was loaded") from None
        self.stdout.write(
            self.style.SUCCESS(f"Loaded the demonstration copy {demo.slug}")
            + f": open now, closes at midnight at the end of {closing_day:%A %-d %B %Y} (UK time); "
            f"{demo.responses.count():,} synthetic responses ({added:,} added)"
        )
        self.stdout.write(
            f"Loaded {len(services)} support services ({sum(s.is_verified for s in services)} shown)"
        )
        if not no_staff_user:
            # The back office owns staff accounts; it sits above this app, so it is called by name.
            call_command("demo_staff_login", stdout=self.stdout, stderr=self.stderr)
