"""Only the headers the application needs reach a view, through the real middleware stack: an allow-list, so a
header nobody thought of is removed too. Origin and Referer serve Django's CSRF check and are removed after it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from safevoice.journey.tests.conftest import BASE

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.echo_urls")]

IDENTIFYING = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14; Pixel 8) SafeVoiceProbe",
    "HTTP_ACCEPT_LANGUAGE": "pl-PL,pl;q=0.9,en-GB;q=0.8",
    "HTTP_X_FORWARDED_FOR": "198.51.100.23",
    "HTTP_X_REAL_IP": "198.51.100.23",
    "HTTP_FORWARDED": "for=198.51.100.23",
    "HTTP_SEC_CH_UA": '"Chromium";v="156"',
    "HTTP_SEC_CH_UA_PLATFORM": '"Android"',
    "HTTP_SEC_CH_UA_MODEL": '"Pixel 8"',
    "HTTP_SEC_CH_UA_FULL_VERSION_LIST": '"Chromium";v="156.0.8078.73"',
    "HTTP_SEC_CH_UA_ARCH": '"arm"',
    "HTTP_DNT": "1",
    "HTTP_SEC_GPC": "1",
    "HTTP_X_SOMETHING_NEW": "a header nobody thought of",
    "HTTP_VIA": "1.1 proxy.example",
    "HTTP_CF_CONNECTING_IP": "198.51.100.23",
    "REMOTE_ADDR": "203.0.113.99",
}


def seen_by_the_view(response) -> dict[str, str]:
    return json.loads(response.content)["meta"]


def test_a_view_sees_no_header_it_was_not_meant_to(settings) -> None:
    settings.SAFEVOICE_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    meta = seen_by_the_view(Client().get("/echo-headers/", HTTP_REFERER="http://testserver/", **IDENTIFYING))
    headers = {key for key in meta if key.startswith("HTTP_")}
    assert headers <= {"HTTP_HOST", "HTTP_COOKIE"}
    assert meta["REMOTE_ADDR"] == ""
    everything = json.dumps(meta)
    for value in ("198.51.100.23", "203.0.113.99", "SafeVoiceProbe", "pl-PL", "Pixel 8", "proxy.example"):
        assert value not in everything


def test_csrf_still_checks_origin_and_referer_before_they_go(consultation) -> None:
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(BASE + "resume/", secure=True)
    assert page.status_code == 200
    token = browser.session.get("_csrftoken")
    assert token
    # Over https Django compares the Referer (or Origin) with the site: a form posted from elsewhere is refused.
    forged = browser.post(
        "/echo-headers/",
        {"csrfmiddlewaretoken": token},
        secure=True,
        HTTP_REFERER="https://attacker.example/",
    )
    assert forged.status_code == 403
    honest = browser.post(
        "/echo-headers/", {"csrfmiddlewaretoken": token}, secure=True, HTTP_REFERER="https://testserver/form/"
    )
    assert honest.status_code == 200
    meta = seen_by_the_view(honest)
    assert "HTTP_REFERER" not in meta
    assert "HTTP_ORIGIN" not in meta


def test_a_request_for_an_unknown_host_prints_nothing(capsys) -> None:
    response = Client().get("/", HTTP_HOST="attacker.example", **IDENTIFYING)
    assert response.status_code == 400
    captured = capsys.readouterr()
    assert "attacker.example" not in captured.err
    assert "Traceback" not in captured.err
