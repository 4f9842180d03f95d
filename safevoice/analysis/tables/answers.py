"""Turning an export's answer columns into integer codes and true/false arrays, checked against the codebook.

Everything downstream counts with numpy's bincount over these arrays: a million responses are a few vector
operations per question, never a Python loop over rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from safevoice.analysis.tables.codebook import Codebook, Question

TRUE_VALUES = ("1", "true", "yes", "y", "t", "x", "selected")
FALSE_VALUES = ("", "0", "false", "no", "n", "f")


class AnswerProblems(Exception):
    """Every mismatch between an export and its codebook, each as one sentence."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class EncodedQuestion:
    """One question's answers: for single choice, ``codes`` holds the option's index or -1 for no answer;
    for multiple choice, ``chosen`` has one column per option and ``codes`` is unused."""

    question: Question
    codes: NDArray[np.int32]
    chosen: NDArray[np.bool_]

    @property
    def answered(self) -> NDArray[np.bool_]:
        if self.question.type == "single":
            return np.asarray(self.codes >= 0)
        return np.asarray(self.chosen.any(axis=1))


def missing_columns(frame: pl.DataFrame, codebook: Codebook) -> list[str]:
    return [c for q in codebook.questions for c in q.columns if c not in frame.columns]


def encode_question(frame: pl.DataFrame, question: Question) -> EncodedQuestion:
    height = frame.height
    if question.type == "single":
        column = frame.get_column(question.id)
        if column.dtype != pl.String:
            column = column.cast(pl.String)
        option_ids = [o.id for o in question.options]
        stripped = column.str.strip_chars().replace("", None)
        unknown = stripped.filter(stripped.is_not_null() & ~stripped.is_in(option_ids)).unique().sort()
        if unknown.len():
            shown = ", ".join(repr(v) for v in unknown.head(5).to_list())
            more = f" and {unknown.len() - 5} more" if unknown.len() > 5 else ""
            raise AnswerProblems(
                [
                    f"column {question.id!r} holds {shown}{more}, which the codebook does not list as options of "
                    f"this question (its options are {', '.join(option_ids)})"
                ]
            )
        codes = (
            stripped.replace_strict(
                option_ids, list(range(len(option_ids))), default=-1, return_dtype=pl.Int32
            )
            .fill_null(-1)
            .to_numpy()
        )
        return EncodedQuestion(question=question, codes=codes, chosen=np.zeros((height, 0), bool))
    chosen = np.zeros((height, len(question.options)), dtype=bool)
    for index, option in enumerate(question.options):
        chosen[:, index] = _as_bool(frame.get_column(question.column_for(option)))
    return EncodedQuestion(question=question, codes=np.full(height, -1, np.int32), chosen=chosen)


def _as_bool(column: pl.Series) -> NDArray[np.bool_]:
    if column.dtype == pl.Boolean:
        return column.fill_null(False).to_numpy().astype(bool)
    if column.dtype.is_numeric():
        return (column.fill_null(0) != 0).to_numpy()
    text = column.cast(pl.String).str.strip_chars().str.to_lowercase().fill_null("")
    bad = text.filter(~text.is_in([*TRUE_VALUES, *FALSE_VALUES])).unique().sort()
    if bad.len():
        shown = ", ".join(repr(v) for v in bad.head(5).to_list())
        raise AnswerProblems(
            [
                f"column {column.name!r} should say whether the option was chosen (1/0, true/false, yes/no) "
                f"but holds {shown}"
            ]
        )
    return text.is_in(TRUE_VALUES).to_numpy()


def encode(frame: pl.DataFrame, codebook: Codebook) -> dict[str, EncodedQuestion]:
    """Every question of the codebook, encoded; all problems reported together."""
    missing = missing_columns(frame, codebook)
    if missing:
        shown = ", ".join(repr(c) for c in missing[:8])
        more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        raise AnswerProblems([f"the codebook needs columns the file does not have: {shown}{more}"])
    encoded: dict[str, EncodedQuestion] = {}
    problems: list[str] = []
    for question in codebook.questions:
        try:
            encoded[question.id] = encode_question(frame, question)
        except AnswerProblems as exc:
            problems += exc.problems
    if problems:
        raise AnswerProblems(problems)
    return encoded
