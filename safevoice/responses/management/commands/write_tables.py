"""Every protected table of a consultation's stored responses, as CSV files and a spreadsheet.

The same tables, by the same code, as `safevoice-analysis tables` writes from an export: only where the answers
and the codebook come from differs (``safevoice.responses.selectors``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safevoice.analysis import cli_common
from safevoice.analysis.cli_tables import add_disclosure_options, write_tables
from safevoice.analysis.layout import DEFAULT_BREAKDOWNS, codebook_document
from safevoice.analysis.tables.disclosure import DisclosureRules
from safevoice.analysis.tables.weighting import POPULATION_FILE
from safevoice.consultations.models import Consultation
from safevoice.content import ContentErrors
from safevoice.responses.models import Response
from safevoice.responses.selectors import analysis_codebook, answers_frame

#: The questionnaire's own ids for the columns raking needs (age band × sex within each council).
RAKE_COLUMNS = ("home_area__unitary", "sex", "age_band")


class Command(BaseCommand):
    help = (
        "Write every table of a consultation's responses to a folder: one CSV per question and tables.xlsx, "
        "with small counts hidden as [c] and the rest rounded, as `safevoice-analysis tables` does for an export."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the consultation's slug, as in its web address")
        parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder for the tables")
        parser.add_argument(
            "--by",
            action="append",
            metavar="QUESTION",
            help="break every question down by this single-choice question (repeatable; default: "
            + ", ".join(DEFAULT_BREAKDOWNS)
            + ", those the questionnaire has)",
        )
        parser.add_argument(
            "--rake",
            nargs="*",
            metavar="COLUMN",
            help="weight to the population by area, sex and age band; give three columns to use others than "
            + " ".join(RAKE_COLUMNS),
        )
        parser.add_argument(
            "--population",
            type=Path,
            default=POPULATION_FILE,
            help="population by area, sex and age band (CSV)",
        )
        parser.add_argument(
            "--margins",
            choices=("joint", "separate"),
            default="joint",
            help="rake to sex × age-band cells (joint, default) or to sex and age band separately",
        )
        parser.add_argument(
            "--without-flagged",
            action="store_true",
            help="leave out responses flagged as possible repeats (identical answers sent close together), "
            "once someone has reviewed them; they are included by default",
        )
        add_disclosure_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        rake = options["rake"]
        if rake is not None and len(rake) not in (0, 3):
            raise CommandError("--rake takes no column names, or three: area, sex and age band")
        slug = options["slug"]
        consultation = Consultation.objects.filter(slug=slug).first()
        if consultation is None:
            known = (
                ", ".join(Consultation.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
            )
            raise CommandError(f"No consultation has the slug {slug!r}. Consultations: {known}.")
        responses = Response.objects.filter(consultation=consultation).count()
        if responses == 0:
            raise CommandError(
                f"{consultation.title} ({slug}) has no responses yet, so there are no tables to write."
            )
        try:
            codebook = analysis_codebook(consultation=consultation)
            if options["by"] is not None:
                codebook = codebook.with_breakdowns(options["by"])
            frame = answers_frame(consultation=consultation)
        except ContentErrors as exc:
            raise CommandError("; ".join(e.reason for e in exc.errors)) from None
        except ValueError as exc:  # LayoutConflict, or a question id that clashes with a response column
            raise CommandError(str(exc)) from None
        flagged = int(frame["flagged_for_review"].sum())
        if options["without_flagged"]:
            frame = frame.filter(~frame["flagged_for_review"])
            if frame.height == 0:
                raise CommandError(f"Every response to {slug} is flagged for review: no tables without them.")
        out: Path = options["out"]
        try:
            report = write_tables(
                frame,
                codebook,
                out=out,
                title=f"Tables from the responses to {consultation.title}",
                source=f"the responses to {slug}",
                rules=DisclosureRules(
                    threshold=options["threshold"],
                    rounding_base=options["rounding"],
                    publish_zeros=options["publish_zeros"],
                ),
                rake=(rake or RAKE_COLUMNS) if rake is not None else None,
                population=options["population"],
                margins=options["margins"],
            )
            # The codebook the tables were made with, so an analyst can read the CSVs or rerun them elsewhere.
            (out / "codebook.json").write_text(
                json.dumps(codebook_document(codebook), indent=2, ensure_ascii=False), encoding="utf-8"
            )
        except cli_common.CommandError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"{out}: cannot write the tables there ({exc.strerror or exc})") from None
        if flagged:
            treatment = (
                "left out" if options["without_flagged"] else "included; --without-flagged leaves them out"
            )
            about_flagged = f", {flagged:,} of them flagged for review as possible repeats ({treatment})"
        else:
            about_flagged = ""
        self.stdout.write(f"{responses:,} responses to {consultation.title}{about_flagged}.")
        for line in report:
            self.stdout.write(line)
