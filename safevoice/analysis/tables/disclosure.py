"""Statistical disclosure control for tables of counts: primary suppression, rounding, secondary suppression,
and an audit by linear programming that proves no hidden count can be worked out from what is published.

A table (or several tables that share totals) is described as a *system*: a vector of cells and a list of
additive *lines*, each saying "this total equals the sum of these parts". A 2-D cross-tab with its Total row,
Total column and grand total is one system; so is a question's overall table together with its breakdowns by
area and age, because their totals are the same numbers and must be hidden consistently. Some cells are never
published (for example, for a multiple-choice option, the number of people who did *not* choose it): they are
unknowns to a reader, but if they are small they still need protecting, because "all but 2 of the 40 people in
this group chose X" discloses those 2.

Method (ONS practice for survey tables):
1. Primary: every cell under ``threshold`` (zeros included) is hidden; the rest are rounded to the nearest
   ``rounding_base``, totals included, each independently.
2. Secondary, by the classic line rule: any line in which exactly one cell is unknown to the reader, where that
   cell needs protecting, gets a second hidden cell: the smallest published cell in the line, interior cells before
   totals, repeated to a fixed point.
3. Audit: for every hidden cell, two linear programmes (HiGHS via scipy) find the least and greatest value it can
   take given every published cell (a rounded value r means the true value lies in [r − base/2, r + base/2], and
   no published value is under the threshold), every additive line and non-negativity. The hidden cell is safe
   when that range is wider than the threshold. Any cell that fails gets another complementary suppression (the
   smallest published cell sharing a line with it) and the audit runs again until it passes. Hiding a cell only
   relaxes the programme, so cells that passed keep passing and only the failures and new suppressions are re-checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linprog

HIDDEN = "[c]"


@dataclass(frozen=True)
class DisclosureRules:
    """How counts are protected. ONS defaults for survey tables: under 10 hidden, the rest rounded to 5."""

    threshold: int = 10
    rounding_base: int = 5
    # Zeros are under the threshold and hidden by default ("none of the 12 people in this group chose X" tells
    # something about each of them). Where zeros are structural (a district outside a unitary, an answer routing
    # makes impossible), everyone knows them already and hiding them only forces real figures to be hidden.
    publish_zeros: bool = False

    def __post_init__(self) -> None:
        if self.threshold < 0:
            raise ValueError("the suppression threshold cannot be negative")
        if self.rounding_base < 1:
            raise ValueError("the rounding base must be 1 (no rounding) or more")

    @property
    def rounding_half_width(self) -> float:
        return self.rounding_base / 2 if self.rounding_base > 1 else 0.0

    def describe(self) -> str:
        rounding = (
            f"other counts are rounded to the nearest {self.rounding_base}"
            if self.rounding_base > 1
            else "other counts are exact"
        )
        under = (
            f"Counts from 1 to {self.threshold - 1}"
            if self.publish_zeros
            else f"Counts under {self.threshold}"
        )
        zeros = " Zeros are shown." if self.publish_zeros else ""
        return (
            f"{under} are hidden and shown as [c]; {rounding}, totals separately, so "
            f"totals may not equal the sum of their rows. Further counts are hidden where they would let a hidden "
            f"count be worked out from the totals.{zeros}"
        )

    def small(self, values: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Counts that must not be published or worked out."""
        small = values < self.threshold
        return small & (values != 0) if self.publish_zeros else small


@dataclass(frozen=True)
class Line:
    """``cells[total] == sum(cells[part] for part in parts)``."""

    total: int
    parts: tuple[int, ...]


