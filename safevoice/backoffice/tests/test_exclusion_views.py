"""An analyst leaves a response out of analysis with a reason, and puts it back; later copies of identical answers
are excluded together. Kept, reversible, audited."""

from __future__ import annotations

import pytest

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import add_response

pytestmark = pytest.mark.django_db

RESPONSES = "/staff/consultations/test-survey/responses/"


def test_a_response_is_excluded_with_a_reason_and_put_back(staff_client, survey) -> None:
    response = add_response(survey, answers={"affected_how": ["victim"]})
    client = staff_client((Role.ANALYST, survey), username="analyst1")
    page = client.post(f"{RESPONSES}{response.pk}/exclude/", {"reason": ""}).content.decode()
    assert '<a href="#reason">Enter why this response should be left out of analysis</a>' in page
    reason = "Test response sent by the team while checking the form"
    assert (
        client.post(f"{RESPONSES}{response.pk}/exclude/", {"reason": reason})["Location"]
        == f"{RESPONSES}{response.pk}/"
    )
    response.refresh_from_db()
    assert response.excluded_from_analysis
    detail = client.get(f"{RESPONSES}{response.pk}/").content.decode()
    assert "Excluded" in detail
    assert reason in detail
    assert AuditEvent.objects.get(action="response.excluded").actor == "analyst1"

    listing = client.get(RESPONSES + "?excluded=yes").content.decode()
    assert f"Response {response.pk}<" in listing
    assert f"Response {response.pk}<" not in client.get(RESPONSES + "?excluded=no").content.decode()

    assert reason in client.get(f"{RESPONSES}{response.pk}/include/").content.decode()
    client.post(f"{RESPONSES}{response.pk}/include/")
    response.refresh_from_db()
    assert not response.excluded_from_analysis
    assert (
        "is not excluded from analysis" in client.post(f"{RESPONSES}{response.pk}/include/").content.decode()
    )


def test_the_later_copies_of_identical_answers_are_excluded_together(staff_client, survey) -> None:
    first = add_response(survey, flagged=True, digest="d" * 64)
    second = add_response(survey, flagged=True, digest="d" * 64)
    third = add_response(survey, flagged=True, digest="d" * 64)
    client = staff_client((Role.ANALYST, survey))
    repeats = client.get(RESPONSES + "repeats/").content.decode()
    assert f"keeping response {first.pk}" in repeats
    url = f"{RESPONSES}repeats/{first.pk}/exclude/"
    assert f"The same answers as response {first.pk}, sent soon after it" in client.get(url).content.decode()
    client.post(url, {"reason": f"The same answers as response {first.pk}, sent soon after it"})
    for response, excluded in ((first, False), (second, True), (third, True)):
        response.refresh_from_db()
        assert response.excluded_from_analysis is excluded
    assert AuditEvent.objects.filter(action="response.excluded").count() == 2


def test_partner_viewers_and_data_entry_cannot_exclude(staff_client, survey) -> None:
    response = add_response(survey)
    for role in (Role.PARTNER_VIEWER, Role.DATA_ENTRY):
        assert (
            staff_client((role, survey))
            .post(f"{RESPONSES}{response.pk}/exclude/", {"reason": "x"})
            .status_code
            == 403
        )
    response.refresh_from_db()
    assert not response.excluded_from_analysis
