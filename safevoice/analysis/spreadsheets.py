"""Text that a spreadsheet would run: neutralised in every CSV and workbook the analysis core writes.

A free-text answer such as ``=HYPERLINK("http://…","Click")`` or ``+cmd|…`` opens in Excel or LibreOffice as a
formula. Following OWASP's guidance on CSV injection, a text value that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is written with a leading apostrophe, which spreadsheets show as text and hide. Numbers
are numbers and are left alone. No Django.
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START = r"^[=+\-@\t\r]"

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """``value`` as a spreadsheet will show it, never run it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``frame`` neutralised (see ``neutralise``)."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text_columns:
        return frame
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(_FORMULA_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text_columns
    )
