"""The table layout of a questionnaire's answers, and its codebook: defined here once, used everywhere.

The synthetic-response generator writes this layout, stored responses are read into it (``safevoice.responses.
selectors``), and the tables read it through the codebook made here. No Django.

One row per response:

==========================  ========================  ==========================================================
question type               column                    value
==========================  ========================  ==========================================================
single choice, likert       ``<q>``                   option id, null when not answered
multiple choice             ``<q>__<option>``         true/false (all false when not answered)
any "please specify"        ``<q>__other_text``       the text, or null (stored answers call it ``<q>__other``)
likert grid                 ``<q>__<row>``            option id or null
area                        ``<q>``                   code at the finest level known, ``not_sure``,
                                                      ``prefer_not_to_say``, or null
                            ``<q>__<level>``          the code of each level the question names, ``not_sure``,
                                                      ``prefer_not_to_say``, or null (also where the reference
                                                      data cannot tell that level from the answer)
short and long text         ``<q>``                   the text or null
number                      ``<q>``                   integer or null
date, month and year        ``<q>``                   ``YYYY-MM-DD`` / ``YYYY-MM`` or null
==========================  ========================  ==========================================================

Several versions of a questionnaire (a new wording, another language) share one layout: option, row and level ids
are the codes analysts see and never change meaning, so answers in every version land in the same columns, and a
column that only one version has is false or null for the others' respondents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

import polars as pl

from safevoice.analysis.tables.codebook import Codebook
from safevoice.analysis.tables.codebook import Option as CodebookOption
from safevoice.analysis.tables.codebook import Question as CodebookQuestion
from safevoice.questionnaire_engine.areas import FINEST_FIRST, NOT_SURE, PREFER_NOT_TO_SAY
from safevoice.questionnaire_engine.model import (
    Answers,
    GridRow,
    Option,
    Question,
    Questionnaire,
    QuestionType,
)

__all__ = [
    "DEFAULT_BREAKDOWNS",
    "LayoutConflict",
    "codebook_document",
    "columns_of",
    "merged_questions",
    "other_text_column",
    "questionnaire_codebook",
    "table_from_answers",
    "table_from_json",
    "table_to_answers",
]

#: Every question's table is broken down by these where the questionnaire has them (area, then age, then sex).
DEFAULT_BREAKDOWNS = ("home_area__unitary", "age_band", "sex")
#: Answers an area question always offers besides the areas themselves.
AREA_ALTERNATIVES = ((NOT_SURE, "Not sure"), (PREFER_NOT_TO_SAY, "Prefer not to say"))
LEVEL_NAMES = {
    "unitary": "council",
    "former_district": "former district or borough",
    "postcode_district": "postcode district",
}

#: Question types whose answers have the same shape in the table; a question id may change type between
#: versions only within one of these (short text to long text, single choice to likert).
_SHAPES = {
    QuestionType.SINGLE_CHOICE: "one option",
    QuestionType.LIKERT: "one option",
    QuestionType.MULTIPLE_CHOICE: "several options",
    QuestionType.SHORT_TEXT: "text",
    QuestionType.LONG_TEXT: "text",
    QuestionType.NUMBER: "number",
    QuestionType.DATE: "date",
    QuestionType.MONTH_YEAR: "month",
    QuestionType.LIKERT_GRID: "grid",
    QuestionType.AREA: "area",
}


_Item = TypeVar("_Item", Option, GridRow)


class LayoutConflict(ValueError):
    """Two versions of a questionnaire use one id for answers of different shapes, so they cannot share a table."""


# Columns -------------------------------------------------------------------------------------------------------


def columns_of(question: Question) -> list[str]:
    """The table columns that hold ``question``'s answers, in order."""
    kind = question.type
    if kind == QuestionType.MULTIPLE_CHOICE:
        columns = [f"{question.id}__{o.id}" for o in question.options]
    elif kind == QuestionType.LIKERT_GRID:
        columns = [f"{question.id}__{r.id}" for r in question.rows]
    elif kind == QuestionType.AREA:
        columns = [question.id, *(f"{question.id}__{level}" for level in question.levels)]
    else:
        columns = [question.id]
    if question.other_options:
        columns.append(other_text_column(question))
    return columns


def other_text_column(question: Question) -> str:
    """The column of the "please specify" text. Not ``<q>__other`` as in the stored answers: in a table that name
    is the true/false column of an option called "other"."""
    return f"{question.id}__other_text"


