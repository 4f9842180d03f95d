"""Shared by the hostile-input tests: what a clear answer to a bad request looks like."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from safevoice.journey.tests.conftest import consultation, started  # noqa: F401 - shared fixtures
from tests.durability.conftest import database  # noqa: F401 - shared fixture

# Modest: the whole suite runs twice in CI on two cores.
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def assert_clear(response: Any) -> None:
    """Never a server error; a refusal is one of the site's own pages, with a heading that says what happened."""
    assert response.status_code < 500, response.status_code
    if response.status_code in {301, 302, 303}:
        assert response["Location"]
        return
    if response.status_code == 405:
        assert response["Allow"]  # a method no page of ours offers: the header says which ones it takes
        return
    if response.get("Content-Type", "").startswith("text/calendar"):
        return
    body = response.content.decode()
    assert "Traceback" not in body
    heading = HEADING.search(body)
    assert heading, f"{response.status_code} page without a heading"
    assert heading.group(1).strip()
    if response.status_code == 200 and "govuk-form-group--error" in body:
        # Every field in error is listed in the summary at the top, linked to the field.
        assert "govuk-error-summary" in body
        assert re.search(r'<a href="#[^"]+">', body)


@pytest.fixture
def email_enabled(settings):
    settings.SAFEVOICE_EMAIL_RESUME_LINKS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings
