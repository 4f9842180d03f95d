from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from safevoice.consultations.selectors import UnknownConsultation, get_consultation_by_slug
from safevoice.exports.xlsform import export_xlsform


class Command(BaseCommand):
    help = (
        "Write a consultation's current questionnaire as an XLSForm (for ODK, KoboToolbox or pyxform's "
        "xls2xform), listing what XLSForm cannot say."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the consultation's slug, as in its web address")
        parser.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")

    def handle(self, *args: Any, slug: str, out: Path, **options: Any) -> None:
        if out.suffix.lower() != ".xlsx":
            raise CommandError(f"{out.name}: an XLSForm's file name ends in .xlsx")
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent}: there is no such folder")
        try:
            consultation = get_consultation_by_slug(slug=slug)
            notes = export_xlsform(consultation=consultation, out=out)
        except UnknownConsultation as exc:
            raise CommandError(str(exc)) from None
        except Http404:
            raise CommandError(f"{slug} has no questionnaire to export") from None
        self.stdout.write(f"Wrote {out}.")
        if notes:
            self.stdout.write("Not in the XLSForm:")
            for note in notes:
                self.stdout.write(f"  {note}")
