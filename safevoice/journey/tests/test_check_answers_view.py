from __future__ import annotations

import re

from safevoice.journey.tests.conftest import BASE
from safevoice.responses.models import Response


def answer_everything_as_not_affected(client) -> None:
    client.post(BASE + "affected/", {"affected_how": "not_affected"})
    client.post(BASE + "safety/", {"feel_safe": "agree", "places__parks": "disagree"})
    client.post(BASE + "area_page/", {"area": "E07000153"})
    client.post(BASE + "age_page/", {"age": "34"})
    client.post(
        BASE + "visit_page/", {"last_visit-day": "7", "last_visit-month": "3", "last_visit-year": "2024"}
    )
    assert client.post(BASE + "final/", {})["Location"] == BASE + "check-your-answers/"


def token_of(page: str) -> str:
    match = re.search(r'name="token" value="([0-9a-f]{32})"', page)
    assert match
    return match.group(1)


def test_check_your_answers_lists_answers_in_words_with_change_links(started) -> None:
    answer_everything_as_not_affected(started)
    page = started.get(BASE + "check-your-answers/").content.decode()
    assert "I have not been affected" in page
    assert "Parks: Disagree" in page
    assert "Kettering" in page
    assert "34 years" in page
    assert "7 March 2024" in page
    assert "Not answered" in page
    assert (
        f'href="{BASE}age_page/#age">Change<span class="govuk-visually-hidden"> How old are you?</span>'
        in page
    )


def test_a_change_returns_to_check_your_answers(started) -> None:
    answer_everything_as_not_affected(started)
    started.get(BASE + "check-your-answers/")
    assert started.post(BASE + "age_page/", {"age": "35"})["Location"] == BASE + "check-your-answers/"


def test_a_change_that_opens_new_pages_goes_through_them_first(started) -> None:
    answer_everything_as_not_affected(started)
    started.get(BASE + "check-your-answers/")
    assert (
        started.post(BASE + "affected/", {"affected_how": "witness"})["Location"]
        == BASE + "before_you_go_on/"
    )
    assert started.post(BASE + "before_you_go_on/")["Location"] == BASE + "reported_page/"
    assert started.post(BASE + "reported_page/", {"reported": "yes"})["Location"] == BASE + "when_page/"
    assert started.post(BASE + "when_page/", {})["Location"] == BASE + "check-your-answers/"


def test_it_cannot_be_reached_before_the_pages_are_done(started) -> None:
    started.post(BASE + "affected/", {"affected_how": "not_affected"})
    assert started.get(BASE + "check-your-answers/")["Location"] == BASE + "safety/"


def test_sending_stores_one_anonymous_response_with_its_version(started, consultation) -> None:
    answer_everything_as_not_affected(started)
    token = token_of(started.get(BASE + "check-your-answers/").content.decode())
    response = started.post(BASE + "check-your-answers/", {"token": token})
    assert response["Location"] == BASE + "sent/"
    stored = Response.objects.get()
    assert stored.consultation == consultation
    assert stored.questionnaire_version.version == "1"
    assert stored.language == "en"
    assert stored.channel == "online"
    assert stored.answers["area"] == {"former_district": "E07000153", "unitary": "E06000061"}
    assert stored.answers["age"] == 34
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user_agent", "user", "session", "session_key"}


def test_a_double_click_or_resent_form_stores_one_response(started) -> None:
    answer_everything_as_not_affected(started)
    token = token_of(started.get(BASE + "check-your-answers/").content.decode())
    first = started.post(BASE + "check-your-answers/", {"token": token})
    second = started.post(BASE + "check-your-answers/", {"token": token})
    assert first["Location"] == second["Location"] == BASE + "sent/"
    assert Response.objects.count() == 1


def test_a_tampered_token_stores_nothing(started) -> None:
    answer_everything_as_not_affected(started)
    started.get(BASE + "check-your-answers/")
    response = started.post(BASE + "check-your-answers/", {"token": "0" * 32})
    assert response["Location"] == BASE + "check-your-answers/"
    assert Response.objects.count() == 0


def test_answers_to_skipped_questions_are_not_stored(started) -> None:
    started.post(BASE + "affected/", {"affected_how": "victim"})
    started.post(BASE + "before_you_go_on/")
    started.post(BASE + "reported_page/", {"reported": "no"})
    started.post(BASE + "why_not_page/", {"why_not": "I was afraid"})
    # A change of mind: the reporting questions no longer apply.
    started.post(BASE + "affected/", {"affected_how": "not_affected"})
    for path in ["safety/", "area_page/", "age_page/", "final/"]:
        started.post(BASE + path, {})
    token = token_of(started.get(BASE + "check-your-answers/").content.decode())
    started.post(BASE + "check-your-answers/", {"token": token})
    assert Response.objects.get().answers == {"affected_how": ["not_affected"]}
