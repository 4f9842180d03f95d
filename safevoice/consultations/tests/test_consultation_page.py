"""The public consultation page: state and closing date in UK words, sections, events, sharing, headers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from safevoice.consultations.tests.factories import make_consultation, make_event
from safevoice.consultations.timing import end_of_local_day

pytestmark = pytest.mark.django_db

OPENS = datetime(2023, 9, 1, 8, 0, tzinfo=UTC)
CLOSES = end_of_local_day(date(2023, 10, 27))
WHILE_OPEN = datetime(2023, 10, 1, 12, 0, tzinfo=UTC)
PAGE = "/consultations/community-survey/"


def _text(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


@pytest.fixture
def consultation():
    return make_consultation(opens_at=OPENS, closes_at=CLOSES)


def test_an_open_consultation_shows_its_closing_day_and_a_start_button(client: Client, consultation) -> None:
    with time_machine.travel(WHILE_OPEN, tick=False):
        response = client.get(PAGE)
    text = _text(response)
    assert response.status_code == 200
    assert "This survey closes at midnight at the end of Friday 27 October 2023." in text
    assert "Open" in text
    assert "Serious violence affects <strong>many</strong> communities." in response.content.decode()
    start_url = reverse("journey:start", kwargs={"slug": "community-survey"})
    assert (
        f'<a href="{start_url}" role="button" draggable="false" class="govuk-button govuk-button--start"'
        in (response.content.decode())
    )


def test_a_closed_consultation_says_so_and_offers_no_start_button(client: Client, consultation) -> None:
    with time_machine.travel(CLOSES, tick=False):
        response = client.get(PAGE)
    text = _text(response)
    assert "This survey closed at the end of Friday 27 October 2023." in text
    assert "We are no longer accepting responses." in text
    assert "govuk-button--start" not in response.content.decode()


def test_a_forthcoming_consultation_says_when_it_opens(client: Client, consultation) -> None:
    with time_machine.travel(OPENS - timedelta(days=3), tick=False):
        response = client.get(PAGE)
    text = _text(response)
    assert "This survey opens at 9am on Friday 1 September 2023." in text
    assert "Opening soon" in text
    assert "govuk-button--start" not in response.content.decode()


def test_a_closing_time_that_is_not_midnight_is_written_as_a_time(client: Client) -> None:
    make_consultation(opens_at=OPENS, closes_at=datetime(2023, 12, 15, 17, 30, tzinfo=UTC))
    with time_machine.travel(WHILE_OPEN, tick=False):
        text = _text(client.get(PAGE))
    assert "This survey closes at 5:30pm on Friday 15 December 2023." in text


def test_a_demonstration_copy_is_marked_as_one(client: Client) -> None:
    make_consultation(opens_at=OPENS, closes_at=CLOSES, is_demonstration=True)
    with time_machine.travel(WHILE_OPEN, tick=False):
        response = client.get(PAGE)
    text = _text(response)
    assert "This is a demonstration copy of a real consultation." in text
    assert "<title>Demonstration: Community survey" in text
    assert '<strong class="govuk-tag govuk-tag--yellow">Demonstration</strong>' in text


def test_on_a_demonstration_site_the_tag_and_site_banner_are_enough(client: Client, settings) -> None:
    settings.SAFEVOICE_DEMONSTRATION = True
    make_consultation(opens_at=OPENS, closes_at=CLOSES, is_demonstration=True)
    with time_machine.travel(WHILE_OPEN, tick=False):
        text = _text(client.get(PAGE))
    assert "This is a demonstration site for trying out SafeVoice." in text
    assert '<strong class="govuk-tag govuk-tag--yellow">Demonstration</strong>' in text
    assert "This is a demonstration copy of a real consultation." not in text


def test_published_upcoming_events_are_listed_with_a_calendar_file(client: Client, consultation) -> None:
    event = make_event(consultation, starts_at=datetime(2023, 10, 2, 9, 0, tzinfo=UTC))
    make_event(consultation, starts_at=datetime(2023, 9, 20, 9, 0, tzinfo=UTC), title="Already happened")
    make_event(
        consultation, starts_at=datetime(2023, 10, 5, 9, 0, tzinfo=UTC), published=False, title="Draft"
    )
    with time_machine.travel(WHILE_OPEN, tick=False):
        response = client.get(PAGE)
    text = _text(response)
    assert "Drop-in" in text
    assert "Monday 2 October 2023" in text
    assert "10am to midday" in text
    assert "Central Library" in text
    assert "Step-free entrance and a hearing loop." in text
    assert f'href="/consultations/community-survey/events/{event.pk}.ics"' in response.content.decode()
    assert "Already happened" not in text
    assert "Draft" not in text
    assert "will be announced later" not in text


def test_with_no_published_event_the_page_says_dates_come_later(client: Client, consultation) -> None:
    make_event(consultation, starts_at=datetime(2023, 10, 5, 9, 0, tzinfo=UTC), published=False)
    with time_machine.travel(WHILE_OPEN, tick=False):
        text = _text(client.get(PAGE))
    assert "Dates and times of public events where you can find out more will be announced later" in text


def test_privacy_notices_link_where_an_address_is_known(client: Client, consultation) -> None:
    text = _text(client.get(PAGE))
    assert '<a class="govuk-link" href="https://example.org/privacy">Community safety</a>' in text
    assert "<li>Engagement activities</li>" in text
    assert "For a copy of a notice that has no link here, email" in text
    assert 'href="mailto:team@example.org"' in text


def test_share_links_are_plain_links_with_no_third_party_script(
    client: Client, consultation, settings
) -> None:
    settings.SAFEVOICE_PUBLIC_URL = "https://have-your-say.example.org"
    response = client.get(PAGE)
    html = unescape(response.content.decode())
    page_url = "https://have-your-say.example.org/consultations/community-survey/"

    x_link = next(part for part in html.split('"') if part.startswith("https://twitter.com/intent/tweet?"))
    assert parse_qs(urlsplit(x_link).query) == {
        "text": ["Have your say on violence where you live"],
        "url": [page_url],
    }
    facebook = next(part for part in html.split('"') if part.startswith("https://www.facebook.com/sharer/"))
    assert parse_qs(urlsplit(facebook).query) == {"u": [page_url]}
    assert f'data-copy-text="{page_url}"' in html
    assert "Link to this page: <span" in html
    assert f">{page_url}</span>" in html
    # No script or image comes from another site: sharing is a plain link the resident chooses to follow.
    sources = html.split("src=")[1:]
    assert all(src.startswith('"/static/') for src in sources), sources


def test_open_graph_and_twitter_card_tags_use_absolute_addresses(
    client: Client, consultation, settings
) -> None:
    settings.SAFEVOICE_PUBLIC_URL = "https://have-your-say.example.org/"
    html = client.get(PAGE).content.decode()
    assert '<meta property="og:title" content="Community survey">' in html
    assert '<meta property="og:description" content="Tell us about violence where you live.">' in html
    assert (
        '<meta property="og:url" content="https://have-your-say.example.org/consultations/community-survey/">'
        in html
    )
    assert '<meta property="og:type" content="website">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_headers_forbid_inline_code_and_caching(client: Client, consultation) -> None:
    response = client.get(PAGE)
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert response["Cache-Control"] == "no-store"
    assert ' style="' not in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_an_unknown_consultation_is_a_404(client: Client) -> None:
    response = client.get("/consultations/no-such-thing/")
    assert response.status_code == 404


def test_the_page_only_answers_safe_methods(client: Client, consultation) -> None:
    assert client.post(PAGE).status_code == 405


def test_more_events_do_not_mean_more_database_queries(
    client: Client, consultation, django_assert_max_num_queries
) -> None:
    # The page is the busiest on launch day: one query each for the consultation, sections, events and notices.
    for day in range(2, 12):
        make_event(consultation, starts_at=datetime(2023, 10, day, 9, 0, tzinfo=UTC), title=f"Drop-in {day}")
    with time_machine.travel(WHILE_OPEN, tick=False), django_assert_max_num_queries(4):
        response = client.get(PAGE)
    assert _text(response).count("Add to your calendar") == 10
