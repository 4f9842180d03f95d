"""Answers as people read them, for "Check your answers": option labels, dates in words, units."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from safevoice.journey.messages import human_date
from safevoice.questionnaire_engine import Question, Questionnaire, QuestionType
from safevoice.questionnaire_engine.areas import NOT_SURE, PREFER_NOT_TO_SAY


@dataclass(frozen=True)
class SummaryRow:
    question_id: str
    label: str
    lines: list[str]
    answered: bool
    change_url: str


def answer_lines(question: Question, answers: Mapping[str, Any]) -> list[str]:
    """The answer to ``question`` as lines of plain text; empty when it was not answered."""
    if question.id not in answers:
        return []
    value = answers[question.id]
    other_text = answers.get(question.other_answer_key, "")
    kind = question.type
    if kind in {QuestionType.SINGLE_CHOICE, QuestionType.LIKERT, QuestionType.MULTIPLE_CHOICE}:
        chosen = value if isinstance(value, list) else [value]
        lines = []
        for option_id in chosen:
            option = question.option(option_id)
            label = option.label if option else str(option_id)
            lines.append(
                f"{label}: {other_text}" if option is not None and option.other and other_text else label
            )
        return lines
    if kind == QuestionType.NUMBER:
        return [f"{value} {question.unit}".strip()]
    if kind == QuestionType.DATE:
        return [human_date(str(value), with_day=True)]
    if kind == QuestionType.MONTH_YEAR:
        return [human_date(str(value), with_day=False)]
    if kind == QuestionType.LIKERT_GRID:
        lines = []
        for row in question.rows:
            option = question.option(dict(value).get(row.id, ""))
            lines.append(f"{row.label}: {option.label if option else _('Not answered')}")
        return lines
    if kind == QuestionType.AREA:
        mapping = dict(value)
        if mapping.get(NOT_SURE):
            return [_("Not sure")]
        if mapping.get(PREFER_NOT_TO_SAY):
            return [_("Prefer not to say")]
        asked = question.area_choices[0].level if question.area_choices else ""
        choice = next((c for c in question.area_choices if c.code == mapping.get(asked)), None)
        return [choice.label if choice else ", ".join(str(v) for v in mapping.values())]
    return [str(value)]


def summary_rows(
    questionnaire: Questionnaire, answers: Mapping[str, Any], *, page_url: Callable[[str], str]
) -> list[SummaryRow]:
    """One row per question the respondent was shown, answered or not, in questionnaire order."""
    rows = []
    for page in questionnaire.visible_pages(answers):
        for question in questionnaire.visible_questions(page, answers):
            lines = answer_lines(question, answers)
            rows.append(
                SummaryRow(
                    question_id=question.id,
                    label=question.label,
                    lines=lines,
                    answered=bool(lines),
                    change_url=f"{page_url(page.id)}#{question.id}",
                )
            )
    return rows
