"""The data dictionary of an export: one entry per column, in the order of the columns.

Columns and labels come from the analysis core (``safevoice.analysis.layout``: the column layout and the codebook
of coded columns), wording of routing from the questionnaire engine (``wording.asked_if``): nothing here decides
what a column holds, it only says it in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Literal

from safevoice.analysis.layout import AREA_ALTERNATIVES, columns_of, merged_questions, questionnaire_codebook
from safevoice.analysis.tables.codebook import Codebook
from safevoice.questionnaire_engine import Question, Questionnaire, QuestionType
from safevoice.questionnaire_engine.wording import EVERYONE, asked_if
from safevoice.responses.models import Channel
from safevoice.responses.selectors import EXCLUDED_COLUMN

#: How a column's values are stored, which decides how each file format writes them.
Kind = Literal["code", "flag", "text", "integer", "date"]

#: The column that replaces ``submitted_at``: the UK date only, never the time of day.
SUBMITTED_ON = "submitted_on"
ABOUT_THE_RESPONSE = "about the response"


@dataclass(frozen=True)
class Column:
    name: str
    question_id: str
    wording: str
    type: str
    kind: Kind
    #: For coded columns: every code and its label, in the questionnaire's order.
    options: tuple[tuple[str, str], ...] = ()
    asked_if: str = EVERYONE
    #: What one value means, where the type alone does not say.
    meaning: str = ""

    def options_in_words(self) -> str:
        return "; ".join(f"{code} = {label}" for code, label in self.options)


FLAG_MEANING = "1 = chosen, 0 = not chosen"


def data_dictionary(questionnaires: Sequence[Questionnaire], *, include_excluded: bool) -> list[Column]:
    """Every column of ``responses.selectors.answer_chunks`` for these questionnaire versions, with
    ``submitted_at`` given as ``submitted_on`` (as every export writes it)."""
    codebook = questionnaire_codebook(questionnaires)
    columns: list[Column] = []
    for question in merged_questions(questionnaires):
        source = next((q for q in questionnaires if q.question(question.id) is not None), questionnaires[0])
        columns += _question_columns(
            question, codebook, asked_if(source, source.question(question.id) or question)
        )
    columns += about_the_response(include_excluded=include_excluded)
    return columns


def _question_columns(question: Question, codebook: Codebook, condition: str) -> list[Column]:
    kind = question.type
    names = columns_of(question)
    column = partial(Column, question_id=question.id, type=kind.value, asked_if=condition)
    found: list[Column] = []
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.LIKERT):
        found.append(
            column(
                name=question.id,
                wording=question.label,
                kind="code",
                options=_coded(codebook, question.id),
            )
        )
    elif kind == QuestionType.MULTIPLE_CHOICE:
        found += [
            column(
                name=f"{question.id}__{option.id}",
                wording=f"{question.label} – {option.label}",
                kind="flag",
                meaning=FLAG_MEANING,
            )
            for option in question.options
        ]
    elif kind == QuestionType.LIKERT_GRID:
        found += [
            column(
                name=f"{question.id}__{row.id}",
                wording=f"{question.label} – {row.label}",
                kind="code",
                options=_coded(codebook, f"{question.id}__{row.id}"),
            )
            for row in question.rows
        ]
    elif kind == QuestionType.AREA:
        levels = [(level, _coded(codebook, f"{question.id}__{level}")) for level in question.levels]
        every_code = dict(
            code for _, options in levels for code in options if code[0] not in dict(AREA_ALTERNATIVES)
        )
        found.append(
            column(
                name=question.id,
                wording=question.label,
                kind="code",
                options=(*every_code.items(), *AREA_ALTERNATIVES),
                meaning="the area at the finest level known",
            )
        )
        found += [
            column(
                name=f"{question.id}__{level}",
                wording=codebook.question(f"{question.id}__{level}").label,
                kind="code",
                options=options,
            )
            for level, options in levels
        ]
    elif kind == QuestionType.NUMBER:
        unit = f" ({question.unit})" if question.unit else ""
        found.append(column(name=question.id, wording=question.label + unit, kind="integer"))
    elif kind == QuestionType.DATE:
        found.append(column(name=question.id, wording=question.label, kind="text", meaning="YYYY-MM-DD"))
    elif kind == QuestionType.MONTH_YEAR:
        found.append(column(name=question.id, wording=question.label, kind="text", meaning="YYYY-MM"))
    else:
        found.append(column(name=question.id, wording=question.label, kind="text"))
    if question.other_options:
        chosen = " or ".join(f"‘{o.label}’" for o in question.other_options)
        found.append(
            column(
                name=names[-1],
                wording=f"{question.label} – the text written for {chosen}",
                kind="text",
            )
        )
    assert [c.name for c in found] == names, "the dictionary must follow safevoice.analysis.layout's columns"
    return found


def _coded(codebook: Codebook, column: str) -> tuple[tuple[str, str], ...]:
    return tuple((o.id, o.label) for o in codebook.question(column).options)


def about_the_response(*, include_excluded: bool) -> list[Column]:
    about = ABOUT_THE_RESPONSE
    columns = [
        Column("language", "", "The language the questionnaire was answered in", about, "text"),
        Column(
            "channel",
            "",
            "How the response came in",
            about,
            "code",
            options=tuple((str(value), str(label)) for value, label in Channel.choices),
        ),
        Column("questionnaire_version", "", "The version of the questionnaire answered", about, "text"),
        Column(
            SUBMITTED_ON,
            "",
            "The day the response was sent (UK date; never the time of day)",
            about,
            "date",
            meaning="YYYY-MM-DD",
        ),
        Column(
            "flagged_for_review",
            "",
            "Identical answers were sent within a few minutes of each other (possibly one person sending "
            "many times; kept for a person to judge)",
            about,
            "flag",
            meaning="1 = flagged, 0 = not flagged",
        ),
    ]
    if include_excluded:
        columns.append(
            Column(
                EXCLUDED_COLUMN,
                "",
                "Staff excluded this response from analysis (this export was asked to include such responses)",
                about,
                "flag",
                meaning="1 = excluded, 0 = included",
            )
        )
    return columns


DICTIONARY_HEADINGS = ("column", "question_id", "wording", "type", "values", "asked_if")


def dictionary_rows(columns: Sequence[Column], *, names: Sequence[str] | None = None) -> list[list[str]]:
    """The dictionary as rows of text under ``DICTIONARY_HEADINGS``; ``names`` replaces the column names where a
    format renames them (SPSS)."""
    names = names or [c.name for c in columns]
    return [
        [
            name,
            c.question_id,
            c.wording,
            c.type,
            c.options_in_words() or c.meaning or _kind_words(c),
            c.asked_if,
        ]
        for name, c in zip(names, columns, strict=True)
    ]


def _kind_words(column: Column) -> str:
    return {
        "text": "text",
        "integer": "whole number",
        "date": "YYYY-MM-DD",
        "flag": FLAG_MEANING,
        "code": "",
    }[column.kind]
