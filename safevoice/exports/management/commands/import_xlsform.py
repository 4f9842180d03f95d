from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safevoice.questionnaire_engine.xlsform import XLSFormError, read_xlsform


class Command(BaseCommand):
    help = (
        "Turn an XLSForm (ODK, KoboToolbox) into a SafeVoice questionnaire file: the survey, choices and settings "
        "sheets, relevant conditions as routing where they map. Every row, column or setting that could not be "
        "carried over is listed by sheet and row, here and at the top of the file written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("xlsform", type=Path, metavar="FILE.xlsx")
        parser.add_argument("--out", required=True, type=Path, metavar="questionnaire.yaml")
        parser.add_argument(
            "--language",
            help="which language's labels to take when the form has several, as its columns name it, e.g. "
            "'English (en)' (default: the form's default_language)",
        )
        parser.add_argument("--overwrite", action="store_true", help="replace --out if it already exists")

    def handle(
        self, *args: Any, xlsform: Path, out: Path, language: str | None, overwrite: bool, **options: Any
    ) -> None:
        if out.suffix.lower() not in (".yaml", ".yml"):
            raise CommandError(f"{out.name}: a questionnaire file's name ends in .yaml")
        if out.exists() and not overwrite:
            raise CommandError(f"{out} already exists: choose another name, or add --overwrite to replace it")
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent}: there is no such folder")
        try:
            imported = read_xlsform(xlsform, language=language)
        except XLSFormError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{xlsform}: {problem}")
            raise CommandError(f"{xlsform} cannot be imported: nothing was written") from None
        out.write_text(imported.yaml_text(source=xlsform.name), encoding="utf-8")
        pages = imported.definition["pages"]
        questions = sum(len(p.get("questions", [])) for p in pages)
        self.stdout.write(f"Wrote {out}: {questions} question(s) on {len(pages)} page(s).")
        if imported.not_mapped:
            self.stdout.write(
                f"Not imported or changed on the way ({len(imported.not_mapped)}, also listed in the file):"
            )
            for problem in imported.not_mapped:
                self.stdout.write(f"  {problem}")
        else:
            self.stdout.write("Every row was imported.")
