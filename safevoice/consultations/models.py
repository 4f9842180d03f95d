"""Consultations, their page content, events, privacy notices, and the support services shown beside them.

Every instant is stored in UTC (USE_TZ). A consultation is open from ``opens_at`` (inclusive) until
``closes_at`` (exclusive): "closes at midnight, Friday 27 October 2023" is stored as the first instant that
is no longer Friday in Europe/London, 2023-10-27 23:00 UTC, so an answer sent at 23:59:59 on Friday counts.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsultationState(models.TextChoices):
    FORTHCOMING = "forthcoming", _("Forthcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    RESULTS_PUBLISHED = "results_published", _("Results published")


class Consultation(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(
        help_text=_("One or two sentences, shown on the home page and in share previews.")
    )
    content_version = models.CharField(
        max_length=50,
        help_text=_("The manifest's version when the folder was last loaded."),
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(
        help_text=_("The first instant no longer open: the end of the closing day.")
    )
    results_published_at = models.DateTimeField(null=True, blank=True)
    is_demonstration = models.BooleanField(
        default=False, help_text=_("A copy for trying the site out: marked on every page, answers not used.")
    )
    contact_email = models.EmailField()
    share_text = models.CharField(
        max_length=280, blank=True, help_text=_("The text offered when someone shares the consultation.")
    )
    keep_responses_until = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "The last day (UK) responses, saved answers and exports are kept; `manage.py apply_retention` "
            "deletes them after it, keeping only published aggregate outputs. Empty: kept until someone sets it."
        ),
    )
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["opens_at", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_it_opens",
                violation_error_message=_("The consultation must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def state_at(self, now: datetime) -> ConsultationState:
        if now < self.opens_at:
            return ConsultationState.FORTHCOMING
        if now < self.closes_at:
            return ConsultationState.OPEN
        if self.results_published_at is not None and now >= self.results_published_at:
            return ConsultationState.RESULTS_PUBLISHED
        return ConsultationState.CLOSED

    @property
    def state(self) -> ConsultationState:
        return self.state_at(timezone.now())

    def is_open_at(self, now: datetime) -> bool:
        return self.state_at(now) == ConsultationState.OPEN


class SectionPart(models.TextChoices):
    """A part of the page built from data rather than text, shown after a section's Markdown."""

    START = "start", _("Start now button (only while open)")
    CLOSING_DATE = "closing_date", _("Closing date")
    EVENTS = "events", _("Events")
    PRIVACY_NOTICES = "privacy_notices", _("Privacy notices")
    SHARE = "share", _("Share links")


class ConsultationSection(models.Model):
    """One section of the public page, written as Markdown in the content folder."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=100)
    heading = models.CharField(max_length=200)
    body_markdown = models.TextField(blank=True)
    shows = models.CharField(max_length=30, choices=SectionPart.choices, blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "key"], name="section_key_unique_per_consultation"
            ),
        ]

    def __str__(self) -> str:
        return self.heading


class PrivacyNotice(models.Model):
    """A privacy notice the consultation points to; its address is set by the consultation team."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="privacy_notices")
    title = models.CharField(max_length=200)
    url = models.URLField(blank=True, help_text=_("Leave empty until the notice's address is known."))
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "title"], name="privacy_notice_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    """A public event about the consultation. Staff add them in the back office; a manifest may list some too."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="events")
    # Set for events that come from the manifest (so reloading updates them); empty for events staff added.
    key = models.SlugField(max_length=100, blank=True, default="")
    # The calendar UID: stays the same when the event is edited, so calendars update their copy.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue_name = models.CharField(max_length=200)
    address = models.TextField()
    access_information = models.TextField(
        blank=True, help_text=_("Step-free access, hearing loop, toilets, parking, quiet space and so on.")
    )
    is_published = models.BooleanField(default=False)
    # A cancelled event stays on the public page, marked cancelled, and its .ics file tells calendars to drop it.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The calendar SEQUENCE: one more at each change, so a calendar that imported the event takes the new copy.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["consultation", "key"],
                condition=~models.Q(key=""),
                name="event_key_unique_per_consultation",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # Said beside the end time, where staff will look, rather than as a message about the whole form.
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})


class SupportService(models.Model):
    """A help line or local service. Only verified ones are shown publicly; staff check the rest."""

    name = models.CharField(max_length=200, unique=True)
    category = models.CharField(max_length=100)
    phone = models.CharField(max_length=50, blank=True)
    website = models.URLField(blank=True)
    coverage = models.CharField(max_length=100, blank=True)
    details = models.TextField(blank=True, help_text=_("Shown on the support page, in plain words."))
    notes_as_found = models.TextField(
        blank=True, help_text=_("What the source said, for whoever checks it next.")
    )
    is_verified = models.BooleanField(default=False)
    verification_note = models.CharField(max_length=200, blank=True)
    source = models.TextField(
        blank=True, help_text=_("Where each fact was seen, for whoever checks it next.")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
