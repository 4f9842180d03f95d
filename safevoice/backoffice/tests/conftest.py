"""Shared set-up for back-office tests: staff with roles, signed in with both factors, and a consultation with
responses to look at."""

from __future__ import annotations

import time
import uuid
from base64 import b32decode
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safevoice.backoffice import signin, two_factor
from safevoice.backoffice.models import RoleGrant, StaffProfile
from safevoice.backoffice.roles import Role
from safevoice.consultations.models import Consultation, SectionPart
from safevoice.questionnaires.tests.factories import make_consultation
from safevoice.responses.models import Channel, Response

PASSWORD = "correct horse battery staple"


def make_staff(
    username: str,
    *roles: Role | tuple[Role, Consultation | None],
    enrolled: bool = True,
    must_change_password: bool = False,
) -> User:
    """An account holding ``roles`` (a role alone is for every consultation), with an authenticator app."""
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    StaffProfile.objects.create(user=user, must_change_password=must_change_password)
    for item in roles:
        role, consultation = item if isinstance(item, tuple) else (item, None)
        RoleGrant.objects.create(user=user, role=role, consultation=consultation, granted_at=timezone.now())
    if enrolled:
        TOTPDevice.objects.create(user=user, name=two_factor.TOTP_NAME, confirmed=True)
    return user


def code_for(user: User, *, at: float | None = None) -> str:
    """The code the person's authenticator app shows now (or at ``at``)."""
    device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
    assert device is not None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at if at is not None else time.time()
    return f"{totp.token():06d}"


def code_for_secret(secret: str) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time()
    return f"{totp.token():06d}"


def sign_in(client: Client, user: User) -> Client:
    """Signed in with both factors, as after the real sign-in pages (those have tests of their own)."""
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[signin.LAST_SEEN_KEY] = timezone.now().isoformat()
    session.save()
    return client


@pytest.fixture(autouse=True)
def files_in_tmp(settings, tmp_path):
    """Uploads and exports written by a test stay in its own temporary folder, never in var/."""
    settings.SAFEVOICE_UPLOAD_DIR = tmp_path / "uploads"
    settings.SAFEVOICE_EXPORT_DIR = tmp_path / "exports"


@pytest.fixture
def staff_client() -> Callable[..., Client]:
    """A new browser signed in as a new member of staff holding the given roles."""

    def make(*roles: Any, username: str = "") -> Client:
        user = make_staff(username or f"staff-{uuid.uuid4().hex[:8]}", *roles)
        return sign_in(Client(), user)

    return make


@pytest.fixture
def survey(db) -> Consultation:
    """An open consultation with the every-type questionnaire, a page with an events section, no responses yet."""
    consultation, _ = make_consultation()
    consultation.sections.create(
        key="overview", heading="Overview", body_markdown="About the survey.", position=1
    )
    consultation.sections.create(key="events", heading="Events", shows=SectionPart.EVENTS, position=2)
    consultation.sections.create(key="respond", heading="How to respond", shows=SectionPart.START, position=3)
    return consultation


def add_response(
    consultation: Consultation,
    *,
    answers: dict[str, Any] | None = None,
    channel: str = Channel.ONLINE,
    days_ago: int = 0,
    flagged: bool = False,
    digest: str = "",
) -> Response:
    version = consultation.questionnaire_versions.get(is_current=True)
    return Response.objects.create(
        consultation=consultation,
        questionnaire_version=version,
        answers=answers if answers is not None else {},
        language="en-gb",
        channel=channel,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        idempotency_token=uuid.uuid4(),
        answers_digest=digest or uuid.uuid4().hex,
        flagged_for_review=flagged,
    )
