"""Where a resident is in the journey: the consultation, the questionnaire version they answer, their attempt so
far (from the session) and whether answers are accepted now. Every view starts from ``load_visit``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone

from safevoice.consultations.models import Consultation
from safevoice.consultations.selectors import get_public_consultation
from safevoice.journey.attempts import SEEN_KEY, Attempt, load_attempt
from safevoice.questionnaire_engine import Questionnaire
from safevoice.questionnaires.selectors import (
    LiveQuestionnaire,
    get_current_questionnaire,
    get_questionnaire_version,
)
from safevoice.responses.closing import Window, accepts_answers, answering_window

#: How often reading a page (without sending one) moves the session's expiry on: a write every few minutes at
#: most, not one per page.
KEEP_ALIVE_EVERY = timedelta(minutes=5)


def keep_alive(request: HttpRequest, *, now: datetime) -> None:
    """Push back the moment an idle resident's answers are deleted (SAFEVOICE_IDLE_MINUTES after their last page).

    Saving the session moves its expiry on; a page that changes nothing saves it only every few minutes.
    """
    seen = request.session.get(SEEN_KEY)
    try:
        recent = seen is not None and now - datetime.fromisoformat(seen) < KEEP_ALIVE_EVERY
    except (TypeError, ValueError):
        recent = False
    if not recent:
        request.session[SEEN_KEY] = now.isoformat(timespec="minutes")


@dataclass
class Visit:
    consultation: Consultation
    live: LiveQuestionnaire
    attempt: Attempt | None
    window: Window
    now: datetime

    @property
    def questionnaire(self) -> Questionnaire:
        return self.live.questionnaire

    @property
    def slug(self) -> str:
        return self.consultation.slug

    @property
    def accepts_answers(self) -> bool:
        return accepts_answers(self.window)

    @property
    def in_grace(self) -> bool:
        return self.window == Window.GRACE


def load_visit(request: HttpRequest, slug: str) -> Visit:
    """The resident's visit to ``slug``; Http404 when there is no such consultation or it has no questionnaire."""
    consultation = get_public_consultation(slug=slug)
    attempt = load_attempt(request, slug=slug)
    live = None
    if attempt is not None:
        # An attempt keeps the version it began on, so a respondent mid-way is not moved to new wording.
        live = get_questionnaire_version(consultation=consultation, version_id=attempt.version_id)
        if live is None:
            attempt = None
    if live is None:
        live = get_current_questionnaire(consultation=consultation)
    now = timezone.now()
    if attempt is not None:
        keep_alive(request, now=now)
    window = answering_window(
        consultation=consultation, started_at=attempt.started_at if attempt else None, now=now
    )
    return Visit(consultation=consultation, live=live, attempt=attempt, window=window, now=now)
