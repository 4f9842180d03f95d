"""Retention: once a consultation's ``keep_responses_until`` day has passed, its responses, saved answers and
exports are deleted, keeping only what was published from them (aggregate outputs: the consultation, its
questionnaire versions and pages stay, and the audit log, which never holds an answer).

Run daily by the task worker (``tasks.retention``) and by ``manage.py apply_retention``; ``dry_run`` counts what
would go and deletes nothing. Every consultation whose data is deleted gets one audit event with the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction

from safevoice.audit.services import record_event
from safevoice.consultations.models import Consultation
from safevoice.consultations.timing import end_of_local_day
from safevoice.exports.models import ExportJob
from safevoice.exports.services import delete_exports_of
from safevoice.responses.models import Response, SavedAnswers
from safevoice.responses.services import delete_responses_of, delete_saved_answers_of


@dataclass(frozen=True)
class RetentionOutcome:
    slug: str
    keep_until: date
    responses: int
    saved_answers: int
    exports: int
    #: Why nothing was deleted although the date has passed (e.g. the consultation was extended past it).
    skipped: str = ""

    @property
    def total(self) -> int:
        return self.responses + self.saved_answers + self.exports

    def describe(self, *, dry_run: bool) -> str:
        if self.skipped:
            return f"{self.slug}: kept until {self.keep_until:%Y-%m-%d}, but not deleted: {self.skipped}"
        verb = "would delete" if dry_run else "deleted"
        return (
            f"{self.slug}: kept until {self.keep_until:%Y-%m-%d}; {verb} {self.responses:,} response(s), "
            f"{self.saved_answers:,} set(s) of saved answers and {self.exports:,} export(s)"
        )


def past_retention(*, now: datetime) -> list[Consultation]:
    """Consultations whose last day of keeping responses has ended (UK time)."""
    candidates = Consultation.objects.filter(keep_responses_until__isnull=False).order_by("slug")
    return [
        c for c in candidates if c.keep_responses_until and end_of_local_day(c.keep_responses_until) <= now
    ]


def apply_retention(*, now: datetime, dry_run: bool, actor: str) -> list[RetentionOutcome]:
    """Delete (or, with ``dry_run``, count) what every consultation past its retention date still holds; one
    outcome per such consultation, those with nothing left to delete included."""
    grace = timedelta(minutes=settings.SAFEVOICE_CLOSING_GRACE_MINUTES)
    outcomes = []
    for consultation in past_retention(now=now):
        assert consultation.keep_responses_until is not None
        counts: dict[str, int] = {
            "responses": Response.objects.filter(consultation=consultation).count(),
            "saved_answers": SavedAnswers.objects.filter(consultation=consultation).count(),
            "exports": ExportJob.objects.filter(consultation=consultation).count(),
        }
        keep_until = consultation.keep_responses_until
        if now < consultation.closes_at + grace:
            # Extended past its retention date: people can still answer, so nothing of theirs is deleted.
            outcomes.append(
                _outcome(
                    consultation.slug,
                    keep_until,
                    counts,
                    "it is still open; set a retention date after its closing date",
                )
            )
            continue
        if not dry_run and any(counts.values()):
            with transaction.atomic():
                counts = {
                    "responses": delete_responses_of(consultation=consultation),
                    "saved_answers": delete_saved_answers_of(consultation=consultation),
                    "exports": delete_exports_of(consultation=consultation),
                }
                # Format requests (issue 17) join here when they exist.
                record_event(
                    actor=actor,
                    action="retention.applied",
                    target=f"consultation:{consultation.slug}",
                    details={"keep_responses_until": consultation.keep_responses_until.isoformat(), **counts},
                    at=now,
                )
        outcomes.append(_outcome(consultation.slug, keep_until, counts))
    return outcomes


def _outcome(slug: str, keep_until: date, counts: dict[str, int], skipped: str = "") -> RetentionOutcome:
    return RetentionOutcome(
        slug=slug,
        keep_until=keep_until,
        responses=counts["responses"],
        saved_answers=counts["saved_answers"],
        exports=counts["exports"],
        skipped=skipped,
    )
