"""Signing in at /staff/: a password, then a code from the authenticator app (set up at the first sign-in) or a
one-time recovery code. Failures are throttled and lock the username out; no address or browser is kept."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import PASSWORD, code_for, code_for_secret, make_staff

pytestmark = pytest.mark.django_db

SIGN_IN = "/staff/sign-in/"
CODE = "/staff/sign-in/code/"
SET_UP = "/staff/sign-in/set-up-authenticator/"


def _password_step(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(SIGN_IN, {"username": username, "password": password, **extra})


def test_a_password_and_a_code_from_the_app_sign_in(client: Client) -> None:
    user = make_staff("analyst1", Role.ANALYST)
    response = _password_step(client, "analyst1")
    assert response.status_code == 302
    assert response["Location"] == CODE
    assert client.get("/staff/")["Location"].startswith(SIGN_IN), "a password alone opens nothing"

    page = client.get(CODE).content.decode()
    assert "Enter the code from your authenticator app" in page
    response = client.post(CODE, {"code": code_for(user)})
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert AuditEvent.objects.filter(actor="analyst1", action="sign_in.succeeded").exists()


def test_a_wrong_password_says_so_keeps_the_username_and_is_audited(client: Client) -> None:
    make_staff("analyst1", Role.ANALYST)
    response = _password_step(client, "analyst1", "not the password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "The username or password is not right" in page
    assert 'value="analyst1"' in page
    assert "not the password" not in page
    assert "Error:" in page.split("</title>")[0]
    assert AuditEvent.objects.filter(actor="analyst1", action="sign_in.failed").exists()


def test_empty_boxes_each_get_their_own_message(client: Client) -> None:
    page = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert '<a href="#username">Enter your username</a>' in page
    assert '<a href="#password">Enter your password</a>' in page


def test_a_wrong_code_says_what_to_do_and_a_right_one_then_works(client: Client) -> None:
    user = make_staff("analyst1", Role.ANALYST)
    _password_step(client, "analyst1")
    right = code_for(user)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    page = client.post(CODE, {"code": wrong}).content.decode()
    assert "The code is not right" in page
    assert AuditEvent.objects.filter(actor="analyst1", action="sign_in.failed", details__step="code").exists()
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        # django-otp makes the next try wait a moment after a wrong code; a person takes longer than that.
        assert client.post(CODE, {"code": code_for(user)})["Location"] == "/staff/"


def test_codes_tried_too_quickly_are_told_to_wait(client: Client) -> None:
    user = make_staff("analyst1", Role.ANALYST)
    _password_step(client, "analyst1")
    right = code_for(user)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    client.post(CODE, {"code": wrong})
    client.post(CODE, {"code": wrong})
    page = client.post(CODE, {"code": right}).content.decode()
    assert "Too many wrong codes. Wait until" in page


def test_first_sign_in_sets_up_the_app_with_a_qr_code_drawn_here_then_shows_recovery_codes_once(
    client: Client,
) -> None:
    make_staff("newcomer", Role.MANAGER, enrolled=False)
    assert _password_step(client, "newcomer")["Location"] == SET_UP

    page = client.get(SET_UP).content.decode()
    assert 'src="/staff/sign-in/set-up-authenticator/qr-code.svg"' in page
    secret = re.search(r'<code class="safevoice-secret" id="secret">([A-Z2-7 ]+)</code>', page).group(1)  # type: ignore[union-attr]
    qr = client.get("/staff/sign-in/set-up-authenticator/qr-code.svg")
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
    assert b"style=" not in qr.content, "the strict CSP allows no inline style"

    wrong = client.post(SET_UP, {"code": "000000" if code_for_secret(secret) != "000000" else "111111"})
    assert "The code is not right" in wrong.content.decode()
    assert client.get(SET_UP).content.decode().count(secret) == 1, "the same secret until it is confirmed"

    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        response = client.post(SET_UP, {"code": code_for_secret(secret)})
    assert response["Location"] == "/staff/sign-in/recovery-codes/"
    codes_page = client.get("/staff/sign-in/recovery-codes/").content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", codes_page)
    assert len(codes) == 10
    assert "This is the only time they are shown" in codes_page
    assert client.get("/staff/sign-in/recovery-codes/")["Location"] == "/staff/", "shown once"
    assert AuditEvent.objects.filter(actor="newcomer", action="two_factor.set_up").exists()

    client.post("/staff/sign-out/")
    _password_step(client, "newcomer")
    response = client.post(CODE, {"code": codes[0].upper()})  # typed in capitals, with the hyphen: still fine
    assert response["Location"] == "/staff/"
    assert StaticToken.objects.filter(device__user__username="newcomer").count() == 9
    client.post("/staff/sign-out/")
    _password_step(client, "newcomer")
    assert "The code is not right" in client.post(CODE, {"code": codes[0]}).content.decode(), (
        "each code works once"
    )


def test_five_failures_lock_the_username_out_without_keeping_any_address(client: Client) -> None:
    user = make_staff("manager1", Role.MANAGER)
    browser: dict[str, Any] = {
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_USER_AGENT": "ProbeBrowser/1.0",
        "HTTP_X_FORWARDED_FOR": "198.51.100.7",
    }
    for _ in range(4):
        assert (
            client.post(SIGN_IN, {"username": "manager1", "password": "wrong guess"}, **browser).status_code
            == 200
        )
    client.post(SIGN_IN, {"username": "manager1", "password": PASSWORD}, **browser)  # right password, then...
    response = client.post(CODE, {"code": "123456"}, **browser)  # ...a wrong code is the fifth failure
    assert response.status_code == 429
    assert "Too many failed attempts to sign in" in response.content.decode()

    locked = client.post(SIGN_IN, {"username": "manager1", "password": PASSWORD}, **browser)
    assert locked.status_code == 429, "even the right password waits until the lockout ends"
    other_browser = Client().post(SIGN_IN, {"username": "manager1", "password": PASSWORD})
    assert other_browser.status_code == 429, "locked by username: another browser or address does not help"

    attempts = list(AccessAttempt.objects.all())
    assert attempts
    for attempt in attempts:
        assert attempt.ip_address is None
        assert attempt.user_agent in {"", "<unknown>"}  # blanked by the privacy middleware before axes looks
        for secret in ("203.0.113.9", "198.51.100.7", "ProbeBrowser", PASSWORD, "wrong guess"):
            assert secret not in f"{attempt.get_data} {attempt.post_data} {attempt.http_accept}"
    assert AuditEvent.objects.filter(actor="manager1", action="sign_in.locked_out").exists()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert Client().post(SIGN_IN, {"username": "manager1", "password": PASSWORD})["Location"] == CODE
    assert user.is_active


def test_a_slow_second_step_starts_again_with_a_reason(client: Client) -> None:
    make_staff("analyst1", Role.ANALYST)
    _password_step(client, "analyst1")
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = client.get(CODE)
        assert response["Location"] == SIGN_IN
        assert "Sign-in took more than 10 minutes" in client.get(SIGN_IN).content.decode()


def test_signing_in_returns_to_the_page_asked_for_but_never_to_another_site(client: Client) -> None:
    user = make_staff("analyst1", Role.ANALYST)
    _password_step(client, "analyst1", next="/staff/account/")
    assert client.post(CODE, {"code": code_for(user)})["Location"] == "/staff/account/"
    client.post("/staff/sign-out/")
    _password_step(client, "analyst1", next="https://evil.example/staff/")
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert client.post(CODE, {"code": code_for(user)})["Location"] == "/staff/"


def test_signing_out_ends_the_session(client: Client) -> None:
    user = make_staff("analyst1", Role.ANALYST)
    _password_step(client, "analyst1")
    client.post(CODE, {"code": code_for(user)})
    response = client.post("/staff/sign-out/")
    assert response["Location"] == SIGN_IN
    assert "You have signed out" in client.get(SIGN_IN).content.decode()
    assert client.get("/staff/")["Location"].startswith(SIGN_IN)
    assert AuditEvent.objects.filter(actor="analyst1", action="sign_out").exists()


def test_a_password_set_by_an_administrator_must_be_replaced_first(client: Client) -> None:
    user = make_staff("newcomer", Role.ANALYST, must_change_password=True)
    _password_step(client, "newcomer")
    client.post(CODE, {"code": code_for(user)})
    assert client.get("/staff/")["Location"] == "/staff/account/password/"
    page = client.post(
        "/staff/account/password/", {"new_password1": "short", "new_password2": "short"}
    ).content.decode()
    assert "too short" in page
    response = client.post(
        "/staff/account/password/",
        {"new_password1": "a much longer phrase of words", "new_password2": "a much longer phrase of words"},
    )
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    user.refresh_from_db()
    assert user.check_password("a much longer phrase of words")


def test_the_sign_in_pages_are_never_stored_and_keep_the_strict_policy(client: Client) -> None:
    response = client.get(SIGN_IN)
    assert response["Cache-Control"] == "no-store"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
