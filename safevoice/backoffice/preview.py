"""What staff check before a questionnaire version goes live: every page as residents will see it, each
condition in words, and every route through the questionnaire with answers that take it.

Routes are found by walking the pages in order and, at each question that a later condition reads, trying each
kind of answer that could matter (each option a condition names, one it does not name, and no answer at all).
Different answers that lead through the same pages are one route.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, combinations, product
from typing import Any

from django.utils.translation import gettext as _

from safevoice.journey.page_form import QuestionField, QuestionPageForm
from safevoice.questionnaire_engine import Page, Question, Questionnaire, QuestionType
from safevoice.questionnaire_engine.model import (
    All,
    Answered,
    AnyCondition,
    AnyOf,
    Condition,
    Equals,
    NoneOf,
    Not,
)

#: Distinct routes listed at most; combinations of answers tried at most.
MAX_ROUTES = 100
MAX_WALKS = 50_000
_NO_ANSWER: Any = object()


def _label(questionnaire: Questionnaire, question_id: str) -> str:
    question = questionnaire.question(question_id)
    return f"‘{question.label}’" if question else f"‘{question_id}’"


def _option_labels(questionnaire: Questionnaire, question_id: str, values: tuple[str, ...]) -> str:
    question = questionnaire.question(question_id)
    labels = []
    for value in values:
        option = question.option(value) if question else None
        labels.append(f"‘{option.label}’" if option else f"‘{value}’")
    return _(" or ").join(labels)


def describe(condition: Condition, questionnaire: Questionnaire) -> str:
    """A condition in words: ‘Did it happen in Northamptonshire?’ is ‘Yes’ and ..."""
    match condition:
        case Equals(question=q, value=v):
            return _("%(q)s is %(a)s") % {
                "q": _label(questionnaire, q),
                "a": _option_labels(questionnaire, q, (v,)),
            }
        case AnyOf(question=q, values=vs):
            return _("%(q)s includes %(a)s") % {
                "q": _label(questionnaire, q),
                "a": _option_labels(questionnaire, q, vs),
            }
        case NoneOf(question=q, values=vs):
            return _("%(q)s does not include %(a)s") % {
                "q": _label(questionnaire, q),
                "a": _option_labels(questionnaire, q, vs),
            }
        case Answered(question=q, expected=True):
            return _("%(q)s was answered") % {"q": _label(questionnaire, q)}
        case Answered(question=q):
            return _("%(q)s was not answered") % {"q": _label(questionnaire, q)}
        case All(conditions=parts):
            return _(" and ").join(
                f"({describe(p, questionnaire)})"
                if isinstance(p, AnyCondition)
                else describe(p, questionnaire)
                for p in parts
            )
        case AnyCondition(conditions=parts):
            return _(" or ").join(
                f"({describe(p, questionnaire)})" if isinstance(p, All) else describe(p, questionnaire)
                for p in parts
            )
        case Not(condition=inner):
            return _("not (%(inner)s)") % {"inner": describe(inner, questionnaire)}
    return str(condition)


# Pages ---------------------------------------------------------------------------------------------------------


@dataclass
class PreviewPage:
    number: int
    page: Page
    shown_when: str
    fields: list[QuestionField]
    question_conditions: dict[str, str]


def preview_pages(questionnaire: Questionnaire) -> list[PreviewPage]:
    pages = []
    for number, page in enumerate(questionnaire.pages, start=1):
        form = QuestionPageForm(questionnaire=questionnaire, page=page, answers={})
        pages.append(
            PreviewPage(
                number=number,
                page=page,
                shown_when=describe(page.show_if, questionnaire) if page.show_if else "",
                fields=form.every_field(),
                question_conditions={
                    q.id: describe(q.show_if, questionnaire) for q in page.questions if q.show_if is not None
                },
            )
        )
    return pages


# Routes --------------------------------------------------------------------------------------------------------


def _conditions(questionnaire: Questionnaire) -> Iterator[Condition]:
    for page in questionnaire.pages:
        if page.show_if is not None:
            yield page.show_if
        for question in page.questions:
            if question.show_if is not None:
                yield question.show_if


def _named_values(condition: Condition) -> Iterator[tuple[str, str]]:
    match condition:
        case Equals(question=q, value=v):
            yield q, v
        case AnyOf(question=q, values=vs) | NoneOf(question=q, values=vs):
            for v in vs:
                yield q, v
        case All(conditions=parts) | AnyCondition(conditions=parts):
            for part in parts:
                yield from _named_values(part)
        case Not(condition=inner):
            yield from _named_values(inner)


def _atoms(condition: Condition) -> Iterator[Condition]:
    """The tests on a single question that a condition is built from."""
    match condition:
        case All(conditions=parts) | AnyCondition(conditions=parts):
            for part in parts:
                yield from _atoms(part)
        case Not(condition=inner):
            yield from _atoms(inner)
        case _:
            yield condition


def _routing_values(questionnaire: Questionnaire) -> dict[str, list[Any]]:
    """For each question a condition reads: one answer for each different way the conditions could see it."""
    read: dict[str, set[str]] = {}
    atoms: dict[str, list[Condition]] = {}
    for condition in _conditions(questionnaire):
        for atom in _atoms(condition):
            for question_id in atom.questions():
                atoms.setdefault(question_id, []).append(atom)
                read.setdefault(question_id, set())
        for question_id, value in _named_values(condition):
            read[question_id].add(value)
    candidates: dict[str, list[Any]] = {}
    for question_id, named in read.items():
        question = questionnaire.question(question_id)
        if question is None:
            continue
        option_ids = [o.id for o in question.options] if question.options else []
        named_in_order = [o for o in option_ids if o in named] or sorted(named)
        other = next((o for o in option_ids if o not in named), None)
        tries: list[Any]
        if question.type == QuestionType.MULTIPLE_CHOICE:
            subsets = chain.from_iterable(
                combinations(named_in_order, k) for k in range(1, len(named_in_order) + 1)
            )
            tries = [list(s) for s in subsets]
            if other is not None:
                tries.append([other])
        elif question.is_choice or question.options:
            tries = [*named_in_order] + ([other] if other is not None else [])
        else:
            tries = [_("(any answer)")]
        if not question.required:
            tries.append(_NO_ANSWER)
        # Answers the conditions cannot tell apart make the same routes: keep one of each kind.
        seen: dict[tuple[bool, ...], Any] = {}
        for value in tries:
            answers = {} if value is _NO_ANSWER else {question_id: value}
            seen.setdefault(tuple(atom.holds(answers) for atom in atoms[question_id]), value)
        candidates[question_id] = list(seen.values())
    return candidates


@dataclass
class Route:
    number: int
    pages: list[Page]
    #: The pages this route leaves out, in questionnaire order.
    skipped: list[Page] = field(default_factory=list)
    #: (question label, answer in words) for each question that decided the route.
    answers: list[tuple[str, str]] = field(default_factory=list)
    #: Answers that take this route, as the engine stores them (what ``answers`` says in words).
    example: dict[str, Any] = field(default_factory=dict)


@dataclass
class Routes:
    routes: list[Route]
    complete: bool


def _answer_words(question: Question, value: Any) -> str:
    if value is _NO_ANSWER:
        return _("not answered")
    chosen = value if isinstance(value, list) else [value]
    labels: list[str] = []
    for option_id in chosen:
        option = question.option(option_id) if isinstance(option_id, str) else None
        labels.append(option.label if option else str(option_id))
    return "; ".join(labels)


def find_routes(questionnaire: Questionnaire) -> Routes:
    candidates = _routing_values(questionnaire)
    pages = questionnaire.pages
    found: dict[tuple[str, ...], list[tuple[Question, Any]]] = {}
    walks = 0
    complete = True

    def walk(
        index: int, answers: dict[str, Any], path: tuple[str, ...], chose: list[tuple[Question, Any]]
    ) -> None:
        nonlocal walks, complete
        if walks >= MAX_WALKS or len(found) >= MAX_ROUTES:
            complete = False
            return
        if index == len(pages):
            walks += 1
            found.setdefault(path, chose)
            return
        page = pages[index]
        if not questionnaire.is_page_visible(page, answers):
            walk(index + 1, answers, path, chose)
            return
        deciding = [q for q in questionnaire.visible_questions(page, answers) if q.id in candidates]
        for combination in product(*(candidates[q.id] for q in deciding)):
            next_answers = dict(answers)
            for question, value in zip(deciding, combination, strict=True):
                if value is not _NO_ANSWER:
                    next_answers[question.id] = value
            walk(
                index + 1,
                next_answers,
                (*path, page.id),
                chose + list(zip(deciding, combination, strict=True)),
            )

    walk(0, {}, (), [])
    routes = [
        Route(
            number=number,
            pages=[questionnaire.page(page_id) for page_id in path],  # type: ignore[misc]
            skipped=[page for page in pages if page.id not in path],
            answers=[(question.label, _answer_words(question, value)) for question, value in chose],
            example={question.id: value for question, value in chose if value is not _NO_ANSWER},
        )
        for number, (path, chose) in enumerate(sorted(found.items(), key=lambda item: -len(item[0])), start=1)
    ]
    return Routes(routes=routes, complete=complete)
