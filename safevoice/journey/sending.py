"""Sending the answers from "Check your answers": every check in the order it is made, then one stored response.

``send_answers`` decides; the view only turns the decision into a page. The order matters: a resent form for a
response already stored is recognised before anything else (a double click must not be refused as "closed"), and
the checks that cost a write (the rate limit) come after those that do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.http import HttpRequest

from safevoice.journey.attempts import clear_attempt, remember_submission, submitted_token
from safevoice.journey.navigation import first_page_to_finish
from safevoice.journey.visit import Visit
from safevoice.protection.checks import count_attempt, honeypot_filled, sent_too_soon, submission_limit
from safevoice.protection.services import LimitDecision
from safevoice.responses.closing import Window
from safevoice.responses.services import SubmissionRefused, submit_response


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    NOT_ACCEPTED = "not_accepted"  # not open yet, closed, or past the grace period: ``window`` says which
    NOT_STARTED = "not_started"
    UNFINISHED = "unfinished"  # a page still to go through or complete: ``page_id``
    OLD_FORM = "old_form"  # a copy of the page from another attempt: show the current answers instead
    REFUSED = "refused"  # only a script fills the field nobody sees
    CHECK_AGAIN = "check_again"  # sooner than a person could have read the questions
    TOO_MANY = "too_many"  # this connection sent too many responses: ``limit`` says until when


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    window: Window | None = None
    page_id: str | None = None
    limit: LimitDecision | None = None


def send_answers(request: HttpRequest, visit: Visit) -> Decision:
    posted_token = request.POST.get("token", "")
    if posted_token and posted_token == submitted_token(request, slug=visit.slug):
        # Sent already (a double click, or the form sent again from history): one response, same outcome.
        return Decision(Outcome.ALREADY_SENT)
    if not visit.accepts_answers:
        return Decision(Outcome.NOT_ACCEPTED, window=visit.window)
    attempt = visit.attempt
    if attempt is None:
        return Decision(Outcome.NOT_STARTED)
    unfinished = first_page_to_finish(visit.questionnaire, attempt)
    if unfinished is not None:
        return Decision(Outcome.UNFINISHED, page_id=unfinished)
    if posted_token != attempt.token:
        return Decision(Outcome.OLD_FORM)
    if honeypot_filled(request.POST):
        return Decision(Outcome.REFUSED)
    if sent_too_soon(started_at=attempt.started_at, now=visit.now):
        return Decision(Outcome.CHECK_AGAIN)
    limit = count_attempt(request, rate_limit=submission_limit(), now=visit.now)
    if not limit.allowed:
        return Decision(Outcome.TOO_MANY, limit=limit)
    try:
        submit_response(
            consultation=visit.consultation,
            version=visit.live.version,
            questionnaire=visit.questionnaire,
            answers=attempt.answers,
            token=attempt.token,
            language=visit.questionnaire.language,
            started_at=attempt.started_at,
            now=visit.now,
            saved_code_hash=attempt.saved_code_hash,
        )
    except SubmissionRefused as refused:
        if refused.window is not None:
            return Decision(Outcome.NOT_ACCEPTED, window=refused.window)
        return Decision(Outcome.UNFINISHED, page_id=refused.page_id or "")
    clear_attempt(request, slug=visit.slug)
    remember_submission(request, slug=visit.slug, token=attempt.token)
    return Decision(Outcome.SENT)
