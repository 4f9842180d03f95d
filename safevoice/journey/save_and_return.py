"""Save and return: keeping a copy of the attempt, giving the resident its code once, bringing it back in another
browser from the code, and deleting it all when the resident asks."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from safevoice.consultations.models import Consultation
from safevoice.journey.attempts import Attempt, save_attempt
from safevoice.journey.forms import ResumeCodeForm
from safevoice.journey.navigation import next_unvisited_url, start_url
from safevoice.journey.visit import Visit
from safevoice.protection.checks import count_attempt, resume_guess_limit, uk_clock_time
from safevoice.questionnaires.selectors import get_questionnaire_version, questionnaire_for_version
from safevoice.responses import resume_codes
from safevoice.responses.services import (
    delete_saved_answers,
    issue_resume_code,
    redeem_resume_code,
    save_answers_for_later,
)


def save_for_later(request: HttpRequest, visit: Visit, *, page_saved: bool) -> str:
    """Keep a copy of the attempt until the consultation closes; returns where the resident is told how to get
    back to it (the first time, that page makes the code and shows it once)."""
    attempt = visit.attempt
    assert attempt is not None
    first_save = not attempt.saved_code_hash
    attempt.saved_code_hash = save_answers_for_later(
        consultation=visit.consultation,
        version=visit.live.version,
        answers=attempt.answers,
        visited_pages=attempt.visited,
        reached_check_answers=attempt.reached_check_answers,
        started_at=attempt.started_at,
        now=visit.now,
        code_hash=attempt.saved_code_hash,
    )
    attempt.code_to_issue = attempt.code_to_issue or first_save
    save_attempt(request, slug=visit.slug, attempt=attempt)
    url = reverse("journey:saved", kwargs={"slug": visit.slug})
    return url if page_saved else f"{url}?page_not_saved=1"


def continue_url(consultation: Consultation, attempt: Attempt) -> str:
    live = get_questionnaire_version(consultation=consultation, version_id=attempt.version_id)
    if live is None:
        return start_url(consultation.slug)
    return next_unvisited_url(live.questionnaire, attempt, slug=consultation.slug)


@dataclass(frozen=True)
class Resumed:
    """Where the resident carries on, or (``go_to`` None) the form again with its error and the HTTP status."""

    go_to: str | None
    status: int = 200


def resume_with_code(
    request: HttpRequest, form: ResumeCodeForm, *, consultation: Consultation, now: datetime
) -> Resumed:
    """Bring back the answers saved under the code in ``form``; errors are added to the form."""
    # Only well-formed codes are guesses worth counting; a typo in the format gets its own message first.
    if not form.is_valid():
        return Resumed(go_to=None)
    limit = count_attempt(request, rate_limit=resume_guess_limit(), now=now)
    if not limit.allowed:
        # Checked before the lookup, so a script that keeps guessing learns nothing more.
        form.add_error(
            "code",
            _(
                "You have tried too many codes. Wait until %(time)s (UK time), then try again: your saved "
                "answers are still there"
            )
            % {"time": uk_clock_time(limit.retry_at)},
        )
        return Resumed(go_to=None, status=429)
    found = redeem_resume_code(consultation=consultation, typed_code=form.cleaned_data["code"], now=now)
    if found is None:
        form.add_error(
            "code",
            _(
                "No saved answers match that code. Check it and try again: saved answers are deleted "
                "when the consultation closes"
            ),
        )
        return Resumed(go_to=None)
    attempt = Attempt(
        version_id=found.questionnaire_version_id,
        started_at=found.attempt_started_at,
        answers=dict(found.answers),
        saved_code_hash=found.code_hash,
        visited=[str(p) for p in found.visited_pages],
        reached_check_answers=found.reached_check_answers,
    )
    save_attempt(request, slug=consultation.slug, attempt=attempt)
    questionnaire = questionnaire_for_version(version=found.questionnaire_version)
    return Resumed(go_to=next_unvisited_url(questionnaire, attempt, slug=consultation.slug))


def code_to_show(request: HttpRequest, *, slug: str, attempt: Attempt) -> str | None:
    """The resume code, made now and shown this once, when the attempt was saved and has none yet; else None.

    Only its hash is kept (in the saved copy and in the session); the code itself lives on in the page alone.
    """
    if not attempt.code_to_issue:
        return None
    issued = issue_resume_code(code_hash=attempt.saved_code_hash)
    attempt.code_to_issue = False
    if issued is None:
        # The saved copy is gone (deleted or expired): nothing to give a code for.
        attempt.saved_code_hash = ""
        save_attempt(request, slug=slug, attempt=attempt)
        return None
    code, attempt.saved_code_hash = issued
    save_attempt(request, slug=slug, attempt=attempt)
    return code


def ask_for_a_new_code(request: HttpRequest, *, slug: str, attempt: Attempt) -> None:
    """The resident lost the code: the next visit to the saved page makes a new one (the old one stops working)."""
    attempt.code_to_issue = True
    save_attempt(request, slug=slug, attempt=attempt)


def is_this_attempts_code(attempt: Attempt, code: str) -> bool:
    """Whether ``code`` is the one the attempt's saved copy is kept under (the email form posts it back)."""
    return resume_codes.normalise(code) is not None and hmac.compare_digest(
        resume_codes.code_hash(code), attempt.saved_code_hash
    )


def delete_my_answers(request: HttpRequest, *, attempt: Attempt | None) -> None:
    """Everything this visit holds goes: the saved copy (if any) and the whole session, with a new session key."""
    if attempt is not None and attempt.saved_code_hash:
        delete_saved_answers(code_hash=attempt.saved_code_hash)
    request.session.flush()
