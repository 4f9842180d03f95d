"""Every step of the resident's journey costs a pinned, small number of queries, whatever the questionnaire's size.

The parsed questionnaire is kept in process memory per version (see selectors.py), so a page with forty options
costs what a page with two costs. Two questionnaires of very different sizes (the test fixture and the real
Serious Violence Duty survey) must cost exactly the same at each step.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.journey import answers_for, parse_form
from safevoice.questionnaires.tests.factories import FIXTURE, REAL_QUESTIONNAIRE, make_consultation
from safevoice.responses.models import Response

if TYPE_CHECKING:
    # Only the type stubs name the test client's response class.
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

# Pinned counts. Inside a test the transaction markers are savepoints; in production they are BEGIN/COMMIT.
EXPECTED = {
    # A first visit has no session yet: the consultation and the current version's row; then a session is made
    # to hold the form's CSRF token (CSRF_USE_SESSIONS, so no CSRF cookie outlives the visit): savepoint, a check
    # that the new key is free, the insert, release.
    "start page": 6,
    # The consultation, the session, the version, then the session written with the new attempt (in its own
    # transaction: savepoint, update, release).
    "start (POST)": 6,
    "question page": 3,
    "question page (POST)": 6,
    "check your answers": 6,
    # Consultation, session, version; the rate-limit counter (one upsert, in its own transaction); the
    # idempotency check; one transaction that flags identical recent answers and inserts the response; the
    # session updated.
    "send answers (POST)": 14,
    # The consultation, the session, the current version; then the response's token is dropped from the session
    # and the session gets a new key (the old row deleted, a new one made), so nothing left on the device or in the
    # session can be joined to the stored response.
    "confirmation page": 12,
}


@dataclass
class Costs:
    steps: dict[str, int]


def _form_data(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def _walk_to_check_answers(client: Client, base: str) -> tuple[str, str]:
    """Answer every page the way a person might; returns the first question page and the check page's address."""
    rng = random.Random(7)
    location = client.post(base)["Location"]
    first_page = location
    for _ in range(100):
        if location.endswith("/check-your-answers/"):
            return first_page, location
        form = parse_form(client.get(location).content.decode())
        response = client.post(location, _form_data(answers_for(form, rng)))
        if response.status_code == 200:
            # The page asked for an answer this walk left out: answer every choice, as a person would.
            refused = parse_form(response.content.decode())
            response = client.post(location, _form_data(answers_for(refused, rng, choose_every_group=True)))
        assert response.status_code == 302, location
        location = response["Location"]
    raise AssertionError("the walk never reached check your answers")


def _count(step: str, costs: Costs, request: Callable[[], TestResponse]) -> TestResponse:
    with CaptureQueriesContext(connection) as captured:
        response = request()
    costs.steps[step] = len(captured.captured_queries)
    return response


def _journey_costs(slug: str, questionnaire_path: Path) -> Costs:
    make_consultation(slug=slug, questionnaire_path=questionnaire_path)
    base = f"/consultations/{slug}/questionnaire/"
    # A first resident fills the process-wide caches (the parsed version, today's rate-limit secret) as the first
    # visitor after a deploy would.
    first_resident = Client()
    first_page, check = _walk_to_check_answers(first_resident, base)
    html = first_resident.get(check).content.decode()
    first_resident.post(check, _form_data(answers_for(parse_form(html), random.Random(), skip_all=True)))

    costs = Costs(steps={})
    client = Client()
    _count("start page", costs, lambda: client.get(base))
    _count("start (POST)", costs, lambda: client.post(base))
    html = _count("question page", costs, lambda: client.get(first_page)).content.decode()
    fields = _form_data(answers_for(parse_form(html), random.Random(7)))
    _count("question page (POST)", costs, lambda: client.post(first_page, fields))
    _walk_to_check_answers(client, base)
    html = _count("check your answers", costs, lambda: client.get(check)).content.decode()
    send = _form_data(answers_for(parse_form(html), random.Random(), skip_all=True))
    sent = _count("send answers (POST)", costs, lambda: client.post(check, send))
    assert sent["Location"].endswith("/sent/")
    _count("confirmation page", costs, lambda: client.get(base + "sent/"))
    return costs


def test_each_step_costs_the_same_pinned_queries_for_a_small_and_a_large_questionnaire() -> None:
    small = _journey_costs("small-survey", FIXTURE)
    large = _journey_costs("large-survey", REAL_QUESTIONNAIRE)
    assert small.steps == EXPECTED
    assert large.steps == EXPECTED
    assert Response.objects.count() == 4
