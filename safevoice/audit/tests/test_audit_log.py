"""The audit log only ever grows: the application cannot change or delete an event, and on PostgreSQL neither can
anyone with SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from safevoice.audit.models import AppendOnlyError, AuditEvent
from safevoice.audit.selectors import list_events
from safevoice.audit.services import record_event

pytestmark = pytest.mark.django_db


def test_events_are_recorded_and_read_back_newest_first_with_filters() -> None:
    now = timezone.now()
    record_event(
        actor="analyst1", action="response.viewed", target="response:4", at=now - dt.timedelta(hours=2)
    )
    record_event(
        actor="manager1",
        action="consultation.closed",
        target="consultation:x",
        at=now - dt.timedelta(hours=1),
    )
    record_event(actor="analyst1", action="export.created", details={"format": "csv"}, at=now)
    assert [e.action for e in list_events()] == ["export.created", "consultation.closed", "response.viewed"]
    assert [e.action for e in list_events(actor="analyst1")] == ["export.created", "response.viewed"]
    assert [e.action for e in list_events(action="response.")] == ["response.viewed"]
    assert [e.action for e in list_events(since=now - dt.timedelta(minutes=90))] == [
        "export.created",
        "consultation.closed",
    ]


def test_the_application_cannot_change_or_delete_an_event() -> None:
    event = record_event(actor="admin", action="role.granted", target="user:analyst1")
    event.action = "nothing.happened"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="nothing.happened")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "role.granted"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger is PostgreSQL's")
def test_on_postgresql_the_database_refuses_update_and_delete_in_sql() -> None:
    event = record_event(actor="admin", action="role.granted", target="user:analyst1")
    for statement in (
        "UPDATE audit_auditevent SET action = 'nothing.happened' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="audit events are never changed or deleted"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "role.granted"