def merged_questions(questionnaires: Sequence[Questionnaire]) -> list[Question]:
    """The questions of several versions as one list: the first version's questions in its order, then questions
    only later versions have; each with the union of its options, grid rows and area levels (the first version's
    wording wins). Raises LayoutConflict when one id holds answers of different shapes in two versions."""
    merged: dict[str, Question] = {}
    first_seen: dict[str, str] = {}
    for questionnaire in questionnaires:
        for question in questionnaire.questions:
            known = merged.get(question.id)
            if known is None:
                merged[question.id] = question
                first_seen[question.id] = questionnaire.version
                continue
            if _SHAPES[known.type] != _SHAPES[question.type]:
                raise LayoutConflict(
                    f"question {question.id!r} is {known.type.value} in version {first_seen[question.id]} but "
                    f"{question.type.value} in version {questionnaire.version}: a question whose answers change "
                    "shape needs a new id"
                )
            merged[question.id] = replace(
                known,
                options=_union(known.options, question.options),
                rows=_union(known.rows, question.rows),
                levels=tuple(dict.fromkeys((*known.levels, *question.levels))),
                area_choices=_union_areas(known, question),
            )
    return list(merged.values())


def _union(first: tuple[_Item, ...], second: tuple[_Item, ...]) -> tuple[_Item, ...]:
    ids = {item.id for item in first}
    return first + tuple(item for item in second if item.id not in ids)


def _union_areas(first: Question, second: Question) -> tuple[Any, ...]:
    codes = {c.code for c in first.area_choices}
    return (*first.area_choices, *(c for c in second.area_choices if c.code not in codes))


# Stored answers to the table -----------------------------------------------------------------------------------


def _stored_dtype(questions: Sequence[Question]) -> pl.Struct:
    """How the engine's answer dicts (``Response.answers``) decode: one field per question and "please specify"."""
    fields: dict[str, pl.DataType] = {}
    for question in questions:
        kind = question.type
        dtype: pl.DataType
        if kind == QuestionType.MULTIPLE_CHOICE:
            dtype = pl.List(pl.String)
        elif kind == QuestionType.LIKERT_GRID:
            dtype = pl.Struct({row.id: pl.String for row in question.rows})
        elif kind == QuestionType.AREA:
            dtype = pl.Struct(
                {level: pl.String for level in question.levels}
                | {NOT_SURE: pl.Boolean, PREFER_NOT_TO_SAY: pl.Boolean}
            )
        elif kind == QuestionType.NUMBER:
            dtype = pl.Int64()
        else:
            dtype = pl.String()
        fields[question.id] = dtype
        if question.other_options:
            fields[question.other_answer_key] = pl.String()
    return pl.Struct(fields)


def _column_expressions(question: Question) -> list[pl.Expr]:
    answer = pl.col(question.id)
    kind = question.type
    expressions: list[pl.Expr]
    if kind == QuestionType.MULTIPLE_CHOICE:
        expressions = [
            answer.list.contains(pl.lit(o.id)).fill_null(False).alias(f"{question.id}__{o.id}")
            for o in question.options
        ]
    elif kind == QuestionType.LIKERT_GRID:
        expressions = [answer.struct.field(r.id).alias(f"{question.id}__{r.id}") for r in question.rows]
    elif kind == QuestionType.AREA:
        finest = [level for level in FINEST_FIRST if level in question.levels]

        def or_alternative(code: pl.Expr) -> pl.Expr:
            # "Not sure" and "Prefer not to say" are answers at every level, so tables keep them visible.
            return (
                pl.when(answer.struct.field(NOT_SURE).fill_null(False))
                .then(pl.lit(NOT_SURE))
                .when(answer.struct.field(PREFER_NOT_TO_SAY).fill_null(False))
                .then(pl.lit(PREFER_NOT_TO_SAY))
                .otherwise(code)
            )

        expressions = [
            or_alternative(pl.coalesce([answer.struct.field(level) for level in finest])).alias(question.id),
            *(
                or_alternative(answer.struct.field(level)).alias(f"{question.id}__{level}")
                for level in question.levels
            ),
        ]
    else:
        expressions = [answer.alias(question.id)]
    if question.other_options:
        expressions.append(pl.col(question.other_answer_key).alias(other_text_column(question)))
    return expressions


def table_from_json(questions: Sequence[Question], answers_json: pl.Series) -> pl.DataFrame:
    """The table of answer sets given as JSON text (as the database keeps ``Response.answers``), one row each.

    Decoded and laid out by polars column by column, so a large consultation is never a Python loop over rows.
    ``questions``: one version's questions, or ``merged_questions`` of several.
    """
    dtype = _stored_dtype(questions)
    decoded = answers_json.cast(pl.String).str.json_decode(dtype).struct.unnest()
    return decoded.select(
        [expression for question in questions for expression in _column_expressions(question)]
    )


