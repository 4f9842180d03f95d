"""Hypothesis throws hostile and malformed input at every public form and endpoint: question pages, check your
answers, resume codes, the save-and-return email, event .ics files, the consultation page's query string and any
address under /consultations/. The answer is never a server error, and always a page that says what happened."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote, urlencode

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from safevoice.consultations.models import Consultation
from safevoice.consultations.tests.factories import make_event
from safevoice.journey.tests.conftest import BASE
from safevoice.questionnaires.tests.factories import fixture_questionnaire, make_consultation
from tests.security.conftest import FUZZ, assert_clear

pytestmark = pytest.mark.django_db

QUESTIONNAIRE = fixture_questionnaire()
PAGE_IDS = [page.id for page in QUESTIONNAIRE.pages]
FIELD_NAMES = sorted(
    {question.id for page in QUESTIONNAIRE.pages for question in page.questions}
    | {f"{q.id}__{row.id}" for page in QUESTIONNAIRE.pages for q in page.questions for row in q.rows}
    | {q.other_field_name(o) for page in QUESTIONNAIRE.pages for q in page.questions for o in q.other_options}
    | {"last_visit-day", "last_visit-month", "last_visit-year", "when_happened-month", "when_happened-year"}
    | {"token", "action", "code", "email", "website", "csrfmiddlewaretoken"}
)

# Text that has broken web forms before: control characters, NUL, lone surrogates are impossible in UTF-8 so
# Hypothesis's full range stands for them, right-to-left marks, very long runs, markup and SQL.
hostile_text = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\u202e\u200f",
            "9" * 400,
            "-1",
            "1e309",
            "NaN",
            "０７",
            "2023-02-30",
        ]
    ),
    st.integers(min_value=0, max_value=4000).map(lambda n: "x" * n),
)
form_bodies = st.dictionaries(
    keys=st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=20)),
    values=st.lists(hostile_text, max_size=3),
    max_size=10,
)


def _survey() -> None:
    if not Consultation.objects.filter(slug="test-survey").exists():
        make_consultation()


@FUZZ
@given(page=st.sampled_from(["", *[f"{p}/" for p in PAGE_IDS], "check-your-answers/"]), body=form_bodies)
def test_any_body_posted_to_a_question_page_or_check_answers_gets_a_clear_answer(page: str, body) -> None:
    _survey()
    client = Client()
    client.post(BASE)
    client.post(BASE + "affected/", {"affected_how": "witness"})
    response = client.post(BASE + page, body)
    assert_clear(response)
    if response.status_code == 200 and page in {"affected/", "age_page/", "visit_page/", "final/"}:
        # Whatever was typed is shown back (escaped), not thrown away.
        assert "</script><script>" not in response.content.decode()


@FUZZ
@given(code=hostile_text, via=st.sampled_from(["post", "link"]))
def test_any_resume_code_gets_a_clear_answer(code: str, via: str) -> None:
    _survey()
    client = Client()
    if via == "post":
        response = client.post(BASE + "resume/", {"code": code})
    else:
        response = client.get(BASE + "resume/?" + urlencode({"code": code}))
    assert_clear(response)
    if via == "post" and response.status_code in {200, 429}:
        assert 'href="#code"' in response.content.decode()


@FUZZ
@given(address=st.one_of(hostile_text, st.emails()))
def test_any_address_for_the_save_and_return_email_gets_a_clear_answer(address: str, email_enabled) -> None:
    _survey()
    client = Client()
    client.post(BASE)
    assert client.post(BASE + "affected/", {"affected_how": "witness", "action": "save"}).status_code == 302
    code = re.search(r"<strong>([0-9A-Z-]{14})</strong>", client.get(BASE + "saved/").content.decode())
    assert code is not None
    response = client.post(BASE + "saved/", {"email": address, "code": code.group(1)})
    assert_clear(response)
    body = response.content.decode()
    sent = "We have sent the code." in body
    # Either the link went (to a valid address, and nowhere else) or the page says what is wrong with it.
    assert sent or 'href="#email"' in body
    if sent:
        assert len(mail.outbox) == 1
        assert "\n" not in mail.outbox[0].to[0]
        mail.outbox.clear()


@FUZZ
@given(
    slug=st.one_of(st.just("test-survey"), st.text(min_size=1, max_size=30)),
    event_id=st.one_of(st.integers(min_value=0, max_value=2**70), st.text(min_size=1, max_size=12)),
)
def test_any_event_calendar_address_gets_a_file_or_a_clear_not_found(slug: str, event_id) -> None:
    if not Consultation.objects.filter(slug="test-survey").exists():
        make_consultation()
        make_event(Consultation.objects.get(slug="test-survey"), starts_at=timezone.now() + timedelta(days=3))
    path = f"/consultations/{quote(slug, safe='')}/events/{quote(str(event_id), safe='')}.ics"
    assert_clear(Client().get(path))


@FUZZ
@given(query=st.dictionaries(st.text(max_size=15), st.lists(hostile_text, max_size=2), max_size=6))
def test_the_consultation_page_ignores_any_query_string(query) -> None:
    _survey()
    response = Client().get("/consultations/test-survey/?" + urlencode(query, doseq=True))
    assert response.status_code == 200
    assert_clear(response)


@FUZZ
@given(tail=st.text(min_size=1, max_size=60))
def test_any_address_under_consultations_gets_a_page_or_a_clear_not_found(tail: str) -> None:
    _survey()
    for method in ("get", "post"):
        response = getattr(Client(), method)("/consultations/" + quote(tail, safe="/"))
        assert_clear(response)
