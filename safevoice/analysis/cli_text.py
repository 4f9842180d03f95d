"""`redact`, `themes` and `assign`: the free-text commands of `safevoice-analysis`."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

import polars as pl

from safevoice.analysis.cli_common import CommandError, progress, read_csv
from safevoice.analysis.spreadsheets import neutralise_frame

ENTITY_COLUMN_SUFFIX = "_personal_details"


def _texts(frame: pl.DataFrame, column: str) -> list[str]:
    return [value or "" for value in frame[column].to_list()]


def _write(frame: pl.DataFrame, out: Path) -> None:
    try:
        # Residents' text can start with "=" or "+": a spreadsheet must show it, never run it.
        neutralise_frame(frame).write_csv(out)
    except OSError as exc:
        raise CommandError(f"{out}: cannot be written ({exc.strerror or exc})") from None


def _tracker(texts: list[str]) -> Any:
    """A progress bar over redaction, which takes most of the time; it sees each distinct answer once."""
    distinct = len({t for t in texts if t.strip()})
    return lambda items: progress(items, total=distinct, description="Redacting")


def run_redact(args: argparse.Namespace) -> int:
    from safevoice.analysis.text.redaction import get_redactor

    frame = read_csv(args.input, required_columns=[args.column])
    found_column = f"{args.column}{ENTITY_COLUMN_SUFFIX}"
    if found_column in frame.columns:
        raise CommandError(f"{args.input}: already has a column named {found_column!r}; rename it first")
    texts = _texts(frame, args.column)
    redactions = get_redactor().redact(texts, track=_tracker(texts))
    position = frame.columns.index(args.column)
    frame = frame.with_columns(
        pl.Series(
            args.column,
            [
                r.text if t else frame[args.column][i]
                for i, (r, t) in enumerate(zip(redactions, texts, strict=True))
            ],
        ),
    ).insert_column(position + 1, pl.Series(found_column, ["; ".join(r.entity_types) for r in redactions]))
    _write(frame, args.out)
    return 0


def run_themes(args: argparse.Namespace) -> int:
    from safevoice.analysis.text.themes import find_themes

    if args.themes is not None and args.themes < 1:
        raise CommandError("--themes must be 1 or more")
    frame = read_csv(args.input, required_columns=[args.column])
    texts = _texts(frame, args.column)
    if not any(t.strip() for t in texts):
        raise CommandError(
            f"{args.input}: every row of column {args.column!r} is blank; there is nothing to group"
        )
    result = find_themes(texts, n_themes=args.themes, track=_tracker(texts))
    out = pl.DataFrame(
        {
            "row": list(range(1, len(texts) + 1)),
            "theme_id": pl.Series([t for t in result.row_themes], dtype=pl.Int64),
            "theme_label": [result.theme(t).label if t else None for t in result.row_themes],
        }
    )
    _write(out, args.out)
    if args.summary:
        filled = sum(1 for t in result.row_themes if t is not None)
        summary = pl.DataFrame(
            {
                "theme_id": [t.theme_id for t in result.themes],
                "theme_label": [t.label for t in result.themes],
                "answers": [t.size for t in result.themes],
                "share_of_answers": [round(t.size / filled, 4) for t in result.themes],
                **{
                    f"quote_{n}": [t.quotes[n - 1] if len(t.quotes) >= n else None for t in result.themes]
                    for n in range(1, 4)
                },
            }
        )
        _write(summary, args.summary)
    blank = sum(1 for t in result.row_themes if t is None)
    print(
        f"{len(result.themes)} themes for {len(texts) - blank:,} answers"
        + (f" ({blank:,} blank, no theme)" if blank else "")
        + f": {args.out}",
        file=sys.stderr,
    )
    return 0


def _read_examples(path: Path) -> dict[str, list[str]]:
    frame = read_csv(path, required_columns=["text", "theme"])
    examples: dict[str, list[str]] = {}
    for text, theme in zip(frame["text"].to_list(), frame["theme"].to_list(), strict=True):
        if text and text.strip() and theme and theme.strip():
            examples.setdefault(theme.strip(), []).append(text.strip())
    if not examples:
        raise CommandError(f"{path}: no row has both a text and a theme")
    return examples


def run_assign(args: argparse.Namespace) -> int:
    from safevoice.analysis.text.assignment import assign

    examples = _read_examples(args.examples)
    frame = read_csv(args.input, required_columns=[args.column])
    texts = _texts(frame, args.column)
    try:
        result = assign(texts, examples, track=_tracker(texts))
    except ValueError as exc:
        raise CommandError(f"{args.examples}: {exc}") from None
    columns: dict[str, Any] = {
        "row": list(range(1, len(texts) + 1)),
        "themes": ["; ".join(themes) for themes in result.row_themes],
    }
    for t, name in enumerate(result.theme_names):
        columns[f"score: {name}"] = [
            None if math.isnan(v) else round(float(v), 4) for v in result.scores[:, t]
        ]
    _write(pl.DataFrame(columns), args.out)
    unmatched = result.unmatched_rows()
    blank = sum(1 for t in texts if not t.strip())
    print(
        f"{len(texts) - len(unmatched):,} of {len(texts):,} rows fit at least one theme; "
        f"{len(unmatched) - blank:,} answers fit none (empty 'themes')"
        + (f", {blank:,} rows are blank" if blank else "")
        + f": {args.out}",
        file=sys.stderr,
    )
    return 0


def register(commands: Any) -> None:
    """Add this module's sub-commands to `safevoice-analysis`."""
    redact = commands.add_parser(
        "redact",
        help="replace personal details in a text column with their type, e.g. [PHONE]",
        description="Write IN.csv again with COLUMN redacted and the types of personal details found in a new "
        "column COLUMN_personal_details.",
    )
    redact.add_argument("input", type=Path, metavar="IN.csv")
    redact.add_argument("--column", required=True, metavar="TEXT", help="the column of free text")
    redact.add_argument("--out", required=True, type=Path, metavar="OUT.csv")
    redact.set_defaults(handler=run_redact)

    themes = commands.add_parser(
        "themes",
        help="group a text column into themes named by their distinctive words",
        description="Redact, embed and group the answers; one output row per input row: row, theme_id, "
        "theme_label (empty for a blank answer).",
    )
    themes.add_argument("input", type=Path, metavar="IN.csv")
    themes.add_argument("--column", required=True, metavar="TEXT", help="the column of free text")
    themes.add_argument("--out", required=True, type=Path, metavar="OUT.csv")
    themes.add_argument(
        "--themes",
        type=int,
        metavar="N",
        help="how many themes (default: the square root of half the number of answers, between 2 and 50: "
        "22 for 1,000 answers, 47 for 4,500; a starting point to merge or split)",
    )
    themes.add_argument(
        "--summary",
        type=Path,
        metavar="THEMES.csv",
        help="also write one row per theme: id, label, answers, share of answers, three redacted quotes",
    )
    themes.set_defaults(handler=run_themes)

    assign = commands.add_parser(
        "assign",
        help="count each answer against an agreed set of themes, given example answers",
        description="EX.csv has columns 'text' and 'theme' (a text may appear on several rows, one per theme). "
        "One output row per input row: row, themes (joined by '; ', empty when none fits), a score per theme.",
    )
    assign.add_argument("input", type=Path, metavar="IN.csv")
    assign.add_argument("--column", required=True, metavar="TEXT", help="the column of free text")
    assign.add_argument("--examples", required=True, type=Path, metavar="EX.csv")
    assign.add_argument("--out", required=True, type=Path, metavar="OUT.csv")
    assign.set_defaults(handler=run_assign)
