"""Writes: loading a consultation folder and the support services file into the database.

Loading is two steps. ``validate_consultation_folder`` reads the whole folder and collects EVERY problem (file,
line, reason) without touching the database; only a folder with no problem reaches ``load_consultation_folder``'s
single transaction, which creates or updates rows by their natural keys, so loading twice changes nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from safevoice.consultations.models import (
    Consultation,
    ConsultationSection,
    Event,
    PrivacyNotice,
    SectionPart,
    SupportService,
)
from safevoice.consultations.timing import (
    LocalTimeError,
    end_of_local_day,
    parse_local_date,
    parse_local_datetime,
)
from safevoice.content import (
    ContentError,
    ContentErrors,
    LocatedYaml,
    load_yaml,
    read_text,
    validate_against_schema,
)

if TYPE_CHECKING:
    from safevoice.questionnaire_engine import Questionnaire

MANIFEST_NAME = "consultation.yaml"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "consultation.schema.json"

# What the schema's patterns mean, in words an author can act on (jsonschema only quotes the expression).
PATTERN_HELP = {
    "'^[a-z0-9]+(-[a-z0-9]+)*$'": "use lower-case letters, digits and single hyphens, like 'drop-in-2023'",
    "'^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$'": 'write a UK date and time in quotes, like "2023-10-27 17:00"',
    "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'": 'write a date in quotes, like "2023-10-27"',
}


def _in_plain_words(error: ContentError) -> ContentError:
    for pattern, help_text in PATTERN_HELP.items():
        if error.reason.endswith(f"does not match {pattern}"):
            reason = (
                error.reason.removesuffix(f"does not match {pattern}") + f"is not allowed here: {help_text}"
            )
            return ContentError(error.file, error.line, reason)
    return error


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
    sections: list[SectionContent] = field(default_factory=list)
    events: list[EventContent] = field(default_factory=list)
    privacy_notices: list[PrivacyNoticeContent] = field(default_factory=list)
    # What the questionnaire engine's validator returned; handed back to it to store.
    questionnaire: Questionnaire | None = None


def _normalise_yaml_dates(value: Any) -> Any:
    """Unquoted ``2023-10-27`` is a YAML date, not a string: read it as the author meant it."""
    if isinstance(value, dict):
        return {key: _normalise_yaml_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalise_yaml_dates(item) for item in value]
    if isinstance(value, datetime):
        if value.tzinfo is None and value.second == 0 and value.microsecond == 0:
            return f"{value:%Y-%m-%d %H:%M}"
        return value
    if isinstance(value, date):
        return value.isoformat()
    return value


def _read_markdown(
    path: Path, manifest: LocatedYaml, json_path: tuple[str | int, ...]
) -> tuple[str, list[ContentError]]:
    if not path.is_file():
        return "", [
            manifest.error(json_path, f"the Markdown file {path.name!r} is missing (looked for {path})")
        ]
    try:
        return read_text(path), []
    except ContentErrors as exc:
        return "", exc.errors


def _local_instant(
    manifest: LocatedYaml, json_path: tuple[str | int, ...], errors: list[ContentError]
) -> datetime | None:
    value = manifest.data
    for part in json_path:
        value = value[part]
    try:
        return parse_local_datetime(value)
    except LocalTimeError as exc:
        errors.append(manifest.error(json_path, str(exc)))
        return None


def _inside(folder: Path, relative: str) -> Path | None:
    path = (folder / relative).resolve()
    return path if path.is_relative_to(folder.resolve()) else None


def validate_consultation_folder(*, folder: Path) -> ConsultationContent:
    """Read and check everything in ``folder``; raise ContentErrors listing every problem found."""
    manifest_path = folder / MANIFEST_NAME
    if not folder.is_dir():
        raise ContentErrors([ContentError(folder, None, "there is no folder here")])
    manifest = load_yaml(manifest_path)  # raises ContentErrors on a missing file or a YAML syntax error
    manifest.data = _normalise_yaml_dates(manifest.data)
    errors = [_in_plain_words(error) for error in validate_against_schema(manifest, SCHEMA_PATH)]
    if errors:
        # The checks below assume the shapes the schema guarantees.
        raise ContentErrors(errors)
    data: dict[str, Any] = manifest.data

    opens_at = _local_instant(manifest, ("opens",), errors)
    closes_at: datetime | None = None
    if "closes" in data and "closes_at_end_of" in data:
        errors.append(manifest.error(("closes",), "give either 'closes' or 'closes_at_end_of', not both"))
    elif "closes" in data:
        closes_at = _local_instant(manifest, ("closes",), errors)
    elif "closes_at_end_of" in data:
        try:
            closes_at = end_of_local_day(parse_local_date(data["closes_at_end_of"]))
        except LocalTimeError as exc:
            errors.append(manifest.error(("closes_at_end_of",), str(exc)))
    else:
        errors.append(
            manifest.error(
                (),
                "the closing time is missing: add 'closes_at_end_of: \"YYYY-MM-DD\"' (open all of that day) "
                "or 'closes: \"YYYY-MM-DD HH:MM\"'",
            )
        )
    if opens_at and closes_at and closes_at <= opens_at:
        key = "closes" if "closes" in data else "closes_at_end_of"
        errors.append(manifest.error((key,), "the consultation closes before it opens"))
    try:
        EmailValidator()(data["contact_email"])
    except ValidationError:
        errors.append(
            manifest.error(("contact_email",), f"{data['contact_email']!r} is not an email address")
        )
    results_published_at = (
        _local_instant(manifest, ("results_published",), errors) if "results_published" in data else None
    )
    if results_published_at and closes_at and results_published_at < closes_at:
        errors.append(
            manifest.error(("results_published",), "results are published before the consultation closes")
        )

    sections: list[SectionContent] = []
    first_line_of_key: dict[str, int | None] = {}
    for index, section in enumerate(data["sections"]):
        where: tuple[str | int, ...] = ("sections", index)
        key = section["key"]
        if key in first_line_of_key:
            errors.append(
                manifest.error(
                    (*where, "key"),
                    f"the section key {key!r} is used twice (first on line {first_line_of_key[key]})",
                )
            )
        else:
            first_line_of_key[key] = manifest.line_of((*where, "key"))
        if "file" not in section and "shows" not in section:
            errors.append(manifest.error(where, "a section needs a Markdown 'file', a 'shows' part, or both"))
        body = ""
        if "file" in section:
            path = _inside(folder, section["file"])
            if path is None:
                errors.append(
                    manifest.error((*where, "file"), "the file must be inside the consultation folder")
                )
            else:
                body, file_errors = _read_markdown(path, manifest, (*where, "file"))
                errors.extend(file_errors)
        sections.append(
            SectionContent(
                key=key, heading=section["heading"], body_markdown=body, shows=section.get("shows", "")
            )
        )
    shown_parts = [section.shows for section in sections if section.shows]
    for part in sorted({part for part in shown_parts if shown_parts.count(part) > 1}):
        errors.append(manifest.error(("sections",), f"the part {part!r} is shown by more than one section"))
    if SectionPart.START not in shown_parts:
        errors.append(
            manifest.error(
                ("sections",), "no section shows the Start now button: add 'shows: start' to one of them"
            )
        )

    events: list[EventContent] = []
    event_keys: dict[str, int | None] = {}
    for index, event in enumerate(data.get("events", [])):
        where = ("events", index)
        if event["key"] in event_keys:
            errors.append(
                manifest.error(
                    (*where, "key"),
                    f"the event key {event['key']!r} is used twice (first on line {event_keys[event['key']]})",
                )
            )
        else:
            event_keys[event["key"]] = manifest.line_of((*where, "key"))
        starts_at = _local_instant(manifest, (*where, "starts"), errors)
        ends_at = _local_instant(manifest, (*where, "ends"), errors)
        if starts_at is None or ends_at is None:
            continue
        if ends_at <= starts_at:
            errors.append(manifest.error((*where, "ends"), "the event ends before it starts"))
            continue
        events.append(
            EventContent(
                key=event["key"],
                title=event["title"],
                starts_at=starts_at,
                ends_at=ends_at,
                venue_name=event["venue_name"],
                address=event["address"],
                access_information=event.get("access_information", ""),
                is_published=event.get("published", True),
            )
        )

    privacy_notices: list[PrivacyNoticeContent] = []
    notice_titles: set[str] = set()
    for index, notice in enumerate(data.get("privacy_notices", [])):
        if notice["title"] in notice_titles:
            errors.append(
                manifest.error(("privacy_notices", index, "title"), "this privacy notice is listed twice")
            )
        notice_titles.add(notice["title"])
        if notice.get("url"):
            try:
                URLValidator(schemes=["http", "https"])(notice["url"])
            except ValidationError:
                errors.append(
                    manifest.error(
                        ("privacy_notices", index, "url"),
                        f"{notice['url']!r} is not a web address (start it with https://), or leave it empty",
                    )
                )
        privacy_notices.append(PrivacyNoticeContent(title=notice["title"], url=notice.get("url", "")))

    questionnaire: Questionnaire | None = None
    if "questionnaire" in data:
        questionnaire_path = _inside(folder, data["questionnaire"])
        if questionnaire_path is None:
            errors.append(
                manifest.error(("questionnaire",), "the file must be inside the consultation folder")
            )
        elif not questionnaire_path.is_file():
            errors.append(
                manifest.error(
                    ("questionnaire",), f"the questionnaire file is missing (looked for {questionnaire_path})"
                )
            )
        else:
            # Imported here: the questionnaire engine is another app, and a manifest without a questionnaire
            # must load without it.
            from safevoice.questionnaires.loading import validate_questionnaire_file

            try:
                questionnaire = validate_questionnaire_file(questionnaire_path)
            except ContentErrors as exc:
                errors.extend(exc.errors)

    if errors:
        raise ContentErrors(sorted(errors, key=lambda e: (str(e.file), e.line or 0)))
    # Every path that leaves either of these None has added an error above.
    assert opens_at is not None
    assert closes_at is not None
    return ConsultationContent(
        folder=folder,
        slug=data["slug"],
        version=data["version"],
        title=data["title"],
        summary=data["summary"],
        opens_at=opens_at,
        closes_at=closes_at,
        results_published_at=results_published_at,
        contact_email=data["contact_email"],
        share_text=data.get("share_text", ""),
        sections=sections,
        events=events,
        privacy_notices=privacy_notices,
        questionnaire=questionnaire,
    )


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
    with transaction.atomic():
        consultation = _write_consultation(content=content, is_demonstration=demonstration is not None)
        if content.questionnaire is not None:
            from safevoice.questionnaires.loading import store_questionnaire

            store_questionnaire(consultation=consultation, questionnaire=content.questionnaire)
    return consultation


def _write_consultation(*, content: ConsultationContent, is_demonstration: bool) -> Consultation:
    consultation, _ = Consultation.objects.update_or_create(
        slug=content.slug,
        defaults={
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

    consultation.privacy_notices.exclude(title__in=[n.title for n in content.privacy_notices]).delete()
    for position, notice in enumerate(content.privacy_notices, start=1):
        defaults: dict[str, Any] = {"position": position}
        if notice.url:
            # An empty url in the file means "not given here": keep whatever address staff set in the admin.
            defaults["url"] = notice.url
        PrivacyNotice.objects.update_or_create(
            consultation=consultation, title=notice.title, defaults=defaults
        )

    # Events staff added in the admin have no key and are left alone; events from the file follow the file.
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
    return consultation


# Support services -----------------------------------------------------------------------------------------------

SUPPORT_SERVICE_COLUMNS = (
    "name",
    "category",
    "phone",
    "website",
    "coverage",
    "description",
    "details_as_found",
    "verified_in_stored_source",
    "source",
)


@dataclass(frozen=True)
class SupportServiceContent:
    name: str
    category: str
    phone: str
    website: str
    coverage: str
    details: str
    notes_as_found: str
    is_verified: bool
    verification_note: str
    source: str


def validate_support_services_file(*, path: Path) -> list[SupportServiceContent]:
    """Every row of the support services CSV, or ContentErrors naming each bad row's line."""
    text = read_text(path)
    reader = csv.DictReader(text.splitlines())
    missing = [column for column in SUPPORT_SERVICE_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ContentErrors([ContentError(path, 1, f"the header lacks the column(s) {', '.join(missing)}")])
    errors: list[ContentError] = []
    services: list[SupportServiceContent] = []
    seen: dict[str, int] = {}
    is_url = URLValidator(schemes=["http", "https"])
    for row in reader:
        line = reader.line_num
        name = (row["name"] or "").strip()
        if not name:
            errors.append(ContentError(path, line, "the service has no name"))
            continue
        if name in seen:
            errors.append(ContentError(path, line, f"{name!r} is listed twice (first on line {seen[name]})"))
            continue
        seen[name] = line
        if not (row["category"] or "").strip():
            errors.append(ContentError(path, line, f"{name!r} has no category"))
        website = (row["website"] or "").strip()
        if website:
            try:
                is_url(website)
            except ValidationError:
                errors.append(
                    ContentError(path, line, f"{name!r}: the website {website!r} is not a web address")
                )
        verified = (row["verified_in_stored_source"] or "").strip()
        description = (row["description"] or "").strip()
        if verified.lower().startswith("yes") and not description:
            errors.append(
                ContentError(
                    path, line, f"{name!r} is verified, so it is shown: give it a plain-words description"
                )
            )
        services.append(
            SupportServiceContent(
                name=name,
                category=(row["category"] or "").strip(),
                phone=(row["phone"] or "").strip(),
                website=website,
                coverage=(row["coverage"] or "").strip(),
                details=description,
                notes_as_found=(row["details_as_found"] or "").strip(),
                is_verified=verified.lower().startswith("yes"),
                verification_note=verified[:200],
                source=(row["source"] or "").strip(),
            )
        )
    if errors:
        raise ContentErrors(errors)
    return services


def load_support_services(*, path: Path) -> list[SupportService]:
    """Make the SupportService rows match the CSV file (the file is the record; rows it no longer lists go)."""
    services = validate_support_services_file(path=path)
    with transaction.atomic():
        SupportService.objects.exclude(name__in=[s.name for s in services]).delete()
        return [
            SupportService.objects.update_or_create(
                name=service.name,
                defaults={
                    "category": service.category,
                    "phone": service.phone,
                    "website": service.website,
                    "coverage": service.coverage,
                    "details": service.details,
                    "notes_as_found": service.notes_as_found,
                    "is_verified": service.is_verified,
                    "verification_note": service.verification_note,
                    "source": service.source,
                    "position": position,
                },
            )[0]
            for position, service in enumerate(services, start=1)
        ]
