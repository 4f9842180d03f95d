"""The resident's journey in a real browser: by keyboard alone, with JavaScript on and off, on every page checked
by axe-core (WCAG 2.2 A and AA), and quiet on the network. Screenshots go to docs/screenshots/journey-*.png."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from safevoice.questionnaires.tests.factories import REAL_QUESTIONNAIRE, make_consultation
from safevoice.responses.models import Response
from tests.browser.conftest import (
    RecordedRequests,
    assert_accessible,
    assert_no_third_party_requests,
    save_screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
START = "/consultations/test-survey/questionnaire/"

# Driving the questionnaire by keyboard alone, as someone who cannot use a mouse would: Tab, arrows, Space, Enter.
TAB_LIMIT = 120


def is_focused(locator: Locator) -> bool:
    return bool(locator.evaluate("element => element === document.activeElement"))


def tab_to(page: Page, locator: Locator) -> None:
    """Press Tab until ``locator`` has focus (fails if the page's tab order never reaches it)."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"Tab never reached {locator}")


def press_button(page: Page, name: str) -> None:
    tab_to(page, page.get_by_role("button", name=name, exact=True))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def tick(page: Page, label: str) -> None:
    """Tick a checkbox with Space."""
    tab_to(page, page.get_by_role("checkbox", name=label, exact=True))
    page.keyboard.press("Space")


def choose(page: Page, group_name: str, label: str) -> None:
    """Choose a radio button: Tab into the group, then arrow keys (which move and select, as browsers do)."""
    target = page.get_by_role("radio", name=label, exact=True).and_(page.locator(f'[name="{group_name}"]'))
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate("name => document.activeElement.name === name", group_name):
            break
    else:
        raise AssertionError(f"Tab never reached the radio group {group_name}")
    for _ in range(40):
        if is_focused(target):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"Arrow keys never reached {label}")


def type_into(page: Page, label: str, text: str) -> None:
    tab_to(page, page.get_by_label(label, exact=True))
    page.keyboard.type(text)


def heading(page: Page) -> str:
    return page.get_by_role("heading", level=1).inner_text().strip()


def test_full_completion_by_keyboard_with_javascript(
    live_server, page: Page, requests_seen: RecordedRequests
) -> None:
    make_consultation()
    page.goto(live_server.url + START)
    assert_accessible(page)
    save_screenshot(page, "journey-start")
    press_button(page, "Start now")

    # Multiple choice with an exclusive "or" group: with JavaScript, ticking an exclusive option clears the rest.
    expect(page.get_by_role("group", name=re.compile("have you been affected"))).to_be_visible()
    tick(page, "It happened to me")
    tick(page, "Another way")
    other_box = page.get_by_label("Please specify (Another way)")
    expect(other_box).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.type("Online threats")
    assert_accessible(page)
    save_screenshot(page, "journey-question-checkboxes")
    press_button(page, "Continue")

    assert heading(page) == "The next questions are about what happened"
    assert_accessible(page)
    press_button(page, "Continue")

    choose(page, "reported", "No")
    press_button(page, "Continue")

    assert "Why did you not report it?" in heading(page)
    expect(page.get_by_text("Please don't include names or details that could identify you")).to_be_visible()
    type_into(page, "Why did you not report it? (optional)", "I did not think anything would happen.")
    expect(page.locator(".govuk-character-count__status")).to_have_text("You have 462 characters remaining")
    assert_accessible(page)
    save_screenshot(page, "journey-long-text")
    press_button(page, "Continue")

    tab_to(page, page.get_by_label("Month"))
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type("2024")
    assert_accessible(page)
    press_button(page, "Continue")

    choose(page, "feel_safe", "Agree")
    choose(page, "places__town_centre", "Disagree")
    assert_accessible(page)
    save_screenshot(page, "journey-grid")
    press_button(page, "Continue")

    choose(page, "area", "Kettering")
    assert_accessible(page)
    save_screenshot(page, "journey-area")
    press_button(page, "Continue")

    type_into(page, "How old are you? (optional)", "41")
    press_button(page, "Continue")
    press_button(page, "Continue")  # the date of the last visit: optional, left empty
    press_button(page, "Continue")  # anything else: optional

    assert heading(page) == "Check your answers before sending them"
    expect(page.get_by_text("Another way: Online threats")).to_be_visible()
    expect(page.get_by_text("The town centre: Disagree")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "journey-check-answers")
    press_button(page, "Send my answers")

    expect(page.locator(".govuk-panel__title")).to_have_text("Thank you, your answers have been sent")
    assert_accessible(page)
    save_screenshot(page, "journey-confirmation")
    answers = Response.objects.get().answers
    assert answers["affected_how"] == ["victim", "other"]
    assert answers["affected_how__other"] == "Online threats"
    assert answers["when_happened"] == "2024-06"
    assert answers["area"] == {"former_district": "E07000153", "unitary": "E06000061"}
    assert_no_third_party_requests(requests_seen)


