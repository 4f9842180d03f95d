"""Writes: sending a response, saving answers to finish later, deleting saved answers that have expired, and
excluding a response from analysis (or putting it back)."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from safevoice.audit.services import record_event
from safevoice.consultations.models import Consultation
from safevoice.questionnaire_engine import Questionnaire
from safevoice.questionnaires.models import QuestionnaireVersion
from safevoice.responses import resume_codes
from safevoice.responses.closing import Window, accepts_answers, answering_window
from safevoice.responses.models import Channel, Response, SavedAnswers


class SubmissionRefused(Exception):
    """The response cannot be stored; ``window`` says why when it is about time, ``page_id`` when about answers."""

    def __init__(self, *, window: Window | None = None, page_id: str | None = None) -> None:
        self.window = window
        self.page_id = page_id
        super().__init__(window or page_id)


@dataclass(frozen=True)
class Submission:
    response: Response
    created: bool


def submit_response(
    *,
    consultation: Consultation,
    version: QuestionnaireVersion,
    questionnaire: Questionnaire,
    answers: dict[str, Any],
    token: str,
    language: str,
    started_at: datetime,
    now: datetime,
    saved_code_hash: str = "",
    channel: str = Channel.ONLINE,
) -> Submission:
    """Store one response for this attempt: answers to hidden questions dropped, every required one present.

    Idempotent on ``token``: a double click or a resent form finds the response already stored and returns it
    (tokens are cleared a few hours later by ``clear_old_idempotency_tokens``). The submission time is stored to
    the hour only (``submission_hour``): a precise time would join the response to any log of the request.
    """
    existing = Response.objects.filter(idempotency_token=uuid.UUID(token)).first()
    if existing is not None:
        return Submission(existing, created=False)
    window = answering_window(consultation=consultation, started_at=started_at, now=now)
    if not accepts_answers(window):
        raise SubmissionRefused(window=window)
    kept = questionnaire.drop_hidden_answers(answers)
    incomplete = questionnaire.first_incomplete_page_id(kept)
    if incomplete is not None:
        raise SubmissionRefused(page_id=incomplete)
    digest = answers_digest(kept)
    hour = submission_hour(now)
    try:
        with transaction.atomic():
            # One statement both finds and flags recent identical answer sets (their count says if there were any).
            # Times are whole hours, so "recent" is this hour and, where the window reaches back into it, the last.
            identical_recently = Response.objects.filter(
                consultation=consultation,
                answers_digest=digest,
                submitted_at__gte=submission_hour(now - duplicate_window()),
                submitted_at__lte=hour,
            ).update(flagged_for_review=True)
            response = Response.objects.create(
                consultation=consultation,
                questionnaire_version=version,
                answers=kept,
                language=language,
                channel=channel,
                submitted_at=hour,
                idempotency_token=uuid.UUID(token),
                answers_digest=digest,
                flagged_for_review=identical_recently > 0,
            )
            if saved_code_hash:
                # Finished: the saved copy has done its job and should not outlive the response.
                SavedAnswers.objects.filter(code_hash=saved_code_hash).delete()
    except IntegrityError:
        # Two requests for the same attempt raced past the check above; the other one stored it.
        return Submission(Response.objects.get(idempotency_token=uuid.UUID(token)), created=False)
    return Submission(response, created=True)


def answers_digest(answers: dict[str, Any]) -> str:
    """The same for any two identical answer sets, whatever order their keys came in."""
    canonical = json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def duplicate_window() -> timedelta:
    return timedelta(minutes=settings.SAFEVOICE_DUPLICATE_WINDOW_MINUTES)


def submission_hour(moment: datetime) -> datetime:
    """``moment`` to the hour (UTC), as submission times are stored."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def clear_old_idempotency_tokens(*, now: datetime) -> int:
    """Drop the idempotency token of responses sent more than SAFEVOICE_IDEMPOTENCY_HOURS ago; returns how many.

    A token only has to outlive a double click or a resent form; kept longer, it is one more value that could
    join a response to something the resident's browser once held.
    """
    cutoff = now - timedelta(hours=settings.SAFEVOICE_IDEMPOTENCY_HOURS)
    return Response.objects.filter(idempotency_token__isnull=False, submitted_at__lt=cutoff).update(
        idempotency_token=None
    )


def save_answers_for_later(
    *,
    consultation: Consultation,
    version: QuestionnaireVersion,
    answers: dict[str, Any],
    visited_pages: list[str],
    reached_check_answers: bool,
    started_at: datetime,
    now: datetime,
    code_hash: str = "",
) -> str:
    """Keep ``answers`` until the consultation closes; returns the hash they are kept under.

    Saving again under the same hash updates the same record, so the respondent keeps one code. A first save is
    kept under a placeholder that no code matches, until ``issue_resume_code`` gives it one: the code is then made
    on the page that shows it, and never stored anywhere.
    """
    code_hash = code_hash or resume_codes.placeholder_hash()
    defaults = {
        "consultation": consultation,
        "questionnaire_version": version,
        "answers": answers,
        "visited_pages": visited_pages,
        "reached_check_answers": reached_check_answers,
        "attempt_started_at": started_at,
        "saved_at": submission_hour(now),
        "expires_at": consultation.closes_at,
    }
    with transaction.atomic():
        SavedAnswers.objects.update_or_create(code_hash=code_hash, defaults=defaults)
    return code_hash


