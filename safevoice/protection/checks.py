"""The checks a view makes before accepting answers or a resume code: each blocks scripts, none identifies anyone.

- A honeypot field people never see (hidden visually and from assistive technology, out of the tab order): form
  fillers that complete every field fill it too.
- A minimum completion time: nobody reads a questionnaire in a few seconds.
- Per-client rate limits on sending answers and on guessing resume codes, keyed on ``request.client_key`` (a
  daily-rotating HMAC of the address that the middleware derives; the address itself is never seen here).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from safevoice.protection.services import LimitDecision, RateLimit, record_attempt

#: A name form fillers recognise and fill; real people never see the field.
HONEYPOT_FIELD = "website"


def honeypot_filled(data: QueryDict) -> bool:
    return bool(data.get(HONEYPOT_FIELD, "").strip())


def sent_too_soon(*, started_at: dt.datetime, now: dt.datetime) -> bool:
    """True when answers arrive sooner after "Start now" than a person could have read the questions."""
    minimum = dt.timedelta(seconds=settings.SAFEVOICE_MIN_COMPLETION_SECONDS)
    return now - started_at < minimum


def submission_limit() -> RateLimit:
    return RateLimit(
        bucket="submission", limit=settings.SAFEVOICE_SUBMISSIONS_PER_HOUR, window=dt.timedelta(hours=1)
    )


def resume_guess_limit() -> RateLimit:
    return RateLimit(
        bucket="resume_guess",
        limit=settings.SAFEVOICE_RESUME_GUESSES_PER_15_MINUTES,
        window=dt.timedelta(minutes=15),
    )


def resume_email_limit() -> RateLimit:
    """Emails of a resume code: enough for a typo or two, not for sending mail to strangers."""
    return RateLimit(
        bucket="resume_email", limit=settings.SAFEVOICE_RESUME_EMAILS_PER_HOUR, window=dt.timedelta(hours=1)
    )


def count_attempt(request: HttpRequest, *, rate_limit: RateLimit, now: dt.datetime) -> LimitDecision:
    """Count one attempt by this request's client; always allowed where a deployment turned limits off."""
    if not settings.SAFEVOICE_RATE_LIMITS_ENABLED:
        return LimitDecision(allowed=True, count=0, retry_at=now)
    client = str(request.client_key)  # type: ignore[attr-defined]
    return record_attempt(rate_limit=rate_limit, client=client, now=now)


def uk_clock_time(moment: dt.datetime) -> str:
    """A time of day as GOV.UK style writes it, in UK time: "10am", "2:15pm", "midday", "midnight"."""
    local = timezone.localtime(moment)
    if (local.hour, local.minute) == (12, 0):
        return _("midday")
    if (local.hour, local.minute) == (0, 0):
        return _("midnight")
    hour = local.hour % 12 or 12
    clock = f"{hour}:{local.minute:02d}" if local.minute else str(hour)
    return clock + (_("am") if local.hour < 12 else _("pm"))
