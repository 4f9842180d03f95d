"""The public consultation page costs the same few queries however many sections, events and notices it has.

A rush of visitors after a press release must not turn into a rush of queries: the counts are pinned, and two
consultations of different sizes must cost exactly the same.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safevoice.consultations.models import Consultation, ConsultationSection, PrivacyNotice
from safevoice.consultations.tests.factories import make_consultation, make_event
from safevoice.consultations.timing import end_of_local_day

pytestmark = pytest.mark.django_db

OPENS = datetime(2023, 9, 1, 8, 0, tzinfo=UTC)
CLOSES = end_of_local_day(date(2023, 10, 27))
WHILE_OPEN = datetime(2023, 10, 1, 12, 0, tzinfo=UTC)

#: The consultation, its sections, its upcoming events and its privacy notices: one query each.
CONSULTATION_PAGE_QUERIES = 4


def _consultation_of_size(slug: str, *, extra: int) -> None:
    consultation = make_consultation(slug=slug, opens_at=OPENS, closes_at=CLOSES)
    for n in range(extra):
        make_event(consultation, starts_at=WHILE_OPEN + timedelta(days=n + 1), title=f"Drop-in {n}")
        ConsultationSection.objects.create(
            consultation=consultation,
            key=f"more_{n}",
            heading=f"More {n}",
            body_markdown=f"Paragraph **{n}** with [a link](https://example.org/{n}).",
            position=100 + n,
        )
        PrivacyNotice.objects.create(consultation=consultation, title=f"Notice {n}", url="", position=100 + n)


def _queries_for(client: Client, path: str) -> list[str]:
    with time_machine.travel(WHILE_OPEN, tick=False), CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_consultation_page_costs_the_same_few_queries_at_any_size(client: Client) -> None:
    _consultation_of_size("small", extra=1)
    _consultation_of_size("large", extra=12)
    small = _queries_for(client, "/consultations/small/")
    large = _queries_for(client, "/consultations/large/")
    assert len(small) == len(large) == CONSULTATION_PAGE_QUERIES, large


def test_an_event_calendar_file_costs_two_queries(client: Client) -> None:
    _consultation_of_size("small", extra=3)
    event = make_event(Consultation.objects.get(slug="small"), starts_at=WHILE_OPEN + timedelta(days=30))
    queries = _queries_for(client, f"/consultations/small/events/{event.pk}.ics")
    # The consultation, then the event (which knows its consultation already, for the description).
    assert len(queries) == 2, queries
