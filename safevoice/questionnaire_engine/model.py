"""The typed form of a questionnaire file, and the rules that follow from it (visibility, routing, codebook).

Plain Python: no Django import. Analysis, the synthetic-response generator and other formats (paper, easy read)
use the same objects as the web journey.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from safevoice.questionnaire_engine.areas import AreaCatalogue, AreaChoice

#: What a respondent's answers look like between pages and once stored: question id -> typed value.
Answers = dict[str, Any]


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    MONTH_YEAR = "month_year"
    DATE = "date"
    LIKERT = "likert"
    LIKERT_GRID = "likert_grid"
    AREA = "area"


CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.LIKERT})
SINGLE_VALUE_CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.LIKERT})
DEFAULT_MAX_LENGTH = {QuestionType.SHORT_TEXT: 200, QuestionType.LONG_TEXT: 2000}
#: The limit on the "please specify" box that an option with ``other: true`` reveals.
OTHER_MAX_LENGTH = 200
OTHER_SUFFIX = "__other"


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    hint: str = ""
    exclusive: bool = False
    other: bool = False
    #: Whether the "please specify" text must be given. Optional by default: on a sensitive question, requiring
    #: it would force a disclosure the respondent chose not to make.
    other_required: bool = False


@dataclass(frozen=True)
class GridRow:
    id: str
    label: str


# Conditions -------------------------------------------------------------------------------------------------


class Condition:
    """A test on earlier answers. Subclasses are small and immutable; ``holds`` never raises on odd answers."""

    def holds(self, answers: Mapping[str, Any]) -> bool:
        raise NotImplementedError

    def questions(self) -> Iterator[str]:
        """Every question id the condition reads."""
        raise NotImplementedError


def _selected(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


@dataclass(frozen=True)
class Equals(Condition):
    question: str
    value: str

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return answers.get(self.question) == self.value

    def questions(self) -> Iterator[str]:
        yield self.question


@dataclass(frozen=True)
class AnyOf(Condition):
    question: str
    values: tuple[str, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return bool(_selected(answers.get(self.question)) & set(self.values))

    def questions(self) -> Iterator[str]:
        yield self.question


@dataclass(frozen=True)
class NoneOf(Condition):
    """True when none of the options is selected, including when the question was not answered."""

    question: str
    values: tuple[str, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return not (_selected(answers.get(self.question)) & set(self.values))

    def questions(self) -> Iterator[str]:
        yield self.question


@dataclass(frozen=True)
class Answered(Condition):
    question: str
    expected: bool = True

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return (self.question in answers) == self.expected

    def questions(self) -> Iterator[str]:
        yield self.question


@dataclass(frozen=True)
class All(Condition):
    conditions: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return all(c.holds(answers) for c in self.conditions)

    def questions(self) -> Iterator[str]:
        for condition in self.conditions:
            yield from condition.questions()


@dataclass(frozen=True)
class AnyCondition(Condition):
    conditions: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return any(c.holds(answers) for c in self.conditions)

    def questions(self) -> Iterator[str]:
        for condition in self.conditions:
            yield from condition.questions()


@dataclass(frozen=True)
class Not(Condition):
    condition: Condition

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return not self.condition.holds(answers)

    def questions(self) -> Iterator[str]:
        yield from self.condition.questions()


# Questions and pages ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    label: str
    hint: str = ""
    required: bool = False
    show_if: Condition | None = None
    options: tuple[Option, ...] = ()
    max_choices: int | None = None
    max_length: int | None = None
    min: Any = None
    max: Any = None
    unit: str = ""
    rows: tuple[GridRow, ...] = ()
    levels: tuple[str, ...] = ()
    area_choices: tuple[AreaChoice, ...] = ()
    #: For an area question: the stored answer for each code offered (the code and the coarser levels it implies).
    area_answers: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def allows_several(self) -> bool:
        return self.type == QuestionType.MULTIPLE_CHOICE

    @property
    def warns_about_identifying_details(self) -> bool:
        return self.type == QuestionType.LONG_TEXT

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def other_options(self) -> tuple[Option, ...]:
        """Options that reveal a "please specify" box (a single choice may have several, as the ONS ethnicity
        question does; a multiple choice at most one, so its one stored text is never ambiguous)."""
        return tuple(o for o in self.options if o.other)

    @property
    def other_answer_key(self) -> str:
        """Where the "please specify" text is stored in the answers."""
        return self.id + OTHER_SUFFIX

    def other_field_name(self, option: Option) -> str:
        """The form field of the "please specify" box an option reveals (one per option, each its own input)."""
        return f"{self.id}__{option.id}{OTHER_SUFFIX}"


@dataclass(frozen=True)
class Page:
    id: str
    heading: str = ""
    body_markdown: str = ""
    is_information: bool = False
    show_if: Condition | None = None
    questions: tuple[Question, ...] = ()

    @property
    def title(self) -> str:
        """The page's heading: its own, or the label of its single question."""
        if self.heading:
            return self.heading
        return self.questions[0].label if self.questions else self.id

    @property
    def single_question(self) -> Question | None:
        """The question whose label is the page heading (GOV.UK: one question, label as the <h1>)."""
        return self.questions[0] if len(self.questions) == 1 and not self.heading else None


