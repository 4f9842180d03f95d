"""The questionnaire validator: each refusal names the file, the line and the reason."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from safevoice.content import ContentErrors
from safevoice.questionnaire_engine import read_questionnaire

FIXTURE = Path(__file__).parent / "fixtures" / "every_type.yaml"


def base() -> dict[str, Any]:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def refusals(tmp_path: Path, document: dict[str, Any]) -> list[str]:
    path = tmp_path / "questionnaire.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        read_questionnaire(path)
    return [str(error) for error in caught.value.errors]


def test_the_fixture_is_valid() -> None:
    questionnaire = read_questionnaire(FIXTURE)
    assert questionnaire.version == "1"
    assert len(questionnaire.pages) == 10


def test_a_duplicate_question_id_is_refused_with_its_line(tmp_path: Path) -> None:
    document = base()
    document["pages"][9]["questions"][0]["id"] = "affected_how"
    [message] = refusals(tmp_path, document)
    assert "the question id 'affected_how' is already used (at pages/0/questions/0/id)" in message
    path, line, _ = message.split(":", 2)
    assert path.endswith("questionnaire.yaml")
    assert "affected_how" in (tmp_path / "questionnaire.yaml").read_text().splitlines()[int(line) - 1]


def test_a_page_id_may_not_repeat_a_question_id(tmp_path: Path) -> None:
    document = base()
    document["pages"][7]["id"] = "feel_safe"
    assert any("the page id 'feel_safe' is already used" in m for m in refusals(tmp_path, document))


def test_duplicate_option_ids_are_refused(tmp_path: Path) -> None:
    document = base()
    document["pages"][0]["questions"][0]["options"][1]["id"] = "victim"
    assert any("the option id 'victim' appears twice" in m for m in refusals(tmp_path, document))


def test_a_condition_on_a_missing_question_is_refused(tmp_path: Path) -> None:
    document = base()
    document["pages"][2]["show_if"] = {"question": "nothing_here", "any_of": ["victim"]}
    assert any(
        "refers to 'nothing_here', which is not a question here" in m for m in refusals(tmp_path, document)
    )


def test_a_condition_on_a_missing_option_is_refused(tmp_path: Path) -> None:
    document = base()
    document["pages"][3]["show_if"] = {"question": "reported", "equals": "maybe"}
    assert any("'reported' has no option 'maybe'" in m for m in refusals(tmp_path, document))


def test_a_condition_on_a_later_page_is_refused_as_a_cycle(tmp_path: Path) -> None:
    document = base()
    document["pages"][2]["show_if"] = {"question": "why_not", "answered": True}
    messages = refusals(tmp_path, document)
    assert any("'why_not' on a later page" in m and "cycle" in m for m in messages)


def test_a_condition_on_its_own_page_is_refused_as_a_cycle(tmp_path: Path) -> None:
    document = base()
    document["pages"][5]["questions"][1]["show_if"] = {"question": "feel_safe", "answered": True}
    assert any("'feel_safe' on this page" in m for m in refusals(tmp_path, document))


def test_a_page_no_answers_can_show_is_refused_as_unreachable(tmp_path: Path) -> None:
    document = base()
    document["pages"][3]["show_if"] = {
        "all": [{"question": "reported", "equals": "yes"}, {"question": "reported", "equals": "no"}]
    }
    assert any("the page 'why_not_page' can never be shown" in m for m in refusals(tmp_path, document))


def test_exclusive_options_cannot_be_combined_in_a_condition(tmp_path: Path) -> None:
    document = base()
    document["pages"][2]["show_if"] = {
        "all": [
            {"question": "affected_how", "any_of": ["not_affected"]},
            {"question": "affected_how", "any_of": ["victim"]},
        ]
    }
    messages = refusals(tmp_path, document)
    assert any("the page 'reported_page' can never be shown" in m for m in messages)


def test_a_page_that_depends_on_an_unreachable_page_is_unreachable_too(tmp_path: Path) -> None:
    document = base()
    document["pages"][2]["show_if"] = {"not": {"question": "affected_how", "answered": False}}
    document["pages"][2]["show_if"] = {
        "all": [
            {"question": "affected_how", "answered": True},
            {"question": "affected_how", "answered": False},
        ]
    }
    messages = refusals(tmp_path, document)
    assert any("'reported_page' can never be shown" in m for m in messages)
    assert any("'when_page' can never be shown" in m for m in messages)


def test_equals_on_a_multiple_choice_question_is_refused(tmp_path: Path) -> None:
    document = base()
    document["pages"][2]["show_if"] = {"question": "affected_how", "equals": "victim"}
    assert any("'equals' needs a single choice or likert question" in m for m in refusals(tmp_path, document))


def test_a_missing_option_set_is_refused(tmp_path: Path) -> None:
    document = base()
    document["pages"][2]["questions"][0]["option_set"] = "no_such_set"
    assert any("there is no option set called 'no_such_set'" in m for m in refusals(tmp_path, document))


def test_min_above_max_is_refused(tmp_path: Path) -> None:
    document = base()
    document["pages"][7]["questions"][0]["min"] = 200
    assert any("min (200) is more than max (120)" in m for m in refusals(tmp_path, document))


def test_schema_errors_name_the_field_and_line(tmp_path: Path) -> None:
    document = base()
    document["pages"][7]["questions"][0]["type"] = "slider"
    [message] = refusals(tmp_path, document)
    assert "pages/7/questions/0/type: 'slider' is not one of" in message


def test_an_unquoted_yes_is_caught_by_the_schema(tmp_path: Path) -> None:
    # YAML reads a bare yes as true: the schema insists option ids are strings, so the author quotes it.
    text = FIXTURE.read_text(encoding="utf-8").replace('{id: "yes", label: "Yes"}', "{id: yes, label: Yes}")
    path = tmp_path / "questionnaire.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        read_questionnaire(path)
    assert any("option_sets/yes_no/0/id: True is not of type 'string'" in str(e) for e in caught.value.errors)


def test_a_several_question_page_needs_a_heading(tmp_path: Path) -> None:
    document = copy.deepcopy(base())
    del document["pages"][5]["heading"]
    assert any(
        "a page with more than one question needs a 'heading'" in m for m in refusals(tmp_path, document)
    )


def test_max_choices_above_the_number_of_options_is_refused(tmp_path: Path) -> None:
    document = base()
    document["pages"][0]["questions"][0]["max_choices"] = 9
    assert any("max_choices is 9 but there are 6 options" in m for m in refusals(tmp_path, document))


def test_a_multiple_choice_with_only_exclusive_options_is_refused(tmp_path: Path) -> None:
    document = base()
    for option in document["pages"][0]["questions"][0]["options"]:
        option["exclusive"] = True
        option.pop("other", None)
    assert any("every option is exclusive" in m for m in refusals(tmp_path, document))


def test_two_other_options_in_a_multiple_choice_are_refused(tmp_path: Path) -> None:
    document = base()
    document["pages"][0]["questions"][0]["options"][1]["other"] = True
    assert any(
        "only one option of a multiple choice question may have 'other: true'" in m
        for m in refusals(tmp_path, document)
    )


def test_other_required_without_a_text_box_is_refused(tmp_path: Path) -> None:
    document = base()
    document["pages"][0]["questions"][0]["options"][0]["other_required"] = True
    assert any(
        "option 'victim' has 'other_required' but no 'other: true'" in m for m in refusals(tmp_path, document)
    )


def test_an_id_with_a_double_underscore_is_refused(tmp_path: Path) -> None:
    document = base()
    document["pages"][7]["questions"][0]["id"] = "age__other"
    assert any("contains '__'" in m for m in refusals(tmp_path, document))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    document = base()
    document["pages"][2]["show_if"] = {"question": "nothing_here", "any_of": ["victim"]}
    document["pages"][7]["questions"][0]["min"] = 200
    assert len(refusals(tmp_path, document)) == 2
