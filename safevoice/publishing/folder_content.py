"""What a consultation folder holds once every check has passed: plain values, ready to be written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from safevoice.questionnaire_engine import Questionnaire


@dataclass(frozen=True)
class SectionContent:
    key: str
    heading: str
    body_markdown: str
    shows: str


@dataclass(frozen=True)
class EventContent:
    key: str
    title: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    address: str
    access_information: str
    is_published: bool


@dataclass(frozen=True)
class PrivacyNoticeContent:
    title: str
    url: str


@dataclass
class ConsultationContent:
    """A consultation folder that passed every check, ready to be written."""

    folder: Path
    slug: str
    version: str
    title: str
    summary: str
    opens_at: datetime
    closes_at: datetime
    results_published_at: datetime | None
    contact_email: str
    share_text: str
    # The last day responses are kept; None when the file does not say (what staff set is then kept).
    keep_responses_until: date | None = None
    sections: list[SectionContent] = field(default_factory=list)
    events: list[EventContent] = field(default_factory=list)
    privacy_notices: list[PrivacyNoticeContent] = field(default_factory=list)
    # The questionnaire engine's reading of the folder's questionnaire file, if it names one.
    questionnaire: Questionnaire | None = None
