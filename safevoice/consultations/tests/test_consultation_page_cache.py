"""The consultation page is kept briefly per worker for rushes, but never shown past a change of state."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safevoice.consultations.tests.factories import make_consultation, make_event

pytestmark = pytest.mark.django_db
URL = "/consultations/community-survey/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.SAFEVOICE_PAGE_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def test_a_repeat_visit_is_served_without_touching_the_database(client: Client):
    now = timezone.now()
    make_consultation(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7))
    first = client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert len(queries) == 0
    # Every page still tells the browser not to keep it, and still carries the security headers.
    assert second["Cache-Control"] == "no-store"
    assert "unsafe-inline" not in second["Content-Security-Policy"]


def test_the_start_button_goes_the_moment_the_consultation_closes(client: Client):
    now = timezone.now()
    make_consultation(opens_at=now - timedelta(days=1), closes_at=now + timedelta(seconds=10))
    with time_machine.travel(now, tick=False):
        assert "Start now" in client.get(URL).content.decode()
    with time_machine.travel(now + timedelta(seconds=11), tick=False):
        assert "Start now" not in client.get(URL).content.decode()


def test_a_finished_event_drops_off_even_from_a_kept_page(client: Client):
    now = timezone.now()
    consultation = make_consultation(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7))
    make_event(
        consultation, starts_at=now - timedelta(hours=2) + timedelta(seconds=5), title="Morning drop-in"
    )
    with time_machine.travel(now, tick=False):
        assert "Morning drop-in" in client.get(URL).content.decode()
    with time_machine.travel(now + timedelta(seconds=6), tick=False):
        assert "Morning drop-in" not in client.get(URL).content.decode()


def test_unknown_addresses_are_not_kept(client: Client):
    assert client.get("/consultations/no-such-survey/").status_code == 404
    assert client.get("/consultations/no-such-survey/").status_code == 404