@dataclass
class TableSystem:
    """Cells (true unweighted counts) linked by additive lines."""

    values: NDArray[np.int64]
    lines: list[Line]
    published: NDArray[np.bool_]
    is_total: NDArray[np.bool_]

    @classmethod
    def build(
        cls,
        values: Sequence[int] | NDArray[np.int64],
        lines: Sequence[Line],
        *,
        published: Sequence[bool] | NDArray[np.bool_] | None = None,
        is_total: Sequence[bool] | NDArray[np.bool_] | None = None,
    ) -> TableSystem:
        array = np.asarray(values, dtype=np.int64)
        size = array.shape[0]
        return cls(
            values=array,
            lines=list(lines),
            published=np.ones(size, bool) if published is None else np.asarray(published, bool),
            is_total=np.zeros(size, bool) if is_total is None else np.asarray(is_total, bool),
        )

    def check(self) -> None:
        """Refuse a system whose lines do not add up: that is a bug in the caller, not a disclosure decision."""
        for line in self.lines:
            if self.values[line.total] != self.values[list(line.parts)].sum():
                raise ValueError(f"line {line} does not add up")


@dataclass(frozen=True)
class CellRange:
    """How far a reader can narrow down a cell. ``exact`` is False when the range was certified by feasible
    points already found (so the true range is at least this wide) rather than solved for."""

    cell: int
    low: float
    high: float
    exact: bool = True

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass
class Protection:
    """The outcome: which published cells are hidden, and the rounded value of every other one."""

    hidden: NDArray[np.bool_]
    primary: NDArray[np.bool_]
    rounded: NDArray[np.int64]
    rules: DisclosureRules
    audit_rounds: int = 0
    ranges: list[CellRange] = field(default_factory=list)

    def shown(self, cell: int) -> int | str:
        return HIDDEN if self.hidden[cell] else int(self.rounded[cell])


def round_to_base(values: NDArray[np.int64] | NDArray[np.float64], base: int) -> NDArray[np.int64]:
    """Round to the nearest multiple of ``base``, halves up (ONS convention)."""
    if base <= 1:
        return np.rint(np.asarray(values, dtype=np.float64)).astype(np.int64)
    return (np.floor(np.asarray(values, dtype=np.float64) / base + 0.5) * base).astype(np.int64)


def primary_suppression(system: TableSystem, rules: DisclosureRules) -> NDArray[np.bool_]:
    return system.published & rules.small(system.values)


def _needs_protection(
    system: TableSystem, hidden: NDArray[np.bool_], rules: DisclosureRules
) -> NDArray[np.bool_]:
    """Hidden cells, and never-published cells small enough to disclose someone."""
    return hidden | (~system.published & rules.small(system.values))


def secondary_suppression(
    system: TableSystem, hidden: NDArray[np.bool_], rules: DisclosureRules
) -> NDArray[np.bool_]:
    """The line rule, to a fixed point: no line may have a single unknown cell that needs protecting."""
    hidden = hidden.copy()
    changed = True
    while changed:
        changed = False
        unknown = hidden | ~system.published
        protect = _needs_protection(system, hidden, rules)
        for line in system.lines:
            cells = (line.total, *line.parts)
            unknown_cells = [c for c in cells if unknown[c]]
            if len(unknown_cells) != 1 or not protect[unknown_cells[0]]:
                continue
            candidates = [c for c in cells if not unknown[c]]
            if not candidates:
                continue
            chosen = min(candidates, key=lambda c: (bool(system.is_total[c]), int(system.values[c]), c))
            hidden[chosen] = True
            unknown[chosen] = True
            protect[chosen] = True
            changed = True
    return hidden


