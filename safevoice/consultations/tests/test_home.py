"""The home page: what is open now, one consultation shown prominently, closed ones listed after."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import unescape

import pytest
import time_machine
from django.test import Client

from safevoice.consultations.tests.factories import make_consultation
from safevoice.consultations.timing import end_of_local_day

pytestmark = pytest.mark.django_db

NOW = datetime(2023, 10, 1, 12, 0, tzinfo=UTC)


def _text(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


def test_a_single_open_consultation_is_the_page_heading(client: Client) -> None:
    make_consultation(
        opens_at=datetime(2023, 9, 1, tzinfo=UTC), closes_at=end_of_local_day(date(2023, 10, 27))
    )
    with time_machine.travel(NOW, tick=False):
        response = client.get("/")
    text = _text(response)
    assert '<h1 class="govuk-heading-xl">Community survey</h1>' in text
    assert "This survey closes at midnight at the end of Friday 27 October 2023." in text
    assert 'href="/consultations/community-survey/"' in text


def test_open_and_forthcoming_consultations_are_listed_and_closed_ones_apart(client: Client) -> None:
    make_consultation(
        slug="open-one",
        title="Open one",
        opens_at=datetime(2023, 9, 1, tzinfo=UTC),
        closes_at=end_of_local_day(date(2023, 10, 27)),
    )
    make_consultation(
        slug="next-one",
        title="Next one",
        opens_at=datetime(2023, 11, 1, tzinfo=UTC),
        closes_at=end_of_local_day(date(2023, 12, 1)),
    )
    make_consultation(
        slug="old-one",
        title="Old one",
        opens_at=datetime(2023, 1, 1, tzinfo=UTC),
        closes_at=end_of_local_day(date(2023, 2, 1)),
    )
    with time_machine.travel(NOW, tick=False):
        text = _text(client.get("/"))
    assert '<h1 class="govuk-heading-xl">Have your say</h1>' in text
    assert (
        text.index("Open one")
        < text.index("Next one")
        < text.index("Closed consultations")
        < text.index("Old one")
    )
    assert "Opening soon" in text


def test_with_nothing_open_the_page_says_so(client: Client) -> None:
    make_consultation(opens_at=datetime(2023, 1, 1, tzinfo=UTC), closes_at=end_of_local_day(date(2023, 2, 1)))
    with time_machine.travel(NOW, tick=False):
        text = _text(client.get("/"))
    assert "There are no open consultations at the moment." in text
    assert "Community survey" in text
