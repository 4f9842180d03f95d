"""Data entry: a paper response typed in page by page, routed and checked by the same engine as online answers,
stored with its channel and a reference to write on the form. The person typing sees no other response."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import add_response
from safevoice.responses.models import Response

pytestmark = pytest.mark.django_db

PAPER = "/staff/consultations/test-survey/paper/"


def _enter(client: Client, first_answers: dict[str, str | list[str]], *, channel: str = "paper") -> str:
    """Start, answer the first page, then leave every later page blank until the check page; returns its URL."""
    location = client.post(PAPER, {"channel": channel})["Location"]
    location = client.post(location, first_answers)["Location"]
    for _ in range(30):
        if location.endswith("/check/"):
            return location
        response = client.post(location, {})
        assert response.status_code == 302, response.content.decode()[:500]
        location = response["Location"]
    raise AssertionError("never reached the check page")


def test_a_paper_response_is_typed_in_checked_and_saved_with_its_channel(staff_client, survey) -> None:
    client = staff_client((Role.DATA_ENTRY, survey), username="clerk1")
    check = _enter(client, {"affected_how": ["witness"]}, channel="easy_read")
    page = client.get(check).content.decode()
    assert "Check the answers against the paper form" in page
    assert "I saw it happen" in page
    assert client.post(check)["Location"] == PAPER
    response = Response.objects.get()
    assert response.channel == "easy_read"
    assert response.answers == {"affected_how": ["witness"]}
    start = client.get(PAPER).content.decode()
    assert "Paper response saved" in start
    assert f'<strong id="paper-reference">{response.pk}</strong>' in start
    event = AuditEvent.objects.get(action="response.entered")
    assert (event.actor, event.target, event.details["channel"]) == (
        "clerk1",
        f"response:{response.pk}",
        "easy_read",
    )


def test_routing_skips_pages_the_form_would_have_skipped(staff_client, survey) -> None:
    client = staff_client((Role.DATA_ENTRY, survey))
    location = client.post(PAPER, {"channel": "paper"})["Location"]
    after_not_affected = client.post(location, {"affected_how": ["not_affected"]})["Location"]
    assert "reported_page" not in after_not_affected
    assert client.get(PAPER + "reported_page/")["Location"] != PAPER + "reported_page/"


def test_a_page_with_a_mistake_is_shown_again_with_the_engines_message(staff_client, survey) -> None:
    client = staff_client((Role.DATA_ENTRY, survey))
    location = client.post(PAPER, {"channel": "paper"})["Location"]
    page = client.post(location, {}).content.decode()
    assert "govuk-error-summary" in page
    assert client.post(PAPER, {}).content.decode().count("Select what kind of form it is") >= 1


def test_saving_twice_stores_one_response(staff_client, survey) -> None:
    client = staff_client((Role.DATA_ENTRY, survey))
    check = _enter(client, {"affected_how": ["not_affected"]})
    client.post(check)
    client.post(check)
    assert Response.objects.count() == 1


def test_a_closed_consultation_takes_no_paper_responses_and_says_why(staff_client, survey) -> None:
    survey.closes_at = timezone.now() - timedelta(hours=3)
    survey.opens_at = survey.closes_at - timedelta(days=10)
    survey.save()
    page = staff_client((Role.DATA_ENTRY, survey)).get(PAPER).content.decode()
    assert "This consultation is not taking responses now" in page
    assert "Start entering" not in page


def test_a_half_entered_response_can_be_thrown_away(staff_client, survey) -> None:
    client = staff_client((Role.DATA_ENTRY, survey))
    client.post(PAPER, {"channel": "paper"})
    assert "You have a paper response part-entered" in client.get(PAPER).content.decode()
    client.post(PAPER + "discard/")
    assert "part-entered" not in client.get(PAPER).content.decode()


def test_data_entry_never_sees_a_response(staff_client, survey) -> None:
    response = add_response(survey, answers={"affected_how": ["victim"]})
    client = staff_client((Role.DATA_ENTRY, survey))
    assert client.get(f"/staff/consultations/test-survey/responses/{response.pk}/").status_code == 403
    assert client.get("/staff/consultations/test-survey/responses/").status_code == 403
