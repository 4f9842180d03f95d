"""An event's .ics file: what a calendar app imports, in UK time, with a UID that survives edits."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client
from icalendar import Calendar

from safevoice.consultations.tests.factories import make_consultation, make_event
from safevoice.consultations.timing import end_of_local_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    consultation = make_consultation(
        opens_at=datetime(2023, 9, 1, 8, 0, tzinfo=UTC), closes_at=end_of_local_day(date(2023, 12, 15))
    )
    # 10:00 to 12:00 UK time, which is GMT in November.
    return make_event(consultation, starts_at=datetime(2023, 11, 6, 10, 0, tzinfo=UTC))


def _url(event) -> str:
    return f"/consultations/{event.consultation.slug}/events/{event.pk}.ics"


def test_the_calendar_file_names_the_event_its_place_and_uk_times(client: Client, event) -> None:
    response = client.get(_url(event))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="community-survey-event-{event.pk}.ics"'
    raw = response.content.decode()
    assert "DTSTART;TZID=Europe/London:20231106T100000" in raw
    assert "DTEND;TZID=Europe/London:20231106T120000" in raw
    assert "BEGIN:VTIMEZONE" in raw
    assert "TZID:Europe/London" in raw
    vevent = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == "Drop-in"
    assert str(vevent["LOCATION"]) == "Central Library, Abington Street, Northampton NN1 2BA"
    assert "Step-free entrance and a hearing loop." in str(vevent["DESCRIPTION"])


def test_the_uid_stays_the_same_when_the_event_is_edited(client: Client, event) -> None:
    first = Calendar.from_ical(client.get(_url(event)).content).walk("VEVENT")[0]["UID"]
    event.title = "Drop-in session (new time)"
    event.save()
    second = Calendar.from_ical(client.get(_url(event)).content).walk("VEVENT")[0]["UID"]
    assert first == second
    assert str(first) == f"{event.uid}@127.0.0.1"


def test_a_summer_event_is_written_in_british_summer_time(client: Client, event) -> None:
    event.starts_at = datetime(2023, 7, 3, 9, 0, tzinfo=UTC)
    event.ends_at = datetime(2023, 7, 3, 11, 0, tzinfo=UTC)
    event.save()
    assert "DTSTART;TZID=Europe/London:20230703T100000" in client.get(_url(event)).content.decode()


def test_an_unpublished_event_has_no_calendar_file(client: Client, event) -> None:
    event.is_published = False
    event.save()
    assert client.get(_url(event)).status_code == 404


def test_an_event_of_another_consultation_is_not_found_here(client: Client, event) -> None:
    other = make_consultation(
        slug="other", opens_at=event.consultation.opens_at, closes_at=event.consultation.closes_at
    )
    assert client.get(f"/consultations/{other.slug}/events/{event.pk}.ics").status_code == 404
