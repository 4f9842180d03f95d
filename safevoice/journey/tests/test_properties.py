"""Property-based tests: whatever a respondent (or an attacker) sends, the outcome is a response consistent with the
routing, or a clear refusal; never a server error."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safevoice.consultations.models import Consultation
from safevoice.journey.tests.conftest import BASE
from safevoice.questionnaire_engine import Page, Questionnaire, QuestionType, clean_page
from safevoice.questionnaires.selectors import get_current_questionnaire
from safevoice.questionnaires.tests.factories import fixture_questionnaire, make_consultation
from safevoice.responses.models import Response
from safevoice.responses.services import SubmissionRefused, submit_response

QUESTIONNAIRE = fixture_questionnaire()
HYPOTHESIS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
junk = st.text(max_size=30)


def field_values(page: Page) -> st.SearchStrategy[dict[str, list[str]]]:
    """Form data for a page: mostly plausible values (real option ids, numbers, dates), sometimes junk."""
    fields: dict[str, st.SearchStrategy[list[str]]] = {}
    for question in page.questions:
        option_ids = [o.id for o in question.options] + [c.code for c in question.area_choices]
        if question.type == QuestionType.AREA:
            option_ids += ["not_sure", "prefer_not_to_say"]
        plausible: st.SearchStrategy[str]
        if option_ids:
            plausible = st.sampled_from(option_ids)
        elif question.type == QuestionType.NUMBER:
            plausible = st.integers(-10, 200).map(str)
        else:
            plausible = st.text(alphabet="abc \n", max_size=60)
        fields[question.id] = st.lists(st.one_of(plausible, junk), max_size=4)
        for option in question.other_options:
            fields[question.other_field_name(option)] = st.lists(junk, max_size=1)
        for row in question.rows:
            fields[f"{question.id}__{row.id}"] = st.lists(
                st.one_of(st.sampled_from(option_ids), junk), max_size=2
            )
        if question.type in {QuestionType.DATE, QuestionType.MONTH_YEAR}:
            for part, numbers in (
                ("day", st.integers(0, 32)),
                ("month", st.integers(0, 13)),
                ("year", st.integers(2015, 2035)),
            ):
                fields[f"{question.id}-{part}"] = st.lists(st.one_of(numbers.map(str), junk), max_size=1)
    return st.fixed_dictionaries({}, optional=fields)


page_inputs = st.fixed_dictionaries({page.id: field_values(page) for page in QUESTIONNAIRE.pages})


def walk(questionnaire: Questionnaire, inputs: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    """Go through the pages as the journey does, keeping each page's answers only when the page is valid."""
    answers: dict[str, Any] = {}
    page_id = questionnaire.next_page_id(after=None, answers=answers)
    while page_id is not None:
        page = questionnaire.page(page_id)
        assert page is not None
        result = clean_page(questionnaire, page, inputs.get(page_id, {}), answers=answers)
        if result.is_valid:
            for question in page.questions:
                answers.pop(question.id, None)
                answers.pop(question.other_answer_key, None)
            answers = questionnaire.drop_hidden_answers({**answers, **result.answers})
        else:
            assert all(error.code for error in result.errors)
        page_id = questionnaire.next_page_id(after=page_id, answers=answers)
    return answers


@pytest.mark.django_db
@HYPOTHESIS
@given(inputs=page_inputs)
def test_random_answers_store_a_response_consistent_with_the_routing_or_a_clear_refusal(inputs) -> None:
    consultation = make_consultation(slug=f"s-{uuid.uuid4().hex[:12]}")[0]
    live = get_current_questionnaire(consultation=consultation)
    questionnaire = live.questionnaire
    answers = walk(questionnaire, inputs)
    refusal: SubmissionRefused | None = None
    try:
        submission = submit_response(
            consultation=consultation,
            version=live.version,
            questionnaire=questionnaire,
            answers=answers,
            token=uuid.uuid4().hex,
            language="en",
            started_at=consultation.opens_at,
            now=consultation.opens_at + (consultation.closes_at - consultation.opens_at) / 2,
        )
    except SubmissionRefused as refused:
        refusal = refused
    if refusal is not None:
        # The only refusal while open is an unanswered required question, and it names the page to go back to.
        assert refusal.page_id is not None
        assert refusal.page_id == questionnaire.first_incomplete_page_id(answers)
        assert not Response.objects.filter(consultation=consultation).exists()
        return
    stored = Response.objects.get(pk=submission.response.pk).answers
    assert questionnaire.drop_hidden_answers(stored) == stored
    assert questionnaire.first_incomplete_page_id(stored) is None
    visible_ids = {
        key
        for page in questionnaire.visible_pages(stored)
        for question in questionnaire.visible_questions(page, stored)
        for key in (question.id, question.other_answer_key)
    }
    assert set(stored) <= visible_ids


form_bodies = st.dictionaries(
    keys=st.one_of(
        st.sampled_from(
            [
                "affected_how",
                "affected_how__other__other",
                "reported",
                "age",
                "places__parks",
                "area",
                "token",
                "action",
                "last_visit-day",
                "last_visit-month",
                "last_visit-year",
                "why_not",
                "code",
                "email",
            ]
        ),
        st.text(max_size=20),
    ),
    values=st.lists(st.text(max_size=50), max_size=3),
    max_size=8,
)


@pytest.mark.django_db
@HYPOTHESIS
@given(
    path=st.sampled_from(
        [
            "",
            "affected/",
            "reported_page/",
            "age_page/",
            "safety/",
            "visit_page/",
            "area_page/",
            "final/",
            "check-your-answers/",
            "saved/",
            "resume/",
            "before_you_go_on/",
            "%00/",
            "sent/",
        ]
    ),
    body=form_bodies,
)
def test_arbitrary_post_bodies_never_give_a_server_error(path: str, body: dict[str, list[str]]) -> None:
    if not Consultation.objects.filter(slug="test-survey").exists():
        make_consultation()
    client = Client(raise_request_exception=True)
    client.post(BASE)
    client.post(BASE + "affected/", {"affected_how": "witness"})
    response = client.post(BASE + path, body)
    assert response.status_code < 500
