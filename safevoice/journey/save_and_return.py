"""Save and return: keeping the attempt under a resume code, and bringing it back in another browser."""

from __future__ import annotations

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
from safevoice.responses.services import redeem_resume_code, save_answers_for_later


def save_for_later(request: HttpRequest, visit: Visit, *, page_saved: bool) -> str:
    """Keep the attempt under its resume code (a new one the first time); returns where to show the code."""
    attempt = visit.attempt
    assert attempt is not None
    attempt.resume_code = save_answers_for_later(
        consultation=visit.consultation,
        version=visit.live.version,
        answers=attempt.answers,
        visited_pages=attempt.visited,
        reached_check_answers=attempt.reached_check_answers,
        started_at=attempt.started_at,
        now=visit.now,
        resume_code=attempt.resume_code,
    )
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
    code = form.cleaned_data["code"]
    found = redeem_resume_code(consultation=consultation, typed_code=code, now=now)
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
        resume_code=code,
        visited=[str(p) for p in found.visited_pages],
        reached_check_answers=found.reached_check_answers,
    )
    save_attempt(request, slug=consultation.slug, attempt=attempt)
    questionnaire = questionnaire_for_version(version=found.questionnaire_version)
    return Resumed(go_to=next_unvisited_url(questionnaire, attempt, slug=consultation.slug))
