"""What a consultation manager does that touches more than one app, in one transaction each."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from safevoice.consultations import services as consultation_services
from safevoice.consultations.models import Consultation
from safevoice.responses.services import follow_closing_time


def close_now(*, consultation: Consultation, actor: str, now: datetime) -> None:
    with transaction.atomic():
        consultation_services.close_now(consultation=consultation, actor=actor, now=now)
        follow_closing_time(consultation=consultation)


def change_closing_time(
    *, consultation: Consultation, actor: str, closes_at: datetime, now: datetime
) -> None:
    with transaction.atomic():
        consultation_services.change_closing_time(
            consultation=consultation, actor=actor, closes_at=closes_at, now=now
        )
        follow_closing_time(consultation=consultation)
