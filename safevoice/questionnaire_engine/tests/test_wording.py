"""Routing in words, as the data dictionary gives it."""

from __future__ import annotations

from safevoice.questionnaire_engine.tests.examples import every_type_questionnaire
from safevoice.questionnaire_engine.wording import asked_if, page_shown_if


def test_a_question_without_conditions_is_asked_of_everyone():
    questionnaire = every_type_questionnaire()
    assert asked_if(questionnaire, questionnaire.question("feel_safe")) == "Everyone"


def test_any_of_on_a_multiple_choice_says_includes_with_the_option_labels():
    questionnaire = every_type_questionnaire()
    assert asked_if(questionnaire, questionnaire.question("reported")) == (
        "Asked if the answer to ‘In the last 12 months, have you been affected by serious violence in any of "
        "these ways?’ (affected_how) includes ‘It happened to me’, ‘I saw it happen’ or ‘It happened to someone "
        "close to me’"
    )


def test_all_equals_and_none_of_read_as_one_sentence():
    questionnaire = every_type_questionnaire()
    assert asked_if(questionnaire, questionnaire.question("why_not")) == (
        "Asked if the answer to ‘Did you report it to the police?’ (reported) is ‘No’ and the answer to ‘In the "
        "last 12 months, have you been affected by serious violence in any of these ways?’ (affected_how) is not "
        "‘Prefer not to say’ (or was skipped)"
    )


def test_any_and_not_answered():
    questionnaire = every_type_questionnaire()
    assert asked_if(questionnaire, questionnaire.question("when_happened")) == (
        "Asked if the answer to ‘Did you report it to the police?’ (reported) is ‘Yes’ or the answer to ‘Did you "
        "report it to the police?’ (reported) is ‘No’"
    )
    assert page_shown_if(questionnaire, questionnaire.page("visit_page")) == (
        "Shown if it is not so that ‘How old are you?’ (age) was not answered"
    )
