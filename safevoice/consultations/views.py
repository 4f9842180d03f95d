from __future__ import annotations

from datetime import datetime
from itertools import groupby
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from safevoice.consultations import selectors
from safevoice.consultations.markdown import render_markdown
from safevoice.consultations.models import Consultation, ConsultationState, Event
from safevoice.consultations.timing import UK, closes_at_midnight, last_open_day

EMERGENCY_CATEGORIES = ("emergency", "police")


def _public_url(path: str) -> str:
    return settings.SAFEVOICE_PUBLIC_URL.rstrip("/") + path


def _dates(consultation: Consultation) -> dict[str, Any]:
    return {
        "closes_at_midnight": closes_at_midnight(consultation.closes_at),
        "last_open_day": last_open_day(consultation.closes_at),
    }


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    current = selectors.list_consultations_for_home(now=now)
    return render(
        request,
        "consultations/home.html",
        {
            "consultations": [{"consultation": c, "state": c.state_at(now), **_dates(c)} for c in current],
            "closed_consultations": selectors.list_closed_consultations(now=now),
            "states": ConsultationState,
        },
    )


def _seconds_until_page_changes(*, consultation: Consultation, events: list[Event], now: datetime) -> float:
    """How long the page stays right: until it opens, closes, shows results, or an event drops off."""
    moments = [consultation.opens_at, consultation.closes_at, consultation.results_published_at]
    moments += [event.ends_at for event in events]
    upcoming = [(moment - now).total_seconds() for moment in moments if moment is not None and moment > now]
    return min(upcoming, default=float("inf"))


@require_safe
def consultation_page(request: HttpRequest, slug: str) -> HttpResponse:
    # The page is the same for every visitor and is what a rush after a press release asks for, so each worker
    # keeps the rendered HTML briefly (SAFEVOICE_PAGE_CACHE_SECONDS), never past a moment the page would change.
    # Staff edits show within that time. The browser is still told not to store it (no-store, as every page).
    cache_key = f"consultation-page:{slug}:{get_language()}"
    cache_seconds = settings.SAFEVOICE_PAGE_CACHE_SECONDS
    if cache_seconds and (html := cache.get(cache_key)) is not None:
        return HttpResponse(html)
    response, seconds_valid = _render_consultation_page(request, slug=slug)
    if cache_seconds:
        timeout = min(cache_seconds, seconds_valid)
        if timeout >= 1:
            cache.set(cache_key, response.content, int(timeout))
    return response


def _render_consultation_page(request: HttpRequest, *, slug: str) -> tuple[HttpResponse, float]:
    """The page, and for how many seconds it stays right."""
    consultation = selectors.get_public_consultation(slug=slug)
    now = timezone.now()
    page_url = _public_url(reverse("consultations:detail", kwargs={"slug": consultation.slug}))
    share_text = consultation.share_text or consultation.title
    privacy_notices = list(selectors.list_privacy_notices(consultation=consultation))
    sections = [
        {"section": section, "html": render_markdown(section.body_markdown)}
        for section in selectors.list_sections(consultation=consultation)
    ]
    events = list(selectors.list_upcoming_events(consultation=consultation, now=now))
    response = render(
        request,
        "consultations/consultation.html",
        {
            "consultation": consultation,
            "state": consultation.state_at(now),
            "states": ConsultationState,
            **_dates(consultation),
            "sections": sections,
            "events": events,
            "privacy_notices": privacy_notices,
            "some_privacy_notice_has_no_address": any(not notice.url for notice in privacy_notices),
            "start_url": reverse("journey:start", kwargs={"slug": consultation.slug}),
            "page_url": page_url,
            "share_on_x_url": "https://twitter.com/intent/tweet?"
            + urlencode({"text": share_text, "url": page_url}),
            "share_on_facebook_url": "https://www.facebook.com/sharer/sharer.php?"
            + urlencode({"u": page_url}),
        },
    )
    return response, _seconds_until_page_changes(consultation=consultation, events=events, now=now)


def _calendar_for(event: Event, *, page_url: str, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//SafeVoice//Consultation events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # A cancellation tells a calendar that already has the event to remove it (RFC 5546).
    calendar.add("method", "CANCEL" if event.cancelled_at else "PUBLISH")
    entry = CalendarEvent()
    # The UID outlives edits, so a calendar that imported the event replaces it instead of adding a copy.
    host = urlsplit(settings.SAFEVOICE_PUBLIC_URL).hostname or "safevoice"
    entry.add("uid", f"{event.uid}@{host}")
    entry.add("dtstamp", now)
    entry.add("sequence", event.sequence)
    if event.cancelled_at:
        entry.add("status", "CANCELLED")
    entry.add("dtstart", event.starts_at.astimezone(UK))
    entry.add("dtend", event.ends_at.astimezone(UK))
    entry.add("summary", event.title)
    entry.add("location", ", ".join([event.venue_name, *event.address.splitlines()]))
    description = [event.consultation.title]
    if event.access_information:
        description.append(event.access_information)
    description.append(page_url)
    entry.add("description", "\n\n".join(description))
    entry.add("url", page_url)
    calendar.add_component(entry)
    # Adds the VTIMEZONE for Europe/London that TZID refers to, so every calendar shows UK time correctly.
    calendar.add_missing_timezones()
    return calendar.to_ical()


@require_safe
def event_calendar_file(request: HttpRequest, slug: str, event_id: int) -> HttpResponse:
    consultation = selectors.get_public_consultation(slug=slug)
    event = selectors.get_published_event(consultation=consultation, event_id=event_id)
    page_url = _public_url(reverse("consultations:detail", kwargs={"slug": consultation.slug}))
    response = HttpResponse(
        _calendar_for(event, page_url=page_url, now=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-event-{event.pk}.ics"'
    return response


def _category_group(category: str) -> str:
    # "domestic abuse (men)" and "domestic abuse (LGBT+)" belong under one "Domestic abuse" heading.
    main = category.split("(")[0].strip()
    return main[:1].upper() + main[1:]


@require_safe
def support(request: HttpRequest) -> HttpResponse:
    services = list(selectors.list_verified_support_services())
    emergency = [s for s in services if s.category in EMERGENCY_CATEGORIES]
    others = sorted(
        (s for s in services if s.category not in EMERGENCY_CATEGORIES),
        key=lambda s: (_category_group(s.category), s.position),
    )
    groups = [
        {"heading": heading, "services": list(members)}
        for heading, members in groupby(others, key=lambda s: _category_group(s.category))
    ]
    return render(request, "consultations/support.html", {"emergency_services": emergency, "groups": groups})
