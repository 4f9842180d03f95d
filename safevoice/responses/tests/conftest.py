import pytest
from django.test import Client

from safevoice.questionnaires.tests.conftest import consultation, started  # noqa: F401 - shared fixtures


@pytest.fixture
def client_factory():
    """Another browser: its own session, so nothing carries over but what the respondent types."""
    return Client
