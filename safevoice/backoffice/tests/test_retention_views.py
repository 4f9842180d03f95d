"""A manager sets how long a consultation's responses are kept, and sees what retention would delete after it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import add_response
from safevoice.consultations.timing import last_open_day

pytestmark = pytest.mark.django_db

RETENTION = "/staff/consultations/test-survey/retention/"


def test_a_retention_date_is_set_and_the_dry_run_counts_what_would_go(staff_client, survey) -> None:
    for _ in range(3):
        add_response(survey)
    client = staff_client(Role.MANAGER, username="manager1")
    assert "No date is set" in client.get(RETENTION).content.decode()
    day = last_open_day(survey.closes_at) + timedelta(days=365)
    response = client.post(
        RETENTION, {"keep_until_day": day.day, "keep_until_month": day.month, "keep_until_year": day.year}
    )
    assert response["Location"] == RETENTION
    survey.refresh_from_db()
    assert survey.keep_responses_until == day
    page = client.get(RETENTION).content.decode()
    assert f"Responses are kept until the end of {day:%A %-d %B %Y}" in page
    preview = page.split('id="retention-preview"')[1].split("</dl>")[0]
    assert 'Responses</dt><dd class="govuk-summary-list__value">3</dd>' in preview
    assert survey.responses.count() == 3, "the preview deletes nothing"
    assert AuditEvent.objects.get(action="consultation.retention_changed").actor == "manager1"


def test_a_date_before_the_consultation_closes_is_refused_beside_the_date(staff_client, survey) -> None:
    day = last_open_day(survey.closes_at) - timedelta(days=1)
    page = (
        staff_client(Role.MANAGER)
        .post(
            RETENTION, {"keep_until_day": day.day, "keep_until_month": day.month, "keep_until_year": day.year}
        )
        .content.decode()
    )
    assert '<a href="#keep_until_day">Responses must be kept at least until the consultation closes' in page
    assert f'value="{day.day}"' in page
