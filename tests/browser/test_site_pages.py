"""The pages every visitor can reach from the footer: rendered, accessible, and quiet on the network."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RecordedRequests, assert_accessible, assert_no_third_party_requests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOOTER_PAGES = {
    "/safety/": "Staying safe when you use this site",
    "/cookies/": "Cookies",
    "/privacy/": "Privacy",
    "/accessibility/": "Accessibility statement",
}


@pytest.mark.parametrize(("path", "heading"), FOOTER_PAGES.items())
def test_footer_page_is_accessible_and_makes_no_third_party_request(
    live_server, page: Page, requests_seen: RecordedRequests, path: str, heading: str
) -> None:
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    assert_accessible(page)
    assert_no_third_party_requests(requests_seen)


def test_exit_this_page_by_pressing_shift_three_times(live_server, page: Page, settings) -> None:
    # A neutral page on this server stands in for the real one, which is not reachable from here.
    settings.SAFEVOICE_EXIT_URL = live_server.url + "/healthz"
    page.goto(live_server.url + "/safety/")
    page.locator("body").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(settings.SAFEVOICE_EXIT_URL)


def test_exit_this_page_without_javascript_is_a_plain_link(
    live_server, page_without_js: Page, settings
) -> None:
    settings.SAFEVOICE_EXIT_URL = live_server.url + "/healthz"
    page_without_js.goto(live_server.url + "/cookies/")
    page_without_js.get_by_role("button", name="Emergency Exit this page").click()
    page_without_js.wait_for_url(settings.SAFEVOICE_EXIT_URL)
