"""Writes about a consultation that staff make outside its content folder."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from safevoice.audit.services import record_event
from safevoice.consultations.models import Consultation
from safevoice.consultations.timing import last_open_day


class RetentionDateRefused(ValueError):
    """The retention date cannot be set as asked; the message says why, in words for staff."""


def check_retention_date(*, consultation: Consultation, keep_until: date | None) -> None:
    """RetentionDateRefused when ``keep_until`` would delete responses while people can still send them."""
    if keep_until is None:
        return
    last_day = last_open_day(consultation.closes_at)
    if keep_until < last_day:
        raise RetentionDateRefused(
            f"Responses must be kept at least until the consultation closes: the date must be "
            f"{last_day:%-d %B %Y} or later"
        )


def set_retention_date(*, consultation: Consultation, keep_until: date | None, actor: str) -> Consultation:
    """Set the last day responses are kept (None: until someone sets a date); audited as
    consultation.retention_changed with the old and new dates."""
    check_retention_date(consultation=consultation, keep_until=keep_until)
    with transaction.atomic():
        previous = consultation.keep_responses_until
        consultation.keep_responses_until = keep_until
        consultation.save(update_fields=["keep_responses_until"])
        record_event(
            actor=actor,
            action="consultation.retention_changed",
            target=f"consultation:{consultation.slug}",
            details={
                "from": previous.isoformat() if previous else None,
                "to": keep_until.isoformat() if keep_until else None,
            },
        )
    return consultation