def test_full_completion_by_keyboard_without_javascript(
    live_server, page_without_js: Page, requests_seen: RecordedRequests
) -> None:
    # axe-core cannot run where JavaScript is off (its asynchronous run never finishes); the markup is the same
    # as with JavaScript on, which the other tests check page by page.
    page = page_without_js
    make_consultation()
    page.goto(live_server.url + START)
    press_button(page, "Start now")
    # Without JavaScript the "please specify" box is simply shown, and exclusivity is checked on the server.
    expect(page.get_by_label("Please specify (Another way)")).to_be_visible()
    tick(page, "I saw it happen")
    tick(page, "I have not been affected")
    press_button(page, "Continue")
    expect(
        page.get_by_role("link", name=re.compile("Select ‘I have not been affected’ on its own"))
    ).to_be_visible()
    tick(page, "I saw it happen")  # untick it
    press_button(page, "Continue")
    for _ in range(4):  # safety, area, age, anything else: all optional
        press_button(page, "Continue")
    assert heading(page) == "Check your answers before sending them"
    press_button(page, "Send my answers")
    expect(page.locator(".govuk-panel__title")).to_have_text("Thank you, your answers have been sent")
    assert Response.objects.get().answers == {"affected_how": ["not_affected"]}
    assert_no_third_party_requests(requests_seen)


def test_an_error_and_its_recovery(live_server, page: Page) -> None:
    make_consultation()
    page.goto(live_server.url + START)
    press_button(page, "Start now")
    press_button(page, "Continue")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary so it is read out first
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    save_screenshot(page, "journey-error")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the summary's link takes focus to the first checkbox
    expect(page.get_by_role("checkbox", name="It happened to me")).to_be_focused()
    page.keyboard.press("Space")
    press_button(page, "Continue")
    assert heading(page) == "The next questions are about what happened"


def test_a_number_out_of_range_is_explained_and_kept(live_server, page: Page) -> None:
    make_consultation()
    page.goto(live_server.url + START)
    press_button(page, "Start now")
    tick(page, "I have not been affected")
    for _ in range(3):
        press_button(page, "Continue")
    type_into(page, "How old are you? (optional)", "130")
    press_button(page, "Continue")
    expect(page.get_by_role("link", name="Enter a number between 16 and 120 years")).to_be_visible()
    expect(page.get_by_label("How old are you? (optional)")).to_have_value("130")
    assert_accessible(page)


def test_save_and_return_with_the_code(live_server, page: Page, browser) -> None:
    make_consultation()
    page.goto(live_server.url + START)
    press_button(page, "Start now")
    tick(page, "I saw it happen")
    press_button(page, "Save and come back later")
    assert heading(page) == "Your answers have been saved"
    code = page.locator("#resume-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    assert_accessible(page)
    save_screenshot(page, "journey-saved")

    later = browser.new_context().new_page()  # another day, another browser: only the code carries over
    later.goto(live_server.url + START)
    later.get_by_role("link", name="Continue with your resume code").click()
    later.get_by_label("Enter your resume code").fill("0000-0000-0000")
    later.get_by_role("button", name="Continue").click()
    expect(later.get_by_role("link", name=re.compile("No saved answers match that code"))).to_be_visible()
    assert_accessible(later)
    save_screenshot(later, "journey-resume-error")
    later.get_by_label("Enter your resume code").fill(code.lower())
    later.get_by_role("button", name="Continue").click()
    assert heading(later) == "The next questions are about what happened"
    later.get_by_role("link", name="Back").click()
    expect(later.get_by_role("checkbox", name="I saw it happen")).to_be_checked()
    later.context.close()


def test_closed_forthcoming_and_grace_pages(live_server, page: Page) -> None:
    now = timezone.now()
    make_consultation(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    page.goto(live_server.url + START)
    assert heading(page) == "This survey has closed"
    expect(page.get_by_role("link", name="survey@example.org")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "journey-closed")

    make_consultation(slug="soon", opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=30))
    page.goto(live_server.url + "/consultations/soon/questionnaire/")
    assert heading(page) == "This survey is not open yet"
    assert_accessible(page)

    closing, _ = make_consultation(
        slug="closing", opens_at=now - timedelta(days=30), closes_at=now + timedelta(minutes=30)
    )
    page.goto(live_server.url + "/consultations/closing/questionnaire/")
    press_button(page, "Start now")
    # The server's clock moves past the closing instant (time-machine patches every thread, the live server's too),
    # each step within the hour a resident's unsent answers are kept for.
    with time_machine.travel(closing.closes_at + timedelta(minutes=10)):
        page.reload()
        expect(page.get_by_text("You have a little extra time")).to_be_visible()
        assert_accessible(page)
        save_screenshot(page, "journey-grace")
    with time_machine.travel(closing.closes_at + timedelta(minutes=61)):
        page.reload()
        assert heading(page) == "Sorry, the time to send your answers has run out"
        assert_accessible(page)
        save_screenshot(page, "journey-time-ran-out")


def test_the_real_questionnaire_end_to_end_on_a_phone(live_server, mobile_page: Page) -> None:
    page = mobile_page
    make_consultation(slug="serious-violence-duty-2023", questionnaire_path=REAL_QUESTIONNAIRE)
    page.goto(live_server.url + "/consultations/serious-violence-duty-2023/questionnaire/")
    save_screenshot(page, "journey-mobile-start")
    page.get_by_role("button", name="Start now").click()
    for _ in range(40):
        if heading(page) == "Check your answers before sending them":
            break
        assert_accessible(page)
        not_affected = page.get_by_role("checkbox", name="It has not affected me")
        if not_affected.count():
            not_affected.check()
            save_screenshot(page, "journey-mobile-question")
        page.get_by_role("button", name="Continue", exact=True).click()
    assert heading(page) == "Check your answers before sending them"
    assert_accessible(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".govuk-panel__title")).to_be_visible()
    assert Response.objects.get().answers == {"affected_how": ["not_affected"]}
