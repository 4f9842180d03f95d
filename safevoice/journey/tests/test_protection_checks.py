"""Abuse protection on the resident's journey: a honeypot, a minimum completion time, per-client rate limits on
sending and on resume-code guesses, and identical answer sets flagged for review. None of it stores an address,
and a person caught by any of it keeps every answer."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from safevoice.journey.tests.conftest import BASE
from safevoice.journey.tests.test_check_answers_view import answer_everything_as_not_affected, token_of
from safevoice.journey.tests.test_saved_view import save_after_first_page
from safevoice.protection.checks import uk_clock_time
from safevoice.protection.models import RateLimitCounter
from safevoice.responses.models import Response

pytestmark = pytest.mark.django_db

CHECK = BASE + "check-your-answers/"


def ready_to_send(client: Client) -> str:
    """Start, answer every page and open "Check your answers"; returns the page's submit token."""
    client.post(BASE)
    answer_everything_as_not_affected(client)
    return token_of(client.get(CHECK).content.decode())


def test_the_honeypot_is_out_of_sight_out_of_reach_and_not_autofilled(started) -> None:
    answer_everything_as_not_affected(started)
    page = started.get(CHECK).content.decode()
    block = re.search(r'<div class="govuk-visually-hidden" aria-hidden="true">.*?</div>', page, re.S)
    assert block, "the honeypot is hidden from sight and from assistive technology"
    assert 'name="website"' in block.group(0)
    assert 'tabindex="-1"' in block.group(0)
    assert 'autocomplete="off"' in block.group(0)


