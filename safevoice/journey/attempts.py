"""A respondent's attempt at a questionnaire, kept in their server-side session between pages.

Nothing in the browser is trusted: the answers, the start time (which decides the closing grace) and the
submission token all live on the server, keyed by the session cookie. A resume code is never kept here, only its
hash: the code is made and shown once, on the page that shows it, and exists nowhere else.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

ATTEMPTS_KEY = "safevoice.attempts"
#: When the resident last used a page, to the minute (safevoice.journey.visit.keep_alive).
SEEN_KEY = "safevoice.seen"
SUBMITTED_KEY = "safevoice.submitted"


@dataclass
class Attempt:
    version_id: int
    started_at: datetime
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    answers: dict[str, Any] = field(default_factory=dict)
    #: The hash the saved copy is kept under, so saving again updates it and sending deletes it.
    saved_code_hash: str = ""
    #: Saved, but no code shown yet: the saved-answers page makes one, shows it once and forgets it.
    code_to_issue: bool = False
    #: Set once the respondent has reached "Check your answers": change links then return there.
    reached_check_answers: bool = False
    #: Pages the respondent has been through (sent with Continue), in the order they were first sent.
    visited: list[str] = field(default_factory=list)

    def visit(self, page_id: str) -> None:
        if page_id not in self.visited:
            self.visited.append(page_id)

    def as_session_data(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        return data

    @classmethod
    def from_session_data(cls, data: dict[str, Any]) -> Attempt | None:
        try:
            return cls(
                version_id=int(data["version_id"]),
                started_at=datetime.fromisoformat(data["started_at"]),
                token=str(data["token"]),
                answers=dict(data.get("answers", {})),
                saved_code_hash=str(data.get("saved_code_hash", "")),
                code_to_issue=bool(data.get("code_to_issue", False)),
                reached_check_answers=bool(data.get("reached_check_answers", False)),
                visited=[str(p) for p in data.get("visited", [])],
            )
        except (KeyError, TypeError, ValueError):
            return None


def load_attempt(request: HttpRequest, *, slug: str) -> Attempt | None:
    data = request.session.get(ATTEMPTS_KEY, {}).get(slug)
    return Attempt.from_session_data(data) if isinstance(data, dict) else None


def save_attempt(request: HttpRequest, *, slug: str, attempt: Attempt) -> None:
    attempts = dict(request.session.get(ATTEMPTS_KEY, {}))
    attempts[slug] = attempt.as_session_data()
    request.session[ATTEMPTS_KEY] = attempts
    # The session is written anyway: note the moment, so the pages that follow need not write it again soon.
    request.session[SEEN_KEY] = timezone.now().isoformat(timespec="minutes")


def clear_attempt(request: HttpRequest, *, slug: str) -> None:
    attempts = dict(request.session.get(ATTEMPTS_KEY, {}))
    attempts.pop(slug, None)
    request.session[ATTEMPTS_KEY] = attempts


def remember_submission(request: HttpRequest, *, slug: str, token: str) -> None:
    """Keep the token of the response just sent, so a resent form finds it instead of storing a second one."""
    submitted = dict(request.session.get(SUBMITTED_KEY, {}))
    submitted[slug] = token
    request.session[SUBMITTED_KEY] = submitted


def submitted_token(request: HttpRequest, *, slug: str) -> str | None:
    token = request.session.get(SUBMITTED_KEY, {}).get(slug)
    return token if isinstance(token, str) else None


def has_sent(request: HttpRequest, *, slug: str) -> bool:
    return slug in request.session.get(SUBMITTED_KEY, {})


def forget_submission_token(request: HttpRequest, *, slug: str) -> None:
    """Once the confirmation is shown: keep only that something was sent, not which response it was, and give the
    browser a new session key, so nothing in the session or its cookie can be joined to the stored response."""
    submitted = dict(request.session.get(SUBMITTED_KEY, {}))
    if isinstance(submitted.get(slug), str):
        submitted[slug] = True
        request.session[SUBMITTED_KEY] = submitted
        request.session.cycle_key()
