"""A resident who stops for an hour loses the unsent answers in this browser, unless they saved them with a code;
anyone still answering keeps them however long they take."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from safevoice.journey.tests.conftest import BASE
from safevoice.journey.tests.test_saved_view import save_after_first_page


def test_the_start_page_says_answers_go_after_an_hour_without_a_page(client, consultation) -> None:
    text = " ".join(client.get(BASE).content.decode().split())
    assert "If you stop for 60 minutes without saving, your answers are deleted from this site." in text


def test_answers_left_for_an_hour_are_gone(started) -> None:
    started.post(BASE + "affected/", {"affected_how": "victim"})
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert started.get(BASE + "affected/")["Location"] == BASE
        assert "Continue your answers" not in started.get(BASE).content.decode()


def test_reading_pages_keeps_the_answers_alive(started) -> None:
    started.post(BASE + "affected/", {"affected_how": "victim"})
    now = timezone.now()
    for minutes in (20, 40, 60, 80):
        with time_machine.travel(now + timedelta(minutes=minutes)):
            assert started.get(BASE + "affected/").status_code == 200
    with time_machine.travel(now + timedelta(minutes=100)):
        assert 'value="victim" checked' in started.get(BASE + "affected/").content.decode()


def test_answers_saved_with_a_code_outlive_the_idle_hour(started, client_factory) -> None:
    code = save_after_first_page(started)
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        other = client_factory()
        assert other.post(BASE + "resume/", {"code": code})["Location"] == BASE + "before_you_go_on/"
