"""A consultation page's sections and privacy notice addresses, and checking support services."""

from __future__ import annotations

import pytest
from django.test import Client

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.consultations.models import PrivacyNotice, SupportService

pytestmark = pytest.mark.django_db

SECTIONS = "/staff/consultations/test-survey/sections/"


def test_a_section_is_previewed_then_saved_and_the_public_page_shows_it(staff_client, survey) -> None:
    client = staff_client(Role.MANAGER, username="manager1")
    form = {
        "heading": "About this survey",
        "body_markdown": "We want to **hear** from you.\n\n<script>x</script>",
    }
    preview = client.post(SECTIONS + "overview/", {**form, "action": "preview"}).content.decode()
    assert "Preview (not saved yet)" in preview
    assert "<strong>hear</strong>" in preview
    assert "<script>x</script>" not in preview.split("Preview (not saved yet)")[1], "Markdown is sanitised"
    survey.refresh_from_db()
    assert survey.sections.get(key="overview").heading == "Overview", "a preview saves nothing"

    assert client.post(SECTIONS + "overview/", form)["Location"] == SECTIONS
    page = Client().get("/consultations/test-survey/").content.decode()
    assert "About this survey" in page
    assert "<strong>hear</strong>" in page
    event = AuditEvent.objects.get(action="section.changed")
    assert event.details["section"] == "overview"
    assert "hear" not in str(event.details), "the log says what changed, not the text"


def test_a_section_without_a_heading_is_refused_keeping_the_text(staff_client, survey) -> None:
    page = (
        staff_client(Role.MANAGER)
        .post(SECTIONS + "overview/", {"heading": "", "body_markdown": "Kept text"})
        .content.decode()
    )
    assert '<a href="#heading">Enter the heading</a>' in page
    assert ">Kept text</textarea>" in page


def test_a_privacy_notice_address_is_checked_and_saved(staff_client, survey) -> None:
    notice = PrivacyNotice.objects.create(consultation=survey, title="Engagement", position=1)
    client = staff_client(Role.MANAGER)
    url = f"/staff/consultations/test-survey/privacy-notices/{notice.pk}/"
    page = client.post(url, {"url": "not an address"}).content.decode()
    assert "Enter a web address, like https://www.example.org/privacy" in page
    assert 'value="not an address"' in page
    client.post(url, {"url": "https://www.example.org/privacy"})
    notice.refresh_from_db()
    assert notice.url == "https://www.example.org/privacy"
    assert AuditEvent.objects.get(action="privacy_notice.changed").details["url"] == notice.url


def test_a_support_service_is_shown_only_once_checked_with_a_note_of_how(staff_client, db) -> None:
    service = SupportService.objects.create(
        name="Local refuge line", category="domestic abuse", phone="0300 000 0000"
    )
    client = staff_client(Role.MANAGER, username="manager1")
    url = f"/staff/support-services/{service.pk}/"
    page = client.post(url, {"verified": "yes", "note": ""}).content.decode()
    assert '<a href="#note">Say how and when the details were checked</a>' in page
    assert "Local refuge line" not in Client().get("/support/").content.decode()
    client.post(url, {"verified": "yes", "note": "Phoned on 1 December; number right"})
    assert "Local refuge line" in Client().get("/support/").content.decode()
    assert AuditEvent.objects.get(action="support_service.verified").actor == "manager1"
    client.post(url, {"verified": "no", "note": ""})
    assert "Local refuge line" not in Client().get("/support/").content.decode()


def test_a_manager_of_one_consultation_cannot_check_support_services(staff_client, survey) -> None:
    assert staff_client((Role.MANAGER, survey)).get("/staff/support-services/").status_code == 403
