"""Delete my answers: on every question page and on check your answers; it says what will go, then everything this
visit holds goes, the saved copy too."""

from __future__ import annotations

import re

from django.contrib.sessions.models import Session

from safevoice.journey.tests.conftest import BASE
from safevoice.journey.tests.test_saved_view import save_after_first_page
from safevoice.responses.models import Response, SavedAnswers


def test_every_question_page_offers_to_delete_the_answers(started) -> None:
    page = started.get(BASE + "affected/").content.decode()
    assert f'href="{BASE}delete-my-answers/?from=affected"' in page


def test_the_page_says_what_will_go_and_goes_back_where_the_resident_was(started) -> None:
    save_after_first_page(started)
    page = started.get(BASE + "delete-my-answers/?from=before_you_go_on").content.decode()
    assert "Delete your answers?" in page
    assert "The copy you saved to finish later is deleted too" in page
    assert f'href="{BASE}before_you_go_on/"' in page
    # Only a page id is taken from the address, never a link off the site.
    page = started.get(BASE + "delete-my-answers/?from=https://attacker.example/").content.decode()
    assert "attacker.example" not in page


def test_deleting_removes_the_answers_the_saved_copy_and_the_session(started, client_factory) -> None:
    code = save_after_first_page(started)
    response = started.post(BASE + "delete-my-answers/")
    assert response["Location"] == BASE + "answers-deleted/"
    assert "Your answers have been deleted" in started.get(BASE + "answers-deleted/").content.decode()
    assert SavedAnswers.objects.count() == 0
    assert Session.objects.filter(session_data__contains="witness").count() == 0
    assert "Continue your answers" not in started.get(BASE).content.decode()
    # The code no longer opens anything.
    other = client_factory()
    assert "No saved answers match that code" in other.post(BASE + "resume/", {"code": code}).content.decode()
    assert Response.objects.count() == 0


def test_check_your_answers_offers_to_delete_instead_of_sending(started) -> None:
    from safevoice.journey.tests.test_check_answers_view import answer_everything_as_not_affected

    answer_everything_as_not_affected(started)
    page = started.get(BASE + "check-your-answers/").content.decode()
    assert re.search(rf'href="{BASE}delete-my-answers/\?from=check"', page)
