"""A consultation's staff page (counts by day and by channel) and opening, closing and extending it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import add_response
from safevoice.consultations.models import ConsultationState
from safevoice.consultations.timing import end_of_local_day
from safevoice.questionnaires.tests.factories import make_consultation
from safevoice.responses.models import Channel, SavedAnswers

pytestmark = pytest.mark.django_db

PAGE = "/staff/consultations/test-survey/"


def test_the_staff_page_counts_responses_by_day_and_by_channel(staff_client, survey) -> None:
    for days_ago, channel in (
        (0, Channel.ONLINE),
        (0, Channel.PAPER),
        (1, Channel.ONLINE),
        (3, Channel.EVENT),
    ):
        add_response(survey, channel=channel, days_ago=days_ago)
    page = staff_client(Role.ANALYST).get(PAGE).content.decode()
    assert "4 responses in all." in page
    assert (
        '<th scope="row" class="govuk-table__header">Online</th><td class="govuk-table__cell govuk-table__cell--numeric">2</td>'
        in page
    )
    assert (
        '<th scope="row" class="govuk-table__header">Paper</th><td class="govuk-table__cell govuk-table__cell--numeric">1</td>'
        in page
    )
    assert (
        '<th scope="row" class="govuk-table__header">Easy read</th><td class="govuk-table__cell govuk-table__cell--numeric">0</td>'
        in page
    )
    today = timezone.localdate()
    assert f'{today:%A %-d %B %Y}</th><td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page
    assert (
        f'{today - timedelta(days=3):%A %-d %B %Y}</th><td class="govuk-table__cell govuk-table__cell--numeric">1</td>'
        in page
    )


def test_data_entry_and_partner_viewers_see_no_counts_of_responses(staff_client, survey) -> None:
    add_response(survey)
    for role in (Role.DATA_ENTRY, Role.PARTNER_VIEWER):
        page = staff_client(role).get(PAGE).content.decode()
        assert "Responses so far" not in page, role
        assert "/responses/" not in page, role


def test_a_manager_closes_the_consultation_now_and_saved_answers_follow(staff_client, survey) -> None:
    SavedAnswers.objects.create(
        consultation=survey,
        questionnaire_version=survey.questionnaire_versions.get(),
        code_hash="x" * 64,
        answers={},
        attempt_started_at=timezone.now(),
        saved_at=timezone.now(),
        expires_at=survey.closes_at,
    )
    client = staff_client(Role.MANAGER, username="manager1")
    page = client.get(PAGE + "dates/close-now/").content.decode()
    assert "Close the consultation now?" in page
    response = client.post(PAGE + "dates/close-now/")
    assert response["Location"] == PAGE + "dates/"
    assert "The consultation is closed" in client.get(PAGE + "dates/").content.decode()
    survey.refresh_from_db()
    assert survey.state == ConsultationState.CLOSED
    assert SavedAnswers.objects.get().expires_at == survey.closes_at
    event = AuditEvent.objects.get(action="consultation.closed")
    assert event.actor == "manager1"
    assert event.target == "consultation:test-survey"
    assert Client().get("/consultations/test-survey/questionnaire/").status_code == 200
    assert "closed" in Client().get("/consultations/test-survey/questionnaire/").content.decode().lower()


def test_closing_twice_says_it_is_not_open(staff_client, survey) -> None:
    client = staff_client(Role.MANAGER)
    client.post(PAGE + "dates/close-now/")
    page = client.post(PAGE + "dates/close-now/").content.decode()
    assert "This consultation is not open" in page


def test_a_manager_extends_the_closing_date(staff_client, survey) -> None:
    client = staff_client(Role.MANAGER, username="manager1")
    new_day = timezone.localdate() + timedelta(days=60)
    response = client.post(
        PAGE + "dates/closing-date/",
        {
            "closes_on_day": str(new_day.day),
            "closes_on_month": str(new_day.month),
            "closes_on_year": str(new_day.year),
        },
    )
    assert response["Location"] == PAGE + "dates/"
    survey.refresh_from_db()
    assert survey.closes_at == end_of_local_day(new_day)
    assert f"midnight at the end of {new_day:%A %-d %B %Y}" in client.get(PAGE + "dates/").content.decode()
    event = AuditEvent.objects.get(action="consultation.closing_changed")
    assert event.details["closes_at"] == survey.closes_at.isoformat()


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the last day people can respond"),
        ("31", "", "2099", "The last day people can respond must include a month"),
        ("31", "2", "2099", "The last day people can respond must be a real date"),
        ("1", "1", "99", "Year must include 4 numbers"),
        ("x", "1", "2099", "The last day people can respond must be a real date"),
        ("1", "1", "2001", "The new closing date must be in the future"),
    ],
)
def test_a_bad_closing_date_gets_a_specific_message_and_keeps_what_was_typed(
    staff_client, survey, day, month, year, message
) -> None:
    closes_before = survey.closes_at
    page = (
        staff_client(Role.MANAGER)
        .post(
            PAGE + "dates/closing-date/",
            {"closes_on_day": day, "closes_on_month": month, "closes_on_year": year},
        )
        .content.decode()
    )
    assert f'<a href="#closes_on_day">{message}' in page
    assert f'name="closes_on_day" type="text" inputmode="numeric" value="{day}"' in page
    assert f'name="closes_on_year" type="text" inputmode="numeric" value="{year}"' in page
    survey.refresh_from_db()
    assert survey.closes_at == closes_before


def test_a_closed_consultation_can_be_reopened_until_a_later_date(staff_client, survey) -> None:
    client = staff_client(Role.MANAGER)
    client.post(PAGE + "dates/close-now/")
    later = timezone.localdate() + timedelta(days=7)
    client.post(
        PAGE + "dates/closing-date/",
        {
            "closes_on_day": str(later.day),
            "closes_on_month": str(later.month),
            "closes_on_year": str(later.year),
        },
    )
    survey.refresh_from_db()
    assert survey.state == ConsultationState.OPEN


def test_a_forthcoming_consultation_opens_now(staff_client, db) -> None:
    now = timezone.now()
    make_consultation(
        slug="later-survey", opens_at=now + timedelta(days=5), closes_at=now + timedelta(days=30)
    )
    client = staff_client(Role.MANAGER)
    url = "/staff/consultations/later-survey/dates/"
    assert "Open now" in client.get(url).content.decode()
    assert client.post(url + "open-now/")["Location"] == url
    assert "people can respond now" in client.get(url).content.decode()
    assert "This consultation has already opened" in client.post(url + "open-now/").content.decode()
    assert AuditEvent.objects.filter(action="consultation.opened").count() == 1


def test_results_date_after_a_new_closing_date_is_refused_with_a_reason(staff_client, survey) -> None:
    survey.results_published_at = survey.closes_at + timedelta(days=1)
    survey.save()
    far = date.today() + timedelta(days=300)
    page = (
        staff_client(Role.MANAGER)
        .post(
            PAGE + "dates/closing-date/",
            {
                "closes_on_day": str(far.day),
                "closes_on_month": str(far.month),
                "closes_on_year": str(far.year),
            },
        )
        .content.decode()
    )
    assert "Results are due to be published before this date" in page
