"""Staff screens at /staff/admin/: behind a login, and able to publish an event the public page then shows."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from safevoice.consultations.models import Event
from safevoice.consultations.tests.factories import make_consultation
from safevoice.consultations.timing import end_of_local_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client) -> Client:
    user = get_user_model().objects.create_user("staff", password="a long test password", is_staff=True)
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_the_admin_needs_a_login(client: Client) -> None:
    response = client.get("/staff/admin/consultations/event/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/admin/login/")


def test_the_admin_pages_are_served_under_the_strict_content_security_policy(staff_client: Client) -> None:
    make_consultation(opens_at=timezone.now(), closes_at=timezone.now() + timedelta(days=28))
    for path in (
        "/staff/admin/",
        "/staff/admin/consultations/consultation/",
        "/staff/admin/consultations/event/add/",
        "/staff/admin/consultations/supportservice/",
    ):
        response = staff_client.get(path)
        assert response.status_code == 200, path
        assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_staff_publish_an_event_and_the_public_page_lists_it(staff_client: Client) -> None:
    now = timezone.now()
    consultation = make_consultation(
        opens_at=now - timedelta(days=1),
        closes_at=end_of_local_day(timezone.localdate() + timedelta(days=60)),
    )
    starts = (now + timedelta(days=7)).astimezone(UTC)
    response = staff_client.post(
        "/staff/admin/consultations/event/add/",
        {
            "consultation": consultation.pk,
            "title": "Community drop-in",
            "starts_at_0": starts.strftime("%Y-%m-%d"),
            "starts_at_1": "10:00:00",
            "ends_at_0": starts.strftime("%Y-%m-%d"),
            "ends_at_1": "12:00:00",
            "venue_name": "Guildhall",
            "address": "St Giles Square, Northampton",
            "access_information": "Step-free access from St Giles Square.",
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(title="Community drop-in")
    assert event.starts_at.astimezone(timezone.get_current_timezone()).hour == 10

    page = Client().get(f"/consultations/{consultation.slug}/").content.decode()
    assert "Community drop-in" in page
    assert "Step-free access from St Giles Square." in page


def test_an_event_that_ends_before_it_starts_is_refused_beside_the_end_time(staff_client: Client) -> None:
    now = timezone.now()
    consultation = make_consultation(opens_at=now, closes_at=now + timedelta(days=28))
    day = (now + timedelta(days=7)).strftime("%Y-%m-%d")
    response = staff_client.post(
        "/staff/admin/consultations/event/add/",
        {
            "consultation": consultation.pk,
            "title": "Community drop-in",
            "starts_at_0": day,
            "starts_at_1": "12:00:00",
            "ends_at_0": day,
            "ends_at_1": "10:00:00",
            "venue_name": "Guildhall",
            "address": "St Giles Square, Northampton",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"ends_at": ["The event must end after it starts."]}
    assert 'value="Community drop-in"' in response.content.decode()  # what staff typed is kept
    assert not Event.objects.exists()
