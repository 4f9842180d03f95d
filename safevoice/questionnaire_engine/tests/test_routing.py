"""Routing: which pages a respondent sees, in what order, and which answers survive a change of mind."""

from __future__ import annotations

import pytest

from safevoice.questionnaire_engine import Questionnaire
from safevoice.questionnaire_engine.tests.examples import every_type_questionnaire as fixture_questionnaire


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return fixture_questionnaire()


def ids(pages: list) -> list[str]:
    return [p.id for p in pages]


def test_someone_not_affected_skips_the_questions_about_what_happened(questionnaire: Questionnaire) -> None:
    answers = {"affected_how": ["not_affected"]}
    assert ids(questionnaire.visible_pages(answers)) == [
        "affected",
        "safety",
        "area_page",
        "age_page",
        "final",
    ]


def test_a_victim_sees_the_interruption_page_and_the_reporting_question(questionnaire: Questionnaire) -> None:
    answers = {"affected_how": ["victim"]}
    assert questionnaire.next_page_id(after="affected", answers=answers) == "before_you_go_on"
    assert questionnaire.next_page_id(after="before_you_go_on", answers=answers) == "reported_page"


def test_all_and_none_of_combine(questionnaire: Questionnaire) -> None:
    reported_no = {"affected_how": ["victim"], "reported": "no"}
    assert questionnaire.next_page_id(after="reported_page", answers=reported_no) == "why_not_page"
    reported_yes = {"affected_how": ["victim"], "reported": "yes"}
    assert questionnaire.next_page_id(after="reported_page", answers=reported_yes) == "when_page"


def test_any_condition_shows_a_page_for_either_answer(questionnaire: Questionnaire) -> None:
    page = questionnaire.page("when_page")
    assert page is not None
    assert questionnaire.is_page_visible(page, {"reported": "yes"})
    assert questionnaire.is_page_visible(page, {"reported": "no"})
    assert not questionnaire.is_page_visible(page, {"reported": "prefer_not_to_say"})


def test_not_and_answered_conditions(questionnaire: Questionnaire) -> None:
    page = questionnaire.page("visit_page")
    assert page is not None
    assert not questionnaire.is_page_visible(page, {})
    assert questionnaire.is_page_visible(page, {"age": 30})


def test_the_back_link_skips_hidden_pages(questionnaire: Questionnaire) -> None:
    answers = {"affected_how": ["not_affected"]}
    assert questionnaire.previous_page_id(before="safety", answers=answers) == "affected"
    assert questionnaire.previous_page_id(before="affected", answers=answers) is None


def test_the_last_page_has_no_next_page(questionnaire: Questionnaire) -> None:
    assert questionnaire.next_page_id(after="final", answers={}) is None


def test_changing_an_answer_drops_what_it_now_hides_in_a_chain(questionnaire: Questionnaire) -> None:
    answers = {
        "affected_how": ["not_affected"],  # changed from "victim": the reporting pages are now hidden
        "reported": "no",
        "why_not": "I was scared",
        "when_happened": "2023-05",
        "feel_safe": "agree",
    }
    assert questionnaire.drop_hidden_answers(answers) == {
        "affected_how": ["not_affected"],
        "feel_safe": "agree",
    }


def test_other_text_is_dropped_when_its_option_is_no_longer_chosen(questionnaire: Questionnaire) -> None:
    answers = {"affected_how": ["victim"], "affected_how__other": "At school"}
    assert "affected_how__other" not in questionnaire.drop_hidden_answers(answers)
    answers["affected_how"] = ["victim", "other"]
    assert questionnaire.drop_hidden_answers(answers)["affected_how__other"] == "At school"


def test_the_only_required_question_decides_completeness(questionnaire: Questionnaire) -> None:
    assert questionnaire.first_incomplete_page_id({}) == "affected"
    assert questionnaire.first_incomplete_page_id({"affected_how": ["witness"]}) is None


def test_the_codebook_lists_every_question_with_its_options(questionnaire: Questionnaire) -> None:
    codebook = {entry["id"]: entry for entry in questionnaire.codebook()}
    assert list(codebook) == [q.id for q in questionnaire.questions]
    assert codebook["affected_how"]["multiple"] is True
    assert codebook["affected_how"]["other_text_column"] == "affected_how__other"
    assert [o["id"] for o in codebook["reported"]["options"]] == ["yes", "no", "prefer_not_to_say"]
    assert [r["id"] for r in codebook["places"]["rows"]] == ["town_centre", "parks"]
    assert codebook["area"]["levels"] == ["unitary", "former_district"]
    assert {"id": "E07000153", "label": "Kettering"} in codebook["area"]["options"]
    assert codebook["why_not"]["conditional"] is True
