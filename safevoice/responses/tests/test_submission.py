"""Submission rules: atomic and idempotent, routing enforced, closing time and grace respected."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from safevoice.journey.tests.conftest import BASE
from safevoice.journey.tests.test_check_answers_view import answer_everything_as_not_affected, token_of
from safevoice.questionnaires.selectors import get_current_questionnaire
from safevoice.questionnaires.tests.factories import make_consultation
from safevoice.responses.closing import Window
from safevoice.responses.models import Response, SavedAnswers
from safevoice.responses.services import SubmissionRefused, save_answers_for_later, submit_response

pytestmark = pytest.mark.django_db


def submit(consultation, answers, *, token: str | None = None, started_at=None, now=None, saved_code_hash=""):
    live = get_current_questionnaire(consultation=consultation)
    now = now or timezone.now()
    return submit_response(
        consultation=consultation,
        version=live.version,
        questionnaire=live.questionnaire,
        answers=answers,
        token=token or uuid.uuid4().hex,
        language="en",
        started_at=started_at or now,
        now=now,
        saved_code_hash=saved_code_hash,
    )


def test_the_same_token_stores_one_response(consultation) -> None:
    token = uuid.uuid4().hex
    first = submit(consultation, {"affected_how": ["witness"]}, token=token)
    second = submit(consultation, {"affected_how": ["witness"]}, token=token)
    assert first.created
    assert not second.created
    assert first.response.pk == second.response.pk
    assert Response.objects.count() == 1


def test_a_missing_required_answer_is_refused_with_the_page_to_go_to(consultation) -> None:
    with pytest.raises(SubmissionRefused) as refused:
        submit(consultation, {"age": 40})
    assert refused.value.page_id == "affected"
    assert Response.objects.count() == 0


def test_hidden_answers_are_dropped_before_saving(consultation) -> None:
    submission = submit(consultation, {"affected_how": ["not_affected"], "reported": "yes", "why_not": "x"})
    assert submission.response.answers == {"affected_how": ["not_affected"]}


def test_after_closing_only_attempts_begun_before_it_are_accepted_within_the_grace(db) -> None:
    now = timezone.now()
    consultation, _ = make_consultation(
        opens_at=now - timedelta(days=10), closes_at=now - timedelta(minutes=5)
    )
    answers = {"affected_how": ["witness"]}
    late_starter = now - timedelta(minutes=1)
    with pytest.raises(SubmissionRefused) as refused:
        submit(consultation, answers, started_at=late_starter, now=now)
    assert refused.value.window == Window.CLOSED
    assert submit(consultation, answers, started_at=now - timedelta(minutes=20), now=now).created
    with pytest.raises(SubmissionRefused) as too_late:
        submit(consultation, answers, started_at=now - timedelta(hours=2), now=now + timedelta(minutes=56))
    assert too_late.value.window == Window.TIME_RAN_OUT


def test_a_forthcoming_consultation_takes_no_answers(db) -> None:
    now = timezone.now()
    consultation, _ = make_consultation(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=20))
    with pytest.raises(SubmissionRefused) as refused:
        submit(consultation, {"affected_how": ["witness"]}, started_at=now, now=now)
    assert refused.value.window == Window.NOT_OPEN_YET


def test_sending_deletes_the_saved_copy(consultation) -> None:
    live = get_current_questionnaire(consultation=consultation)
    now = timezone.now()
    code_hash = save_answers_for_later(
        consultation=consultation,
        version=live.version,
        answers={"affected_how": ["witness"]},
        visited_pages=["affected"],
        reached_check_answers=False,
        started_at=now,
        now=now,
    )
    submit(consultation, {"affected_how": ["witness"]}, saved_code_hash=code_hash)
    assert SavedAnswers.objects.count() == 0


def test_the_journey_in_the_grace_period_shows_a_notice_and_sends(client, db) -> None:
    now = timezone.now()
    make_consultation(opens_at=now - timedelta(days=10), closes_at=now + timedelta(minutes=10))
    client.post(BASE)
    answer_everything_as_not_affected(client)
    with time_machine.travel(now + timedelta(minutes=30)):
        page = client.get(BASE + "check-your-answers/").content.decode()
        assert "You have a little extra time" in page
        assert (
            client.post(BASE + "check-your-answers/", {"token": token_of(page)})["Location"] == BASE + "sent/"
        )
    assert Response.objects.count() == 1


def test_the_journey_after_the_grace_period_explains_the_time_ran_out(client, db) -> None:
    now = timezone.now()
    make_consultation(opens_at=now - timedelta(days=10), closes_at=now + timedelta(minutes=10))
    client.post(BASE)
    answer_everything_as_not_affected(client)
    token = token_of(client.get(BASE + "check-your-answers/").content.decode())
    with time_machine.travel(now + timedelta(minutes=40)):
        client.get(BASE + "check-your-answers/")  # still there: the answers are not idle long enough to go
    with time_machine.travel(now + timedelta(minutes=75)):
        response = client.post(BASE + "check-your-answers/", {"token": token})
    assert response.status_code == 403
    assert "the time to send your answers has run out" in response.content.decode()
    assert Response.objects.count() == 0


def test_someone_starting_after_closing_is_told_it_has_closed(client, db) -> None:
    now = timezone.now()
    make_consultation(opens_at=now - timedelta(days=10), closes_at=now + timedelta(minutes=10))
    with time_machine.travel(now + timedelta(minutes=11)):
        page = client.post(BASE).content.decode()
    assert "This survey has closed" in page
