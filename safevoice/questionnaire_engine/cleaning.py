"""Turning what a browser sent for one page into typed answers, or specific errors.

Every value is untrusted: unknown option ids, several values where one is expected, over-long text and strange
characters are refused with an error code the web layer words for people, never an exception. Errors are codes
plus parameters so this module needs no Django; ``safevoice.journey.messages`` turns them into sentences.

Form field names (the web journey and the synthetic-response generator both use them):
- choice and text questions: ``<question>``; the "please specify" box an option reveals:
  ``<question>__<option>__other`` (stored as ``<question>__other``)
- dates: ``<question>-day``, ``<question>-month``, ``<question>-year`` (month/year: no day)
- grid rows: ``<question>__<row>``
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from safevoice.questionnaire_engine.areas import NOT_SURE, PREFER_NOT_TO_SAY
from safevoice.questionnaire_engine.model import (
    OTHER_MAX_LENGTH,
    Answers,
    Option,
    Page,
    Question,
    Questionnaire,
    QuestionType,
)

FormData = Mapping[str, Sequence[str]]
#: No legitimate single value is longer than the longest text answer allowed anywhere.
MAX_VALUE_LENGTH = 10_000
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}


class ErrorCode(StrEnum):
    REQUIRED_CHOICE = "required_choice"
    REQUIRED_CHOICES = "required_choices"
    REQUIRED_TEXT = "required_text"
    REQUIRED_NUMBER = "required_number"
    REQUIRED_DATE = "required_date"
    UNKNOWN_OPTION = "unknown_option"
    ONLY_ONE = "only_one"
    EXCLUSIVE = "exclusive"
    TOO_MANY = "too_many"
    OTHER_REQUIRED = "other_required"
    OTHER_TOO_LONG = "other_too_long"
    TOO_LONG = "too_long"
    NOT_A_WHOLE_NUMBER = "not_a_whole_number"
    NUMBER_RANGE = "number_range"
    NUMBER_TOO_SMALL = "number_too_small"
    NUMBER_TOO_BIG = "number_too_big"
    DATE_INCOMPLETE = "date_incomplete"
    DATE_NOT_REAL = "date_not_real"
    DATE_RANGE = "date_range"
    DATE_TOO_EARLY = "date_too_early"
    DATE_TOO_LATE = "date_too_late"
    ROW_REQUIRED = "row_required"


@dataclass(frozen=True)
class FieldError:
    """One problem with one question; ``anchor`` is the id of the input the error summary links to."""

    question_id: str
    anchor: str
    code: ErrorCode
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class PageResult:
    answers: Answers
    errors: list[FieldError]

    @property
    def is_valid(self) -> bool:
        return not self.errors


#: Unicode format characters that writing needs: the zero-width non-joiner and joiner shape Urdu (and Persian,
#: Hindi) words. Every other format character is invisible and can only mislead: right-to-left overrides that
#: show text reversed to whoever reads it, zero-width spaces that split words for no one, a stray byte-order mark.
_KEEP_FORMAT_CHARACTERS = frozenset({"\u200c", "\u200d"})


def clean_text(value: str) -> str:
    """Plain text as stored: Windows and old Mac line ends made \\n, control characters and invisible format
    characters removed (keeping what Urdu needs), ends stripped. Letters with accents (Polish, Romanian) and
    combining marks are letters, not format characters, and stay as typed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL_CHARACTERS.sub("", value)
    if not value.isascii():
        value = "".join(c for c in value if c in _KEEP_FORMAT_CHARACTERS or unicodedata.category(c) != "Cf")
    return value.strip()


def _values(form_data: FormData, name: str) -> list[str]:
    raw = form_data.get(name, ())
    if isinstance(raw, str):
        raw = [raw]
    return [clean_text(v) if isinstance(v, str) else "" for v in raw]


def _non_empty(form_data: FormData, name: str) -> list[str]:
    return [v for v in _values(form_data, name) if v]


def _single(form_data: FormData, name: str) -> str:
    values = _non_empty(form_data, name)
    return values[0] if len(values) == 1 else ("" if not values else "\x00several")


def clean_page(
    questionnaire: Questionnaire, page: Page, form_data: FormData, *, answers: Mapping[str, Any]
) -> PageResult:
    """The typed answers to the questions of ``page`` the respondent can see, given their earlier ``answers``."""
    cleaned: Answers = {}
    errors: list[FieldError] = []
    for question in questionnaire.visible_questions(page, answers):
        _clean_question(question, form_data, cleaned, errors)
    return PageResult(answers=cleaned, errors=errors)


