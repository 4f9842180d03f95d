"""The support page in a real browser: 999 and 55 first, numbers that dial, accessible, quiet on the network."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from safevoice.publishing.support_services import load_support_services
from tests.browser.conftest import (
    RecordedRequests,
    assert_accessible,
    assert_no_third_party_requests,
    save_screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def services() -> None:
    load_support_services(path=settings.SAFEVOICE_CONTENT_DIR / "support_services.csv")


def test_support_page_is_accessible_and_makes_no_third_party_request(
    live_server, page: Page, requests_seen: RecordedRequests, services: None
) -> None:
    page.goto(f"{live_server.url}/support/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Get help and support")
    expect(page.get_by_role("link", name="999", exact=True).first).to_have_attribute("href", "tel:999")
    expect(page.get_by_role("link", name="0808 2000 247")).to_have_attribute("href", "tel:08082000247")
    expect(page.get_by_role("heading", name="Crimestoppers")).to_have_count(0)
    assert_accessible(page)
    assert_no_third_party_requests(requests_seen)
    save_screenshot(page, "support-page")


def test_support_page_on_a_320px_phone_without_sideways_scrolling(
    live_server, mobile_page: Page, requests_seen: RecordedRequests, services: None
) -> None:
    mobile_page.goto(f"{live_server.url}/support/")

    expect(mobile_page.get_by_text("press 55 when asked").first).to_be_visible()
    assert mobile_page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_accessible(mobile_page)
    assert_no_third_party_requests(requests_seen)


def test_support_page_without_javascript(
    live_server, page_without_js: Page, requests_seen: RecordedRequests, services: None
) -> None:
    page_without_js.goto(f"{live_server.url}/support/")

    expect(page_without_js.get_by_role("heading", name="Childline")).to_be_visible()
    expect(page_without_js.get_by_role("link", name="0800 1111")).to_have_attribute("href", "tel:08001111")
    assert_no_third_party_requests(requests_seen)
