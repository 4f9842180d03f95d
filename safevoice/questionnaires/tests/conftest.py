from __future__ import annotations

import pytest

from safevoice.consultations.models import Consultation
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
