"""Frequency tables and breakdowns of one question, with disclosure control, percentages and intervals.

A question's overall table and its breakdowns (by area, age band, ...) share their totals, so they are protected
together as one system (see ``disclosure``). Percentages are worked out from the *published* (rounded) count and
base, so they reveal nothing the counts do not; a percentage whose count or base is hidden is hidden too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl
from numpy.typing import NDArray

from safevoice.analysis.tables.answers import EncodedQuestion
from safevoice.analysis.tables.codebook import Question
from safevoice.analysis.tables.disclosure import DisclosureRules, Line, Protection, TableSystem, protect
from safevoice.analysis.tables.intervals import wilson_interval

ALL_RESPONDENTS = "All respondents"
NO_ANSWER_ID = "no_answer"

# Hidden figures are nulls in these columns; writers show them as [c].
PROTECTED_COLUMNS = ("count", "percent", "ci_low", "ci_high", "base")
WEIGHTED_COLUMNS = (
    "weighted_percent",
    "weighted_ci_low",
    "weighted_ci_high",
    "effective_base",
    "design_effect",
)


@dataclass(frozen=True)
class Group:
    """One column of a breakdown: the people who gave one answer to the breakdown question (or none)."""

    breakdown: Question | None
    id: str
    label: str

    def describe(self, base: str, *, multiple: bool) -> str:
        text = f"% of the {base} people who answered this question"
        if self.breakdown is not None:
            if self.id == NO_ANSWER_ID:
                text += f" and did not answer “{self.breakdown.label}”"
            else:
                text += f" and answered “{self.label}” to “{self.breakdown.label}”"
        if multiple:
            text += " (each person could choose more than one answer)"
        return text


@dataclass
class _Block:
    """Counts for one set of groups: option × group counts, group bases and, when weighted, weighted sums."""

    groups: list[Group]
    counts: NDArray[np.int64]  # options × groups
    bases: NDArray[np.int64]  # groups
    weighted_counts: NDArray[np.float64] | None = None
    weighted_bases: NDArray[np.float64] | None = None
    sum_squared_weights: NDArray[np.float64] | None = None
    cells: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    base_cells: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    not_chosen_cells: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))


def _count_block(
    answers: EncodedQuestion,
    group_codes: NDArray[np.int32],
    groups: list[Group],
    weights: NDArray[np.float64] | None,
) -> _Block:
    n_groups = len(groups)
    n_options = len(answers.question.options)
    answered = answers.answered
    bases = np.bincount(group_codes[answered], minlength=n_groups).astype(np.int64)
    if answers.question.type == "single":
        flat = answers.codes[answered].astype(np.int64) * n_groups + group_codes[answered]
        counts = (
            np.bincount(flat, minlength=n_options * n_groups).reshape(n_options, n_groups).astype(np.int64)
        )
    else:
        counts = np.stack(
            [np.bincount(group_codes[answers.chosen[:, o]], minlength=n_groups) for o in range(n_options)]
        ).astype(np.int64)
    block = _Block(groups=groups, counts=counts, bases=bases)
    if weights is not None:
        w = weights[answered]
        g = group_codes[answered]
        block.weighted_bases = np.bincount(g, weights=w, minlength=n_groups).astype(np.float64)
        block.sum_squared_weights = np.bincount(g, weights=w * w, minlength=n_groups).astype(np.float64)
        if answers.question.type == "single":
            flat = answers.codes[answered].astype(np.int64) * n_groups + g
            block.weighted_counts = (
                np.bincount(flat, weights=w, minlength=n_options * n_groups)
                .reshape(n_options, n_groups)
                .astype(np.float64)
            )
        else:
            block.weighted_counts = np.stack(
                [
                    np.bincount(
                        group_codes[answers.chosen[:, o]],
                        weights=weights[answers.chosen[:, o]],
                        minlength=n_groups,
                    )
                    for o in range(n_options)
                ]
            )
    return block


def _build_system(blocks: list[_Block], *, multiple: bool) -> TableSystem:
    """Lay every block's cells out in one system; block 0 is the overall table, whose cells are the others' totals."""
    values: list[int] = []
    published: list[bool] = []
    is_total: list[bool] = []

    def add(array: NDArray[np.int64], *, shown: bool, total: bool) -> NDArray[np.int64]:
        start = len(values)
        values.extend(int(v) for v in array.ravel())
        published.extend([shown] * array.size)
        is_total.extend([total] * array.size)
        return np.arange(start, start + array.size).reshape(array.shape)

    for number, block in enumerate(blocks):
        overall = number == 0
        block.cells = add(block.counts, shown=True, total=overall)
        block.base_cells = add(block.bases, shown=True, total=True)
        if multiple:
            block.not_chosen_cells = add(block.bases[None, :] - block.counts, shown=False, total=overall)

    lines: list[Line] = []
    top = blocks[0]
    n_options = top.counts.shape[0]
    for block in blocks:
        for g in range(len(block.groups)):
            if multiple:
                lines += [
                    Line(
                        int(block.base_cells[g]), (int(block.cells[o, g]), int(block.not_chosen_cells[o, g]))
                    )
                    for o in range(n_options)
                ]
            else:
                lines.append(Line(int(block.base_cells[g]), tuple(int(c) for c in block.cells[:, g])))
    for block in blocks[1:]:
        lines.append(Line(int(top.base_cells[0]), tuple(int(c) for c in block.base_cells)))
        for o in range(n_options):
            lines.append(Line(int(top.cells[o, 0]), tuple(int(c) for c in block.cells[o, :])))
            if multiple:
                lines.append(
                    Line(int(top.not_chosen_cells[o, 0]), tuple(int(c) for c in block.not_chosen_cells[o, :]))
                )
    return TableSystem.build(values, lines, published=published, is_total=is_total)


def groups_of(breakdown: EncodedQuestion) -> tuple[NDArray[np.int32], list[Group]]:
    """Each person's group in a breakdown; people who gave no answer form a group of their own, kept visible."""
    question = breakdown.question
    groups = [Group(breakdown=question, id=o.id, label=o.label) for o in question.options]
    groups.append(Group(breakdown=question, id=NO_ANSWER_ID, label="No answer"))
    codes = np.where(breakdown.codes >= 0, breakdown.codes, len(question.options)).astype(np.int32)
    return codes, groups