def _clean_question(
    question: Question, form_data: FormData, cleaned: Answers, errors: list[FieldError]
) -> None:
    def fail(code: ErrorCode, anchor: str | None = None, **params: Any) -> None:
        errors.append(FieldError(question.id, anchor or question.id, code, params))

    kind = question.type
    if kind in {QuestionType.SINGLE_CHOICE, QuestionType.LIKERT}:
        values = _non_empty(form_data, question.id)
        if not values:
            if question.required:
                fail(ErrorCode.REQUIRED_CHOICE)
            return
        if len(values) > 1:
            fail(ErrorCode.ONLY_ONE)
            return
        option = question.option(values[0])
        if option is None:
            fail(ErrorCode.UNKNOWN_OPTION)
            return
        if option.other and not _clean_other(question, option, form_data, cleaned, fail):
            return
        cleaned[question.id] = option.id
    elif kind == QuestionType.MULTIPLE_CHOICE:
        chosen = list(dict.fromkeys(_non_empty(form_data, question.id)))
        if not chosen:
            if question.required:
                fail(ErrorCode.REQUIRED_CHOICES)
            return
        options = [question.option(v) for v in chosen]
        if any(o is None for o in options) or len(chosen) > len(question.options):
            fail(ErrorCode.UNKNOWN_OPTION)
            return
        exclusive = [o for o in options if o is not None and o.exclusive]
        if exclusive and len(chosen) > 1:
            fail(ErrorCode.EXCLUSIVE, label=exclusive[0].label)
            return
        if question.max_choices is not None and len(chosen) > question.max_choices:
            fail(ErrorCode.TOO_MANY, max=question.max_choices)
            return
        other = next((o for o in question.other_options if o.id in chosen), None)
        if other is not None and not _clean_other(question, other, form_data, cleaned, fail):
            return
        # Stored in the questionnaire's order, so the same choices always give the same answer.
        order = [o.id for o in question.options]
        cleaned[question.id] = sorted(chosen, key=order.index)
    elif kind in {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}:
        value = _single(form_data, question.id)
        limit = question.max_length or 0
        if not value:
            if question.required:
                fail(ErrorCode.REQUIRED_TEXT)
        elif value == "\x00several":
            fail(ErrorCode.UNKNOWN_OPTION)
        elif len(value) > limit:
            fail(ErrorCode.TOO_LONG, max=limit, length=len(value))
        else:
            cleaned[question.id] = value
    elif kind == QuestionType.NUMBER:
        _clean_number(question, _single(form_data, question.id), cleaned, fail)
    elif kind in {QuestionType.DATE, QuestionType.MONTH_YEAR}:
        _clean_date(question, form_data, cleaned, fail)
    elif kind == QuestionType.LIKERT_GRID:
        grid: dict[str, str] = {}
        for row in question.rows:
            name = f"{question.id}__{row.id}"
            value = _single(form_data, name)
            if not value:
                if question.required:
                    fail(ErrorCode.ROW_REQUIRED, anchor=name, row=row.label)
                continue
            option = question.option(value)
            if option is None:
                fail(ErrorCode.UNKNOWN_OPTION, anchor=name)
                continue
            grid[row.id] = option.id
        if grid and not any(e.question_id == question.id for e in errors):
            cleaned[question.id] = grid
    elif kind == QuestionType.AREA:
        value = _single(form_data, question.id)
        if not value:
            if question.required:
                fail(ErrorCode.REQUIRED_CHOICE)
            return
        if value in (NOT_SURE, PREFER_NOT_TO_SAY):
            cleaned[question.id] = {value: True}
            return
        choice = next((c for c in question.area_choices if c.code == value), None)
        if choice is None:
            fail(ErrorCode.UNKNOWN_OPTION)
            return
        cleaned[question.id] = dict(question.area_answers.get(choice.code, {choice.level: choice.code}))


def _clean_other(
    question: Question, option: Option, form_data: FormData, cleaned: Answers, fail: Any
) -> bool:
    name = question.other_field_name(option)
    text = _single(form_data, name)
    if not text:
        # Choosing "Another way" says something already; the detail is asked for, not demanded, unless the
        # questionnaire says the option means nothing without it.
        if option.other_required:
            fail(ErrorCode.OTHER_REQUIRED, anchor=name, label=option.label)
            return False
        return True
    if text == "\x00several" or len(text) > OTHER_MAX_LENGTH:
        fail(ErrorCode.OTHER_TOO_LONG, anchor=name, label=option.label, max=OTHER_MAX_LENGTH)
        return False
    cleaned[question.other_answer_key] = text
    return True


