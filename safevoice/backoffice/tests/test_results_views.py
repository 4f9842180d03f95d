"""Published results: once the results date has come, the protected tables of every choice question; before, a
date. Small counts are hidden and no free text is ever shown."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import add_response

pytestmark = pytest.mark.django_db

RESULTS = "/staff/consultations/test-survey/results/"


def _publish(survey) -> None:
    now = timezone.now()
    survey.opens_at = now - timedelta(days=30)
    survey.closes_at = now - timedelta(days=2)
    survey.results_published_at = now - timedelta(days=1)
    survey.save()


def test_before_the_results_date_partner_viewers_see_when_they_will_be_published(
    staff_client, survey
) -> None:
    survey.results_published_at = survey.closes_at + timedelta(days=14)
    survey.save()
    add_response(survey, answers={"affected_how": ["not_affected"]})
    page = staff_client((Role.PARTNER_VIEWER, survey)).get(RESULTS).content.decode()
    assert "Results are due to be published on" in page
    assert "<table" not in page


def test_published_results_are_protected_tables_without_free_text(staff_client, survey) -> None:
    for answer, count in (("not_affected", 40), ("witness", 30), ("family", 30)):
        for _ in range(count):
            add_response(survey, answers={"affected_how": [answer], "nickname": "Sam from Kettering"})
    for _ in range(2):
        add_response(
            survey, answers={"affected_how": ["victim"], "reported": "no", "why_not": "secret detail"}
        )
    _publish(survey)
    page = staff_client((Role.PARTNER_VIEWER, survey)).get(RESULTS).content.decode()
    assert 'id="table-affected_how"' in page
    assert "I have not been affected" in page
    table = page[page.index('id="table-affected_how"') :].split("</table>")[0]
    assert re.search(r"I have not been affected</th><td[^>]*>40</td>", table)
    assert re.search(r"It happened to me</th><td[^>]*>\[c\]</td>", table), "two victims are too few to show"
    assert "secret detail" not in page
    assert "Sam from Kettering" not in page
