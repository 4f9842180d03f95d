"""Once sent, a response cannot be joined to the session that sent it, nor to a log line of the request."""

from __future__ import annotations

import datetime as dt
import uuid

import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from safevoice.journey.tests.conftest import BASE
from safevoice.journey.tests.test_check_answers_view import answer_everything_as_not_affected, token_of
from safevoice.responses.models import Response


def send(client) -> str:
    answer_everything_as_not_affected(client)
    token = token_of(client.get(BASE + "check-your-answers/").content.decode())
    assert client.post(BASE + "check-your-answers/", {"token": token})["Location"] == BASE + "sent/"
    return token


def test_the_time_is_stored_to_the_hour_only(client, consultation) -> None:
    moment = (timezone.now() + dt.timedelta(days=1)).replace(minute=37, second=21, microsecond=123456)
    with time_machine.travel(moment, tick=False):
        client.post(BASE)
        send(client)
    assert Response.objects.get().submitted_at == moment.replace(minute=0, second=0, microsecond=0)


def test_the_confirmation_drops_the_token_and_gives_the_session_a_new_key(started) -> None:
    token = send(started)
    key_before = started.session.session_key
    assert started.get(BASE + "sent/").status_code == 200
    session = started.session
    assert session.session_key != key_before
    assert token not in str(dict(session))
    assert str(uuid.UUID(token)) not in str(dict(session))
    # Seeing the page again still says it was sent; sending the old form again stores nothing more.
    assert started.get(BASE + "sent/").status_code == 200
    started.post(BASE + "check-your-answers/", {"token": token})
    assert Response.objects.count() == 1


def test_the_idempotency_token_is_cleared_a_few_hours_after_sending(started) -> None:
    send(started)
    assert Response.objects.get().idempotency_token is not None
    later = timezone.now() + dt.timedelta(hours=settings.SAFEVOICE_IDEMPOTENCY_HOURS + 1)
    with time_machine.travel(later):
        call_command("housekeeping", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Response.objects.get().idempotency_token is None
