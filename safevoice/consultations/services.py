"""Writes staff make to a consultation between loads of its folder: opening and closing, events, sections, privacy
notice addresses, support services, how long responses are kept. Each one is in the audit log, saying who did it and what changed (never any
resident's answer: nothing here touches one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from safevoice.audit.services import record_event
from safevoice.consultations.models import (
    Consultation,
    ConsultationSection,
    ConsultationState,
    Event,
    PrivacyNotice,
    SupportService,
)
from safevoice.consultations.timing import last_open_day


class ChangeRefused(Exception):
    """The change cannot be made; the message says why, in words for staff."""


def _target(consultation: Consultation) -> str:
    return f"consultation:{consultation.slug}"


def open_now(*, consultation: Consultation, actor: str, now: datetime) -> None:
    """Open a consultation that has not opened yet, from this moment."""
    if consultation.state_at(now) != ConsultationState.FORTHCOMING:
        raise ChangeRefused("This consultation has already opened")
    with transaction.atomic():
        before = consultation.opens_at
        consultation.opens_at = now
        consultation.save(update_fields=["opens_at"])
        record_event(
            actor=actor,
            action="consultation.opened",
            target=_target(consultation),
            details={"opens_at_before": before.isoformat(), "opens_at": now.isoformat()},
            at=now,
        )


def close_now(*, consultation: Consultation, actor: str, now: datetime) -> None:
    """Close an open consultation at this moment (people part-way through keep the usual grace period)."""
    if consultation.state_at(now) != ConsultationState.OPEN:
        raise ChangeRefused("This consultation is not open")
    with transaction.atomic():
        before = consultation.closes_at
        consultation.closes_at = now
        consultation.save(update_fields=["closes_at"])
        record_event(
            actor=actor,
            action="consultation.closed",
            target=_target(consultation),
            details={"closes_at_before": before.isoformat(), "closes_at": now.isoformat()},
            at=now,
        )


def change_closing_time(
    *, consultation: Consultation, actor: str, closes_at: datetime, now: datetime
) -> None:
    """Move the closing time (to extend, or to re-open a closed consultation until a later date)."""
    if closes_at <= now:
        raise ChangeRefused("The new closing date must be in the future. To close it now, use Close now")
    if closes_at <= consultation.opens_at:
        raise ChangeRefused("The new closing date must be after the consultation opens")
    if consultation.results_published_at is not None and consultation.results_published_at < closes_at:
        raise ChangeRefused(
            "Results are due to be published before this date: change the results date in the content folder "
            "first, or choose an earlier closing date"
        )
    with transaction.atomic():
        before = consultation.closes_at
        consultation.closes_at = closes_at
        consultation.save(update_fields=["closes_at"])
        record_event(
            actor=actor,
            action="consultation.closing_changed",
            target=_target(consultation),
            details={"closes_at_before": before.isoformat(), "closes_at": closes_at.isoformat()},
            at=now,
        )


@dataclass(frozen=True)
class EventDetails:
    title: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    address: str
    access_information: str
    is_published: bool

    def as_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def add_event(*, consultation: Consultation, actor: str, details: EventDetails) -> Event:
    with transaction.atomic():
        event = Event.objects.create(consultation=consultation, **details.as_fields())
        record_event(
            actor=actor,
            action="event.added",
            target=f"event:{event.pk}",
            details={
                "consultation": consultation.slug,
                "title": event.title,
                "published": event.is_published,
            },
        )
    return event


def change_event(*, event: Event, actor: str, details: EventDetails) -> list[str]:
    """Save new details; returns the names of what changed (nothing saved or audited when nothing did)."""
    new = details.as_fields()
    changed = [name for name, value in new.items() if getattr(event, name) != value]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(event, name, new[name])
        event.sequence += 1
        event.save(update_fields=[*changed, "sequence"])
        record_event(
            actor=actor,
            action="event.changed",
            target=f"event:{event.pk}",
            details={"consultation": event.consultation.slug, "title": event.title, "changed": changed},
        )
    return changed


def cancel_event(*, event: Event, actor: str, now: datetime) -> None:
    if event.cancelled_at is not None:
        raise ChangeRefused("This event is already cancelled")
    with transaction.atomic():
        event.cancelled_at = now
        event.sequence += 1
        event.save(update_fields=["cancelled_at", "sequence"])
        record_event(
            actor=actor,
            action="event.cancelled",
            target=f"event:{event.pk}",
            details={"consultation": event.consultation.slug, "title": event.title},
            at=now,
        )


def change_section(*, section: ConsultationSection, actor: str, heading: str, body_markdown: str) -> bool:
    if section.heading == heading and section.body_markdown == body_markdown:
        return False
    with transaction.atomic():
        details = {
            "consultation": section.consultation.slug,
            "section": section.key,
            "heading_changed": section.heading != heading,
            "characters_before": len(section.body_markdown),
            "characters_after": len(body_markdown),
        }
        section.heading = heading
        section.body_markdown = body_markdown
        section.save(update_fields=["heading", "body_markdown"])
        record_event(
            actor=actor, action="section.changed", target=_target(section.consultation), details=details
        )
    return True


def set_privacy_notice_address(*, notice: PrivacyNotice, actor: str, url: str) -> None:
    with transaction.atomic():
        before = notice.url
        notice.url = url
        notice.save(update_fields=["url"])
        record_event(
            actor=actor,
            action="privacy_notice.changed",
            target=_target(notice.consultation),
            details={"title": notice.title, "url_before": before, "url": url},
        )


def set_support_service_checked(*, service: SupportService, actor: str, verified: bool, note: str) -> None:
    """Mark a support service checked (shown on the support page) or not (hidden until it is)."""
    with transaction.atomic():
        before = service.is_verified
        service.is_verified = verified
        service.verification_note = note
        service.save(update_fields=["is_verified", "verification_note"])
        record_event(
            actor=actor,
            action="support_service.verified" if verified else "support_service.unverified",
            target=f"support_service:{service.pk}",
            details={"name": service.name, "was_verified": before, "note": note},
        )


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
