from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from safevoice.journey.tests.conftest import BASE
from safevoice.questionnaires.tests.factories import REAL_QUESTIONNAIRE, make_consultation


def test_the_start_page_says_what_to_expect(client, consultation) -> None:
    response = client.get(BASE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tell us what you think" in page
    assert "It takes about 5 minutes." in page
    assert "Start now" in page
    assert 'href="/consultations/test-survey/questionnaire/resume/"' in page


def test_start_now_goes_to_the_first_page(client, consultation) -> None:
    response = client.post(BASE)
    assert response.status_code == 302
    assert response["Location"] == BASE + "affected/"


def test_starting_again_keeps_the_answers_so_far(started) -> None:
    started.post(BASE + "affected/", {"affected_how": "not_affected"})
    assert "Continue your answers" in started.get(BASE).content.decode()
    assert started.post(BASE)["Location"] == BASE + "safety/"


@pytest.mark.django_db
def test_a_forthcoming_consultation_takes_no_answers(client) -> None:
    now = timezone.now()
    make_consultation(opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=30))
    page = client.get(BASE).content.decode()
    assert "This survey is not open yet" in page
    assert "Start now" not in page
    assert client.post(BASE).status_code == 200
    assert "not open yet" in client.get(BASE + "affected/").content.decode()


@pytest.mark.django_db
def test_a_closed_consultation_says_what_people_can_do(client) -> None:
    now = timezone.now()
    make_consultation(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    page = client.get(BASE).content.decode()
    assert "This survey has closed" in page
    assert "survey@example.org" in page


def test_an_unknown_consultation_is_not_found(client, db) -> None:
    assert client.get("/consultations/nothing/questionnaire/").status_code == 404


def test_headings_in_the_start_text_follow_the_page_heading_without_skipping_a_level(client, db) -> None:
    make_consultation(questionnaire_path=REAL_QUESTIONNAIRE)
    page = client.get(BASE).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page.split("<main", 1)[1])]
    assert '<h2 class="govuk-heading-m">Leaving quickly</h2>' in page
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
