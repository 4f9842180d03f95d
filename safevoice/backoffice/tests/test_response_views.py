"""Responses for analysts: a filtered list, one response in full (each view in the audit log, never its answers),
and the review of possible repeats. Nobody else sees a single response."""

from __future__ import annotations

import pytest

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import add_response
from safevoice.questionnaires.tests.factories import make_consultation
from safevoice.responses.models import Channel

pytestmark = pytest.mark.django_db

LIST = "/staff/consultations/test-survey/responses/"
SECRET_TEXT = "my neighbour at number 12 hit me"
ANSWERS = {"affected_how": ["victim"], "reported": "no", "why_not": SECRET_TEXT, "feel_safe": "agree"}


def test_one_response_in_full_is_shown_and_each_view_is_audited_without_its_answers(
    staff_client, survey
) -> None:
    response = add_response(survey, answers=ANSWERS)
    client = staff_client((Role.ANALYST, survey), username="analyst1")
    url = f"{LIST}{response.pk}/"
    page = client.get(url).content.decode()
    assert SECRET_TEXT in page
    assert "It happened to me" in page, "options shown by their labels"
    assert "Your view of this response is recorded in the audit log" in page
    client.get(url)
    views = AuditEvent.objects.filter(action="response.viewed", target=f"response:{response.pk}")
    assert views.count() == 2
    assert all(event.actor == "analyst1" for event in views)
    for event in AuditEvent.objects.all():
        assert SECRET_TEXT not in str(event.details)
        assert "victim" not in str(event.details)


def test_the_day_it_was_sent_is_shown_but_never_the_time(staff_client, survey) -> None:
    response = add_response(survey, answers=ANSWERS)
    page = staff_client(Role.ANALYST).get(f"{LIST}{response.pk}/").content.decode()
    local = response.submitted_at.astimezone()
    assert local.strftime("%H:%M") not in page.split("<h2")[0].split("Sent on", 1)[1]


def test_the_list_filters_by_channel_language_flag_and_dates(staff_client, survey) -> None:
    online = add_response(survey, days_ago=0)
    paper = add_response(survey, channel=Channel.PAPER, days_ago=5)
    flagged = add_response(survey, flagged=True, days_ago=10)
    welsh = add_response(survey, days_ago=1)
    welsh.language = "cy"
    welsh.save()
    client = staff_client(Role.ANALYST)

    def shown(query: str) -> set[int]:
        page = client.get(LIST + "?" + query).content.decode()
        return {r.pk for r in (online, paper, flagged, welsh) if f"Response {r.pk}<" in page}

    assert shown("") == {online.pk, paper.pk, flagged.pk, welsh.pk}
    assert shown("channel=paper") == {paper.pk}
    assert shown("language=cy") == {welsh.pk}
    assert shown("flagged=yes") == {flagged.pk}
    assert shown("flagged=no") == {online.pk, paper.pk, welsh.pk}
    start = paper.submitted_at.astimezone()
    assert shown(
        f"submitted_from_day={start.day}&submitted_from_month={start.month}&submitted_from_year={start.year}"
    ) == {
        online.pk,
        paper.pk,
        welsh.pk,
    }
    assert shown(
        f"submitted_to_day={start.day}&submitted_to_month={start.month}&submitted_to_year={start.year}"
    ) == {
        paper.pk,
        flagged.pk,
    }


def test_a_bad_filter_date_says_what_is_wrong_and_keeps_what_was_typed(staff_client, survey) -> None:
    add_response(survey)
    page = (
        staff_client(Role.ANALYST)
        .get(LIST + "?submitted_from_day=31&submitted_from_month=2&submitted_from_year=2026")
        .content.decode()
    )
    assert '<a href="#submitted_from_day">The first day must be a real date</a>' in page
    assert 'name="submitted_from_day" type="text" inputmode="numeric" value="31"' in page
    reversed_page = (
        staff_client(Role.ANALYST)
        .get(
            LIST
            + "?submitted_from_day=2&submitted_from_month=2&submitted_from_year=2026"
            + "&submitted_to_day=1&submitted_to_month=2&submitted_to_year=2026"
        )
        .content.decode()
    )
    assert "The last day must be the same as or after the first day" in reversed_page


def test_the_list_pages_through_many_responses(staff_client, survey) -> None:
    for _ in range(55):
        add_response(survey)
    client = staff_client(Role.ANALYST)
    first = client.get(LIST + "?channel=online").content.decode()
    assert "55 responses match the filters." in first
    assert "Page 1 of 2" in first
    assert "?channel=online&amp;page=2" in first
    assert "Page 2 of 2" in client.get(LIST + "?channel=online&page=2").content.decode()


def test_possible_repeats_are_grouped_by_identical_answers(staff_client, survey) -> None:
    first = add_response(survey, flagged=True, digest="a" * 64)
    second = add_response(survey, flagged=True, digest="a" * 64)
    alone = add_response(survey, flagged=True, digest="b" * 64)
    add_response(survey)
    page = staff_client(Role.ANALYST).get(LIST + "repeats/").content.decode()
    assert "2 identical responses" in page
    assert "1 identical response" in page
    for response in (first, second, alone):
        assert f"Response {response.pk}<" in page


def test_an_analyst_of_another_consultation_sees_none_of_these_responses(staff_client, survey) -> None:
    other, _ = make_consultation(slug="other-survey")
    response = add_response(survey, answers=ANSWERS)
    client = staff_client((Role.ANALYST, other))
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{response.pk}/").status_code == 403
    assert client.get(f"/staff/consultations/other-survey/responses/{response.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="response.viewed").exists()