def issue_resume_code(*, code_hash: str) -> tuple[str, str] | None:
    """A new code for the answers saved under ``code_hash`` (a code given before stops working): returns the code
    to show and the hash it is now kept under, or None when nothing is saved there (deleted, or expired)."""
    code = resume_codes.new_code()
    new_hash = resume_codes.code_hash(code)
    if not SavedAnswers.objects.filter(code_hash=code_hash).update(code_hash=new_hash):
        return None
    return code, new_hash


def delete_saved_answers(*, code_hash: str) -> int:
    """The resident asked for their answers to be deleted: the saved copy goes too."""
    deleted, _ = SavedAnswers.objects.filter(code_hash=code_hash).delete() if code_hash else (0, {})
    return deleted


def follow_closing_time(*, consultation: Consultation) -> int:
    """Saved answers last until the consultation closes: after its closing time moves, they follow it (an
    extension keeps them longer, an early close deletes them sooner). Returns how many were updated."""
    return SavedAnswers.objects.filter(consultation=consultation).update(expires_at=consultation.closes_at)


def redeem_resume_code(*, consultation: Consultation, typed_code: str, now: datetime) -> SavedAnswers | None:
    """The saved answers for a typed code, or None when the code is wrong, for another consultation, or expired.

    Reads only: a guess is the one request anyone can repeat at will, so it takes no write lock. Expired answers
    are refused by the lookup and deleted by housekeeping (``safevoice.housekeeping``).
    """
    if resume_codes.normalise(typed_code) is None:
        return None
    wanted = resume_codes.code_hash(typed_code)
    saved = SavedAnswers.objects.filter(
        code_hash=wanted, consultation=consultation, expires_at__gt=now
    ).first()
    # The lookup is by hash, so timing reveals nothing about the code; compare_digest keeps the last step so too.
    if saved is None or not hmac.compare_digest(saved.code_hash, wanted):
        return None
    return saved


def purge_expired_saved_answers(*, now: datetime) -> int:
    """Delete every saved answer set whose consultation has closed; returns how many went."""
    deleted, _ = SavedAnswers.objects.filter(expires_at__lte=now).delete()
    return deleted


# Excluding a response from analysis ------------------------------------------------------------------------------

#: Long enough for a sentence or two of why; the audit log keeps every reason given.
MAX_EXCLUSION_REASON = 500


class ExclusionRefused(Exception):
    """The response cannot be excluded (or put back) as asked; the message says why, in words for staff."""


def exclude_response(*, response: Response, reason: str, actor: str, now: datetime | None = None) -> Response:
    """Leave ``response`` out of analysis and exports, keeping it and the reason; audited as response.excluded.

    Refused (ExclusionRefused) without a reason, with an over-long one, or when it is already excluded (the
    message says by whom and why, so a second person pressing the same button learns what happened).
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ExclusionRefused("Enter why this response should be left out of analysis")
    if len(reason) > MAX_EXCLUSION_REASON:
        raise ExclusionRefused(f"The reason must be {MAX_EXCLUSION_REASON} characters or fewer")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.excluded_from_analysis:
            raise ExclusionRefused(
                f"Response {locked.pk} is already excluded from analysis "
                f"(by {locked.excluded_by or 'someone'}: {locked.exclusion_reason})"
            )
        locked.excluded_from_analysis = True
        locked.exclusion_reason = reason
        locked.excluded_by = actor
        locked.excluded_at = now
        locked.save(
            update_fields=["excluded_from_analysis", "exclusion_reason", "excluded_by", "excluded_at"]
        )
        # The reason is staff's own words about the response, never its answers.
        record_event(
            actor=actor,
            action="response.excluded",
            target=f"response:{locked.pk}",
            details={"consultation": locked.consultation.slug, "reason": reason},
            at=now,
        )
    _copy_exclusion(locked, into=response)
    return response


def include_response(*, response: Response, actor: str, now: datetime | None = None) -> Response:
    """Put an excluded response back into analysis and exports; audited as response.included, with the reason
    it had been excluded for. Refused (ExclusionRefused) when it is not excluded."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if not locked.excluded_from_analysis:
            raise ExclusionRefused(f"Response {locked.pk} is not excluded from analysis")
        previous_reason = locked.exclusion_reason
        locked.excluded_from_analysis = False
        locked.exclusion_reason = ""
        locked.excluded_by = ""
        locked.excluded_at = None
        locked.save(
            update_fields=["excluded_from_analysis", "exclusion_reason", "excluded_by", "excluded_at"]
        )
        record_event(
            actor=actor,
            action="response.included",
            target=f"response:{locked.pk}",
            details={"consultation": locked.consultation.slug, "excluded_for": previous_reason},
            at=now,
        )
    _copy_exclusion(locked, into=response)
    return response


def _copy_exclusion(source: Response, *, into: Response) -> None:
    for name in ("excluded_from_analysis", "exclusion_reason", "excluded_by", "excluded_at"):
        setattr(into, name, getattr(source, name))


# Retention -------------------------------------------------------------------------------------------------------


def delete_responses_of(*, consultation: Consultation) -> int:
    """Delete every response to ``consultation`` (retention; the caller audits it); how many went."""
    deleted, _ = Response.objects.filter(consultation=consultation).delete()
    return deleted


def delete_saved_answers_of(*, consultation: Consultation) -> int:
    """Delete every set of saved answers for ``consultation`` (retention); how many went."""
    deleted, _ = SavedAnswers.objects.filter(consultation=consultation).delete()
    return deleted