class _Auditor:
    """The reader's view of a published table as a linear programme over the true counts."""

    def __init__(self, system: TableSystem, rules: DisclosureRules) -> None:
        self.system = system
        self.rules = rules
        rows, cols, data = [], [], []
        for index, line in enumerate(system.lines):
            rows.append(index)
            cols.append(line.total)
            data.append(1.0)
            for part in line.parts:
                rows.append(index)
                cols.append(part)
                data.append(-1.0)
        size = len(system.values)
        self.a_eq = sparse.csr_matrix((data, (rows, cols)), shape=(len(system.lines), size))
        self.b_eq = np.zeros(len(system.lines))
        self.rounded = round_to_base(system.values, rules.rounding_base)
        # Every feasible point found so far, kept as per-cell minima and maxima. The true counts are one; each
        # LP's optimum is another. If they already spread a cell wider than the threshold, the cell is safe
        # without solving its own programmes: this is what makes the audit fast on tables with many hidden cells.
        # Hiding more cells only relaxes the programme, so points stay feasible from round to round.
        self.seen_low = system.values.astype(np.float64)
        self.seen_high = system.values.astype(np.float64)

    def _remember(self, point: NDArray[np.float64] | None) -> None:
        if point is not None:
            np.minimum(self.seen_low, point, out=self.seen_low)
            np.maximum(self.seen_high, point, out=self.seen_high)

    def spread(
        self, cells: Sequence[int], bounds: list[tuple[float, float | None]], *, directions: int = 12
    ) -> None:
        """Find a few feasible points far apart in many cells at once: push all the cells up, all down, and in
        random mixed directions. A handful of programmes here saves two per cell later."""
        if len(cells) < 8:
            return
        rng = np.random.default_rng(len(cells))
        signs = [np.ones(len(cells)), -np.ones(len(cells))]
        signs += [rng.choice([-1.0, 1.0], size=len(cells)) for _ in range(directions)]
        for sign in signs:
            objective = np.zeros(len(self.system.values))
            objective[list(cells)] = sign
            result = linprog(objective, A_eq=self.a_eq, b_eq=self.b_eq, bounds=bounds, method="highs")
            self._remember(result.x if result.status == 0 else None)

    def ranges(self, cells: Sequence[int], bounds: list[tuple[float, float | None]]) -> list[CellRange]:
        self.spread(cells, bounds)
        results = []
        for cell in cells:
            if self.seen_high[cell] - self.seen_low[cell] > self.rules.threshold + 1e-6:
                results.append(
                    CellRange(cell, float(self.seen_low[cell]), float(self.seen_high[cell]), exact=False)
                )
            else:
                results.append(self.cell_range(cell, bounds))
        return results

    def bounds(self, hidden: NDArray[np.bool_]) -> list[tuple[float, float | None]]:
        half = self.rules.rounding_half_width
        result: list[tuple[float, float | None]] = []
        for cell in range(len(self.system.values)):
            if hidden[cell] or not self.system.published[cell]:
                result.append((0.0, None))
            else:
                r = float(self.rounded[cell])
                if r == 0 and self.rules.publish_zeros:
                    result.append((0.0, 0.0))
                    continue
                # A published cell is known to be at least the threshold (smaller ones are never shown).
                result.append((max(0.0, r - half, float(self.rules.threshold)), r + half))
        return result

    def cell_range(self, cell: int, bounds: list[tuple[float, float | None]]) -> CellRange:
        objective = np.zeros(len(self.system.values))
        objective[cell] = 1.0
        low = linprog(objective, A_eq=self.a_eq, b_eq=self.b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=self.a_eq, b_eq=self.b_eq, bounds=bounds, method="highs")
        if low.status == 2 or high.status == 2:
            # Infeasible means the bounds contradict the lines: the published figures were built wrongly.
            raise ValueError("the published table is inconsistent with its own totals")
        self._remember(low.x if low.status == 0 else None)
        self._remember(high.x if high.status == 0 else None)
        low_value = float(low.fun) if low.status == 0 else 0.0
        high_value = float(-high.fun) if high.status == 0 else float("inf")
        return CellRange(cell=cell, low=low_value, high=high_value)


def audit(
    system: TableSystem,
    hidden: NDArray[np.bool_],
    rules: DisclosureRules,
    *,
    cells: Sequence[int] | None = None,
) -> list[CellRange]:
    """The feasible range of every cell that needs protecting (or of ``cells``), as a reader could work it out."""
    auditor = _Auditor(system, rules)
    bounds = auditor.bounds(hidden)
    targets = np.flatnonzero(_needs_protection(system, hidden, rules)) if cells is None else cells
    return auditor.ranges([int(cell) for cell in targets], bounds)


