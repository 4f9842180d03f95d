from __future__ import annotations

import pytest
from django.test import Client

from safevoice.consultations.models import Consultation
from safevoice.protection import services
from safevoice.questionnaires.tests.factories import make_consultation

BASE = "/consultations/test-survey/questionnaire/"


@pytest.fixture
def consultation(db) -> Consultation:
    consultation, _ = make_consultation()
    return consultation


@pytest.fixture
def started(client, consultation):
    """A client that has pressed "Start now"."""
    client.post(BASE)
    return client


@pytest.fixture
def client_factory():
    """Another browser: its own session, so nothing carries over but what the respondent types."""
    return Client


@pytest.fixture(autouse=True)
def fresh_secret_cache():
    """Each test's database starts without a daily rate-limit secret: do not reuse one cached by an earlier test."""
    services._secret_cache.clear()
    yield
    services._secret_cache.clear()
