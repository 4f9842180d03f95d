"""Events: a manager adds, changes and cancels them; the public page and each event's .ics file follow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.consultations.models import Event

pytestmark = pytest.mark.django_db

EVENTS = "/staff/consultations/test-survey/events/"


def _form(day, **changes: str) -> dict[str, str]:
    data = {
        "title": "Community drop-in",
        "day_day": str(day.day),
        "day_month": str(day.month),
        "day_year": str(day.year),
        "starts": "10:00",
        "ends": "12:30pm",
        "venue_name": "Guildhall",
        "address": "St Giles Square\nNorthampton NN1 1DE",
        "access_information": "Step-free access from St Giles Square.",
        "is_published": "on",
    }
    data.update(changes)
    return data


def _calendar(event: Event):
    raw = Client().get(f"/consultations/test-survey/events/{event.pk}.ics").content
    return Calendar.from_ical(raw), raw.decode()


def test_a_published_event_shows_on_the_public_page_and_in_its_calendar_file(staff_client, survey) -> None:
    day = timezone.localdate() + timedelta(days=10)
    client = staff_client(Role.MANAGER, username="manager1")
    response = client.post(EVENTS + "add/", _form(day))
    assert response["Location"] == EVENTS
    event = Event.objects.get()
    assert event.starts_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M") == "10:00"
    assert event.ends_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M") == "12:30"
    page = Client().get("/consultations/test-survey/").content.decode()
    assert "Community drop-in" in page
    assert "Step-free access from St Giles Square." in page
    _, raw = _calendar(event)
    assert "SUMMARY:Community drop-in" in raw
    assert AuditEvent.objects.get(action="event.added").actor == "manager1"


def test_a_draft_event_stays_off_the_public_page(staff_client, survey) -> None:
    day = timezone.localdate() + timedelta(days=10)
    staff_client(Role.MANAGER).post(
        EVENTS + "add/", {k: v for k, v in _form(day).items() if k != "is_published"}
    )
    assert "Community drop-in" not in Client().get("/consultations/test-survey/").content.decode()


def test_an_event_that_ends_before_it_starts_is_refused_beside_the_end_time_keeping_what_was_typed(
    staff_client, survey
) -> None:
    day = timezone.localdate() + timedelta(days=10)
    page = staff_client(Role.MANAGER).post(EVENTS + "add/", _form(day, ends="9am")).content.decode()
    assert '<a href="#ends">The end time must be after the start time</a>' in page
    assert 'value="Community drop-in"' in page
    assert "St Giles Square\nNorthampton NN1 1DE</textarea>" in page
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "anchor", "message"),
    [
        ({"title": ""}, "title", "Enter the name of the event"),
        ({"starts": "half ten"}, "starts", "The start time must be a time, like 14:30 or 2:30pm"),
        ({"starts": "25:00"}, "starts", "The start time must be a time"),
        ({"day_month": "13"}, "day_day", "The date of the event must be a real date"),
        ({"address": ""}, "address", "Enter the address of the venue"),
    ],
)
def test_each_bad_detail_gets_its_own_message(staff_client, survey, changes, anchor, message) -> None:
    day = timezone.localdate() + timedelta(days=10)
    page = staff_client(Role.MANAGER).post(EVENTS + "add/", _form(day, **changes)).content.decode()
    assert f'<a href="#{anchor}">{message}' in page


def test_a_changed_event_keeps_its_calendar_uid_with_a_higher_sequence(staff_client, survey) -> None:
    day = timezone.localdate() + timedelta(days=10)
    client = staff_client(Role.MANAGER)
    client.post(EVENTS + "add/", _form(day))
    event = Event.objects.get()
    before, _ = _calendar(event)
    page = client.get(f"{EVENTS}{event.pk}/").content.decode()
    assert 'value="10:00"' in page
    assert 'value="12:30"' in page
    client.post(
        f"{EVENTS}{event.pk}/", _form(day, title="Community drop-in (new room)", venue_name="Library")
    )
    after, _ = _calendar(event)
    old, new = before.walk("VEVENT")[0], after.walk("VEVENT")[0]
    assert old["UID"] == new["UID"]
    assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 1
    assert str(new["SUMMARY"]) == "Community drop-in (new room)"
    assert AuditEvent.objects.get(action="event.changed").details["changed"] == ["title", "venue_name"]


def test_a_cancelled_event_says_so_publicly_and_its_calendar_file_cancels_it(staff_client, survey) -> None:
    day = timezone.localdate() + timedelta(days=10)
    client = staff_client(Role.MANAGER)
    client.post(EVENTS + "add/", _form(day))
    event = Event.objects.get()
    assert "Cancel Community drop-in?" in client.get(f"{EVENTS}{event.pk}/cancel/").content.decode()
    client.post(f"{EVENTS}{event.pk}/cancel/")
    page = Client().get("/consultations/test-survey/").content.decode()
    assert "This event has been cancelled" in page
    calendar, raw = _calendar(event)
    assert "METHOD:CANCEL" in raw
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert AuditEvent.objects.filter(action="event.cancelled").exists()
    assert "is already cancelled" in client.post(f"{EVENTS}{event.pk}/cancel/").content.decode()
    assert client.get(f"{EVENTS}{event.pk}/")["Location"] == EVENTS, "a cancelled event is not edited"
