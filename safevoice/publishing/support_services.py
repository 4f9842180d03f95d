"""The support services file: a CSV the consultation team keeps, checked row by row, then made the record.

Only rows marked verified are shown publicly; the rest are kept for staff to check.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from safevoice.consultations.models import SupportService
from safevoice.content import ContentError, ContentErrors, read_text

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
