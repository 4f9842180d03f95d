"""Script typed into any free-text answer stays text: it is escaped on the question page that shows it back, on
"Check your answers", and on the back office's page of one response."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import make_staff, sign_in
from safevoice.journey.tests.conftest import BASE
from safevoice.responses.models import Response

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7|add:7 }}{% now 'Y' %}",
]
OTHER_BOX = "affected_how__other__other"


def _answer_with(client: Client, payload: str) -> dict[str, str]:
    """Every free-text box of the fixture questionnaire gets ``payload``; returns the page each one is on."""
    short = payload[:50]
    client.post(BASE)
    client.post(BASE + "affected/", {"affected_how": ["witness", "other"], OTHER_BOX: payload})
    client.post(BASE + "before_you_go_on/")
    client.post(BASE + "reported_page/", {"reported": "no"})
    client.post(BASE + "why_not_page/", {"why_not": payload})
    client.post(BASE + "when_page/", {})
    client.post(BASE + "safety/", {})
    client.post(BASE + "area_page/", {})
    client.post(BASE + "age_page/", {})
    final = client.post(BASE + "final/", {"nickname": short, "anything_else": payload})
    assert final["Location"] == BASE + "check-your-answers/"
    return {"affected/": payload, "why_not_page/": payload, "final/": short}


def _assert_inert(html: str) -> None:
    """No payload became markup or a link (the callers check each is shown escaped, so no template ran)."""
    main = html.split("<main", 1)[1]
    for live in ("<script>alert", "<img src=x", "<svg onload", 'href="javascript:'):
        assert live not in main


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_any_free_text_answer_is_shown_as_text(client: Client, consultation, payload: str) -> None:
    pages = _answer_with(client, payload)
    check = client.get(BASE + "check-your-answers/").content.decode()
    _assert_inert(check)
    assert check.count(escape_html(payload)) >= 3  # the other box, why not, anything else
    for page, typed in pages.items():
        html = client.get(BASE + page).content.decode()
        _assert_inert(html)
        assert escape_html(typed) in html  # shown back in its box, as typed
    token = check.split('name="token" value="', 1)[1][:32]
    assert client.post(BASE + "check-your-answers/", {"token": token})["Location"] == BASE + "sent/"
    assert payload in str(Response.objects.get().answers)  # stored exactly as typed: escaping is for display


def test_raw_answers_stay_text_on_the_back_office_page_of_one_response(client: Client, consultation) -> None:
    """An analyst reads free text as it was typed, as text: no script in it runs on the staff side."""
    _answer_with(client, PAYLOADS[0])
    check = client.get(BASE + "check-your-answers/").content.decode()
    client.post(BASE + "check-your-answers/", {"token": check.split('name="token" value="', 1)[1][:32]})
    response = Response.objects.get()
    analyst = sign_in(Client(), make_staff("analyst1", (Role.ANALYST, consultation)))
    page = analyst.get(f"/staff/consultations/{consultation.slug}/responses/{response.pk}/").content.decode()
    _assert_inert(page)
    assert escape_html(PAYLOADS[0]) in page
    listing = analyst.get(f"/staff/consultations/{consultation.slug}/responses/").content.decode()
    assert PAYLOADS[0] not in listing, "the list shows no answers"
    assert escape_html(PAYLOADS[0]) not in listing


def escape_html(text: str) -> str:
    return str(escape(text))
