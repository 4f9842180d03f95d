"""Every public page and every page of the real journey, as a visitor without JavaScript gets them, checked by
axe-core for WCAG 2.2 A and AA (the JavaScript-on pages are checked by the other browser tests)."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from safevoice.publishing.support_services import load_support_services
from tests.browser.conftest import (
    RecordedRequests,
    assert_accessible,
    assert_no_third_party_requests,
    open_real_consultation,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "svd-open"


@pytest.fixture
def open_consultation() -> str:
    open_real_consultation(slug=SLUG)
    load_support_services(path=settings.SAFEVOICE_CONTENT_DIR / "support_services.csv")
    return SLUG


def test_public_pages_without_scripts(
    live_server, page_without_scripts: Page, requests_seen: RecordedRequests, open_consultation: str
) -> None:
    page = page_without_scripts
    for path in (
        "/",
        f"/consultations/{open_consultation}/",
        "/support/",
        "/safety/",
        "/cookies/",
        "/privacy/",
        "/accessibility/",
        "/no-such-page/",
    ):
        page.goto(live_server.url + path)
        assert page.evaluate("document.body.classList.contains('js-enabled')") is False
        assert_accessible(page)
    assert_no_third_party_requests(requests_seen)


def test_real_journey_without_scripts_error_states_included(
    live_server, page_without_scripts: Page, requests_seen: RecordedRequests, open_consultation: str
) -> None:
    page = page_without_scripts
    page.goto(f"{live_server.url}/consultations/{open_consultation}/questionnaire/")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    errors_seen = 0
    for _ in range(60):
        if page.url.endswith("/check-your-answers/"):
            break
        assert_accessible(page)
        page.get_by_role("button", name="Continue", exact=True).click()
        summary = page.locator(".govuk-error-summary")
        if summary.count():
            errors_seen += 1
            assert_accessible(page)  # the error state: summary, messages and the fields marked in error
            expect(summary.get_by_role("link").first).to_be_visible()
            page.get_by_label("Prefer not to say", exact=True).first.check()
            page.get_by_role("button", name="Continue", exact=True).click()
    else:
        raise AssertionError("the journey never reached Check your answers")
    assert errors_seen >= 1, "no page refused an empty answer, so no error state was checked"
    assert_accessible(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    assert_accessible(page)
    assert_no_third_party_requests(requests_seen)
