"""The `crosstab` and `tables` commands: protected tables from an analyst's CSV export."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from safevoice.analysis.cli_common import CommandError, progress, read_csv
from safevoice.analysis.tables.answers import AnswerProblems, encode
from safevoice.analysis.tables.codebook import Codebook, load_codebook
from safevoice.analysis.tables.crosstab import protected_crosstab
from safevoice.analysis.tables.disclosure import DisclosureRules
from safevoice.analysis.tables.export import PublishedTable, write_csv, write_table_csv, write_workbook
from safevoice.analysis.tables.frequencies import protected_question
from safevoice.analysis.tables.weighting import (
    POPULATION_FILE,
    Margins,
    WeightingError,
    design_effect,
    effective_sample_size,
    load_population,
    rake_to_population,
)
from safevoice.content import ContentErrors


def register(commands: Any) -> None:
    """Add this module's sub-commands to `safevoice-analysis`."""
    crosstab = commands.add_parser(
        "crosstab",
        help="one two-way table of counts, with disclosure control",
        description=(
            "Count the rows of IN.csv by two columns and write the table with a Total row and column. "
            "Counts under the threshold are hidden as [c], others rounded; more are hidden where needed so that "
            "no hidden count can be worked out from the totals."
        ),
    )
    crosstab.add_argument("input", type=Path, metavar="IN.csv")
    crosstab.add_argument("--rows", required=True, metavar="COLUMN", help="column whose values make the rows")
    crosstab.add_argument(
        "--cols", required=True, metavar="COLUMN", help="column whose values make the columns"
    )
    crosstab.add_argument(
        "--weights",
        metavar="COLUMN",
        help="column of survey weights: weighted counts are shown beside each count",
    )
    crosstab.add_argument("--out", required=True, type=Path, metavar="OUT.csv")
    add_disclosure_options(crosstab)
    crosstab.set_defaults(handler=run_crosstab)

    tables = commands.add_parser(
        "tables",
        help="every table of a survey export, protected, as CSV and XLSX",
        description=(
            "Write one table per question of the codebook (overall and by each breakdown) to DIR as CSV files "
            "and one spreadsheet, tables.xlsx, with a contents sheet and notes on disclosure control."
        ),
    )
    tables.add_argument("input", type=Path, metavar="IN.csv")
    tables.add_argument(
        "--codebook", required=True, type=Path, metavar="FILE", help="codebook (YAML, JSON or CSV)"
    )
    tables.add_argument("--out", required=True, type=Path, metavar="DIR")
    tables.add_argument(
        "--by",
        action="append",
        metavar="QUESTION",
        help="break every question down by this single-choice question (repeatable; default: the codebook's)",
    )
    tables.add_argument("--weights", metavar="COLUMN", help="column of survey weights already worked out")
    tables.add_argument(
        "--rake",
        nargs=3,
        metavar=("AREA", "SEX", "AGE_BAND"),
        help="weight to the population by these three columns (age band × sex within each unitary)",
    )
    tables.add_argument(
        "--population", type=Path, default=POPULATION_FILE, help="population by area, sex and age band (CSV)"
    )
    tables.add_argument(
        "--margins",
        choices=("joint", "separate"),
        default="joint",
        help="rake to sex × age-band cells (joint, default) or to sex and age band separately",
    )
    add_disclosure_options(tables)
    tables.set_defaults(handler=run_tables)


def add_disclosure_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--threshold", type=_non_negative, default=10, help="hide counts under this (default 10)"
    )
    parser.add_argument(
        "--rounding",
        type=_positive,
        default=5,
        help="round published counts to this base; 1 for none (default 5)",
    )
    parser.add_argument(
        "--publish-zeros",
        action="store_true",
        help="show zeros instead of hiding them: for structural zeros (a district outside a unitary, an answer "
        "routing rules out), which everyone knows already and whose hiding costs real figures",
    )


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _weights(frame: pl.DataFrame, column: str, path: Path | str) -> NDArray[np.float64]:
    text = frame.get_column(column).cast(pl.String).str.strip_chars()
    numbers = text.cast(pl.Float64, strict=False)
    bad = (numbers.is_null() | numbers.is_nan() | (numbers < 0)).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise CommandError(
            f"{path}: the weights column {column!r} needs a number of 0 or more on every row; "
            f"row {row + 2} holds {text[row]!r}"
        )
    weights = numbers.to_numpy().astype(np.float64)
    if not weights.sum() > 0:
        raise CommandError(f"{path}: the weights in {column!r} are all 0")
    return weights


def run_crosstab(args: argparse.Namespace) -> int:
    columns = [args.rows, args.cols, *([args.weights] if args.weights else [])]
    frame = read_csv(args.input, required_columns=columns)
    weights = _weights(frame, args.weights, args.input) if args.weights else None
    rules = DisclosureRules(
        threshold=args.threshold, rounding_base=args.rounding, publish_zeros=args.publish_zeros
    )
    table = protected_crosstab(frame, rows=args.rows, columns=args.cols, weights=weights, rules=rules)
    rows = table.rows()
    rows[0][0] = args.rows
    _prepare_output_file(args.out)
    write_csv(args.out, rows)
    hidden = int(table.protection.hidden.sum())
    print(
        f"Wrote {args.out}: {len(table.row_labels)} × {len(table.column_labels)} table, {hidden} hidden.",
        file=sys.stderr,
    )
    print(rules.describe(), file=sys.stderr)
    _suggest_publishing_zeros(int((table.protection.hidden & (table.system.values == 0)).sum()))
    if weights is not None:
        print(
            f"Weights: design effect {design_effect(weights):.2f}, "
            f"effective sample size {effective_sample_size(weights):,.0f}; "
            f"hidden cells are decided on the unweighted counts.",
            file=sys.stderr,
        )
    return 0


