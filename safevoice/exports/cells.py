"""Keeping text a spreadsheet would run as a formula from running: every text cell of every CSV and XLSX export.

OWASP's CSV-injection guidance (and ASVS 1.2.10): a cell whose first character is ``=``, ``+``, ``-``, ``@``, a tab,
a carriage return or a null is read as a formula by Excel, LibreOffice Calc and Google Sheets, so a free-text
answer such as ``=HYPERLINK("https://…?"&A1)`` would run on the analyst's computer. Such a cell gets a single
quote in front, which the spreadsheet reads as "this is text". Full-width ``＝ ＋ － ＠`` are treated the same way,
as some spreadsheets in East Asian locales read them as formula signs too. The text is otherwise unchanged (a
reader of the raw file sees the quote); JSON, Parquet and SPSS files, which no spreadsheet evaluates, keep the
text exactly as written.
"""

from __future__ import annotations

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0", "＝", "＋", "－", "＠")
_STARTS_PATTERN = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_STARTS) + "]"


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet will show it and never run it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralise_column(name: str) -> pl.Expr:
    """``neutralise`` for every value of the text column ``name``, in polars (no Python call per cell)."""
    column = pl.col(name)
    return (
        pl.when(column.str.contains(_STARTS_PATTERN)).then(pl.lit("'") + column).otherwise(column).alias(name)
    )
