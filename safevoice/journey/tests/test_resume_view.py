from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from safevoice.journey.tests.conftest import BASE
from safevoice.journey.tests.test_saved_view import save_after_first_page
from safevoice.responses.models import SavedAnswers


def test_a_code_brings_back_the_answers_in_a_new_browser(started, client_factory) -> None:
    code = save_after_first_page(started)
    other_browser = client_factory()
    response = other_browser.post(BASE + "resume/", {"code": code.lower().replace("-", " ")})
    assert response["Location"] == BASE + "before_you_go_on/"
    page = other_browser.get(BASE + "affected/").content.decode()
    assert 'value="witness" checked' in page


def test_a_wrong_code_is_explained_and_kept_in_the_box(client, consultation) -> None:
    page = client.post(BASE + "resume/", {"code": "7KQ2-M9XD-4T6H"}).content.decode()
    assert "No saved answers match that code" in page
    assert 'value="7KQ2-M9XD-4T6H"' in page
    assert '<a href="#code">' in page


def test_a_malformed_code_gets_a_specific_message(client, consultation) -> None:
    page = client.post(BASE + "resume/", {"code": "12345"}).content.decode()
    assert "Enter the code exactly as it was shown: 12 letters and numbers" in page
    assert "Enter your resume code" in client.post(BASE + "resume/", {"code": ""}).content.decode()


def test_a_code_in_the_address_is_not_taken_from_it(client, consultation) -> None:
    # Codes are never put in links (history and logs keep them); an old link with one does not fill the form.
    assert "8ABC-DEFG-HJKM" not in client.get(BASE + "resume/?code=8ABC-DEFG-HJKM").content.decode()


def test_saved_answers_are_deleted_when_the_consultation_closes(started, consultation) -> None:
    save_after_first_page(started)
    with time_machine.travel(consultation.closes_at + timedelta(seconds=1)):
        call_command("housekeeping", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SavedAnswers.objects.count() == 0


def test_the_purge_leaves_answers_that_have_not_expired(started) -> None:
    save_after_first_page(started)
    call_command("housekeeping", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SavedAnswers.objects.count() == 1
    assert SavedAnswers.objects.get().expires_at > timezone.now()
