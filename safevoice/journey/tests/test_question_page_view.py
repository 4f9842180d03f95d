from __future__ import annotations

import re

import yaml

from safevoice.journey.tests.conftest import BASE
from safevoice.questionnaires.tests.factories import FIXTURE, make_consultation


def test_a_page_before_starting_goes_to_the_start(client, consultation) -> None:
    assert client.get(BASE + "affected/")["Location"] == BASE


def test_a_one_question_page_uses_the_question_as_its_heading(started) -> None:
    page = started.get(BASE + "affected/").content.decode()
    assert re.search(
        r'<h1 class="govuk-fieldset__heading">In the last 12 months, have you been affected', page
    )
    assert "Page 1 of about 5" in page
    assert 'data-behaviour="exclusive"' in page


def test_optional_questions_say_so_in_the_label(started) -> None:
    started.post(BASE + "affected/", {"affected_how": "not_affected"})
    page = started.get(BASE + "safety/").content.decode()
    assert "I feel safe in my area after dark (optional)" in page
    assert "*" not in re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S).split("<main")[1]


def test_an_error_is_summarised_linked_to_its_field_and_answers_are_kept(started) -> None:
    response = started.post(
        BASE + "affected/", {"affected_how": ["victim", "other"], "affected_how__other__other": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert '<a href="#affected_how__other__other">Enter your answer for ‘Another way’</a>' in page
    assert "<title>Error:" in page
    assert re.search(r'value="victim" checked', page)
    assert re.search(r'value="other" checked', page)


def test_text_over_the_limit_is_kept_and_explained(started) -> None:
    started.post(BASE + "affected/", {"affected_how": "victim"})
    started.post(BASE + "before_you_go_on/")
    started.post(BASE + "reported_page/", {"reported": "no"})
    long_answer = "I did not think they would help. " * 20
    page = started.post(BASE + "why_not_page/", {"why_not": long_answer}).content.decode()
    assert "Answer must be 500 characters or fewer (you have entered 659)" in page
    assert long_answer.strip() in page
    assert "Please don't include names or details that could identify you or someone else." in page


def test_continue_follows_the_route_and_back_goes_to_the_previous_visible_page(started) -> None:
    response = started.post(BASE + "affected/", {"affected_how": "not_affected"})
    assert response["Location"] == BASE + "safety/"
    page = started.get(BASE + "safety/").content.decode()
    assert f'href="{BASE}affected/" class="govuk-back-link"' in page
    assert "Page 2 of about 5" in page


def test_back_shows_the_answers_already_given(started) -> None:
    started.post(BASE + "affected/", {"affected_how": ["victim", "witness"]})
    page = started.get(BASE + "affected/").content.decode()
    assert 'value="victim" checked' in page
    assert 'value="witness" checked' in page


def test_a_page_the_route_skips_cannot_be_opened(started) -> None:
    started.post(BASE + "affected/", {"affected_how": "not_affected"})
    assert started.get(BASE + "reported_page/")["Location"] == BASE + "safety/"


def test_an_unknown_page_is_not_found(started) -> None:
    assert started.get(BASE + "no_such_page/").status_code == 404


def test_tampered_values_get_a_clear_message_not_a_server_error(started) -> None:
    response = started.post(BASE + "affected/", {"affected_how": ["<script>", "victim"]})
    assert response.status_code == 200
    assert "Select one of the answers shown" in response.content.decode()


def test_the_grace_banner_is_absent_while_open(started) -> None:
    assert "extra time" not in started.get(BASE + "affected/").content.decode()


def test_in_the_grace_period_there_is_no_saving_for_later(client, db) -> None:
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from safevoice.questionnaires.tests.factories import make_consultation
    from safevoice.responses.models import SavedAnswers

    consultation, _ = make_consultation(closes_at=timezone.now() + timedelta(minutes=5))
    client.post(BASE)
    with time_machine.travel(consultation.closes_at + timedelta(minutes=1)):
        page = client.get(BASE + "affected/").content.decode()
        assert "Save and come back later" not in page
        response = client.post(BASE + "affected/", {"affected_how": "witness", "action": "save"})
    assert response["Location"] == BASE + "before_you_go_on/"
    assert SavedAnswers.objects.count() == 0


def test_the_please_specify_box_says_whether_it_is_optional(client, tmp_path, db) -> None:
    document = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    del document["pages"][0]["questions"][0]["options"][3]["other_required"]
    path = tmp_path / "questionnaire.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    make_consultation(questionnaire_path=path)
    client.post(BASE)
    page = client.get(BASE + "affected/").content.decode()
    assert "Please specify (Another way) (optional)</label>" in page
    # Choosing it and leaving the box empty goes on to the next page: no one has to describe what happened.
    response = client.post(
        BASE + "affected/", {"affected_how": ["victim", "other"], "affected_how__other__other": ""}
    )
    assert response.status_code == 302


def test_a_required_please_specify_box_does_not_say_optional(started) -> None:
    page = started.get(BASE + "affected/").content.decode()
    assert "Please specify (Another way)</label>" in page
