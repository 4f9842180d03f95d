from __future__ import annotations

import pytest
from django.test import Client

from safevoice.consultations.models import Consultation
from safevoice.protection import day_keys
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
def fresh_day_key():
    """Each test starts with a fresh rate-limit day key, as after a restart."""
    day_keys.forget()
    yield
    day_keys.forget()
