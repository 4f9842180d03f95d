"""A protected two-way table of any two columns: the `crosstab` command's core."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from safevoice.analysis.tables.disclosure import (
    DisclosureRules,
    Protection,
    TableSystem,
    crosstab_system,
    protect,
)

NO_ANSWER = "No answer"
TOTAL = "Total"


@dataclass(frozen=True)
class ProtectedCrosstab:
    row_labels: list[str]
    column_labels: list[str]
    system: TableSystem
    index: NDArray[np.int64]  # (rows + 1) × (columns + 1) positions in the system, totals last
    protection: Protection
    weighted: NDArray[np.float64] | None  # same shape as ``index``

    def rows(self) -> list[list[object]]:
        """Header and body as written: row category first, hidden cells as [c], Total row and column last."""
        weighted = self.weighted is not None
        header: list[object] = [""]
        for label in [*self.column_labels, TOTAL]:
            header += [label, f"{label} (weighted)"] if weighted else [label]
        body: list[list[object]] = [header]
        base = self.protection.rules.rounding_base
        for r, label in enumerate([*self.row_labels, TOTAL]):
            row: list[object] = [label]
            for c in range(len(self.column_labels) + 1):
                cell = int(self.index[r, c])
                row.append(self.protection.shown(cell))
                if self.weighted is not None:
                    hidden = self.protection.hidden[cell]
                    row.append("[c]" if hidden else int(np.floor(self.weighted[r, c] / base + 0.5) * base))
            body.append(row)
        return body


def _categories(values: pl.Series) -> tuple[NDArray[np.int64], list[str]]:
    """Integer codes and labels, sorted; blanks become a visible "No answer" category, last."""
    text = values.cast(pl.String).str.strip_chars().fill_null("")
    labels = sorted(v for v in text.unique().to_list() if v)
    has_blank = bool((text == "").any())
    codes = text.replace_strict(labels, list(range(len(labels))), default=len(labels), return_dtype=pl.Int64)
    return codes.to_numpy(), labels + ([NO_ANSWER] if has_blank else [])


def protected_crosstab(
    frame: pl.DataFrame,
    *,
    rows: str,
    columns: str,
    weights: NDArray[np.float64] | None = None,
    rules: DisclosureRules | None = None,
) -> ProtectedCrosstab:
    row_codes, row_labels = _categories(frame.get_column(rows))
    column_codes, column_labels = _categories(frame.get_column(columns))
    n_rows, n_cols = len(row_labels), len(column_labels)
    flat = row_codes * n_cols + column_codes
    counts = np.bincount(flat, minlength=n_rows * n_cols).reshape(n_rows, n_cols)
    system, index = crosstab_system(counts)
    protection = protect(system, rules or DisclosureRules())
    weighted = None
    if weights is not None:
        inner = np.bincount(flat, weights=weights, minlength=n_rows * n_cols).reshape(n_rows, n_cols)
        weighted = np.zeros((n_rows + 1, n_cols + 1))
        weighted[:n_rows, :n_cols] = inner
        weighted[:n_rows, n_cols] = inner.sum(axis=1)
        weighted[n_rows, :n_cols] = inner.sum(axis=0)
        weighted[n_rows, n_cols] = inner.sum()
    return ProtectedCrosstab(
        row_labels=row_labels,
        column_labels=column_labels,
        system=system,
        index=index,
        protection=protection,
        weighted=weighted,
    )