def audit_failures(ranges: Sequence[CellRange], rules: DisclosureRules) -> list[CellRange]:
    # A hair of tolerance so that HiGHS's floating-point answers do not turn an exact tie into a pass.
    return [r for r in ranges if not r.width > rules.threshold + 1e-6]


def protect(system: TableSystem, rules: DisclosureRules | None = None) -> Protection:
    """Primary and secondary suppression, then the audit loop until every hidden cell is safe."""
    rules = rules or DisclosureRules()
    system.check()
    primary = primary_suppression(system, rules)
    hidden = secondary_suppression(system, primary, rules)
    auditor = _Auditor(system, rules)
    lines_of: list[list[int]] = [[] for _ in range(len(system.values))]
    for index, line in enumerate(system.lines):
        for cell in (line.total, *line.parts):
            lines_of[cell].append(index)

    to_check = [int(c) for c in np.flatnonzero(_needs_protection(system, hidden, rules))]
    passed: dict[int, CellRange] = {}
    rounds = 0
    while to_check:
        rounds += 1
        bounds = auditor.bounds(hidden)
        ranges = auditor.ranges(to_check, bounds)
        failures = audit_failures(ranges, rules)
        failed_cells = {f.cell for f in failures}
        passed.update({r.cell: r for r in ranges if r.cell not in failed_cells})
        newly_hidden: list[int] = []
        for failure in failures:
            chosen = _complement_for(system, hidden, lines_of, failure.cell)
            if chosen is not None and not hidden[chosen]:
                hidden[chosen] = True
                newly_hidden.append(chosen)
        if failures and not newly_hidden:
            # Cannot happen for a consistent system: with everything hidden every range is unbounded.
            raise RuntimeError("disclosure control could not protect every cell")
        to_check = sorted(failed_cells | set(newly_hidden))
    rounded = round_to_base(system.values, rules.rounding_base)
    return Protection(
        hidden=hidden,
        primary=primary,
        rounded=rounded,
        rules=rules,
        audit_rounds=rounds,
        ranges=sorted(passed.values(), key=lambda r: r.cell),
    )


def _complement_for(
    system: TableSystem, hidden: NDArray[np.bool_], lines_of: list[list[int]], cell: int
) -> int | None:
    """The smallest published cell sharing a line with ``cell`` (interior before totals), else any published cell."""

    def key(c: int) -> tuple[bool, int, int]:
        return (bool(system.is_total[c]), int(system.values[c]), c)

    visible = system.published & ~hidden
    neighbours = {
        c
        for index in lines_of[cell]
        for c in (system.lines[index].total, *system.lines[index].parts)
        if visible[c]
    }
    if neighbours:
        return min(neighbours, key=key)
    anywhere = [int(c) for c in np.flatnonzero(visible)]
    return min(anywhere, key=key) if anywhere else None


def crosstab_system(counts: NDArray[np.int64]) -> tuple[TableSystem, NDArray[np.int64]]:
    """A 2-D table of counts with its Total column, Total row and grand total, as a system.

    Returns the system and an index array of shape (rows + 1, cols + 1) giving each cell's position in it.
    """
    counts = np.asarray(counts, dtype=np.int64)
    n_rows, n_cols = counts.shape
    full = np.zeros((n_rows + 1, n_cols + 1), dtype=np.int64)
    full[:n_rows, :n_cols] = counts
    full[:n_rows, n_cols] = counts.sum(axis=1)
    full[n_rows, :n_cols] = counts.sum(axis=0)
    full[n_rows, n_cols] = counts.sum()
    index = np.arange(full.size).reshape(full.shape)
    lines = [Line(int(index[r, n_cols]), tuple(int(i) for i in index[r, :n_cols])) for r in range(n_rows + 1)]
    lines += [
        Line(int(index[n_rows, c]), tuple(int(i) for i in index[:n_rows, c])) for c in range(n_cols + 1)
    ]
    is_total = np.zeros(full.shape, bool)
    is_total[n_rows, :] = True
    is_total[:, n_cols] = True
    system = TableSystem.build(full.ravel(), lines, is_total=is_total.ravel())
    return system, index