def question_table(
    answers: EncodedQuestion,
    *,
    breakdowns: Sequence[EncodedQuestion] = (),
    weights: NDArray[np.float64] | None = None,
    rules: DisclosureRules | None = None,
) -> pl.DataFrame:
    """The published table of one question: one row per group and option, protected, with percentages.

    Every option of the codebook has its row, including "prefer not to say", "not sure" and options nobody chose.
    """
    return protected_question(answers, breakdowns=breakdowns, weights=weights, rules=rules).table


@dataclass(frozen=True)
class ProtectedQuestion:
    table: pl.DataFrame
    system: TableSystem
    protection: Protection


def protected_question(
    answers: EncodedQuestion,
    *,
    breakdowns: Sequence[EncodedQuestion] = (),
    weights: NDArray[np.float64] | None = None,
    rules: DisclosureRules | None = None,
) -> ProtectedQuestion:
    """``question_table`` with the linked system and its protection, so callers (and tests) can audit it."""
    rules = rules or DisclosureRules()
    question = answers.question
    multiple = question.type == "multiple"
    height = answers.codes.shape[0]
    blocks = [
        _count_block(answers, np.zeros(height, np.int32), [Group(None, "all", ALL_RESPONDENTS)], weights)
    ]
    for breakdown in breakdowns:
        if breakdown.question.id == question.id:
            continue
        codes, groups = groups_of(breakdown)
        blocks.append(_count_block(answers, codes, groups, weights))
    system = _build_system(blocks, multiple=multiple)
    protection = protect(system, rules)
    table = _publish(question, blocks, protection, weighted=weights is not None)
    return ProtectedQuestion(table=table, system=system, protection=protection)


