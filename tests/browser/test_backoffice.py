"""The staff back office in a real browser: signing in with the second factor set up at the first sign-in, a
manager closing and extending a consultation, an analyst reading a response. Every page passes axe-core, keeps
the strict Content-Security-Policy, and asks nothing of another site; the manager's part runs without JavaScript.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect

from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import PASSWORD, add_response, code_for, code_for_secret, make_staff
from safevoice.consultations.models import Consultation
from safevoice.consultations.timing import end_of_local_day
from safevoice.exports.models import ExportJob
from safevoice.exports.services import run_export_job
from safevoice.questionnaire_engine import read_questionnaire
from safevoice.questionnaire_engine.tests.examples import REAL_QUESTIONNAIRE
from tests.browser.conftest import (
    SCREENSHOTS,
    RecordedRequests,
    assert_accessible,
    assert_no_third_party_requests,
    open_real_consultation,
    save_screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "serious-violence-duty-2023-demo"


@pytest.fixture
def consultation() -> Consultation:
    return open_real_consultation(slug=SLUG)


def _csp_violations(page: Page) -> list[str]:
    messages: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            messages.append(message.text)

    page.on("console", record)
    return messages


def _save_top(page: Page, name: str, *, height: int, from_element: str = "") -> None:
    """Like save_screenshot, for a page too long to capture whole in good time: the part that shows what it is."""
    top = (
        page.locator(from_element).evaluate("e => e.getBoundingClientRect().top + window.scrollY")
        if from_element
        else 0
    )
    image = page.screenshot(full_page=True, clip={"x": 0, "y": top, "width": 1024, "height": height})
    assert image.startswith(b"\x89PNG")
    if os.environ.get("SAFEVOICE_SCREENSHOTS") == "1":
        (SCREENSHOTS / f"{name}.png").write_bytes(image)


def _sign_in(page: Page, base: str, username: str, user) -> None:
    page.goto(f"{base}/staff/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Enter the code from your authenticator app").fill(code_for(user))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Consultations")).to_be_visible()


def test_first_sign_in_sets_up_the_authenticator_app_then_signs_in(
    live_server, page: Page, requests_seen: RecordedRequests, consultation: Consultation
) -> None:
    make_staff("newcomer", Role.MANAGER, enrolled=False)
    violations = _csp_violations(page)

    page.goto(f"{live_server.url}/staff/")
    expect(page).to_have_url(re.compile(r"/staff/sign-in/\?next=%2Fstaff%2F$"))
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Enter your username")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "backoffice-sign-in-error")

    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    qr = page.get_by_role("img", name="QR code for adding your account to an authenticator app")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 100, "the QR code, drawn by this server, loaded"
    assert_accessible(page)
    save_screenshot(page, "backoffice-set-up-authenticator")
    secret = page.locator("#secret").inner_text()

    page.get_by_label("3. Enter the 6-digit code the app shows").fill(code_for_secret(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    save_screenshot(page, "backoffice-recovery-codes")

    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page.get_by_role("heading", level=1, name="Consultations")).to_be_visible()
    expect(page.get_by_role("link", name=consultation.title)).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "backoffice-home")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert violations == []
    assert_no_third_party_requests(requests_seen)


def test_a_manager_extends_then_closes_a_consultation_without_javascript(
    live_server, page_without_scripts: Page, requests_seen: RecordedRequests, consultation: Consultation
) -> None:
    page = page_without_scripts
    manager = make_staff("manager1", Role.MANAGER)
    for days_ago in (0, 0, 1, 2):
        add_response(consultation, days_ago=days_ago, answers={})
    violations = _csp_violations(page)
    _sign_in(page, live_server.url, "manager1", manager)

    page.get_by_role("link", name=consultation.title).click()
    expect(page.get_by_text("4 responses in all.")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "backoffice-consultation")

    page.get_by_role("link", name="Open, close or extend").click()
    assert_accessible(page)
    page.get_by_role("link", name="Extend or change the closing date").click()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Save closing date").click()
    expect(
        page.get_by_role("link", name="The last day people can respond must be a real date")
    ).to_be_visible()
    expect(page.get_by_label("Year")).to_have_value("2099")
    assert_accessible(page)
    save_screenshot(page, "backoffice-closing-date-error")

    new_day = timezone.localdate() + timedelta(days=45)
    page.get_by_label("Day").fill(str(new_day.day))
    page.get_by_label("Month").fill(str(new_day.month))
    page.get_by_label("Year").fill(str(new_day.year))
    page.get_by_role("button", name="Save closing date").click()
    expect(
        page.get_by_text(f"The consultation now closes at midnight at the end of {new_day:%A %-d %B %Y}.")
    ).to_be_visible()
    consultation.refresh_from_db()
    assert consultation.closes_at == end_of_local_day(new_day)
    assert_accessible(page)
    save_screenshot(page, "backoffice-dates")

    page.get_by_role("link", name="Close now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close the consultation now?")
    assert_accessible(page)
    page.get_by_role("button", name="Close now").click()
    expect(page.get_by_text("The consultation is closed.")).to_be_visible()
    page.goto(f"{live_server.url}/consultations/{SLUG}/")
    expect(page.get_by_role("button", name="Start now")).to_have_count(0)
    assert violations == []
    assert_no_third_party_requests(requests_seen)


def test_an_analyst_filters_the_responses_and_reads_one(
    live_server, page: Page, requests_seen: RecordedRequests, consultation: Consultation
) -> None:
    analyst = make_staff("analyst1", (Role.ANALYST, consultation))
    add_response(consultation, days_ago=3, answers={})
    wanted = add_response(
        consultation,
        answers={"connection": ["live"], "prevention": "The underpass by the station <b>at night</b>."},
    )
    wanted.channel = "paper"
    wanted.save()
    violations = _csp_violations(page)
    _sign_in(page, live_server.url, "analyst1", analyst)

    page.get_by_role("link", name=consultation.title).click()
    page.get_by_role("link", name="Responses", exact=True).click()
    expect(page.locator("#result-count")).to_have_text("2 responses.")
    page.get_by_label("Channel").select_option("paper")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("1 response matches the filters.")
    assert_accessible(page)
    save_screenshot(page, "backoffice-responses")

    page.get_by_role("link", name=f"Response {wanted.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Response {wanted.pk}")
    expect(page.get_by_text("The underpass by the station <b>at night</b>.")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "backoffice-response")
    assert violations == []
    assert_no_third_party_requests(requests_seen)


def test_the_preview_of_a_questionnaire_and_the_audit_log_are_accessible(
    live_server, page_without_scripts: Page, requests_seen: RecordedRequests, consultation: Consultation
) -> None:
    page = page_without_scripts
    staff = make_staff("lead", Role.MANAGER, Role.ADMINISTRATOR)
    _sign_in(page, live_server.url, "lead", staff)
    version = consultation.questionnaire_versions.get(is_current=True)
    page.goto(f"{live_server.url}/staff/consultations/{SLUG}/questionnaire/{version.pk}/")
    pages = read_questionnaire(REAL_QUESTIONNAIRE).pages
    expect(page.locator("section.safevoice-preview-page")).to_have_count(len(pages))
    assert_accessible(page)
    _save_top(page, "backoffice-questionnaire-preview", height=2600)
    page.locator("#routes").scroll_into_view_if_needed()
    _save_top(page, "backoffice-questionnaire-routes", height=1400, from_element="#routes")
    page.goto(f"{live_server.url}/staff/audit-log/")
    expect(page.get_by_text("sign_in.succeeded").first).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "backoffice-audit-log")
    page.goto(f"{live_server.url}/staff/staff/")
    assert_accessible(page)
    assert_no_third_party_requests(requests_seen)


def test_an_analyst_excludes_a_response_and_exports_the_rest_without_javascript(
    live_server, page_without_scripts: Page, requests_seen: RecordedRequests, consultation: Consultation
) -> None:
    page = page_without_scripts
    analyst = make_staff("analyst1", (Role.ANALYST, consultation))
    keep = add_response(consultation, answers={"connection": ["live"]})
    test_copy = add_response(consultation, answers={"connection": ["work_or_study"]})
    _sign_in(page, live_server.url, "analyst1", analyst)

    page.goto(f"{live_server.url}/staff/consultations/{SLUG}/responses/{test_copy.pk}/")
    page.get_by_role("link", name="Exclude from analysis").click()
    page.get_by_role("button", name="Exclude from analysis").click()
    expect(
        page.get_by_role("link", name="Enter why this response should be left out of analysis")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why should this response be left out of analysis?").fill(
        "Sent by the team to test the form"
    )
    page.get_by_role("button", name="Exclude from analysis").click()
    expect(page.get_by_text(f"Response {test_copy.pk} is left out of analysis and exports.")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "backoffice-response-excluded")

    page.goto(f"{live_server.url}/staff/consultations/{SLUG}/exports/")
    page.get_by_label("Excel workbook (.xlsx) with a labels sheet").check()
    page.get_by_role("button", name="Start the export").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your export is being prepared")
    assert_accessible(page)
    save_screenshot(page, "backoffice-export-progress")
    run_export_job(job_id=str(ExportJob.objects.get().pk))  # what the task worker does
    page.get_by_role("link", name="Check progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your export is ready")
    assert_accessible(page)
    save_screenshot(page, "backoffice-export-ready")
    assert ExportJob.objects.get().total == 1, f"only response {keep.pk}: the excluded one is left out"
    assert_no_third_party_requests(requests_seen)
