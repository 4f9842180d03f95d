"""Disclosure control: nothing hidden can be worked out from what is published, checked by linear programming."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from safevoice.analysis.tables.disclosure import (
    DisclosureRules,
    Line,
    TableSystem,
    audit,
    audit_failures,
    crosstab_system,
    primary_suppression,
    protect,
    round_to_base,
)

RULES = DisclosureRules(threshold=10, rounding_base=5)


def shown(counts: np.ndarray) -> list[list[int | str]]:
    system, index = crosstab_system(counts)
    protection = protect(system, RULES)
    return [[protection.shown(int(cell)) for cell in row] for row in index]


def test_a_single_small_cell_in_a_row_is_recoverable_from_the_total_with_primary_suppression_alone() -> None:
    # Row 0 is 3 + 40 + 55 = 98; the total (rounded to 100) minus the others (40, 55) pins the 3 to [0, 10].
    system, index = crosstab_system(np.array([[3, 40, 55], [20, 30, 45], [12, 15, 60]]))
    only_primary = primary_suppression(system, RULES)

    failures = audit_failures(audit(system, only_primary, RULES), RULES)

    assert [f.cell for f in failures] == [int(index[0, 0])]
    assert failures[0].width == pytest.approx(10)


def test_secondary_suppression_protects_the_small_cell_and_the_audit_passes() -> None:
    counts = np.array([[3, 40, 55], [20, 30, 45], [12, 15, 60]])
    system, _ = crosstab_system(counts)

    protection = protect(system, RULES)

    assert protection.hidden.sum() >= 4  # the 3, and a second cell in its row and in its column at least
    assert audit_failures(audit(system, protection.hidden, RULES), RULES) == []


def test_published_table_shows_rounded_counts_totals_and_hidden_cells_as_c() -> None:
    table = shown(np.array([[3, 40, 55], [20, 30, 45], [12, 15, 60]]))

    assert table[0][0] == "[c]"
    assert table[1] == [20, 30, 45, 95]  # 95 stays 95; every published count is a multiple of 5
    assert table[3][3] == 280  # grand total 280
    assert all(v == "[c]" or int(v) % 5 == 0 for row in table for v in row)


def test_a_zero_is_a_count_under_the_threshold_and_is_hidden() -> None:
    table = shown(np.array([[0, 50, 60], [40, 30, 45], [30, 35, 60]]))

    assert table[0][0] == "[c]"


def test_structural_zeros_can_be_published_without_costing_other_cells() -> None:
    # A district-by-unitary table: each district lies in one unitary, so half the cells are zeros everyone knows.
    counts = np.array([[450, 0], [210, 0], [0, 640], [0, 1120]])
    system, index = crosstab_system(counts)

    hiding = protect(system, RULES)
    publishing = protect(system, DisclosureRules(publish_zeros=True))

    assert hiding.hidden.sum() > 4  # every zero, and then real figures to protect them
    assert not publishing.hidden.any()
    assert publishing.shown(int(index[0, 1])) == 0


@settings(max_examples=15, deadline=None)
@given(counts=arrays(np.int64, (3, 4), elements=st.sampled_from([0, 0, 2, 7, 15, 40, 90])))
def test_with_zeros_published_every_other_small_count_is_still_protected(counts: np.ndarray) -> None:
    rules = DisclosureRules(publish_zeros=True)
    system, _ = crosstab_system(counts)

    protection = protect(system, rules)

    assert audit_failures(audit(system, protection.hidden, rules), rules) == []
    small = (system.values > 0) & (system.values < 10)
    assert protection.hidden[small].all()


def test_a_table_with_no_small_counts_is_only_rounded() -> None:
    table = shown(np.array([[12, 48], [33, 27]]))

    assert table == [[10, 50, 60], [35, 25, 60], [45, 75, 120]]


def test_everyone_in_one_option_is_not_given_away_by_hidden_zeros() -> None:
    # 1-D: 12 people, all chose A. Hiding the zeros alone would say "B and C add up to 0 (give or take 5)".
    system = TableSystem.build([12, 0, 0, 12], [Line(3, (0, 1, 2))], is_total=[False, False, False, True])

    protection = protect(system, RULES)

    assert protection.hidden[:3].all()
    assert audit_failures(audit(system, protection.hidden, RULES), RULES) == []


def test_a_small_never_published_complement_is_protected() -> None:
    # Multiple choice: 98 of 100 chose the option, so publishing 98 and the base would disclose the 2 who did not.
    system = TableSystem.build(
        [98, 2, 100], [Line(2, (0, 1))], published=[True, False, True], is_total=[False, False, True]
    )

    protection = protect(system, RULES)

    assert protection.hidden[0]
    assert not protection.hidden[2]


def test_without_rounding_the_threshold_still_holds() -> None:
    rules = DisclosureRules(threshold=5, rounding_base=1)
    system, _ = crosstab_system(np.array([[2, 9, 30], [7, 8, 20], [10, 15, 40]]))

    protection = protect(system, rules)

    assert audit_failures(audit(system, protection.hidden, rules), rules) == []
    assert protection.shown(2) == 30  # exact counts when the rounding base is 1


def test_rounding_is_to_the_nearest_multiple_halves_up() -> None:
    assert round_to_base(np.array([10, 12, 13, 17, 18, 1235]), 5).tolist() == [10, 10, 15, 15, 20, 1235]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    counts=st.integers(min_value=2, max_value=5).flatmap(
        lambda rows: st.integers(min_value=2, max_value=5).flatmap(
            lambda cols: arrays(np.int64, (rows, cols), elements=st.integers(min_value=0, max_value=60))
        )
    ),
    threshold=st.sampled_from([3, 5, 10]),
    rounding_base=st.sampled_from([1, 3, 5]),
)
def test_every_protected_table_passes_the_audit(
    counts: np.ndarray, threshold: int, rounding_base: int
) -> None:
    rules = DisclosureRules(threshold=threshold, rounding_base=rounding_base)
    system, _ = crosstab_system(counts)

    protection = protect(system, rules)

    assert audit_failures(audit(system, protection.hidden, rules), rules) == []
    assert (protection.hidden | (system.values >= threshold)).all()  # every small cell is hidden


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_primary_suppression_alone_fails_the_audit_whenever_a_row_has_one_small_cell(seed: int) -> None:
    # With exact counts (no rounding to blur the totals), a lone hidden cell is its row total minus the rest.
    rules = DisclosureRules(threshold=10, rounding_base=1)
    rng = np.random.default_rng(seed)
    counts = rng.integers(20, 80, size=(3, 4))
    row, col = rng.integers(3), rng.integers(4)
    counts[row, col] = rng.integers(0, 10)
    system, index = crosstab_system(counts)

    failures = audit_failures(audit(system, primary_suppression(system, rules), rules), rules)

    assert [(f.cell, f.low, f.high) for f in failures] == [
        (int(index[row, col]), pytest.approx(counts[row, col]), pytest.approx(counts[row, col]))
    ]
