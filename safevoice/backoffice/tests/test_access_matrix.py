"""Every back-office address, tried by every role and by someone not signed in: the whole matrix of allowed and
refused. A new address fails this test until its row is added, so none can be left open by accident."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from safevoice.backoffice.models import RoleGrant
from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import add_response, make_staff, sign_in
from safevoice.consultations.models import PrivacyNotice, SupportService
from safevoice.consultations.tests.factories import make_event
from safevoice.exports.services import run_export_job, start_export
from safevoice.questionnaires.tests.factories import make_consultation

pytestmark = pytest.mark.django_db

ADMIN, MANAGER, OTHER_MANAGER, ANALYST, DATA_ENTRY, PARTNER, NO_ROLE = (
    "administrator",
    "manager of every consultation",
    "manager of another consultation",
    "analyst",
    "data entry",
    "partner viewer",
    "no role",
)
EVERY_ROLE = (ADMIN, MANAGER, OTHER_MANAGER, ANALYST, DATA_ENTRY, PARTNER, NO_ROLE)
ON_THIS_CONSULTATION = {MANAGER, ANALYST, DATA_ENTRY, PARTNER}

#: The sign-in pages themselves: open to anyone (each has its own tests).
SIGN_IN_PAGES = {"sign_in", "sign_in_code", "set_up_two_factor", "qr_code", "recovery_codes", "sign_out"}

#: Who may open each address (everyone else is refused; someone not signed in is sent to sign in).
ALLOWED: dict[str, set[str]] = {
    "home": set(EVERY_ROLE) - {NO_ROLE},
    "account": set(EVERY_ROLE),
    "change_password": set(EVERY_ROLE),
    "new_recovery_codes": set(EVERY_ROLE),
    "staff_list": {ADMIN},
    "add_staff": {ADMIN},
    "staff_member": {ADMIN},
    "add_role": {ADMIN},
    "remove_role": {ADMIN},
    "deactivate": {ADMIN},
    "reactivate": {ADMIN},
    "reset_password": {ADMIN},
    "reset_two_factor": {ADMIN},
    "unlock": {ADMIN},
    "audit_log": {ADMIN},
    "support_services": {MANAGER},
    "check_support_service": {MANAGER},
    "new_consultation": {MANAGER},
    "check_new_consultation": {MANAGER},
    "consultation": ON_THIS_CONSULTATION,
    "dates": {MANAGER},
    "open_now": {MANAGER},
    "close_now": {MANAGER},
    "change_closing_date": {MANAGER},
    "sections": {MANAGER},
    "change_section": {MANAGER},
    "change_privacy_notice": {MANAGER},
    "events": {MANAGER},
    "add_event": {MANAGER},
    "change_event": {MANAGER},
    "cancel_event": {MANAGER},
    "questionnaire_versions": {MANAGER},
    "upload_questionnaire": {MANAGER},
    "check_questionnaire": {MANAGER},
    "questionnaire_version": {MANAGER},
    "uploaded_questionnaire_file": {MANAGER},
    "questionnaire_as_xlsform": {MANAGER},
    "retention": {MANAGER},
    "exclude_response": {ANALYST},
    "include_response": {ANALYST},
    "exclude_repeats": {ANALYST},
    "exports": {ANALYST},
    "export": {ANALYST},
    "export_download": {ANALYST},
    "responses": {ANALYST},
    "repeats": {ANALYST},
    "response": {ANALYST},
    "paper_start": {DATA_ENTRY},
    "paper_discard": {DATA_ENTRY},
    "paper_check": {DATA_ENTRY},
    "paper_page": {DATA_ENTRY},
    "results": {MANAGER, ANALYST, PARTNER},
}
POST_ONLY = {"paper_discard"}


def _backoffice_names() -> set[str]:
    def walk(patterns: list, namespace: str) -> set[str]:
        names: set[str] = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                names |= walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "backoffice" and pattern.name:
                names.add(pattern.name)
        return names

    return walk(get_resolver().url_patterns, "")


def test_the_matrix_names_every_back_office_address() -> None:
    assert _backoffice_names() == set(ALLOWED) | SIGN_IN_PAGES


@pytest.fixture
def world():
    consultation, version = make_consultation()
    other, _ = make_consultation(slug="other-survey")
    response = add_response(consultation, answers={"affected_how": ["not_affected"]})
    first_repeat = add_response(
        consultation, answers={"affected_how": ["witness"]}, flagged=True, digest="r" * 64
    )
    add_response(consultation, answers={"affected_how": ["witness"]}, flagged=True, digest="r" * 64)
    job = start_export(consultation=consultation, export_format="csv", actor="test")
    run_export_job(job_id=str(job.pk))
    job.refresh_from_db()
    event = make_event(consultation, starts_at=timezone.now() + timedelta(days=3))
    notice = PrivacyNotice.objects.create(consultation=consultation, title="Notice", position=1)
    consultation.sections.create(key="overview", heading="Overview", body_markdown="Hello", position=1)
    service = SupportService.objects.create(name="Helpline", category="domestic abuse")
    clients = {
        ADMIN: make_staff("admin", Role.ADMINISTRATOR),
        MANAGER: make_staff("manager", Role.MANAGER),
        OTHER_MANAGER: make_staff("other-manager", (Role.MANAGER, other)),
        ANALYST: make_staff("analyst", (Role.ANALYST, consultation)),
        DATA_ENTRY: make_staff("data-entry", (Role.DATA_ENTRY, consultation)),
        PARTNER: make_staff("partner", (Role.PARTNER_VIEWER, consultation)),
        NO_ROLE: make_staff("nobody"),
    }
    target_user = clients[ANALYST]
    grant = RoleGrant.objects.get(user=target_user)
    slug = {"slug": consultation.slug}
    kwargs = {
        "staff_member": {"user_id": target_user.pk},
        "add_role": {"user_id": target_user.pk},
        "remove_role": {"user_id": target_user.pk, "grant_id": grant.pk},
        "deactivate": {"user_id": target_user.pk},
        "reactivate": {"user_id": target_user.pk},
        "reset_password": {"user_id": target_user.pk},
        "reset_two_factor": {"user_id": target_user.pk},
        "unlock": {"user_id": target_user.pk},
        "check_support_service": {"service_id": service.pk},
        "change_section": {**slug, "key": "overview"},
        "change_privacy_notice": {**slug, "notice_id": notice.pk},
        "change_event": {**slug, "event_id": event.pk},
        "cancel_event": {**slug, "event_id": event.pk},
        "questionnaire_version": {**slug, "version_id": version.pk},
        "response": {**slug, "response_id": response.pk},
        "exclude_response": {**slug, "response_id": response.pk},
        "include_response": {**slug, "response_id": response.pk},
        "exclude_repeats": {**slug, "response_id": first_repeat.pk},
        "export": {**slug, "job_id": job.pk},
        "export_download": {**slug, "job_id": job.pk, "name": job.files[0]},
        "paper_page": {**slug, "page_id": "affected"},
    }
    for name in ALLOWED:
        if name not in kwargs and name in {
            "consultation", "dates", "open_now", "close_now", "change_closing_date", "sections", "events",
            "add_event", "questionnaire_versions", "upload_questionnaire", "check_questionnaire", "responses",
            "repeats", "paper_start", "paper_discard", "paper_check", "results", "uploaded_questionnaire_file",
            "questionnaire_as_xlsform", "retention", "exports",
        }:  # fmt: skip
            kwargs[name] = slug
    return {"users": clients, "kwargs": kwargs}


def _fetch(client: Client, name: str, kwargs: dict) -> Any:
    url = reverse(f"backoffice:{name}", kwargs=kwargs.get(name, {}))
    return client.post(url) if name in POST_ONLY else client.get(url)


def test_every_address_with_every_role_and_without_signing_in(world) -> None:
    kwargs = world["kwargs"]
    seen: dict[tuple[str, str], str] = {}
    for name in sorted(ALLOWED):
        response = _fetch(Client(), name, kwargs)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/staff/sign-in/?next="), name
    for role in EVERY_ROLE:
        client = sign_in(Client(), world["users"][role])
        for name in sorted(ALLOWED):
            response = _fetch(client, name, kwargs)
            location = response.get("Location", "")
            if response.status_code == 403:
                assert "You do not have access to this page" in response.content.decode()
                seen[(name, role)] = "refused"
            else:
                assert response.status_code in (200, 302), (name, role, response.status_code)
                assert not location.startswith("/staff/sign-in/"), (name, role)
                seen[(name, role)] = "allowed"
    expected = {
        (name, role): "allowed" if role in allowed else "refused"
        for name, allowed in ALLOWED.items()
        for role in EVERY_ROLE
    }
    wrong = {key: (seen[key], want) for key, want in expected.items() if seen[key] != want}
    assert wrong == {}, "(address, role): (what happened, what should)"


def test_a_role_taken_away_closes_its_pages_at_the_next_request(world) -> None:
    analyst = world["users"][ANALYST]
    client = sign_in(Client(), analyst)
    url = reverse("backoffice:responses", kwargs=world["kwargs"]["responses"])
    assert client.get(url).status_code == 200
    RoleGrant.objects.filter(user=analyst).delete()
    assert client.get(url).status_code == 403


def test_a_deactivated_account_is_signed_out_at_once(world) -> None:
    analyst = world["users"][ANALYST]
    client = sign_in(Client(), analyst)
    analyst.is_active = False
    analyst.save()
    assert client.get("/staff/")["Location"].startswith("/staff/sign-in/")
