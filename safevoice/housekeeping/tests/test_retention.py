"""Retention: after a consultation's retention date its responses, saved answers and exports go; the rest stays."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from safevoice.audit.models import AuditEvent
from safevoice.consultations.models import Consultation
from safevoice.consultations.services import RetentionDateRefused, set_retention_date
from safevoice.consultations.timing import UK, end_of_local_day
from safevoice.exports.models import ExportJob
from safevoice.housekeeping.retention import apply_retention
from safevoice.housekeeping.scheduling import RETENTION_TASK_PATH, next_retention_time, schedule_after_migrate
from safevoice.questionnaires.models import QuestionnaireVersion
from safevoice.questionnaires.tests.factories import make_consultation
from safevoice.responses.models import Response, SavedAnswers
from safevoice.responses.services import save_answers_for_later
from safevoice.responses.tests.test_selectors import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(settings, tmp_path) -> Consultation:
    """A consultation that closed ten days ago, kept until three days ago: two responses, saved answers, an export."""
    settings.SAFEVOICE_EXPORT_DIR = tmp_path
    now = timezone.now()
    consultation, version = make_consultation(
        opens_at=now - dt.timedelta(days=40), closes_at=now - dt.timedelta(days=1)
    )
    with time_machine.travel(now - dt.timedelta(days=5)):
        submit(consultation, {"affected_how": ["witness"]})
        submit(consultation, {"affected_how": ["victim"]})
        save_answers_for_later(
            consultation=consultation,
            version=version,
            answers={},
            visited_pages=[],
            reached_check_answers=False,
            started_at=timezone.now(),
            now=timezone.now(),
        )
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=now - dt.timedelta(days=10),
        keep_responses_until=(now - dt.timedelta(days=3)).astimezone(UK).date(),
    )
    ExportJob.objects.create(consultation=consultation, format="csv", requested_by="a", created_at=now)
    consultation.refresh_from_db()
    return consultation


def test_past_its_date_a_consultation_keeps_only_what_was_published(closed):
    [outcome] = apply_retention(now=timezone.now(), dry_run=False, actor="dpo")
    assert (outcome.responses, outcome.saved_answers, outcome.exports) == (2, 1, 1)
    assert not Response.objects.exists()
    assert not SavedAnswers.objects.exists()
    assert not ExportJob.objects.exists()
    assert Consultation.objects.filter(pk=closed.pk).exists()
    assert QuestionnaireVersion.objects.filter(consultation=closed).exists()


def test_it_is_audited_with_the_counts(closed):
    apply_retention(now=timezone.now(), dry_run=False, actor="dpo")
    event = AuditEvent.objects.get(action="retention.applied")
    assert (event.actor, event.target) == ("dpo", "consultation:test-survey")
    assert event.details == {
        "keep_responses_until": closed.keep_responses_until.isoformat(),
        "responses": 2,
        "saved_answers": 1,
        "exports": 1,
    }
    # A second run finds nothing left and adds nothing to the log.
    [again] = apply_retention(now=timezone.now(), dry_run=False, actor="dpo")
    assert again.total == 0
    assert AuditEvent.objects.filter(action="retention.applied").count() == 1


def test_a_dry_run_counts_and_deletes_nothing(closed):
    [outcome] = apply_retention(now=timezone.now(), dry_run=True, actor="dpo")
    assert outcome.total == 4
    assert Response.objects.count() == 2
    assert not AuditEvent.objects.filter(action="retention.applied").exists()


def test_nothing_goes_until_the_whole_last_day_has_passed(closed):
    last_day = closed.keep_responses_until
    assert (
        apply_retention(now=end_of_local_day(last_day) - dt.timedelta(seconds=1), dry_run=False, actor="a")
        == []
    )
    assert Response.objects.count() == 2


def test_a_consultation_extended_past_its_date_is_not_touched(closed):
    Consultation.objects.filter(pk=closed.pk).update(closes_at=timezone.now() + dt.timedelta(days=5))
    [outcome] = apply_retention(now=timezone.now(), dry_run=False, actor="a")
    assert "still open" in outcome.skipped
    assert Response.objects.count() == 2


def test_a_consultation_without_a_date_is_kept(closed):
    Consultation.objects.filter(pk=closed.pk).update(keep_responses_until=None)
    assert apply_retention(now=timezone.now(), dry_run=False, actor="a") == []


def test_the_command_reports_counts_and_has_a_dry_run(closed):
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "test-survey: kept until" in out.getvalue()
    assert "would delete 2 response(s), 1 set(s) of saved answers and 1 export(s)" in out.getvalue()
    assert "Dry run: nothing was deleted." in out.getvalue()
    assert Response.objects.count() == 2
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "deleted 2 response(s)" in out.getvalue()
    assert AuditEvent.objects.get(action="retention.applied").actor.endswith("(manage.py apply_retention)")


def test_the_command_says_when_there_is_nothing_to_do(db):
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue().strip() == "No consultation is past its retention date: nothing to delete."


def test_retention_runs_daily_at_three_in_the_morning_uk_time():
    summer = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    assert next_retention_time(after=summer) == dt.datetime(2026, 7, 2, 2, 0, tzinfo=dt.UTC)  # 03:00 BST
    winter_night = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    assert next_retention_time(after=winter_night) == dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


def test_migrate_queues_the_daily_run_that_the_worker_runs_and_requeues(closed, transactional_db):
    DBTaskResult.objects.all().delete()
    schedule_after_migrate()
    schedule_after_migrate()
    [queued] = DBTaskResult.objects.filter(task_path=RETENTION_TASK_PATH, status="READY")
    with time_machine.travel(queued.run_after + dt.timedelta(minutes=1)):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
        [done] = DBTaskResult.objects.filter(task_path=RETENTION_TASK_PATH, status="SUCCESSFUL")
        [next_run] = DBTaskResult.objects.filter(task_path=RETENTION_TASK_PATH, status="READY")
    assert "deleted 2 response(s)" in done.return_value
    assert next_run.run_after - queued.run_after == pytest.approx(
        dt.timedelta(days=1), abs=dt.timedelta(hours=1)
    )
    assert not Response.objects.exists()
    assert AuditEvent.objects.get(action="retention.applied").actor == ""


def test_staff_set_the_date_no_earlier_than_the_closing_day_and_it_is_audited(closed):
    last_open = (closed.closes_at - dt.timedelta(seconds=1)).astimezone(UK).date()
    with pytest.raises(RetentionDateRefused, match="at least until the consultation closes"):
        set_retention_date(consultation=closed, keep_until=last_open - dt.timedelta(days=1), actor="manager")
    set_retention_date(consultation=closed, keep_until=dt.date(2031, 3, 31), actor="manager")
    assert Consultation.objects.get(pk=closed.pk).keep_responses_until == dt.date(2031, 3, 31)
    event = AuditEvent.objects.get(action="consultation.retention_changed")
    assert event.details["to"] == "2031-03-31"
