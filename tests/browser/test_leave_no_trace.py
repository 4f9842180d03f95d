"""A resident on a shared device: Exit this page ends the visit and leaves the survey out of Back; the only
cookie ever set is the session's, gone when the browser closes; nothing is left for the next person to see."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import BrowserContext, Page, expect

from safevoice.questionnaires.tests.factories import make_consultation
from tests.browser.conftest import RecordedRequests, assert_no_third_party_requests
from tests.browser.test_questionnaire_journey import START, heading, press_button, tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def neutral_site(live_server, settings) -> str:
    """A stand-in for the neutral site, on this server, so the test makes no request to another site."""
    settings.SAFEVOICE_EXIT_URL = live_server.url + "/healthz"
    return settings.SAFEVOICE_EXIT_URL


def answer_two_pages(page: Page, live_server) -> None:
    page.goto(live_server.url + START)
    press_button(page, "Start now")
    tick(page, "It happened to me")
    press_button(page, "Continue")
    assert page.url.endswith("/questionnaire/before_you_go_on/") or "questionnaire" in page.url


def assert_nothing_is_left(page: Page, live_server) -> None:
    page.goto(live_server.url + START + "affected/")
    assert page.url == live_server.url + START  # no attempt any more: back to the start
    expect(page.get_by_role("button", name="Start now")).to_be_visible()


def test_exit_with_javascript_ends_the_visit_and_back_does_not_return_to_the_page(
    live_server, page: Page, neutral_site: str, requests_seen: RecordedRequests
) -> None:
    make_consultation()
    answer_two_pages(page, live_server)
    left_from = page.url
    page.get_by_role("button", name="Emergency Exit this page").click()
    page.wait_for_url(neutral_site)
    assert page.context.cookies() == []  # the session cookie went with the visit
    page.go_back()
    assert page.url != left_from
    expect(page.get_by_role("checkbox", name="It happened to me")).to_have_count(0)
    assert_nothing_is_left(page, live_server)
    assert_no_third_party_requests(requests_seen)


def test_pressing_shift_three_times_does_the_same(live_server, page: Page, neutral_site: str) -> None:
    make_consultation()
    answer_two_pages(page, live_server)
    left_from = page.url
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    assert page.context.cookies() == []
    page.go_back()
    assert page.url != left_from
    assert_nothing_is_left(page, live_server)


def test_exit_without_javascript_still_deletes_the_answers(
    live_server, page_without_js: Page, neutral_site: str
) -> None:
    make_consultation()
    page = page_without_js
    page.goto(live_server.url + START)
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("It happened to me").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Emergency Exit this page").click()
    page.wait_for_url(neutral_site)
    assert page.context.cookies() == []
    page.go_back()  # Back reaches the survey's address, but the answers are gone
    expect(page.get_by_role("checkbox", name="It happened to me")).to_have_count(0)
    assert_nothing_is_left(page, live_server)


def session_cookies(context: BrowserContext) -> list[tuple[str, float]]:
    return [(cookie["name"], cookie["expires"]) for cookie in context.cookies()]


def test_the_only_cookie_in_the_whole_journey_is_the_session_cookie_and_it_dies_with_the_browser(
    live_server, page: Page
) -> None:
    make_consultation()
    seen: list[list[tuple[str, float]]] = []
    page.goto(live_server.url + "/")
    seen.append(session_cookies(page.context))
    page.goto(live_server.url + START)
    seen.append(session_cookies(page.context))
    press_button(page, "Start now")
    tick(page, "I saw it happen")
    press_button(page, "Save and come back later")
    assert heading(page) == "Your answers have been saved"
    seen.append(session_cookies(page.context))
    page.goto(live_server.url + START + "delete-my-answers/")
    page.get_by_role("button", name="Delete my answers").click()
    assert heading(page) == "Your answers have been deleted"
    seen.append(session_cookies(page.context))
    assert seen[0] == []  # reading the site sets nothing
    for cookies in seen[1:3]:
        # A session cookie (expires -1: gone when the browser closes); no CSRF cookie, nothing else.
        assert cookies == [(settings.SESSION_COOKIE_NAME, -1)]
    assert seen[3] == []  # deleting the answers expires the cookie too