def _clean_number(question: Question, value: str, cleaned: Answers, fail: Any) -> None:
    if not value:
        if question.required:
            fail(ErrorCode.REQUIRED_NUMBER)
        return
    digits = value.replace(",", "").replace(" ", "")
    if value == "\x00several" or not re.fullmatch(r"[+-]?[0-9]{1,12}", digits):
        fail(ErrorCode.NOT_A_WHOLE_NUMBER)
        return
    number = int(digits)
    low, high = question.min, question.max
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            fail(ErrorCode.NUMBER_RANGE, min=low, max=high, unit=question.unit)
        elif low is not None:
            fail(ErrorCode.NUMBER_TOO_SMALL, min=low, unit=question.unit)
        else:
            fail(ErrorCode.NUMBER_TOO_BIG, max=high, unit=question.unit)
        return
    cleaned[question.id] = number


def _month(value: str) -> int | None:
    if re.fullmatch(r"[0-9]{1,2}", value):
        return int(value)
    return _MONTH_NAMES.get(value.lower())


def _clean_date(question: Question, form_data: FormData, cleaned: Answers, fail: Any) -> None:
    with_day = question.type == QuestionType.DATE
    parts = ("day", "month", "year") if with_day else ("month", "year")
    raw = {part: _single(form_data, f"{question.id}-{part}") for part in parts}
    missing = [part for part in parts if not raw[part]]
    if len(missing) == len(parts):
        if question.required:
            fail(ErrorCode.REQUIRED_DATE, anchor=f"{question.id}-{parts[0]}")
        return
    if missing:
        fail(ErrorCode.DATE_INCOMPLETE, anchor=f"{question.id}-{missing[0]}", missing=missing)
        return
    month = _month(raw["month"])
    year = int(raw["year"]) if re.fullmatch(r"[0-9]{4}", raw["year"]) else None
    day = (
        int(raw["day"])
        if with_day and re.fullmatch(r"[0-9]{1,2}", raw["day"])
        else (1 if not with_day else None)
    )
    try:
        if month is None or year is None or day is None:
            raise ValueError
        when = date(year, month, day)
    except ValueError:
        bad = "year" if year is None else ("month" if month is None or not 1 <= month <= 12 else parts[0])
        fail(ErrorCode.DATE_NOT_REAL, anchor=f"{question.id}-{bad}")
        return
    value = when.isoformat() if with_day else when.isoformat()[:7]
    low, high = question.min, question.max
    if (low is not None and value < low) or (high is not None and value > high):
        anchor = f"{question.id}-{parts[0]}"
        if low is not None and high is not None:
            fail(ErrorCode.DATE_RANGE, anchor=anchor, min=low, max=high, with_day=with_day)
        elif low is not None:
            fail(ErrorCode.DATE_TOO_EARLY, anchor=anchor, min=low, with_day=with_day)
        else:
            fail(ErrorCode.DATE_TOO_LATE, anchor=anchor, max=high, with_day=with_day)
        return
    cleaned[question.id] = value


def form_data_for(question: Question, answers: Mapping[str, Any]) -> dict[str, list[str]]:
    """The form fields that would give back ``answers`` for ``question``: pre-fills a page when someone returns."""
    if question.id not in answers:
        return {}
    value = answers[question.id]
    data: dict[str, list[str]] = {}
    kind = question.type
    if kind in {QuestionType.SINGLE_CHOICE, QuestionType.LIKERT, QuestionType.MULTIPLE_CHOICE}:
        chosen = list(value) if isinstance(value, list) else [str(value)]
        data[question.id] = chosen
        if question.other_answer_key in answers:
            for option in question.other_options:
                if option.id in chosen:
                    data[question.other_field_name(option)] = [answers[question.other_answer_key]]
    elif kind in {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT, QuestionType.NUMBER}:
        data[question.id] = [str(value)]
    elif kind in {QuestionType.DATE, QuestionType.MONTH_YEAR}:
        pieces = str(value).split("-")
        data[f"{question.id}-year"] = [pieces[0]]
        data[f"{question.id}-month"] = [str(int(pieces[1]))]
        if kind == QuestionType.DATE:
            data[f"{question.id}-day"] = [str(int(pieces[2]))]
    elif kind == QuestionType.LIKERT_GRID:
        for row_id, option_id in dict(value).items():
            data[f"{question.id}__{row_id}"] = [option_id]
    elif kind == QuestionType.AREA:
        mapping = dict(value)
        if mapping.get(NOT_SURE):
            data[question.id] = [NOT_SURE]
        elif mapping.get(PREFER_NOT_TO_SAY):
            data[question.id] = [PREFER_NOT_TO_SAY]
        elif question.area_choices:
            asked = question.area_choices[0].level
            if asked in mapping:
                data[question.id] = [mapping[asked]]
    return data


def page_form_data(
    questionnaire: Questionnaire, page: Page, answers: Mapping[str, Any]
) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for question in page.questions:
        data.update(form_data_for(question, answers))
    return data