def _prepare_output_file(path: Path) -> None:
    if path.is_dir():
        raise CommandError(f"{path}: is a folder; give a file name for the table")
    if not path.parent.exists():
        raise CommandError(f"{path.parent}: no such folder")


def _load_codebook(path: Path, by: list[str] | None) -> Codebook:
    try:
        codebook = load_codebook(path)
        return codebook.with_breakdowns(by) if by is not None else codebook
    except ContentErrors as exc:
        raise CommandError(
            "the codebook has problems:\n  " + "\n  ".join(str(e) for e in exc.errors)
        ) from None


def run_tables(args: argparse.Namespace) -> int:
    if args.weights and args.rake:
        raise CommandError("use --weights or --rake, not both")
    if args.codebook.is_dir() or not args.codebook.exists():
        raise CommandError(f"{args.codebook}: no such codebook file")
    codebook = _load_codebook(args.codebook, args.by)
    required = [args.weights] if args.weights else list(args.rake or [])
    frame = read_csv(args.input, required_columns=required)
    report = write_tables(
        frame,
        codebook,
        out=args.out,
        title=f"Tables from {args.input.name}",
        source=str(args.input),
        rules=DisclosureRules(
            threshold=args.threshold, rounding_base=args.rounding, publish_zeros=args.publish_zeros
        ),
        weights_column=args.weights,
        rake=args.rake,
        population=args.population,
        margins=args.margins,
    )
    for line in report:
        print(line, file=sys.stderr)
    return 0


def write_tables(
    frame: pl.DataFrame,
    codebook: Codebook,
    *,
    out: Path,
    title: str,
    source: str,
    rules: DisclosureRules,
    weights_column: str | None = None,
    rake: Sequence[str] | None = None,
    population: Path = POPULATION_FILE,
    margins: Margins = "joint",
) -> list[str]:
    """Write every protected table of ``frame`` to the folder ``out``: one CSV per question and tables.xlsx.

    The `tables` command and Django's `write_tables` (tables from stored responses) both call this, so a table
    is protected and laid out the same way whichever way it was asked for. ``source`` names the answers in
    messages; ``rake`` is the area, sex and age-band columns to weight by. Returns the lines to report; raises
    CommandError, saying what to do, for answers that do not fit the codebook, weighting that cannot be done or a
    folder that cannot be written.
    """
    try:
        encoded = encode(frame, codebook)
    except AnswerProblems as exc:
        raise CommandError(f"{source}: " + "; ".join(exc.problems)) from None
    notes: list[str] = []
    weights: NDArray[np.float64] | None = None
    if weights_column:
        weights = _weights(frame, weights_column, source)
        notes.append(
            f"Weighted figures use the weights in column '{weights_column}': design effect "
            f"{design_effect(weights):.2f}, effective sample size {effective_sample_size(weights):,.0f}."
        )
    elif rake:
        if not population.exists():
            raise CommandError(f"{population}: no such population file")
        area, sex, age = rake
        try:
            weighting = rake_to_population(
                frame,
                area=area,
                sex=sex,
                age_band=age,
                population=load_population(population),
                margins=margins,
            )
        except WeightingError as exc:
            raise CommandError(str(exc)) from None
        weights = weighting.weights
        notes.append(weighting.summary())
    if weights is not None:
        notes.append(
            "Which figures are hidden is decided on the unweighted counts; a weighted percentage is hidden "
            "wherever its unweighted count is. Weighted confidence limits use the effective base (Kish)."
        )
    _prepare_output_folder(out)
    published: list[PublishedTable] = []
    hidden_zeros = 0
    try:
        for question in progress(codebook.questions, total=len(codebook.questions), description="tables"):
            breakdowns = [encoded[b] for b in codebook.breakdowns_for(question.id)]
            result = protected_question(
                encoded[question.id], breakdowns=breakdowns, weights=weights, rules=rules
            )
            hidden_zeros += int((result.protection.hidden & (result.system.values == 0)).sum())
            table = result.table
            write_table_csv(out / f"{question.id}.csv", table)
            published.append(PublishedTable(title=question.label, file_stem=question.id, frame=table))
        workbook = out / "tables.xlsx"
        write_workbook(workbook, published, title=title, rules=rules, notes=notes)
    except OSError as exc:
        raise CommandError(f"{out}: cannot write the tables there ({exc.strerror or exc})") from None
    report = [
        f"Wrote {len(published)} tables to {out} (one CSV per question, and {workbook.name}).",
        *notes,
    ]
    zeros = _publishing_zeros_hint(hidden_zeros)
    return [*report, zeros] if zeros else report


def _prepare_output_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out}: is a file; give a folder for the tables")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"{out}: cannot create the folder ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise CommandError(
            f"{out}: cannot write in this folder (permission denied); choose another with --out"
        )


def _suggest_publishing_zeros(hidden_zeros: int) -> None:
    hint = _publishing_zeros_hint(hidden_zeros)
    if hint:
        print(hint, file=sys.stderr)


def _publishing_zeros_hint(hidden_zeros: int) -> str:
    if not hidden_zeros:
        return ""
    return (
        f"{hidden_zeros:,} of the hidden counts {'is a zero' if hidden_zeros == 1 else 'are zeros'}. "
        f"If they are structural (a district outside a unitary, an "
        f"answer routing rules out), --publish-zeros shows them and keeps more figures."
    )
