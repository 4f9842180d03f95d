from __future__ import annotations

from safevoice.journey.tests.conftest import BASE
from safevoice.journey.tests.test_check_answers_view import answer_everything_as_not_affected, token_of


def test_the_confirmation_says_what_happens_next_and_where_to_get_support(started) -> None:
    answer_everything_as_not_affected(started)
    token = token_of(started.get(BASE + "check-your-answers/").content.decode())
    started.post(BASE + "check-your-answers/", {"token": token})
    page = started.get(BASE + "sent/").content.decode()
    assert "Thank you, your answers have been sent" in page
    assert "What happens next" in page
    assert "We will publish a summary" in page
    assert 'href="/support/"' in page


def test_the_confirmation_without_sending_goes_to_the_start(client, consultation) -> None:
    assert client.get(BASE + "sent/")["Location"] == BASE


def test_after_sending_the_journey_starts_afresh(started) -> None:
    answer_everything_as_not_affected(started)
    token = token_of(started.get(BASE + "check-your-answers/").content.decode())
    started.post(BASE + "check-your-answers/", {"token": token})
    assert "Start now" in started.get(BASE).content.decode()
