"""When answers are accepted: while the consultation is open, and for a grace period after it closes for
respondents who began before the closing instant (someone halfway through at 23:55 is not turned away)."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings

from safevoice.consultations.models import Consultation


class Window(StrEnum):
    NOT_OPEN_YET = "not_open_yet"
    OPEN = "open"
    GRACE = "grace"
    CLOSED = "closed"
    TIME_RAN_OUT = "time_ran_out"


def grace_period() -> timedelta:
    return timedelta(minutes=settings.SAFEVOICE_CLOSING_GRACE_MINUTES)


def answering_window(*, consultation: Consultation, started_at: datetime | None, now: datetime) -> Window:
    """Where ``now`` falls for a respondent who began at ``started_at`` (None: has not begun)."""
    if now < consultation.opens_at:
        return Window.NOT_OPEN_YET
    if now < consultation.closes_at:
        return Window.OPEN
    if started_at is not None and consultation.opens_at <= started_at < consultation.closes_at:
        return Window.GRACE if now < consultation.closes_at + grace_period() else Window.TIME_RAN_OUT
    return Window.CLOSED


def accepts_answers(window: Window) -> bool:
    return window in {Window.OPEN, Window.GRACE}
