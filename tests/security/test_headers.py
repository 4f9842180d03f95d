"""Headers on every public page: a Content-Security-Policy that allows no inline script or style, CSRF refusing
every form sent without its token, and no copy of a page that holds answers kept by any cache."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safevoice.consultations.models import Consultation
from safevoice.consultations.tests.factories import make_event
from safevoice.journey.tests.conftest import BASE
from safevoice.journey.tests.test_check_answers_view import answer_everything_as_not_affected, token_of
from safevoice.journey.tests.test_saved_view import save_after_first_page

pytestmark = pytest.mark.django_db

SITE_PAGES = ["/", "/support/", "/safety/", "/cookies/", "/accessibility/", "/privacy/", "/no-such-page/"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle=", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)


def every_public_page(client: Client, consultation: Consultation) -> dict[str, Any]:
    """Every kind of public page, reached the way a resident reaches it; keyed by a readable name."""
    event = make_event(consultation, starts_at=timezone.now() + timedelta(days=3))
    pages: dict[str, Any] = {path: client.get(path) for path in SITE_PAGES}
    pages["consultation page"] = client.get(f"/consultations/{consultation.slug}/")
    pages["event .ics"] = client.get(f"/consultations/{consultation.slug}/events/{event.pk}.ics")
    pages["start page"] = client.get(BASE)
    client.post(BASE)
    pages["question page"] = client.get(BASE + "affected/")
    pages["question page with an error"] = client.post(BASE + "affected/", {})
    pages["resume page"] = client.get(BASE + "resume/")
    answer_everything_as_not_affected(client)
    check = client.get(BASE + "check-your-answers/")
    pages["check your answers"] = check
    client.post(BASE + "check-your-answers/", {"token": token_of(check.content.decode())})
    pages["confirmation page"] = client.get(BASE + "sent/")
    client.post(BASE)
    save_after_first_page(client)
    pages["saved page"] = client.get(BASE + "saved/")
    return pages


def test_every_public_page_has_a_strict_csp_and_needs_no_inline_code(client: Client, consultation) -> None:
    for name, response in every_public_page(client, consultation).items():
        policy = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in policy, name
        assert "'unsafe-eval'" not in policy, name
        assert "script-src 'self'" in policy, name
        assert "default-src 'self'" in policy, name
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            # The policy would block these anyway; a page that used them would be broken, not just unsafe.
            assert not INLINE_SCRIPT.search(html), name
            assert not INLINE_STYLE.search(html), name
            assert not INLINE_HANDLER.search(html), name


def test_pages_that_hold_answers_are_never_stored_by_a_cache(client: Client, consultation) -> None:
    pages = every_public_page(client, consultation)
    for name in (
        "question page",
        "question page with an error",
        "check your answers",
        "saved page",
        "resume page",
        "confirmation page",
        "start page",
        "consultation page",
    ):
        assert pages[name]["Cache-Control"] == "no-store", name


def test_every_form_sent_without_its_csrf_token_is_refused_with_a_clear_page(consultation) -> None:
    honest = Client(enforce_csrf_checks=True)
    honest.get(BASE)  # has the CSRF cookie, as a real browser would; the forged form just lacks the token
    forms = [
        BASE,
        BASE + "affected/",
        BASE + "check-your-answers/",
        BASE + "saved/",
        BASE + "resume/",
        "/staff/sign-in/",
    ]
    for path in forms:
        response = honest.post(path, {"affected_how": "witness", "code": "7KQ2-M9XD-4T6H", "username": "x"})
        assert response.status_code == 403, path
        assert "Your session has expired" in response.content.decode(), path
