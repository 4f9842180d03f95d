"""Reads for the public pages: views and other apps read consultations through these, not the ORM."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404

from safevoice.consultations.models import (
    Consultation,
    ConsultationSection,
    ConsultationState,
    Event,
    PrivacyNotice,
    SupportService,
)


def get_public_consultation(*, slug: str) -> Consultation:
    """The consultation at ``slug`` whatever its state (a closed one still has a page); Http404 if unknown."""
    try:
        return Consultation.objects.get(slug=slug)
    except Consultation.DoesNotExist:
        raise Http404("No consultation at this address") from None


def list_consultations_for_home(*, now: datetime) -> list[Consultation]:
    """Open consultations first (closing soonest first), then forthcoming ones (opening soonest first)."""
    candidates = Consultation.objects.filter(closes_at__gt=now).order_by("closes_at", "slug")
    open_ones = [c for c in candidates if c.state_at(now) == ConsultationState.OPEN]
    forthcoming = sorted(
        (c for c in candidates if c.state_at(now) == ConsultationState.FORTHCOMING), key=lambda c: c.opens_at
    )
    return open_ones + forthcoming


def list_upcoming_events(*, consultation: Consultation, now: datetime) -> QuerySet[Event]:
    """Published events that have not yet ended, soonest first (cancelled ones too: the page says so)."""
    return consultation.events.filter(is_published=True, ends_at__gt=now).order_by("starts_at", "pk")


def get_published_event(*, consultation: Consultation, event_id: int) -> Event:
    try:
        return consultation.events.get(pk=event_id, is_published=True)
    except Event.DoesNotExist:
        raise Http404("No such event") from None


def list_verified_support_services() -> QuerySet[SupportService]:
    return SupportService.objects.filter(is_verified=True).order_by("position", "name")


def list_closed_consultations(*, now: datetime) -> QuerySet[Consultation]:
    """Consultations that have closed, most recently closed first (demonstration copies left out)."""
    return Consultation.objects.filter(closes_at__lte=now, is_demonstration=False).order_by("-closes_at")


def list_sections(*, consultation: Consultation) -> QuerySet[ConsultationSection]:
    return consultation.sections.order_by("position")


def list_privacy_notices(*, consultation: Consultation) -> QuerySet[PrivacyNotice]:
    return consultation.privacy_notices.order_by("position")


class UnknownConsultation(LookupError):
    """No consultation has the slug asked for; the message lists the slugs there are."""


def get_consultation_by_slug(*, slug: str) -> Consultation:
    """The consultation with ``slug``, or UnknownConsultation naming the slugs that do exist (for commands)."""
    consultation = Consultation.objects.filter(slug=slug).first()
    if consultation is None:
        known = ", ".join(Consultation.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
        raise UnknownConsultation(f"No consultation has the slug {slug!r}. Consultations: {known}.")
    return consultation
