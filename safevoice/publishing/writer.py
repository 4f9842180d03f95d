"""Writing a checked consultation folder: one transaction that creates or updates rows by their natural keys, so
loading the same folder twice changes nothing, and a folder with any problem changes nothing at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from safevoice.consultations.models import Consultation, ConsultationSection, Event, PrivacyNotice
from safevoice.publishing.folder_content import ConsultationContent
from safevoice.publishing.folder_validation import validate_consultation_folder
from safevoice.questionnaires.services import store_questionnaire


@dataclass(frozen=True)
class DemonstrationCopy:
    """Load a folder again under another slug, re-opened for trying out, marked as a demonstration."""

    slug: str
    opens_at: datetime
    closes_at: datetime


def load_consultation_folder(*, folder: Path, demonstration: DemonstrationCopy | None = None) -> Consultation:
    """Validate ``folder`` completely, then create or update its consultation in one transaction."""
    content = validate_consultation_folder(folder=folder)
    if demonstration is not None:
        if demonstration.closes_at <= demonstration.opens_at:
            raise ValueError("a demonstration copy must close after it opens")
        content.slug = demonstration.slug
        content.opens_at = demonstration.opens_at
        content.closes_at = demonstration.closes_at
        content.results_published_at = None
        # A demonstration's dates move with every load; its retention is whatever was set on it, never the real one's.
        content.keep_responses_until = None
    with transaction.atomic():
        consultation = write_consultation(content=content, is_demonstration=demonstration is not None)
        if content.questionnaire is not None:
            store_questionnaire(consultation=consultation, questionnaire=content.questionnaire)
    return consultation


def write_consultation(*, content: ConsultationContent, is_demonstration: bool) -> Consultation:
    """The consultation's rows made to match ``content``; call inside a transaction."""
    retention = (
        {} if content.keep_responses_until is None else {"keep_responses_until": content.keep_responses_until}
    )
    consultation, _ = Consultation.objects.update_or_create(
        slug=content.slug,
        defaults={
            **retention,
            "title": content.title,
            "summary": content.summary,
            "content_version": content.version,
            "opens_at": content.opens_at,
            "closes_at": content.closes_at,
            "results_published_at": content.results_published_at,
            "is_demonstration": is_demonstration,
            "contact_email": content.contact_email,
            "share_text": content.share_text,
        },
    )
    _write_sections(consultation, content)
    _write_privacy_notices(consultation, content)
    _write_events(consultation, content)
    return consultation


def _write_sections(consultation: Consultation, content: ConsultationContent) -> None:
    consultation.sections.exclude(key__in=[s.key for s in content.sections]).delete()
    for position, section in enumerate(content.sections, start=1):
        ConsultationSection.objects.update_or_create(
            consultation=consultation,
            key=section.key,
            defaults={
                "heading": section.heading,
                "body_markdown": section.body_markdown,
                "shows": section.shows,
                "position": position,
            },
        )


def _write_privacy_notices(consultation: Consultation, content: ConsultationContent) -> None:
    consultation.privacy_notices.exclude(title__in=[n.title for n in content.privacy_notices]).delete()
    for position, notice in enumerate(content.privacy_notices, start=1):
        defaults: dict[str, Any] = {"position": position}
        if notice.url:
            # An empty url in the file means "not given here": keep whatever address staff set.
            defaults["url"] = notice.url
        PrivacyNotice.objects.update_or_create(
            consultation=consultation, title=notice.title, defaults=defaults
        )


def _write_events(consultation: Consultation, content: ConsultationContent) -> None:
    # Events staff added have no key and are left alone; events from the file follow the file.
    consultation.events.exclude(key="").exclude(key__in=[e.key for e in content.events]).delete()
    for event in content.events:
        Event.objects.update_or_create(
            consultation=consultation,
            key=event.key,
            defaults={
                "title": event.title,
                "starts_at": event.starts_at,
                "ends_at": event.ends_at,
                "venue_name": event.venue_name,
                "address": event.address,
                "access_information": event.access_information,
                "is_published": event.is_published,
            },
        )
