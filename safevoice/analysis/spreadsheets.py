"""Text that a spreadsheet would run: neutralised in every CSV and workbook SafeVoice writes (the analysis core's
tables and CLI, and the exports). No Django.

OWASP's CSV-injection guidance (and ASVS 1.2.10): a cell whose first character is ``=``, ``+``, ``-``, ``@``, a tab,
a carriage return or a null is read as a formula by Excel, LibreOffice Calc and Google Sheets, so a free-text
answer such as ``=HYPERLINK("https://…?"&A1)`` would run on the analyst's computer. Such a cell gets a single
quote in front, which the spreadsheet reads as "this is text". Full-width ``＝ ＋ － ＠`` are treated the same way,
as some spreadsheets in East Asian locales read them as formula signs too. The text is otherwise unchanged (a
reader of the raw file sees the quote); numbers are numbers and are left alone. Formats no spreadsheet evaluates
(JSON, Parquet, SPSS) keep the text exactly as written.
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0", "＝", "＋", "－", "＠")
_STARTS_PATTERN = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_STARTS) + "]"

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """``value`` as a spreadsheet will show it and never run it (anything but text is returned as it is)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_column(name: str) -> pl.Expr:
    """``neutralise`` for every value of the text column ``name``, in polars (no Python call per cell)."""
    column = pl.col(name)
    return (
        pl.when(column.str.contains(_STARTS_PATTERN)).then(pl.lit("'") + column).otherwise(column).alias(name)
    )


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``frame`` neutralised."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(neutralise_column(name) for name in text_columns) if text_columns else frame
