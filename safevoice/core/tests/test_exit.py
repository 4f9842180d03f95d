"""Exit this page ends the visit on our side first: the answers in the session go, the cookie is expired, the
browser is asked to clear what the site stored, and only then does it go to the neutral site."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from safevoice.journey.tests.conftest import BASE

pytestmark = pytest.mark.django_db


def test_exit_deletes_the_unsent_answers_and_goes_to_the_neutral_site(started: Client, settings) -> None:
    settings.SAFEVOICE_EXIT_URL = "https://neutral.example/"
    started.post(BASE + "affected/", {"affected_how": "victim"})
    assert Session.objects.count() == 1
    response = started.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == "https://neutral.example/"
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response["Referrer-Policy"] == "no-referrer"
    # The session row is gone and the cookie is expired in the browser.
    assert Session.objects.count() == 0
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value == ""
    assert cookie["max-age"] == 0
    # Coming back (Back, or typing the address) finds no answers: the survey starts again.
    assert started.get(BASE + "affected/")["Location"] == BASE
    assert "Continue your answers" not in started.get(BASE).content.decode()


def test_exit_works_for_someone_who_has_not_started(client: Client) -> None:
    response = client.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == settings.SAFEVOICE_EXIT_URL
    assert Session.objects.count() == 0
