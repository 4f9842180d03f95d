"""Checking a consultation folder: the manifest against its schema, then every rule the schema cannot say.

``validate_consultation_folder`` reads the whole folder and collects EVERY problem (file, line, reason) without
touching the database, so an author fixes them all in one go; only a folder with no problem is written
(``safevoice.publishing.writer``). Each part of the manifest has its own checker below, which adds what it finds
to one list of errors.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from safevoice.consultations.models import SectionPart
from safevoice.consultations.timing import (
    LocalTimeError,
    end_of_local_day,
    last_open_day,
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
from safevoice.publishing.folder_content import (
    ConsultationContent,
    EventContent,
    PrivacyNoticeContent,
    SectionContent,
)
from safevoice.questionnaire_engine import Questionnaire, read_questionnaire

MANIFEST_NAME = "consultation.yaml"
SCHEMA_PATH = Path(__file__).resolve().parent / "consultation.schema.json"

Where = tuple[str | int, ...]

# What the schema's patterns mean, in words an author can act on (jsonschema only quotes the expression).
PATTERN_HELP = {
    "'^[a-z0-9]+(-[a-z0-9]+)*$'": "use lower-case letters, digits and single hyphens, like 'drop-in-2023'",
    "'^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$'": 'write a UK date and time in quotes, like "2023-10-27 17:00"',
    "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'": 'write a date in quotes, like "2023-10-27"',
}


def validate_consultation_folder(*, folder: Path) -> ConsultationContent:
    """Read and check everything in ``folder``; raise ContentErrors listing every problem found."""
    if not folder.is_dir():
        raise ContentErrors([ContentError(folder, None, "there is no folder here")])
    manifest = load_yaml(
        folder / MANIFEST_NAME
    )  # raises ContentErrors on a missing file or a YAML syntax error
    manifest.data = _normalise_yaml_dates(manifest.data)
    errors = [_in_plain_words(error) for error in validate_against_schema(manifest, SCHEMA_PATH)]
    if errors:
        # The checks below assume the shapes the schema guarantees.
        raise ContentErrors(errors)
    data: dict[str, Any] = manifest.data

    opens_at, closes_at, results_published_at = _check_dates(manifest, errors)
    keep_responses_until = _check_retention(manifest, closes_at, errors)
    _check_contact_email(manifest, errors)
    sections = _check_sections(manifest, folder, errors)
    events = _check_events(manifest, errors)
    privacy_notices = _check_privacy_notices(manifest, errors)
    questionnaire = _check_questionnaire(manifest, folder, errors)

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
        keep_responses_until=keep_responses_until,
        contact_email=data["contact_email"],
        share_text=data.get("share_text", ""),
        sections=sections,
        events=events,
        privacy_notices=privacy_notices,
        questionnaire=questionnaire,
    )


def _check_dates(
    manifest: LocatedYaml, errors: list[ContentError]
) -> tuple[datetime | None, datetime | None, datetime | None]:
    """Opening, closing and results instants (UTC), each None where it is wrong (and an error says why)."""
    data = manifest.data
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
    results_published_at = (
        _local_instant(manifest, ("results_published",), errors) if "results_published" in data else None
    )
    if results_published_at and closes_at and results_published_at < closes_at:
        errors.append(
            manifest.error(("results_published",), "results are published before the consultation closes")
        )
    return opens_at, closes_at, results_published_at


def _check_retention(
    manifest: LocatedYaml, closes_at: datetime | None, errors: list[ContentError]
) -> date | None:
    if "keep_responses_until" not in manifest.data:
        return None
    try:
        keep_until = parse_local_date(manifest.data["keep_responses_until"])
    except ValueError as exc:
        errors.append(manifest.error(("keep_responses_until",), str(exc)))
        return None
    if closes_at is not None and keep_until < last_open_day(closes_at):
        errors.append(
            manifest.error(
                ("keep_responses_until",),
                f"responses must be kept at least until the consultation closes: give "
                f"{last_open_day(closes_at):%Y-%m-%d} or later",
            )
        )
    return keep_until


def _check_contact_email(manifest: LocatedYaml, errors: list[ContentError]) -> None:
    address = manifest.data["contact_email"]
    try:
        EmailValidator()(address)
    except ValidationError:
        errors.append(manifest.error(("contact_email",), f"{address!r} is not an email address"))


def _check_sections(manifest: LocatedYaml, folder: Path, errors: list[ContentError]) -> list[SectionContent]:
    sections: list[SectionContent] = []
    first_line_of_key: dict[str, int | None] = {}
    for index, section in enumerate(manifest.data["sections"]):
        where: Where = ("sections", index)
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
                body = _read_markdown(path, manifest, (*where, "file"), errors)
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
    return sections


def _check_events(manifest: LocatedYaml, errors: list[ContentError]) -> list[EventContent]:
    events: list[EventContent] = []
    first_line_of_key: dict[str, int | None] = {}
    for index, event in enumerate(manifest.data.get("events", [])):
        where: Where = ("events", index)
        key = event["key"]
        if key in first_line_of_key:
            errors.append(
                manifest.error(
                    (*where, "key"),
                    f"the event key {key!r} is used twice (first on line {first_line_of_key[key]})",
                )
            )
        else:
            first_line_of_key[key] = manifest.line_of((*where, "key"))
        starts_at = _local_instant(manifest, (*where, "starts"), errors)
        ends_at = _local_instant(manifest, (*where, "ends"), errors)
        if starts_at is None or ends_at is None:
            continue
        if ends_at <= starts_at:
            errors.append(manifest.error((*where, "ends"), "the event ends before it starts"))
            continue
        events.append(
            EventContent(
                key=key,
                title=event["title"],
                starts_at=starts_at,
                ends_at=ends_at,
                venue_name=event["venue_name"],
                address=event["address"],
                access_information=event.get("access_information", ""),
                is_published=event.get("published", True),
            )
        )
    return events


def _check_privacy_notices(manifest: LocatedYaml, errors: list[ContentError]) -> list[PrivacyNoticeContent]:
    notices: list[PrivacyNoticeContent] = []
    titles: set[str] = set()
    for index, notice in enumerate(manifest.data.get("privacy_notices", [])):
        if notice["title"] in titles:
            errors.append(
                manifest.error(("privacy_notices", index, "title"), "this privacy notice is listed twice")
            )
        titles.add(notice["title"])
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
        notices.append(PrivacyNoticeContent(title=notice["title"], url=notice.get("url", "")))
    return notices


def _check_questionnaire(
    manifest: LocatedYaml, folder: Path, errors: list[ContentError]
) -> Questionnaire | None:
    if "questionnaire" not in manifest.data:
        return None
    path = _inside(folder, manifest.data["questionnaire"])
    if path is None:
        errors.append(manifest.error(("questionnaire",), "the file must be inside the consultation folder"))
        return None
    if not path.is_file():
        errors.append(
            manifest.error(("questionnaire",), f"the questionnaire file is missing (looked for {path})")
        )
        return None
    try:
        return read_questionnaire(path)
    except ContentErrors as exc:
        errors.extend(exc.errors)
        return None


# Helpers ------------------------------------------------------------------------------------------------------


def _in_plain_words(error: ContentError) -> ContentError:
    for pattern, help_text in PATTERN_HELP.items():
        if error.reason.endswith(f"does not match {pattern}"):
            reason = (
                error.reason.removesuffix(f"does not match {pattern}") + f"is not allowed here: {help_text}"
            )
            return ContentError(error.file, error.line, reason)
    return error


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


def _read_markdown(path: Path, manifest: LocatedYaml, where: Where, errors: list[ContentError]) -> str:
    if not path.is_file():
        errors.append(
            manifest.error(where, f"the Markdown file {path.name!r} is missing (looked for {path})")
        )
        return ""
    try:
        return read_text(path)
    except ContentErrors as exc:
        errors.extend(exc.errors)
        return ""


def _local_instant(manifest: LocatedYaml, where: Where, errors: list[ContentError]) -> datetime | None:
    value = manifest.data
    for part in where:
        value = value[part]
    try:
        return parse_local_datetime(value)
    except LocalTimeError as exc:
        errors.append(manifest.error(where, str(exc)))
        return None


def _inside(folder: Path, relative: str) -> Path | None:
    path = (folder / relative).resolve()
    return path if path.is_relative_to(folder.resolve()) else None
