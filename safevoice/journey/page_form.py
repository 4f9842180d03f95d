"""A question page as a form: built from the engine's definitions, cleaned by the engine, shown in GOV.UK markup.

The form keeps exactly what was typed, so a page shown again with errors loses nothing. Field names and ids follow
the engine's conventions (``<question>``, ``<question>-day``, ``<question>__<row>``, ``<question>__<option>__other``);
the first input of each question has the question's id, which the error summary links to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from safevoice.journey.messages import error_message
from safevoice.questionnaire_engine import (
    FieldError,
    Page,
    Question,
    Questionnaire,
    QuestionType,
    clean_page,
)
from safevoice.questionnaire_engine.areas import NOT_SURE, PREFER_NOT_TO_SAY
from safevoice.questionnaire_engine.cleaning import OTHER_MAX_LENGTH, page_form_data

TEMPLATES = {
    QuestionType.SINGLE_CHOICE: "journey/questions/radios.html",
    QuestionType.LIKERT: "journey/questions/radios.html",
    QuestionType.AREA: "journey/questions/radios.html",
    QuestionType.MULTIPLE_CHOICE: "journey/questions/checkboxes.html",
    QuestionType.SHORT_TEXT: "journey/questions/short_text.html",
    QuestionType.LONG_TEXT: "journey/questions/long_text.html",
    QuestionType.NUMBER: "journey/questions/number.html",
    QuestionType.DATE: "journey/questions/date.html",
    QuestionType.MONTH_YEAR: "journey/questions/date.html",
    QuestionType.LIKERT_GRID: "journey/questions/grid.html",
}


@dataclass
class OtherBox:
    name: str
    value: str
    error: str = ""
    max_length: int = OTHER_MAX_LENGTH
    required: bool = False


@dataclass
class Choice:
    id: str
    value: str
    label: str
    hint: str = ""
    checked: bool = False
    exclusive: bool = False
    divider_before: bool = False
    other: OtherBox | None = None


@dataclass
class DatePart:
    name: str
    label: str
    value: str
    width: int
    has_error: bool


@dataclass
class GridRowField:
    id: str
    name: str
    label: str
    choices: list[Choice]
    error: str = ""


@dataclass
class QuestionField:
    question: Question
    template: str
    is_page_heading: bool
    values: list[str]
    error: str = ""
    choices: list[Choice] = field(default_factory=list)
    date_parts: list[DatePart] = field(default_factory=list)
    rows: list[GridRowField] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def value(self) -> str:
        return self.values[0] if self.values else ""

    @property
    def described_by(self) -> str:
        ids = []
        if self.question.hint or self.question.warns_about_identifying_details:
            ids.append(f"{self.id}-hint")
        if self.error:
            ids.append(f"{self.id}-error")
        return " ".join(ids)


def _choice_id(question_id: str, index: int) -> str:
    # GOV.UK Frontend's convention: the first input carries the question's id, so "#question" reaches it.
    return question_id if index == 0 else f"{question_id}-{index + 1}"


class QuestionPageForm:
    """Binds one page's questions to submitted (or previously given) values, and cleans them through the engine."""

    def __init__(
        self,
        *,
        questionnaire: Questionnaire,
        page: Page,
        answers: Mapping[str, Any],
        data: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.page = page
        self.answers = answers
        self.is_bound = data is not None
        self.data: Mapping[str, Sequence[str]] = (
            data if data is not None else page_form_data(questionnaire, page, answers)
        )
        self.errors: list[FieldError] = []
        self.cleaned_answers: dict[str, Any] = {}

    def is_valid(self) -> bool:
        result = clean_page(self.questionnaire, self.page, self.data, answers=self.answers)
        self.errors = result.errors
        self.cleaned_answers = result.answers
        return result.is_valid

    # What the templates need ------------------------------------------------------------------------------

    @property
    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for each error, in page order."""
        return [(e.anchor, error_message(e)) for e in self.errors]

    def _error_for(self, anchor: str) -> str:
        return next((error_message(e) for e in self.errors if e.anchor == anchor), "")

    def _question_error(self, question: Question) -> str:
        return next((error_message(e) for e in self.errors if e.question_id == question.id), "")

    def _values(self, name: str) -> list[str]:
        raw = self.data.get(name, ())
        return [raw] if isinstance(raw, str) else [v for v in raw if isinstance(v, str)]

    def fields(self) -> list[QuestionField]:
        visible = self.questionnaire.visible_questions(self.page, self.answers)
        return [self._field(q, is_page_heading=self.page.single_question is q) for q in visible]

    def every_field(self) -> list[QuestionField]:
        """Every question on the page whatever the answers, none as the page heading: for staff previewing a
        questionnaire, where several pages share one screen and conditions are shown in words instead."""
        return [self._field(q, is_page_heading=False) for q in self.page.questions]

    def _field(self, question: Question, *, is_page_heading: bool) -> QuestionField:
        values = self._values(question.id)
        bound = QuestionField(
            question=question,
            template=TEMPLATES[question.type],
            is_page_heading=is_page_heading,
            values=values,
            # A grid shows each error on its row, not once more for the whole question.
            error="" if question.type == QuestionType.LIKERT_GRID else self._question_error(question),
        )
        if question.type in {QuestionType.SINGLE_CHOICE, QuestionType.LIKERT, QuestionType.MULTIPLE_CHOICE}:
            bound.choices = self._option_choices(question, values)
        elif question.type == QuestionType.AREA:
            bound.choices = self._area_choices(question, values)
        elif question.type in {QuestionType.DATE, QuestionType.MONTH_YEAR}:
            bound.date_parts = self._date_parts(question)
        elif question.type == QuestionType.LIKERT_GRID:
            bound.rows = self._grid_rows(question)
        return bound

    def _option_choices(self, question: Question, values: list[str]) -> list[Choice]:
        choices = []
        seen_exclusive = False
        multiple = question.type == QuestionType.MULTIPLE_CHOICE
        for index, option in enumerate(question.options):
            exclusive = multiple and option.exclusive
            other = None
            if option.other:
                name = question.other_field_name(option)
                other = OtherBox(
                    name=name,
                    value=next(iter(self._values(name)), ""),
                    error=self._error_for(name),
                    required=option.other_required,
                )
            choices.append(
                Choice(
                    id=_choice_id(question.id, index),
                    value=option.id,
                    label=option.label,
                    hint=option.hint,
                    checked=option.id in values,
                    exclusive=exclusive,
                    divider_before=exclusive and not seen_exclusive and index > 0,
                    other=other,
                )
            )
            seen_exclusive = seen_exclusive or exclusive
        return choices

    def _area_choices(self, question: Question, values: list[str]) -> list[Choice]:
        choices = [
            Choice(
                id=_choice_id(question.id, index),
                value=area.code,
                label=area.label,
                hint=area.hint,
                checked=area.code in values,
            )
            for index, area in enumerate(question.area_choices)
        ]
        count = len(choices)
        choices.append(
            Choice(
                id=_choice_id(question.id, count),
                value=NOT_SURE,
                label=_("Not sure"),
                checked=NOT_SURE in values,
                divider_before=True,
            )
        )
        choices.append(
            Choice(
                id=_choice_id(question.id, count + 1),
                value=PREFER_NOT_TO_SAY,
                label=_("Prefer not to say"),
                checked=PREFER_NOT_TO_SAY in values,
            )
        )
        return choices

    def _date_parts(self, question: Question) -> list[DatePart]:
        names = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
        widths = {"day": 2, "month": 2, "year": 4}
        parts = ("day", "month", "year") if question.type == QuestionType.DATE else ("month", "year")
        question_errors = [e for e in self.errors if e.question_id == question.id]
        # GOV.UK: highlight only the part that is wrong, unless the whole date is (missing or out of range).
        whole = any(
            e.anchor == f"{question.id}-{parts[0]}"
            and e.code.value.startswith(("date_range", "date_too", "required"))
            for e in question_errors
        )
        return [
            DatePart(
                name=f"{question.id}-{part}",
                label=names[part],
                value=next(iter(self._values(f"{question.id}-{part}")), ""),
                width=widths[part],
                has_error=whole or any(e.anchor == f"{question.id}-{part}" for e in question_errors),
            )
            for part in parts
        ]

    def _grid_rows(self, question: Question) -> list[GridRowField]:
        rows = []
        for row in question.rows:
            name = f"{question.id}__{row.id}"
            chosen = self._values(name)
            rows.append(
                GridRowField(
                    id=name,
                    name=name,
                    label=row.label,
                    error=self._error_for(name),
                    choices=[
                        Choice(
                            id=_choice_id(name, index),
                            value=option.id,
                            label=option.label,
                            checked=option.id in chosen,
                        )
                        for index, option in enumerate(question.options)
                    ],
                )
            )
        return rows
