"""The consultation page in a real browser: accessible, quiet on the network, usable without JavaScript and on a
320px phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect

from safevoice.consultations.models import Consultation, Event
from tests.browser.conftest import (
    RecordedRequests,
    assert_accessible,
    assert_no_third_party_requests,
    open_real_consultation,
    save_screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "serious-violence-duty-2023-demo"


@pytest.fixture
def open_consultation() -> Consultation:
    """The real content, re-opened as the demonstration copy, with one published event."""
    now = timezone.now()
    consultation = open_real_consultation(slug=SLUG)
    starts = timezone.localtime(now + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    Event.objects.create(
        consultation=consultation,
        title="Community drop-in",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue_name="Northampton Central Library",
        address="Abington Street\nNorthampton NN1 2BA",
        access_information="Step-free entrance, hearing loop and an accessible toilet.",
        is_published=True,
    )
    return consultation


def _csp_violations(page: Page) -> list[str]:
    messages: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            messages.append(message.text)

    page.on("console", record)
    return messages


def test_consultation_page_is_accessible_and_makes_no_third_party_request(
    live_server, page: Page, requests_seen: RecordedRequests, open_consultation: Consultation
) -> None:
    violations = _csp_violations(page)
    page.goto(f"{live_server.url}/consultations/{SLUG}/")

    expect(page.get_by_role("heading", level=1)).to_have_text(open_consultation.title)
    expect(page.get_by_role("region", name="Demonstration")).to_be_visible()
    expect(page.get_by_text("This survey closes at midnight at the end of").first).to_be_visible()
    expect(page.get_by_role("heading", name="Community drop-in")).to_be_visible()
    expect(page.get_by_role("link", name="Share on Facebook")).to_have_attribute(
        "href",
        f"https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2F127.0.0.1%3A8000%2Fconsultations%2F{SLUG}%2F",
    )
    assert_accessible(page)
    assert_no_third_party_requests(requests_seen)
    assert violations == []
    save_screenshot(page, "consultation-page")

    page.get_by_role("button", name="Start now").first.click()
    page.wait_for_url(f"{live_server.url}/consultations/{SLUG}/questionnaire/")


def test_copy_link_copies_the_address_and_says_so(
    live_server, page: Page, open_consultation: Consultation
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server.url}/consultations/{SLUG}/")

    page.get_by_role("button", name="Copy link").click()

    expect(page.locator("#copy-link-status")).to_have_text("Link copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == f"http://127.0.0.1:8000/consultations/{SLUG}/"


def test_without_javascript_the_address_is_shown_and_the_page_still_works(
    live_server, page_without_js: Page, requests_seen: RecordedRequests, open_consultation: Consultation
) -> None:
    page_without_js.goto(f"{live_server.url}/consultations/{SLUG}/")

    expect(page_without_js.get_by_role("button", name="Copy link")).to_be_hidden()
    expect(page_without_js.get_by_text(f"http://127.0.0.1:8000/consultations/{SLUG}/")).to_be_visible()
    page_without_js.get_by_role("link", name="Help, other formats and languages").click()
    help_heading = page_without_js.get_by_role("heading", name="Help, other formats and languages")
    expect(help_heading).to_be_in_viewport()
    expect(
        page_without_js.get_by_role("link", name="seriousviolenceduty@northantsopfcc.gov.uk").first
    ).to_be_visible()
    # (axe-core needs JavaScript to run, so accessibility is checked on the other pages of this file.)
    assert_no_third_party_requests(requests_seen)


def test_on_a_320px_phone_nothing_needs_sideways_scrolling(
    live_server, mobile_page: Page, requests_seen: RecordedRequests, open_consultation: Consultation
) -> None:
    mobile_page.goto(f"{live_server.url}/consultations/{SLUG}/")

    expect(mobile_page.get_by_role("heading", level=1)).to_be_visible()
    assert mobile_page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_accessible(mobile_page)
    assert_no_third_party_requests(requests_seen)
    save_screenshot(mobile_page, "consultation-page-mobile")
