"""The preview's routes are every different set of pages a respondent can see, each with answers that really lead
there: checked against the engine's own routing on many random answer sets."""

from __future__ import annotations

import random

import pytest

from safevoice.backoffice.preview import describe, find_routes
from safevoice.questionnaire_engine import Questionnaire, QuestionType, read_questionnaire
from safevoice.questionnaire_engine.tests.examples import EVERY_TYPE, REAL_QUESTIONNAIRE


def _random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict:
    answers: dict = {}
    for question in questionnaire.questions:
        if rng.random() < 0.2 and not question.required:
            continue
        if question.type == QuestionType.MULTIPLE_CHOICE:
            picked = [o.id for o in question.options if rng.random() < 0.4]
            if picked:
                answers[question.id] = picked
        elif question.options:
            answers[question.id] = rng.choice(question.options).id
        elif question.type == QuestionType.NUMBER:
            answers[question.id] = rng.randint(16, 90)
    return answers


@pytest.mark.parametrize("path", [EVERY_TYPE, REAL_QUESTIONNAIRE], ids=["every type", "real"])
def test_every_route_is_found_and_each_example_takes_its_route(path) -> None:
    questionnaire = read_questionnaire(path)
    found = find_routes(questionnaire)
    assert found.complete
    routes = {tuple(p.id for p in route.pages) for route in found.routes}
    assert len(routes) == len(found.routes), "each route is listed once"
    for route in found.routes:
        assert [p.id for p in questionnaire.visible_pages(route.example)] == [p.id for p in route.pages]
        assert {p.id for p in route.skipped} == {p.id for p in questionnaire.pages} - {
            p.id for p in route.pages
        }
    rng = random.Random(15)
    for _ in range(3000):
        # As the journey keeps them: answers to questions the respondent could not see are dropped.
        answers = questionnaire.drop_hidden_answers(_random_answers(questionnaire, rng))
        seen = tuple(p.id for p in questionnaire.visible_pages(answers))
        assert seen in routes, seen


def test_conditions_read_in_words() -> None:
    questionnaire = read_questionnaire(EVERY_TYPE)
    why_not = questionnaire.page("why_not_page")
    assert why_not is not None
    assert why_not.show_if is not None
    assert describe(why_not.show_if, questionnaire) == (
        "‘Did you report it to the police?’ is ‘No’ and "
        "‘In the last 12 months, have you been affected by serious violence in any of these ways?’ "
        "does not include ‘Prefer not to say’"
    )