def table_from_answers(questions: Sequence[Question], answers: Iterable[Answers]) -> pl.DataFrame:
    """The table of answer dicts (as the engine cleans them), one row each."""
    texts = [json.dumps(a, default=str) for a in answers]
    return table_from_json(questions, pl.Series("answers", texts, dtype=pl.String))


# The table back to answer dicts ------------------------------------------------------------------------------


def table_to_answers(questionnaire: Questionnaire, frame: pl.DataFrame) -> list[Answers]:
    """Each row of a table in this layout as the engine's answer dict (a Python loop: small tables)."""
    return [_answers_from_row(questionnaire, row) for row in frame.iter_rows(named=True)]


def _answers_from_row(questionnaire: Questionnaire, row: Mapping[str, Any]) -> Answers:
    answers: Answers = {}
    for question in questionnaire.questions:
        kind = question.type
        value: Any = None
        if kind == QuestionType.MULTIPLE_CHOICE:
            chosen = [o.id for o in question.options if row.get(f"{question.id}__{o.id}")]
            value = chosen or None
        elif kind == QuestionType.LIKERT_GRID:
            grid = {r.id: row[f"{question.id}__{r.id}"] for r in question.rows}
            value = {k: v for k, v in grid.items() if v is not None} or None
        elif kind == QuestionType.AREA:
            asked = row.get(question.id)
            if asked in (NOT_SURE, PREFER_NOT_TO_SAY):
                value = {asked: True}
            elif asked is not None:
                levels = {level: row.get(f"{question.id}__{level}") for level in question.levels}
                value = {k: v for k, v in levels.items() if v is not None}
        else:
            value = row.get(question.id)
        if value is None:
            continue
        answers[question.id] = value
        other = row.get(other_text_column(question))
        if other is not None:
            answers[question.other_answer_key] = other
    return answers


# The codebook --------------------------------------------------------------------------------------------------


def questionnaire_codebook(
    questionnaires: Sequence[Questionnaire], *, breakdowns: Sequence[str] = DEFAULT_BREAKDOWNS
) -> Codebook:
    """The tables' codebook for answers in this layout: every choice question (a grid as one question per row,
    an area as one per level), options the union across versions with the first version's labels. Breakdowns
    the questionnaire does not have are left out. Free text, numbers and dates have no table."""
    questions: list[CodebookQuestion] = []
    areas = next((q.areas for q in questionnaires if q.areas is not None), None)
    for question in merged_questions(questionnaires):
        options = tuple(CodebookOption(o.id, o.label) for o in question.options)
        kind = question.type
        if kind in (QuestionType.SINGLE_CHOICE, QuestionType.LIKERT):
            questions.append(CodebookQuestion(question.id, question.label, "single", options))
        elif kind == QuestionType.MULTIPLE_CHOICE:
            questions.append(CodebookQuestion(question.id, question.label, "multiple", options))
        elif kind == QuestionType.LIKERT_GRID:
            questions += [
                CodebookQuestion(f"{question.id}__{r.id}", f"{question.label} – {r.label}", "single", options)
                for r in question.rows
            ]
        elif kind == QuestionType.AREA:
            for level in question.levels:
                # Every area of the level, not only those offered: a coarser level is derived from the answer.
                choices = areas.choices_at(level) if areas is not None else ()
                choices = choices or tuple(c for c in question.area_choices if c.level == level)
                area_options = tuple(
                    CodebookOption(c.code, f"{c.label} ({c.hint})" if c.hint else c.label) for c in choices
                ) + tuple(CodebookOption(code, label) for code, label in AREA_ALTERNATIVES)
                level_name = LEVEL_NAMES.get(level, level)
                asked = next(finer for finer in FINEST_FIRST if finer in question.levels)
                # A coarser level was not asked but worked out from the answer: the label says so.
                label = (
                    f"{question.label} ({level_name})"
                    if level == asked
                    else f"{level_name.capitalize()}, worked out from the answer to: {question.label}"
                )
                questions.append(CodebookQuestion(f"{question.id}__{level}", label, "single", area_options))
    single = {q.id for q in questions if q.type == "single"}
    return Codebook(questions=tuple(questions), breakdowns=tuple(b for b in breakdowns if b in single))


def codebook_document(codebook: Codebook) -> dict[str, Any]:
    """The codebook as ``safevoice/analysis/tables/codebook.schema.json`` describes it (YAML or JSON on disk)."""
    return {
        "questions": [
            {
                "id": q.id,
                "label": q.label,
                "type": q.type,
                "options": [{"id": o.id, "label": o.label} for o in q.options],
            }
            for q in codebook.questions
        ],
        "breakdowns": list(codebook.breakdowns),
    }
