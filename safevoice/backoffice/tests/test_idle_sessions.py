"""A staff session ends after 30 minutes without a request; what was being sent then is kept for after signing in."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import PASSWORD, code_for, make_staff, sign_in

pytestmark = pytest.mark.django_db


def test_a_session_idle_for_30_minutes_ends_with_a_reason(client: Client, survey) -> None:
    sign_in(client, make_staff("manager1", Role.MANAGER))
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert client.get("/staff/").status_code == 200, "activity keeps the session going"
    with time_machine.travel(timezone.now() + timedelta(minutes=58)):
        assert client.get("/staff/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=89)):
        response = client.get("/staff/consultations/test-survey/")
        assert response["Location"] == "/staff/sign-in/?next=%2Fstaff%2Fconsultations%2Ftest-survey%2F"
        page = client.get(response["Location"]).content.decode()
        assert "You were signed out because nothing happened for 30 minutes" in page
        assert client.get("/staff/")["Location"].startswith("/staff/sign-in/"), "signed out, not just warned"


def test_a_form_sent_after_the_session_ended_is_kept_and_offered_again(client: Client, survey) -> None:
    user = make_staff("manager1", Role.MANAGER)
    sign_in(client, user)
    url = "/staff/consultations/test-survey/dates/closing-date/"
    later = timezone.now() + timedelta(minutes=45)
    with time_machine.travel(later):
        response = client.post(
            url, {"closes_on_day": "31", "closes_on_month": "12", "closes_on_year": "2099"}
        )
        assert response["Location"].startswith("/staff/sign-in/")
        sign_in_page = client.get(response["Location"]).content.decode()
        assert "What you were sending has been kept" in sign_in_page
        client.post("/staff/sign-in/", {"username": "manager1", "password": PASSWORD, "next": url})
        assert client.post("/staff/sign-in/code/", {"code": code_for(user)})["Location"] == url
        page = client.get(url).content.decode()
    assert "You were signed out before this was sent" in page
    assert 'name="closes_on_day" type="text" inputmode="numeric" value="31"' in page
    assert 'value="2099"' in page
    survey.refresh_from_db()
    assert survey.closes_at.year != 2099, "nothing was saved: it is shown again to check and send"
    assert "You were signed out before" not in client.get(url).content.decode(), "offered once"


def test_a_form_sent_after_the_whole_session_has_gone_says_to_sign_in_again(survey) -> None:
    client = Client(enforce_csrf_checks=True)
    sign_in(client, make_staff("manager1", Role.MANAGER))
    client.get("/staff/consultations/test-survey/dates/closing-date/")
    client.session.flush()  # the session row expired and housekeeping deleted it
    client.cookies.clear()
    response = client.post(
        "/staff/consultations/test-survey/dates/closing-date/",
        {
            "closes_on_day": "1",
            "closes_on_month": "1",
            "closes_on_year": "2099",
            "csrfmiddlewaretoken": "stale",
        },
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your session has expired" in page
    assert "Staff sessions end after 30 minutes" in page
    assert 'href="/staff/sign-in/"' in page
