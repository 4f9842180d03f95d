"""The audit log, for administrators: sign-ins and failures, role changes, views of single responses, content
changes, filtered by kind, person, target and dates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safevoice.audit.services import record_event
from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import make_staff, sign_in

pytestmark = pytest.mark.django_db

LOG = "/staff/audit-log/"


@pytest.fixture
def history(db):
    now = timezone.now()
    record_event(actor="analyst1", action="sign_in.succeeded", at=now - timedelta(days=3))
    record_event(
        actor="stranger", action="sign_in.failed", details={"step": "password"}, at=now - timedelta(days=2)
    )
    record_event(
        actor="admin1",
        action="role.granted",
        target="user:analyst1",
        details={"role": "analyst"},
        at=now - timedelta(days=1),
    )
    record_event(
        actor="analyst1", action="response.viewed", target="response:7", details={"consultation": "x"}, at=now
    )
    record_event(actor="manager1", action="event.cancelled", target="event:3", at=now)


def test_administrators_read_everything_newest_first(staff_client, history) -> None:
    page = staff_client(Role.ADMINISTRATOR).get(LOG).content.decode()
    order = [
        page.index(action)
        for action in ("event.cancelled", "response.viewed", "role.granted", "sign_in.failed")
    ]
    assert order == sorted(order)
    assert "role: analyst" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("kind=sign_ins", {"sign_in.succeeded", "sign_in.failed"}, {"role.granted", "response.viewed"}),
        ("kind=staff", {"role.granted"}, {"sign_in.failed", "event.cancelled"}),
        ("kind=views", {"response.viewed"}, {"role.granted"}),
        ("kind=content", {"event.cancelled"}, {"response.viewed"}),
        ("actor=analyst1", {"sign_in.succeeded", "response.viewed"}, {"role.granted"}),
        ("target=response%3A7", {"response.viewed"}, {"event.cancelled"}),
    ],
)
def test_the_log_filters(staff_client, history, query, shown, hidden) -> None:
    page = staff_client(Role.ADMINISTRATOR).get(f"{LOG}?{query}").content.decode()
    for action in shown:
        assert f"<code>{action}</code>" in page, action
    for action in hidden:
        assert f"<code>{action}</code>" not in page, action


def test_the_log_filters_by_dates_and_explains_a_bad_one(staff_client, history) -> None:
    client = staff_client(Role.ADMINISTRATOR)
    day = timezone.localdate() - timedelta(days=1)
    page = client.get(
        f"{LOG}?since_day={day.day}&since_month={day.month}&since_year={day.year}"
    ).content.decode()
    assert "<code>role.granted</code>" in page
    assert "<code>sign_in.failed</code>" not in page
    bad = client.get(f"{LOG}?until_day=40&until_month=1&until_year=2026").content.decode()
    assert "The last day must be a real date" in bad


def test_real_sign_ins_and_failures_are_in_the_log(db) -> None:
    make_staff("analyst1", Role.ANALYST)
    Client().post("/staff/sign-in/", {"username": "analyst1", "password": "wrong"})
    Client().post("/staff/sign-in/", {"username": "nobody-here", "password": "guess"})
    admin = make_staff("admin1", Role.ADMINISTRATOR)
    page = sign_in(Client(), admin).get(f"{LOG}?kind=sign_ins").content.decode()
    assert page.count("<code>sign_in.failed</code>") == 2
    assert "nobody-here" in page
