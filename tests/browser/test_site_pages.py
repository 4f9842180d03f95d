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
    exit_url = "https://www.bbc.co.uk/weather"
    settings.SAFEVOICE_EXIT_URL = exit_url
    # The neutral site is not reachable from here: answer for it, so the test sees the browser arrive there.
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(status=200, body="<h1>Weather</h1>"))
    page.goto(live_server.url + "/safety/")
    page.locator("body").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(exit_url)


def test_exit_this_page_without_javascript_is_a_plain_link(live_server, page_without_js: Page) -> None:
    page_without_js.route(
        "https://www.bbc.co.uk/**", lambda route: route.fulfill(status=200, body="<h1>Weather</h1>")
    )
    page_without_js.goto(live_server.url + "/cookies/")
    page_without_js.get_by_role("button", name="Emergency Exit this page").click()
    page_without_js.wait_for_url("https://www.bbc.co.uk/weather")