def _publish(
    question: Question, blocks: list[_Block], protection: Protection, *, weighted: bool
) -> pl.DataFrame:
    rules = protection.rules
    columns: dict[str, list[object]] = {
        name: []
        for name in (
            "question_id",
            "question",
            "breakdown_id",
            "breakdown",
            "group_id",
            "group",
            "option_id",
            "option",
            *PROTECTED_COLUMNS,
            "base_description",
            *(WEIGHTED_COLUMNS if weighted else ()),
        )
    }
    rounding = f" (rounded to the nearest {rules.rounding_base})" if rules.rounding_base > 1 else ""
    for block in blocks:
        hidden_counts = protection.hidden[block.cells]
        hidden_bases = protection.hidden[block.base_cells]
        counts = protection.rounded[block.cells].astype(np.float64)
        bases = protection.rounded[block.base_cells].astype(np.float64)
        low, high = wilson_interval(counts, bases[None, :])
        if weighted:
            assert block.weighted_counts is not None
            assert block.weighted_bases is not None
            assert block.sum_squared_weights is not None
            with np.errstate(divide="ignore", invalid="ignore"):
                effective = block.weighted_bases**2 / block.sum_squared_weights
                weighted_share = block.weighted_counts / block.weighted_bases[None, :]
                design_effect = block.bases / effective
            w_low, w_high = wilson_interval(weighted_share * effective[None, :], effective[None, :])
            effective_rounded = np.floor(effective / max(rules.rounding_base, 1) + 0.5) * max(
                rules.rounding_base, 1
            )
        for g, group in enumerate(block.groups):
            base_hidden = bool(hidden_bases[g])
            base_text = "[c]" if base_hidden else f"{int(bases[g]):,}{rounding}"
            description = group.describe(base_text, multiple=question.type == "multiple")
            for o, option in enumerate(question.options):
                hide = bool(hidden_counts[o, g]) or base_hidden
                columns["question_id"].append(question.id)
                columns["question"].append(question.label)
                columns["breakdown_id"].append(group.breakdown.id if group.breakdown else "")
                columns["breakdown"].append(group.breakdown.label if group.breakdown else "")
                columns["group_id"].append(group.id)
                columns["group"].append(group.label)
                columns["option_id"].append(option.id)
                columns["option"].append(option.label)
                columns["count"].append(None if hidden_counts[o, g] else int(counts[o, g]))
                columns["base"].append(None if base_hidden else int(bases[g]))
                for name, value in (
                    ("percent", counts[o, g] / bases[g] if bases[g] else np.nan),
                    ("ci_low", low[o, g]),
                    ("ci_high", high[o, g]),
                ):
                    columns[name].append(None if hide or np.isnan(value) else round(100 * float(value), 1))
                columns["base_description"].append(description)
                if weighted:
                    for name, value in (
                        ("weighted_percent", weighted_share[o, g]),
                        ("weighted_ci_low", w_low[o, g]),
                        ("weighted_ci_high", w_high[o, g]),
                    ):
                        columns[name].append(
                            None if hide or np.isnan(value) else round(100 * float(value), 1)
                        )
                    columns["effective_base"].append(
                        None if base_hidden or np.isnan(effective[g]) else int(effective_rounded[g])
                    )
                    columns["design_effect"].append(
                        None
                        if base_hidden or np.isnan(design_effect[g])
                        else round(float(design_effect[g]), 2)
                    )
    schema = {
        name: pl.Int64
        if name in ("count", "base", "effective_base")
        else pl.Float64
        if name in ("percent", "ci_low", "ci_high", *WEIGHTED_COLUMNS)
        else pl.String
        for name in columns
    }
    return pl.DataFrame(columns, schema=schema)
