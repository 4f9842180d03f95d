from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safevoice.audit.services import command_line_actor
from safevoice.consultations.selectors import UnknownConsultation, get_consultation_by_slug
from safevoice.exports.formats import ExportFormat
from safevoice.exports.services import ExportRefused, export_responses


class Command(BaseCommand):
    help = (
        "Export a consultation's responses with their data dictionary, for a scheduled job or an analyst: CSV "
        "(opens in Excel), XLSX (with a labels sheet), SPSS .sav (variable and value labels), JSON or Parquet. "
        "Submission dates only, never the time; responses excluded from analysis are left out unless asked for. "
        "Every export is recorded in the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the consultation's slug, as in its web address")
        parser.add_argument(
            "--format", required=True, choices=[f.value for f in ExportFormat], dest="export_format"
        )
        parser.add_argument("--out", required=True, type=Path, metavar="FILE", help="the file to write")
        parser.add_argument(
            "--include-excluded",
            action="store_true",
            help="also export responses staff excluded from analysis (with a column saying which)",
        )
        parser.add_argument("--quiet", action="store_true", help="print nothing but errors (for cron)")

    def handle(
        self,
        *args: Any,
        slug: str,
        export_format: str,
        out: Path,
        include_excluded: bool,
        quiet: bool,
        **options: Any,
    ) -> None:
        try:
            consultation = get_consultation_by_slug(slug=slug)
        except UnknownConsultation as exc:
            raise CommandError(str(exc)) from None

        def progress(done: int, total: int) -> None:
            if not quiet and sys.stderr.isatty():
                sys.stderr.write(f"\r{done:,} of {total:,} responses written")

        try:
            result = export_responses(
                consultation=consultation,
                export_format=export_format,
                out=out,
                actor=command_line_actor("export_responses"),
                include_excluded=include_excluded,
                on_progress=progress,
            )
        except ExportRefused as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"{out}: cannot write the export there ({exc.strerror or exc})") from None
        if not quiet:
            if sys.stderr.isatty():
                sys.stderr.write("\n")
            self.stdout.write(f"Exported {result.count:,} responses to {consultation.title}:")
            for path in result.files:
                self.stdout.write(f"  {path}")
