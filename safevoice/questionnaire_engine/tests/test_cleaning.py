"""Answer cleaning: typed answers for good input, a specific error code for every kind of bad input."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from safevoice.questionnaire_engine import (
    ErrorCode,
    Questionnaire,
    clean_page,
    questionnaire_from_definition,
)
from safevoice.questionnaire_engine.cleaning import page_form_data
from safevoice.questionnaire_engine.tests.examples import every_type_questionnaire as fixture_questionnaire


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return fixture_questionnaire()


def clean(
    questionnaire: Questionnaire, page_id: str, data: dict[str, Any], answers: dict[str, Any] | None = None
):
    page = questionnaire.page(page_id)
    assert page is not None
    form = {k: v if isinstance(v, list) else [v] for k, v in data.items()}
    return clean_page(questionnaire, page, form, answers=answers or {})


def codes(result) -> list[tuple[str, ErrorCode]]:
    return [(e.anchor, e.code) for e in result.errors]


def test_multiple_choice_is_stored_in_questionnaire_order(questionnaire: Questionnaire) -> None:
    result = clean(questionnaire, "affected", {"affected_how": ["family", "victim"]})
    assert result.answers == {"affected_how": ["victim", "family"]}


def test_a_required_question_left_empty(questionnaire: Questionnaire) -> None:
    assert codes(clean(questionnaire, "affected", {})) == [("affected_how", ErrorCode.REQUIRED_CHOICES)]


def test_an_exclusive_option_cannot_be_combined(questionnaire: Questionnaire) -> None:
    result = clean(questionnaire, "affected", {"affected_how": ["victim", "prefer_not_to_say"]})
    assert codes(result) == [("affected_how", ErrorCode.EXCLUSIVE)]
    assert result.errors[0].params == {"label": "Prefer not to say"}


def test_no_more_than_max_choices(questionnaire: Questionnaire) -> None:
    result = clean(questionnaire, "affected", {"affected_how": ["victim", "witness", "family", "other"]})
    assert codes(result) == [("affected_how", ErrorCode.TOO_MANY)]


def optional_other(questionnaire: Questionnaire) -> Questionnaire:
    """The test questionnaire as most questionnaires write it: "Another way" without ``other_required``."""
    definition = copy.deepcopy(dict(questionnaire.definition))
    del definition["pages"][0]["questions"][0]["options"][3]["other_required"]
    return questionnaire_from_definition(definition)


def test_the_please_specify_text_is_optional_by_default(questionnaire: Questionnaire) -> None:
    optional = optional_other(questionnaire)
    # Choosing "Another way" and saying no more is an answer, and no empty text is stored.
    skipped = clean(optional, "affected", {"affected_how": ["other"], "affected_how__other__other": "  "})
    assert skipped.is_valid
    assert skipped.answers == {"affected_how": ["other"]}
    given = clean(optional, "affected", {"affected_how": ["other"], "affected_how__other__other": "At work"})
    assert given.answers == {"affected_how": ["other"], "affected_how__other": "At work"}
    too_long = clean(
        optional, "affected", {"affected_how": ["other"], "affected_how__other__other": "x" * 201}
    )
    assert codes(too_long) == [("affected_how__other__other", ErrorCode.OTHER_TOO_LONG)]


def test_other_required_needs_its_text_and_keeps_it(questionnaire: Questionnaire) -> None:
    missing = clean(questionnaire, "affected", {"affected_how": ["other"]})
    assert codes(missing) == [("affected_how__other__other", ErrorCode.OTHER_REQUIRED)]
    given = clean(
        questionnaire, "affected", {"affected_how": ["other"], "affected_how__other__other": " At work "}
    )
    assert given.answers == {"affected_how": ["other"], "affected_how__other": "At work"}


def test_other_text_is_bounded(questionnaire: Questionnaire) -> None:
    result = clean(
        questionnaire, "affected", {"affected_how": ["other"], "affected_how__other__other": "x" * 201}
    )
    assert codes(result) == [("affected_how__other__other", ErrorCode.OTHER_TOO_LONG)]


@pytest.mark.parametrize("tampered", ["hacker", "victims", "' OR 1=1", "x" * 5000])
def test_unknown_option_ids_are_refused(questionnaire: Questionnaire, tampered: str) -> None:
    result = clean(questionnaire, "affected", {"affected_how": [tampered]})
    assert codes(result) == [("affected_how", ErrorCode.UNKNOWN_OPTION)]


def test_two_values_for_a_single_choice_are_refused(questionnaire: Questionnaire) -> None:
    result = clean(questionnaire, "reported_page", {"reported": ["yes", "no"]}, {"affected_how": ["victim"]})
    assert codes(result) == [("reported", ErrorCode.ONLY_ONE)]


def test_long_text_limit_counts_characters_after_normalising_line_ends(questionnaire: Questionnaire) -> None:
    answers = {"affected_how": ["victim"], "reported": "no"}
    ok = clean(questionnaire, "why_not_page", {"why_not": "a\r\n" * 249 + "a"}, answers)
    assert ok.is_valid
    assert len(ok.answers["why_not"]) == 499
    too_long = clean(questionnaire, "why_not_page", {"why_not": "a" * 501}, answers)
    assert codes(too_long) == [("why_not", ErrorCode.TOO_LONG)]
    assert too_long.errors[0].params == {"max": 500, "length": 501}


def test_control_characters_are_removed_from_text(questionnaire: Questionnaire) -> None:
    result = clean(questionnaire, "final", {"nickname": "Safe\x00 streets\x07"})
    assert result.answers == {"nickname": "Safe streets"}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # A right-to-left override shows "evil.exe" to whoever reads it as "exe.live"; it is removed.
        ("call \u202eexe.live\u202c now", "call exe.live now"),
        ("zero\u200bwidth\ufeff space\u2066s\u2069", "zerowidth spaces"),
        ("\u00adsoft hy\u00adphen", "soft hyphen"),
        # What real writing needs stays: Polish and Romanian letters, and the joiners Urdu is shaped with.
        ("Zażółć gęślą jaźń, țară și mâine", "Zażółć gęślą jaźń, țară și mâine"),
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u06c1\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u06c1\u0645",
        ),
    ],
)
def test_invisible_format_characters_are_removed_from_text_and_real_writing_kept(
    questionnaire: Questionnaire, typed: str, stored: str
) -> None:
    assert clean(questionnaire, "final", {"nickname": typed}).answers == {"nickname": stored}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("42", 42), (" 1,00 ", 100), ("16", 16), ("120", 120)],
)
def test_numbers_in_range(questionnaire: Questionnaire, typed: str, expected: int) -> None:
    assert clean(questionnaire, "age_page", {"age": typed}).answers == {"age": expected}


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("12.5", ErrorCode.NOT_A_WHOLE_NUMBER),
        ("ten", ErrorCode.NOT_A_WHOLE_NUMBER),
        ("15", ErrorCode.NUMBER_RANGE),
        ("121", ErrorCode.NUMBER_RANGE),
        ("9" * 40, ErrorCode.NOT_A_WHOLE_NUMBER),
    ],
)
def test_bad_numbers(questionnaire: Questionnaire, typed: str, code: ErrorCode) -> None:
    assert codes(clean(questionnaire, "age_page", {"age": typed})) == [("age", code)]


def test_month_year_accepts_numbers_and_names(questionnaire: Questionnaire) -> None:
    answers = {"affected_how": ["victim"], "reported": "yes"}
    assert clean(
        questionnaire, "when_page", {"when_happened-month": "3", "when_happened-year": "2023"}, answers
    ).answers == {"when_happened": "2023-03"}
    assert clean(
        questionnaire, "when_page", {"when_happened-month": "Sept", "when_happened-year": "2023"}, answers
    ).answers == {"when_happened": "2023-09"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"last_visit-day": "31", "last_visit-month": "2", "last_visit-year": "2023"},
            ("last_visit-day", ErrorCode.DATE_NOT_REAL),
        ),
        (
            {"last_visit-day": "1", "last_visit-month": "13", "last_visit-year": "2023"},
            ("last_visit-month", ErrorCode.DATE_NOT_REAL),
        ),
        ({"last_visit-day": "1", "last_visit-year": "2023"}, ("last_visit-month", ErrorCode.DATE_INCOMPLETE)),
        (
            {"last_visit-day": "1", "last_visit-month": "1", "last_visit-year": "23"},
            ("last_visit-year", ErrorCode.DATE_NOT_REAL),
        ),
        (
            {"last_visit-day": "1", "last_visit-month": "1", "last_visit-year": "2019"},
            ("last_visit-day", ErrorCode.DATE_RANGE),
        ),
    ],
)
def test_bad_dates(
    questionnaire: Questionnaire, data: dict[str, str], expected: tuple[str, ErrorCode]
) -> None:
    assert codes(clean(questionnaire, "visit_page", data, {"age": 30})) == [expected]


def test_a_good_date(questionnaire: Questionnaire) -> None:
    data = {"last_visit-day": "7", "last_visit-month": "3", "last_visit-year": "2024"}
    assert clean(questionnaire, "visit_page", data, {"age": 30}).answers == {"last_visit": "2024-03-07"}


def test_a_grid_stores_a_mapping_of_rows(questionnaire: Questionnaire) -> None:
    result = clean(questionnaire, "safety", {"places__town_centre": "agree", "feel_safe": "neither"})
    assert result.answers == {"feel_safe": "neither", "places": {"town_centre": "agree"}}
    tampered = clean(questionnaire, "safety", {"places__parks": "banana"})
    assert codes(tampered) == [("places__parks", ErrorCode.UNKNOWN_OPTION)]


def test_an_area_answer_stores_the_council_the_district_belongs_to(questionnaire: Questionnaire) -> None:
    kettering = clean(questionnaire, "area_page", {"area": "E07000153"})
    assert kettering.answers == {"area": {"former_district": "E07000153", "unitary": "E06000061"}}
    assert clean(questionnaire, "area_page", {"area": "not_sure"}).answers == {"area": {"not_sure": True}}
    # A unitary code is not offered when the question asks for the former district.
    assert codes(clean(questionnaire, "area_page", {"area": "E06000061"})) == [
        ("area", ErrorCode.UNKNOWN_OPTION)
    ]


def test_answers_round_trip_through_form_data(questionnaire: Questionnaire) -> None:
    answers: dict[str, Any] = {
        "affected_how": ["victim", "other"],
        "affected_how__other": "Online",
        "feel_safe": "agree",
        "places": {"parks": "disagree"},
        "area": {"former_district": "E07000153", "unitary": "E06000061"},
        "age": 44,
        "last_visit": "2024-03-07",
    }
    for page in questionnaire.pages:
        data = page_form_data(questionnaire, page, answers)
        result = clean_page(questionnaire, page, data, answers=answers)
        assert result.is_valid
        for key, value in result.answers.items():
            assert answers[key] == value
