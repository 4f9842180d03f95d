"""Routing in words: who is asked a question, said the way a data dictionary or a paper form says it. No Django.

    asked_if(questionnaire, question)  # "Asked if the answer to ‘Did you report it to the police?’ is ‘No’"

Conditions name questions by their wording (with the id after it, for analysts) and options by their labels, so
the sentence reads without the questionnaire file beside it.
"""

from __future__ import annotations

from safevoice.questionnaire_engine.model import (
    All,
    Answered,
    AnyCondition,
    AnyOf,
    Condition,
    Equals,
    NoneOf,
    Not,
    Page,
    Question,
    Questionnaire,
)

EVERYONE = "Everyone"


def asked_if(questionnaire: Questionnaire, question: Question) -> str:
    """Who sees ``question``: "Everyone", or "Asked if …" from its page's condition and its own."""
    page = questionnaire.page_of(question.id)
    conditions = [c for c in (page.show_if if page else None, question.show_if) if c is not None]
    if not conditions:
        return EVERYONE
    combined = conditions[0] if len(conditions) == 1 else All(tuple(conditions))
    return f"Asked if {describe_condition(questionnaire, combined)}"


def page_shown_if(questionnaire: Questionnaire, page: Page) -> str:
    """Who sees ``page``: "Everyone", or "Shown if …"."""
    if page.show_if is None:
        return EVERYONE
    return f"Shown if {describe_condition(questionnaire, page.show_if)}"


def describe_condition(questionnaire: Questionnaire, condition: Condition) -> str:
    """The condition as a phrase, e.g. "the answer to ‘Age’ (age) is ‘Under 16’ or ‘16 to 24’"."""
    return _describe(questionnaire, condition, nested=False)


def _describe(questionnaire: Questionnaire, condition: Condition, *, nested: bool) -> str:
    if isinstance(condition, All | AnyCondition):
        joiner = " and " if isinstance(condition, All) else " or "
        parts = [_describe(questionnaire, c, nested=True) for c in condition.conditions]
        text = joiner.join(parts)
        return f"({text})" if nested and len(parts) > 1 else text
    if isinstance(condition, Not):
        return f"it is not so that {_describe(questionnaire, condition.condition, nested=True)}"
    if isinstance(condition, Equals):
        return f"the answer to {_question(questionnaire, condition.question)} is {_option(questionnaire, condition.question, condition.value)}"
    if isinstance(condition, AnyOf):
        options = _options(questionnaire, condition.question, condition.values, "or")
        question = questionnaire.question(condition.question)
        verb = "includes" if question is not None and question.allows_several else "is"
        return f"the answer to {_question(questionnaire, condition.question)} {verb} {options}"
    if isinstance(condition, NoneOf):
        options = _options(questionnaire, condition.question, condition.values, "or")
        return (
            f"the answer to {_question(questionnaire, condition.question)} is not {options} (or was skipped)"
        )
    if isinstance(condition, Answered):
        state = "was answered" if condition.expected else "was not answered"
        return f"{_question(questionnaire, condition.question)} {state}"
    raise TypeError(f"no wording for the condition {condition!r}")


def _question(questionnaire: Questionnaire, question_id: str) -> str:
    question = questionnaire.question(question_id)
    label = question.label if question is not None else question_id
    return f"‘{label}’ ({question_id})"


def _option(questionnaire: Questionnaire, question_id: str, option_id: str) -> str:
    question = questionnaire.question(question_id)
    option = question.option(option_id) if question is not None else None
    return f"‘{option.label if option is not None else option_id}’"


def _options(questionnaire: Questionnaire, question_id: str, option_ids: tuple[str, ...], joiner: str) -> str:
    labels = [_option(questionnaire, question_id, o) for o in option_ids]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + f" {joiner} " + labels[-1]
