"""Writing chunks of the answers table to a file, one writer per format, each with its data dictionary.

Every writer takes the table a chunk at a time (``responses.selectors.answer_chunks``) and keeps no more than a
chunk in memory, except SPSS: ReadStat writes a whole table at once, so the SPSS writer keeps the table in its
compact coded form (numbers for every choice, about 8 bytes a cell) and writes it at the end.

| format | file | data dictionary |
|---|---|---|
| csv | UTF-8 with a byte-order mark (Excel reads the accents), text neutralised | ``<name>-data-dictionary.csv`` beside it |
| xlsx | sheets Responses, Labels (every code and its label), Data dictionary; text neutralised | in the file |
| sav | SPSS: every choice a number with value labels, variable labels from the wording | in the file, and beside it |
| json | one document: ``data_dictionary``, ``value_labels`` and ``responses`` | in the file |
| parquet | typed columns; the dictionary as JSON in the file's metadata | in the file, and beside it |
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat
import xlsxwriter

from safevoice.analysis.spreadsheets import neutralise, neutralise_column
from safevoice.consultations.timing import UK
from safevoice.exports.dictionary import DICTIONARY_HEADINGS, SUBMITTED_ON, Column, dictionary_rows


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    SAV = "sav"
    JSON = "json"
    PARQUET = "parquet"


#: What each format is called for people choosing one.
FORMAT_NAMES = {
    ExportFormat.CSV: "CSV (opens in Excel)",
    ExportFormat.XLSX: "Excel workbook (.xlsx) with a labels sheet",
    ExportFormat.SAV: "SPSS (.sav) with variable and value labels",
    ExportFormat.JSON: "JSON",
    ExportFormat.PARQUET: "Parquet",
}


@dataclass(frozen=True)
class ExportHeader:
    """What every file says about itself."""

    slug: str
    title: str
    exported_on: date
    include_excluded: bool
    columns: tuple[Column, ...]

    @property
    def description(self) -> str:
        which = "including" if self.include_excluded else "leaving out"
        return (
            f"Responses to {self.title} ({self.slug}), exported on {self.exported_on:%-d %B %Y}, {which} "
            "responses excluded from analysis. Submission dates only, never the time of day."
        )


def dictionary_path(out: Path) -> Path:
    """Where a format whose file cannot hold its data dictionary writes it: beside the file."""
    return out.with_name(f"{out.stem}-data-dictionary.csv")


def export_rows(chunk: pl.DataFrame) -> pl.DataFrame:
    """A chunk of ``answer_chunks`` as every export gives it: ``submitted_at`` replaced, in place, by the UK date."""
    return chunk.with_columns(
        pl.col("submitted_at").dt.convert_time_zone(str(UK)).dt.date().alias("submitted_at")
    ).rename({"submitted_at": SUBMITTED_ON})


class ExportWriter:
    """Takes the export a chunk at a time; ``close`` finishes the file and returns every file written."""

    def __init__(self, out: Path, header: ExportHeader) -> None:
        self.out = out
        self.header = header
        self.columns = header.columns
        self.count = 0

    def write(self, chunk: pl.DataFrame) -> None:
        self.count += chunk.height
        self._write(export_rows(chunk))

    def _write(self, rows: pl.DataFrame) -> None:
        raise NotImplementedError

    def close(self) -> list[Path]:
        raise NotImplementedError

    def abort(self) -> None:
        """Called instead of ``close`` when the export failed: release what is open."""


def _for_spreadsheet(rows: pl.DataFrame) -> pl.DataFrame:
    """Text neutralised, true/false as 1/0 (what every spreadsheet and statistics package reads)."""
    return rows.with_columns(
        *(neutralise_column(name) for name, dtype in rows.schema.items() if dtype == pl.String),
        *(pl.col(name).cast(pl.Int8) for name, dtype in rows.schema.items() if dtype == pl.Boolean),
    )


def write_dictionary_csv(
    path: Path, columns: Sequence[Column], *, names: Sequence[str] | None = None
) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(DICTIONARY_HEADINGS)
        for row in dictionary_rows(columns, names=names):
            writer.writerow([neutralise(cell) for cell in row])


# CSV ------------------------------------------------------------------------------------------------------------


class CsvWriter(ExportWriter):
    def __init__(self, out: Path, header: ExportHeader) -> None:
        super().__init__(out, header)
        self.handle: IO[bytes] = out.open("wb")
        self.handle.write("\ufeff".encode())  # the byte-order mark that tells Excel the file is UTF-8
        self.first = True

    def _write(self, rows: pl.DataFrame) -> None:
        # Every text cell in quotes (RFC 4180), numbers bare: Excel neither splits nor reinterprets a cell.
        _for_spreadsheet(rows).write_csv(self.handle, include_header=self.first, quote_style="non_numeric")
        self.first = False

    def close(self) -> list[Path]:
        self.handle.close()
        dictionary = dictionary_path(self.out)
        write_dictionary_csv(dictionary, self.columns)
        return [self.out, dictionary]

    def abort(self) -> None:
        self.handle.close()


# XLSX -----------------------------------------------------------------------------------------------------------

#: Characters an XLSX file cannot hold at all (XML 1.0); openpyxl refuses a cell containing them.
_XML_ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
_XML_ILLEGAL_RE = re.compile(_XML_ILLEGAL)


class XlsxWriter(ExportWriter):
    """XlsxWriter in constant-memory mode: each row goes to a temporary file as it comes, so memory stays flat.
    Its options also make sure no text is ever stored as a formula, a number or a link, whatever it looks like
    (neutralisation is the first guard, these the second)."""

    def __init__(self, out: Path, header: ExportHeader) -> None:
        super().__init__(out, header)
        self.workbook = xlsxwriter.Workbook(
            str(out),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.bold = self.workbook.add_format({"bold": True})
        self.date_format = self.workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.about = self.workbook.add_worksheet("About")
        self.data = self.workbook.add_worksheet("Responses")
        self.labels = self.workbook.add_worksheet("Labels")
        self.dictionary = self.workbook.add_worksheet("Data dictionary")
        self.data.freeze_panes(1, 0)
        self.data.write_row(0, 0, [neutralise(c.name) for c in self.columns], self.bold)
        self.row = 1
        self.dates = [i for i, c in enumerate(self.columns) if c.kind == "date"]

    def _write(self, rows: pl.DataFrame) -> None:
        rows = _for_spreadsheet(rows).with_columns(
            pl.col(name).str.replace_all(_XML_ILLEGAL, "")
            for name, dtype in rows.schema.items()
            if dtype == pl.String
        )
        data, dates, date_format = self.data, self.dates, self.date_format
        for values in rows.iter_rows():
            data.write_row(self.row, 0, values)
            for i in dates:  # real dates, so Excel sorts and filters them as dates
                if values[i] is not None:
                    data.write_datetime(self.row, i, values[i], date_format)
            self.row += 1

    def close(self) -> list[Path]:
        lines = [
            self.header.description,
            f"{self.count:,} responses: one row each on the Responses sheet.",
            "The Labels sheet gives the label of every code; the Data dictionary sheet says what each column holds "
            "and who was asked it.",
            "Text that a spreadsheet would run as a formula starts with a ' so that it never runs.",
        ]
        for number, line in enumerate(lines):
            self.about.write_string(number, 0, neutralise(line), self.bold if number == 0 else None)
        self.labels.write_row(0, 0, ["column", "code", "label"], self.bold)
        row = 1
        for column in self.columns:
            for code, label in column.options:
                self.labels.write_row(row, 0, [column.name, neutralise(code), _clean(neutralise(label))])
                row += 1
        self.dictionary.write_row(0, 0, list(DICTIONARY_HEADINGS), self.bold)
        for number, cells in enumerate(dictionary_rows(self.columns), start=1):
            self.dictionary.write_row(number, 0, [_clean(neutralise(cell)) for cell in cells])
        self.workbook.close()
        return [self.out]

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.workbook.close()


def _clean(text: str) -> str:
    return _XML_ILLEGAL_RE.sub("", text)


# SPSS -----------------------------------------------------------------------------------------------------------

_SPSS_RESERVED = {"all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"}
#: SPSS limits, in bytes: a variable name, a variable label (longer ones are cut by SPSS itself), a value label.
_SPSS_NAME, _SPSS_LABEL, _SPSS_VALUE_LABEL = 64, 255, 120


def spss_names(columns: Sequence[Column]) -> list[str]:
    """A valid, unique SPSS variable name for every column: the column's own name wherever SPSS allows it."""
    names: list[str] = []
    taken: set[str] = set()
    for column in columns:
        name = column.name if column.name.lower() not in _SPSS_RESERVED else f"{column.name}_"
        name = name[:_SPSS_NAME]
        number = 1
        while name.lower() in taken:
            number += 1
            suffix = f"_{number}"
            name = name[: _SPSS_NAME - len(suffix)] + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def _cut(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[: limit - 3].decode("utf-8", errors="ignore") + "…"


class SavWriter(ExportWriter):
    def __init__(self, out: Path, header: ExportHeader) -> None:
        super().__init__(out, header)
        self.names = spss_names(self.columns)
        # SPSS codes: 1, 2, 3… in the questionnaire's order of the options, labelled with their wording.
        self.codes = {
            c.name: {code: float(i) for i, (code, _) in enumerate(c.options, 1)} for c in self.columns
        }
        self.parts: list[pl.DataFrame] = []

    def _write(self, rows: pl.DataFrame) -> None:
        converted = []
        for column in self.columns:
            values = pl.col(column.name)
            if column.kind == "code":
                values = values.replace_strict(self.codes[column.name], default=None, return_dtype=pl.Float64)
            elif column.kind == "flag":
                values = values.cast(pl.Float64)
            converted.append(values)
        self.parts.append(rows.select(converted))

    def close(self) -> list[Path]:
        table = pl.concat(self.parts, how="vertical") if self.parts else pl.DataFrame()
        self.parts = []
        table = table.rename(dict(zip([c.name for c in self.columns], self.names, strict=True)))
        labels = {
            name: {
                code: _cut(label, _SPSS_VALUE_LABEL)
                for (_, label), code in zip(c.options, self.codes[c.name].values(), strict=True)
            }
            for name, c in zip(self.names, self.columns, strict=True)
            if c.kind == "code"
        }
        for name, c in zip(self.names, self.columns, strict=True):
            if c.kind == "flag":
                labels[name] = {0.0: "No", 1.0: "Yes"}
        measures = {
            name: "ordinal"
            if c.type in ("likert", "likert_grid")
            else "scale"
            if c.kind == "integer"
            else "nominal"
            for name, c in zip(self.names, self.columns, strict=True)
            if c.kind != "text"
        }
        pyreadstat.write_sav(
            table,
            str(self.out),
            # SPSS's own bytecode compression: a plain .sav every SPSS version reads, a fraction of the size.
            row_compress=True,
            file_label=_cut(f"{self.header.title} ({self.header.slug})", 64),
            column_labels={
                n: _cut(c.wording, _SPSS_LABEL) for n, c in zip(self.names, self.columns, strict=True)
            },
            variable_value_labels=labels,
            variable_measure=measures,
            # SPSS keeps notes as lines of 80 characters; who was asked each question is in the dictionary file.
            note=textwrap.wrap(self.header.description, 80),
        )
        dictionary = dictionary_path(self.out)
        # The codes in the dictionary are SPSS's numbers, each with the option id the other formats use.
        spss_columns = [
            Column(
                name=c.name,
                question_id=c.question_id,
                wording=c.wording,
                type=c.type,
                kind=c.kind,
                options=tuple(
                    (f"{int(self.codes[c.name][code])} ({code})", label) for code, label in c.options
                ),
                asked_if=c.asked_if,
                meaning="1 = Yes, 0 = No" if c.kind == "flag" else c.meaning,
            )
            for c in self.columns
        ]
        write_dictionary_csv(dictionary, spss_columns, names=self.names)
        return [self.out, dictionary]


# JSON -----------------------------------------------------------------------------------------------------------


def dictionary_document(columns: Sequence[Column]) -> list[dict[str, Any]]:
    return [
        {
            "column": c.name,
            "question_id": c.question_id or None,
            "wording": c.wording,
            "type": c.type,
            "options": [{"code": code, "label": label} for code, label in c.options],
            "values": c.meaning or None,
            "asked_if": c.asked_if,
        }
        for c in columns
    ]


class JsonWriter(ExportWriter):
    """One JSON document, written as it goes: the header and dictionary, then each response as an object."""

    def __init__(self, out: Path, header: ExportHeader) -> None:
        super().__init__(out, header)
        self.handle: IO[str] = out.open("w", encoding="utf-8")
        opening = {
            "consultation": header.slug,
            "title": header.title,
            "exported_on": header.exported_on.isoformat(),
            "includes_excluded_responses": header.include_excluded,
            "description": header.description,
            "data_dictionary": dictionary_document(self.columns),
        }
        text = json.dumps(opening, ensure_ascii=False, indent=1)
        self.handle.write(text[: text.rindex("}")].rstrip() + ',\n "responses": [\n')
        self.first = True

    def _write(self, rows: pl.DataFrame) -> None:
        if rows.height == 0:
            return
        lines = rows.write_ndjson().rstrip("\n")
        self.handle.write(("" if self.first else ",\n") + lines.replace("\n", ",\n"))
        self.first = False

    def close(self) -> list[Path]:
        self.handle.write("\n ]\n}\n")
        self.handle.close()
        return [self.out]

    def abort(self) -> None:
        self.handle.close()


# Parquet --------------------------------------------------------------------------------------------------------


class ParquetWriter(ExportWriter):
    def __init__(self, out: Path, header: ExportHeader) -> None:
        super().__init__(out, header)
        self.writer: pq.ParquetWriter | None = None
        self.metadata = {
            b"safevoice.description": header.description.encode(),
            b"safevoice.data_dictionary": json.dumps(
                dictionary_document(self.columns), ensure_ascii=False
            ).encode(),
        }

    def _write(self, rows: pl.DataFrame) -> None:
        table = rows.to_arrow()
        if self.writer is None:
            self.schema = table.schema.with_metadata(self.metadata)
            self.writer = pq.ParquetWriter(str(self.out), self.schema)
        self.writer.write_table(pa.Table.from_batches(table.to_batches(), schema=self.schema))

    def close(self) -> list[Path]:
        if self.writer is None:
            raise ValueError(
                "a Parquet export needs at least one chunk, even an empty one, for its column types"
            )
        self.writer.close()
        dictionary = dictionary_path(self.out)
        write_dictionary_csv(dictionary, self.columns)
        return [self.out, dictionary]

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()


WRITERS: dict[ExportFormat, type[ExportWriter]] = {
    ExportFormat.CSV: CsvWriter,
    ExportFormat.XLSX: XlsxWriter,
    ExportFormat.SAV: SavWriter,
    ExportFormat.JSON: JsonWriter,
    ExportFormat.PARQUET: ParquetWriter,
}
