"""Small builders for tests: a consultation with a section of each kind, at dates relative to 'now'."""

from __future__ import annotations

from datetime import datetime, timedelta

from safevoice.consultations.models import (
    Consultation,
    ConsultationSection,
    Event,
    PrivacyNotice,
    SectionPart,
)


def make_consultation(
    *,
    slug: str = "community-survey",
    opens_at: datetime,
    closes_at: datetime,
    is_demonstration: bool = False,
    title: str = "Community survey",
) -> Consultation:
    consultation = Consultation.objects.create(
        slug=slug,
        title=title,
        summary="Tell us about violence where you live.",
        content_version="1",
        opens_at=opens_at,
        closes_at=closes_at,
        is_demonstration=is_demonstration,
        contact_email="team@example.org",
        share_text="Have your say on violence where you live",
    )
    sections = [
        ("overview", "Overview", "Serious violence affects **many** communities.", ""),
        ("events", "Events to find out more", "We are going out to communities.", SectionPart.EVENTS),
        ("respond", "How to provide your views", "Complete the online survey.", SectionPart.START),
        ("closing", "Closing date", "", SectionPart.CLOSING_DATE),
        ("privacy", "Privacy notices", "See the notices:", SectionPart.PRIVACY_NOTICES),
        ("share", "Share this page", "", SectionPart.SHARE),
    ]
    for position, (key, heading, body, shows) in enumerate(sections, start=1):
        ConsultationSection.objects.create(
            consultation=consultation,
            key=key,
            heading=heading,
            body_markdown=body,
            shows=shows,
            position=position,
        )
    PrivacyNotice.objects.create(consultation=consultation, title="Engagement activities", url="", position=1)
    PrivacyNotice.objects.create(
        consultation=consultation, title="Community safety", url="https://example.org/privacy", position=2
    )
    return consultation


def make_event(
    consultation: Consultation, *, starts_at: datetime, published: bool = True, title: str = "Drop-in"
) -> Event:
    return Event.objects.create(
        consultation=consultation,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        venue_name="Central Library",
        address="Abington Street\nNorthampton NN1 2BA",
        access_information="Step-free entrance and a hearing loop.",
        is_published=published,
    )