@dataclass(frozen=True)
class TextBlock:
    heading: str
    body_markdown: str = ""


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    language: str
    title: str
    start: TextBlock
    confirmation: TextBlock
    pages: tuple[Page, ...]
    estimated_minutes: int | None = None
    areas: AreaCatalogue | None = field(default=None, compare=False, repr=False)
    #: The document it was built from (plain JSON-compatible data): what a QuestionnaireVersion stores.
    definition: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: The file it was read from, for error messages ("" when built from a stored definition).
    source: str = field(default="", compare=False)
    _pages_by_id: dict[str, Page] = field(init=False, repr=False, compare=False)
    _questions_by_id: dict[str, Question] = field(init=False, repr=False, compare=False)
    _page_of_question: dict[str, Page] = field(init=False, repr=False, compare=False)

    # Look-ups (computed once: the same object serves every request for this version) -----------------------

    def __post_init__(self) -> None:
        object.__setattr__(self, "_pages_by_id", {p.id: p for p in self.pages})
        object.__setattr__(self, "_questions_by_id", {q.id: q for p in self.pages for q in p.questions})
        object.__setattr__(self, "_page_of_question", {q.id: p for p in self.pages for q in p.questions})

    def page(self, page_id: str) -> Page | None:
        return self._pages_by_id.get(page_id)

    def question(self, question_id: str) -> Question | None:
        return self._questions_by_id.get(question_id)

    def page_of(self, question_id: str) -> Page | None:
        return self._page_of_question.get(question_id)

    @property
    def questions(self) -> list[Question]:
        return [q for p in self.pages for q in p.questions]

    # Routing -------------------------------------------------------------------------------------------

    def is_page_visible(self, page: Page, answers: Mapping[str, Any]) -> bool:
        return page.show_if is None or page.show_if.holds(answers)

    def visible_pages(self, answers: Mapping[str, Any]) -> list[Page]:
        """The pages this respondent sees, in order, given their answers so far."""
        return [p for p in self.pages if self.is_page_visible(p, answers)]

    def visible_questions(self, page: Page, answers: Mapping[str, Any]) -> list[Question]:
        return [q for q in page.questions if q.show_if is None or q.show_if.holds(answers)]

    def next_page_id(self, *, after: str | None, answers: Mapping[str, Any]) -> str | None:
        """The next visible page after ``after`` (the first page when None); None when the respondent is done."""
        index = -1 if after is None else self.pages.index(self._pages_by_id[after])
        for page in self.pages[index + 1 :]:
            if self.is_page_visible(page, answers):
                return page.id
        return None

    def previous_page_id(self, *, before: str, answers: Mapping[str, Any]) -> str | None:
        """The visible page before ``before``; None on the first page."""
        index = self.pages.index(self._pages_by_id[before])
        for page in reversed(self.pages[:index]):
            if self.is_page_visible(page, answers):
                return page.id
        return None

    def drop_hidden_answers(self, answers: Mapping[str, Any]) -> Answers:
        """Only the answers to questions the respondent can still see, in questionnaire order.

        A page or question hides only on answers to earlier pages, so one pass in order settles everything:
        an answer dropped here can only hide things after it, which are checked later in the same pass.
        """
        kept: Answers = {}
        for page in self.pages:
            if not self.is_page_visible(page, kept):
                continue
            for question in self.visible_questions(page, kept):
                if question.id in answers:
                    kept[question.id] = answers[question.id]
                other_key = question.other_answer_key
                chosen = _selected(kept.get(question.id))
                if other_key in answers and any(o.id in chosen for o in question.other_options):
                    kept[other_key] = answers[other_key]
        return kept

    def first_incomplete_page_id(self, answers: Mapping[str, Any]) -> str | None:
        """The first visible page with a required question left unanswered; None when all are answered."""
        for page in self.visible_pages(answers):
            for question in self.visible_questions(page, answers):
                if question.required and question.id not in answers:
                    return page.id
        return None

    # What analysis needs ----------------------------------------------------------------------------------

    def codebook(self) -> list[dict[str, Any]]:
        """One entry per question: id, type, label, whether several answers are possible, and its options."""
        entries: list[dict[str, Any]] = []
        for page in self.pages:
            for question in page.questions:
                entry: dict[str, Any] = {
                    "id": question.id,
                    "page": page.id,
                    "type": question.type.value,
                    "label": question.label,
                    "multiple": question.allows_several,
                    "required": question.required,
                    "conditional": page.show_if is not None or question.show_if is not None,
                    "options": [
                        {"id": o.id, "label": o.label, "exclusive": o.exclusive, "other": o.other}
                        for o in question.options
                    ],
                }
                if question.type == QuestionType.LIKERT_GRID:
                    entry["rows"] = [{"id": r.id, "label": r.label} for r in question.rows]
                if question.type == QuestionType.AREA:
                    entry["levels"] = list(question.levels)
                    entry["options"] = [{"id": c.code, "label": c.label} for c in question.area_choices]
                if question.type in {QuestionType.NUMBER, QuestionType.DATE, QuestionType.MONTH_YEAR}:
                    entry["min"], entry["max"] = question.min, question.max
                if question.other_options:
                    entry["other_text_column"] = question.other_answer_key
                entries.append(entry)
        return entries
