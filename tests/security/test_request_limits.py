"""Oversized bodies, too many fields and over-long answers are refused early, each with a page that says which,
and the answers already given are still there afterwards."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from safevoice.journey.tests.conftest import BASE

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    return response.content.decode().split("<main", 1)[1]


def test_a_body_over_the_size_limit_gets_a_page_that_says_it_was_too_large(started: Client) -> None:
    started.post(BASE + "affected/", {"affected_how": "witness"})
    huge = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = started.post(BASE + "final/", {"anything_else": huge})
    assert response.status_code == 413
    text = _main(response)
    assert "What you sent was too large for us to accept" in text
    assert "shorten your longest answer" in text
    # Refused before any view ran: the earlier answers are untouched.
    assert 'value="witness" checked' in started.get(BASE + "affected/").content.decode()


def test_too_many_fields_get_a_page_that_says_so(started: Client) -> None:
    fields = {f"field{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = started.post(BASE + "affected/", fields)
    assert response.status_code == 400
    assert "far more answers in it than any page of this survey asks for" in _main(response)


def test_a_body_that_cannot_be_read_gets_the_general_page(started: Client) -> None:
    # A multipart body without its boundary cannot be parsed at all.
    response = started.post(BASE + "affected/", data=b"a=1", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "The information sent to us was not in the form we expected." in _main(response)


def test_an_over_long_answer_is_refused_with_its_limit_and_kept_in_the_box(started: Client) -> None:
    started.post(BASE + "affected/", {"affected_how": "witness"})
    started.post(BASE + "before_you_go_on/")
    started.post(BASE + "reported_page/", {"reported": "no"})
    long_answer = "Because " + "a" * 600
    response = started.post(BASE + "why_not_page/", {"why_not": long_answer})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Answer must be 500 characters or fewer (you have entered 608)" in text
    assert 'href="#why_not"' in text
    assert long_answer in text  # nothing typed is lost: it is there to shorten
