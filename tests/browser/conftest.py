"""Browser tests: Debian's Chromium driven by Playwright, against pytest-django's live server.

Every page a test opens records the browser's requests; `assert_no_third_party_requests` proves that nothing left
127.0.0.1. `assert_accessible` runs axe-core (from npm, injected from disk) and fails on any WCAG 2.2 A/AA violation.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from safevoice.consultations.models import Consultation
from safevoice.consultations.timing import end_of_local_day
from safevoice.publishing.writer import DemonstrationCopy, load_consultation_folder

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing: `apt-get install -y chromium` (make test does this)")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM),
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()


@dataclass
class RecordedRequests:
    urls: list[str] = field(default_factory=list)

    def third_party(self) -> list[str]:
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(url).hostname not in LOCAL_HOSTS
        ]


def _new_context(browser: Browser, *, javascript: bool) -> BrowserContext:
    return browser.new_context(java_script_enabled=javascript, viewport={"width": 1024, "height": 900})


@pytest.fixture
def requests_seen() -> RecordedRequests:
    return RecordedRequests()


def _recording_page(context: BrowserContext, requests_seen: RecordedRequests) -> Page:
    page = context.new_page()
    page.on("request", lambda request: requests_seen.urls.append(request.url))
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def page(browser: Browser, requests_seen: RecordedRequests) -> Iterator[Page]:
    """A page with JavaScript on, recording every request it makes."""
    context = _new_context(browser, javascript=True)
    yield _recording_page(context, requests_seen)
    context.close()


@pytest.fixture
def page_without_js(browser: Browser, requests_seen: RecordedRequests) -> Iterator[Page]:
    """A page with JavaScript off, recording every request it makes."""
    context = _new_context(browser, javascript=False)
    yield _recording_page(context, requests_seen)
    context.close()


@pytest.fixture
def page_without_scripts(browser: Browser, requests_seen: RecordedRequests) -> Iterator[Page]:
    """The page as someone without JavaScript sees it, but one axe-core can still inspect.

    With JavaScript switched off in the browser axe-core cannot run at all, so instead the site's own scripts are
    refused: no js-enabled class, no component enhancement, exactly the markup a no-JavaScript visitor gets.
    """
    context = _new_context(browser, javascript=True)
    context.route("**/static/js/**", lambda route: route.abort())
    yield _recording_page(context, requests_seen)
    context.close()


@pytest.fixture
def mobile_page(browser: Browser, requests_seen: RecordedRequests) -> Iterator[Page]:
    """A phone-sized page (320 CSS pixels wide, the WCAG reflow width) with JavaScript on."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    yield _recording_page(context, requests_seen)
    context.close()


def open_real_consultation(*, slug: str) -> Consultation:
    """The real Serious Violence Duty content re-opened now for four weeks as a demonstration copy, as `make run`
    loads it, so browser tests see the pages residents will see."""
    now = timezone.now()
    return load_consultation_folder(
        folder=settings.SAFEVOICE_CONTENT_DIR / "consultations" / "serious-violence-duty-2023",
        demonstration=DemonstrationCopy(
            slug=slug,
            opens_at=now - timedelta(days=1),
            closes_at=end_of_local_day(timezone.localdate() + timedelta(days=27)),
        ),
    )


def assert_no_third_party_requests(requests_seen: RecordedRequests) -> None:
    assert requests_seen.urls, "the page made no request at all, so nothing was checked"
    assert requests_seen.third_party() == []


def assert_accessible(page: Page) -> None:
    """Fail with a readable list if axe-core finds any WCAG 2.2 A or AA violation on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern;
        # a <script> tag would be (rightly) refused.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in nodes],
        }
        for v in result["violations"]
        if (nodes := [n for n in v["nodes"] if not _is_govuk_conditional_radio(v["id"], n)])
    ]
    assert violations == [], json.dumps(violations, indent=2)


def _is_govuk_conditional_radio(rule: str, node: dict[str, Any]) -> bool:
    """Whether axe objects only to the aria-expanded that GOV.UK Frontend's script puts on a radio that reveals a
    box. ARIA does not list the attribute for role radio, but the Design System keeps it on purpose, because
    screen readers announce the box opening (a documented known issue: alphagov/govuk-frontend#979, #1972).
    Only that attribute, on only such a radio, is let through; anything else axe says about it still fails."""
    if rule != "aria-allowed-attr" or 'class="govuk-radios__input"' not in node["html"]:
        return False
    objections = [
        value
        for check in node["all"] + node["any"] + node["none"]
        for value in (check["data"].get("values", []) if isinstance(check["data"], dict) else [check["data"]])
    ]
    return bool(objections) and all(value.startswith("aria-expanded=") for value in objections)


def save_screenshot(page: Page, name: str) -> None:
    """Refresh a full-page screenshot in docs/screenshots, when asked (`make screenshots`).

    Taking it always exercises the page; writing it only on request keeps a test run from changing tracked files.
    """
    image = page.screenshot(full_page=True)
    assert image.startswith(b"\x89PNG"), "the screenshot is not a PNG image"
    if os.environ.get("SAFEVOICE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{name}.png").write_bytes(image)