def test_a_filled_honeypot_is_refused_with_a_generic_page_and_the_answers_stay(client, consultation) -> None:
    token = ready_to_send(client)
    refused = client.post(CHECK, {"token": token, "website": "http://spam.example"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Sorry, there is a problem with that request" in text
    assert "website" not in text.lower().split("<main", 1)[1]  # nothing that tells a script what gave it away
    assert Response.objects.count() == 0
    # A person who somehow filled it can still send: the answers were kept.
    assert client.post(CHECK, {"token": token})["Location"] == BASE + "sent/"
    assert Response.objects.count() == 1


def test_answers_sent_too_soon_are_shown_again_to_check_then_accepted(client, consultation, settings) -> None:
    settings.SAFEVOICE_MIN_COMPLETION_SECONDS = 20
    started_at = timezone.now()
    with time_machine.travel(started_at, tick=False):
        token = ready_to_send(client)
        too_soon = client.post(CHECK, {"token": token})
    assert too_soon.status_code == 200
    text = too_soon.content.decode()
    assert "Your answers have not been sent yet. Please check your answers and send them again." in text
    assert "I have not been affected" in text  # the answers are all still there to check
    assert Response.objects.count() == 0
    with time_machine.travel(started_at + timedelta(seconds=21), tick=False):
        assert client.post(CHECK, {"token": token_of(text)})["Location"] == BASE + "sent/"
    assert Response.objects.count() == 1


def test_too_many_sends_from_one_connection_wait_for_the_window_and_keep_their_answers(
    consultation, settings
) -> None:
    settings.SAFEVOICE_SUBMISSIONS_PER_HOUR = 2
    moment = timezone.now().replace(minute=10, second=0, microsecond=0)
    with time_machine.travel(moment, tick=False):
        for _ in range(2):
            neighbour = Client()
            assert neighbour.post(CHECK, {"token": ready_to_send(neighbour)})["Location"] == BASE + "sent/"
        third = Client()
        token = ready_to_send(third)
        limited = third.post(CHECK, {"token": token})
        # Someone at another address is not affected.
        elsewhere = Client(REMOTE_ADDR="203.0.113.7")
        assert elsewhere.post(CHECK, {"token": ready_to_send(elsewhere)})["Location"] == BASE + "sent/"
    assert limited.status_code == 429
    text = limited.content.decode()
    assert "Sorry, you cannot send answers just now" in text
    assert f"Try again after {uk_clock_time(moment.replace(minute=0) + timedelta(hours=1))} (UK time)" in text
    assert int(limited["Retry-After"]) == 50 * 60
    assert "Your answers have not been lost" in text
    assert Response.objects.count() == 3
    # The next window starts on the hour, within the hour a resident's unsent answers are kept.
    with time_machine.travel(moment + timedelta(minutes=50), tick=False):
        assert third.post(CHECK, {"token": token})["Location"] == BASE + "sent/"
    assert Response.objects.count() == 4


def test_rate_limit_counters_hold_an_opaque_key_never_the_address(client, consultation) -> None:
    client.post(CHECK, {"token": ready_to_send(client)})
    counter = RateLimitCounter.objects.get()
    assert counter.bucket == "submission"
    assert "127.0.0.1" not in counter.client_key
    assert re.fullmatch(r"[0-9a-f]{64}", counter.client_key)


def test_resume_code_guessing_is_limited_and_says_when_to_try_again(started, settings) -> None:
    settings.SAFEVOICE_RESUME_GUESSES_PER_15_MINUTES = 3
    code = save_after_first_page(started)
    guesser = Client()
    for _ in range(3):
        wrong = guesser.post(BASE + "resume/", {"code": "0000-0000-0000"})
        assert wrong.status_code == 200
        assert "No saved answers match that code" in wrong.content.decode()
    # Badly formed codes are typing mistakes, not guesses: they get their own message and are not counted.
    assert "12 letters and numbers" in guesser.post(BASE + "resume/", {"code": "12"}).content.decode()
    limited = guesser.post(BASE + "resume/", {"code": code})
    assert limited.status_code == 429
    text = limited.content.decode()
    assert "You have tried too many codes. Wait until" in text
    assert "your saved answers are still there" in text
    assert f'value="{code}"' in text  # what they typed stays in the box
    assert 'href="#code"' in text  # and the error summary links to it
    with time_machine.travel(timezone.now() + timedelta(minutes=15)):
        assert guesser.post(BASE + "resume/", {"code": code}).status_code == 302


def test_rate_limits_can_be_switched_off_for_load_tests(consultation, settings) -> None:
    settings.SAFEVOICE_RATE_LIMITS_ENABLED = False
    settings.SAFEVOICE_SUBMISSIONS_PER_HOUR = 1
    for _ in range(3):
        client = Client()
        assert client.post(CHECK, {"token": ready_to_send(client)})["Location"] == BASE + "sent/"
    assert not RateLimitCounter.objects.exists()


def test_identical_answer_sets_close_together_are_flagged_for_review_never_deleted(consultation) -> None:
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        first = Client()
        first.post(CHECK, {"token": ready_to_send(first)})
    with time_machine.travel(moment + timedelta(minutes=3), tick=False):
        second = Client(REMOTE_ADDR="203.0.113.8")
        second.post(CHECK, {"token": ready_to_send(second)})
    with time_machine.travel(moment + timedelta(hours=2), tick=False):
        later = Client()
        later.post(CHECK, {"token": ready_to_send(later)})
    flags = list(Response.objects.order_by("submitted_at").values_list("flagged_for_review", flat=True))
    assert flags == [True, True, False]
    digests = set(Response.objects.values_list("answers_digest", flat=True))
    assert len(digests) == 1
    assert re.fullmatch(r"[0-9a-f]{64}", digests.pop())


def test_different_answers_are_not_flagged(consultation) -> None:
    first = Client()
    first.post(CHECK, {"token": ready_to_send(first)})
    second = Client()
    second.post(BASE)
    answer_everything_as_not_affected(second)
    second.post(BASE + "age_page/", {"age": "35"})
    second.post(CHECK, {"token": token_of(second.get(CHECK).content.decode())})
    assert list(Response.objects.values_list("flagged_for_review", flat=True)) == [False, False]


@pytest.mark.parametrize(
    ("utc", "written"),
    [
        ("2026-11-26 14:15", "2:15pm"),
        ("2026-11-26 10:00", "10am"),
        ("2026-11-26 12:00", "midday"),
        ("2026-11-26 00:00", "midnight"),
        # British Summer Time: 09:30 UTC is 10:30 in the UK.
        ("2026-06-01 09:30", "10:30am"),
    ],
)
def test_times_to_try_again_are_written_in_uk_time_as_gov_uk_style_does(utc: str, written: str) -> None:
    moment = datetime.fromisoformat(utc + "+00:00")
    assert uk_clock_time(moment) == written
