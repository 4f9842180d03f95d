"""Writing protected tables as CSV and as an accessible spreadsheet laid out the way ONS publishes.

The workbook follows the Analysis Function's "Releasing statistics in spreadsheets" guidance: a cover sheet, a
contents sheet, a notes sheet, then one table per sheet starting in cell A1 area with a title, no merged cells,
no blank rows inside a table, and shorthand [c] for confidential (hidden) figures.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.table import Table, TableStyleInfo

from safevoice.analysis.spreadsheets import neutralise
from safevoice.analysis.tables.disclosure import HIDDEN, DisclosureRules
from safevoice.analysis.tables.frequencies import PROTECTED_COLUMNS, WEIGHTED_COLUMNS

HEADINGS = {
    "question_id": "Question id",
    "question": "Question",
    "breakdown_id": "Breakdown id",
    "breakdown": "Breakdown",
    "group_id": "Group id",
    "group": "Group",
    "option_id": "Answer id",
    "option": "Answer",
    "count": "Count",
    "percent": "Percentage",
    "ci_low": "Lower 95% confidence limit (%)",
    "ci_high": "Upper 95% confidence limit (%)",
    "base": "Base (people who answered)",
    "base_description": "What the percentage is of",
    "weighted_percent": "Weighted percentage",
    "weighted_ci_low": "Weighted lower 95% confidence limit (%)",
    "weighted_ci_high": "Weighted upper 95% confidence limit (%)",
    "effective_base": "Effective base after weighting",
    "design_effect": "Design effect",
}
MAY_BE_HIDDEN = frozenset((*PROTECTED_COLUMNS, *WEIGHTED_COLUMNS))


@dataclass(frozen=True)
class PublishedTable:
    title: str
    file_stem: str
    frame: pl.DataFrame


def cells(frame: pl.DataFrame) -> list[list[object]]:
    """Rows of values with hidden figures as [c]."""
    hidden_columns = [i for i, name in enumerate(frame.columns) if name in MAY_BE_HIDDEN]
    rows = []
    for row in frame.iter_rows():
        values = list(row)
        for i in hidden_columns:
            if values[i] is None:
                values[i] = HIDDEN
        rows.append(values)
    return rows


def write_csv(path: Path, rows: Sequence[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([neutralise(value) for value in row] for row in rows)


def write_table_csv(path: Path, frame: pl.DataFrame) -> None:
    write_csv(path, [frame.columns, *cells(frame)])


def write_workbook(
    path: Path,
    tables: Sequence[PublishedTable],
    *,
    title: str,
    rules: DisclosureRules,
    notes: Sequence[str] = (),
) -> None:
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = "Cover"
    cover.append([title])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append(["This workbook has a contents sheet, a notes sheet and one table per sheet."])
    cover.append([f"Hidden figures are shown as {HIDDEN} (confidential), as in ONS publications."])
    cover.append([rules.describe()])

    contents = workbook.create_sheet("Contents")
    contents.append(["Table of contents"])
    contents["A1"].font = Font(bold=True, size=14)
    contents.append(["This worksheet contains one table."])
    contents.append(["Sheet", "Table title", "CSV file"])
    for number, table in enumerate(tables, start=1):
        contents.append([f"Table_{number}", table.title, f"{table.file_stem}.csv"])
        link = contents.cell(row=contents.max_row, column=1)
        link.hyperlink = f"#'Table_{number}'!A1"
        link.style = "Hyperlink"
    _as_table(contents, "contents", 3)

    notes_sheet = workbook.create_sheet("Notes")
    notes_sheet.append(["Notes"])
    notes_sheet["A1"].font = Font(bold=True, size=14)
    notes_sheet.append(["This worksheet contains one table."])
    notes_sheet.append(["Note number", "Note text"])
    all_notes = [
        rules.describe(),
        "Percentages and their 95% confidence limits (Wilson score intervals) are worked out from the published, "
        "rounded counts, so they can differ slightly from percentages of the exact counts.",
        "Every answer option is listed, including 'Prefer not to say' and 'Not sure'; people who skipped a "
        "question are not in its base. In a breakdown, people who skipped the breakdown question form the group "
        "'No answer'.",
        "For a question where people could choose more than one answer, each percentage is of the people who "
        "answered the question, so the percentages add up to more than 100.",
        *notes,
    ]
    for number, note in enumerate(all_notes, start=1):
        notes_sheet.append([f"Note {number}", note])
    _as_table(notes_sheet, "notes", 3)

    for number, table in enumerate(tables, start=1):
        sheet = workbook.create_sheet(f"Table_{number}")
        sheet.append([f"Table {number}: {table.title}"])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append(
            ["This worksheet contains one table. Hidden figures are shown as [c]; see the Notes sheet."]
        )
        sheet.append([HEADINGS.get(name, name) for name in table.frame.columns])
        for row in cells(table.frame):
            sheet.append([neutralise(value) for value in row])
        _as_table(sheet, f"table_{number}", 3)
        for column, name in zip(sheet.columns, table.frame.columns, strict=False):
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = 60 if name in ("question", "base_description") else 18
    workbook.save(path)


def _as_table(sheet: object, name: str, header_row: int) -> None:
    """Mark the cells as a real spreadsheet table, so screen readers announce headers."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    if sheet.max_row <= header_row:
        return
    reference = f"A{header_row}:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    table = Table(displayName=name, ref=reference)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    sheet.add_table(table)
