"""Expired records are deleted on a schedule kept by the task worker, with nobody having to remember a cron line."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from safevoice.housekeeping.scheduling import TASK_PATH, interval, schedule_after_migrate
from safevoice.housekeeping.services import delete_expired
from safevoice.journey.tests.conftest import BASE
from safevoice.journey.tests.test_saved_view import save_after_first_page
from safevoice.protection.models import RateLimitCounter
from safevoice.protection.services import RateLimit, register_attempt
from safevoice.responses.models import SavedAnswers

pytestmark = pytest.mark.django_db


def a_session(*, expires_in: dt.timedelta) -> str:
    store = SessionStore()
    store["safevoice.attempts"] = {"survey": {"answers": {"affected_how": ["victim"]}}}
    store.set_expiry(int(expires_in.total_seconds()))
    store.save()
    return str(store.session_key)


def test_expired_sessions_saved_answers_and_counters_go_and_the_rest_stay(started, consultation) -> None:
    save_after_first_page(started)
    old = a_session(expires_in=dt.timedelta(minutes=1))
    register_attempt(rate_limit=RateLimit("submission", 10, dt.timedelta(hours=1)), client="opaque")
    after_closing = consultation.closes_at + dt.timedelta(days=2)
    with time_machine.travel(after_closing):
        deleted = delete_expired(now=timezone.now())
    assert deleted.saved_answers == 1
    assert deleted.rate_limit_counters == 1
    assert deleted.sessions >= 1
    assert not Session.objects.filter(session_key=old).exists()
    assert SavedAnswers.objects.count() == 0
    assert RateLimitCounter.objects.count() == 0


def test_nothing_that_has_not_expired_is_deleted(started) -> None:
    save_after_first_page(started)
    fresh = a_session(expires_in=dt.timedelta(hours=1))
    deleted = delete_expired(now=timezone.now())
    assert (deleted.sessions, deleted.saved_answers) == (0, 0)
    assert Session.objects.filter(session_key=fresh).exists()
    assert SavedAnswers.objects.count() == 1
    # The resident whose session it is can still carry on.
    assert started.get(BASE + "saved/").status_code == 200


def test_migrate_queues_a_run_that_the_worker_runs_and_that_queues_the_next(
    started, consultation, transactional_db
) -> None:
    DBTaskResult.objects.all().delete()
    schedule_after_migrate()
    schedule_after_migrate()  # a second migrate does not queue a second run
    assert DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").count() == 1
    save_after_first_page(started)
    with time_machine.travel(consultation.closes_at + dt.timedelta(days=2)):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
        [done] = DBTaskResult.objects.filter(task_path=TASK_PATH, status="SUCCESSFUL")
        [queued] = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
        assert "1 expired set(s) of saved answers" in done.return_value
        assert queued.run_after - done.started_at == pytest.approx(interval(), abs=dt.timedelta(seconds=5))
    assert SavedAnswers.objects.count() == 0


def test_the_command_deletes_now_for_deployments_that_prefer_cron(started, consultation) -> None:
    save_after_first_page(started)
    out = StringIO()
    with time_machine.travel(consultation.closes_at + dt.timedelta(days=2)):
        call_command("housekeeping", stdout=out)
    assert "1 expired set(s) of saved answers" in out.getvalue()
