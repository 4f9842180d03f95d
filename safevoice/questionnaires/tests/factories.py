"""Test set-up shared by the questionnaire, response and browser tests: a consultation with a stored questionnaire."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone

from safevoice.consultations.models import Consultation
from safevoice.questionnaire_engine import read_questionnaire
from safevoice.questionnaire_engine.tests.examples import EVERY_TYPE as FIXTURE
from safevoice.questionnaire_engine.tests.examples import REAL_QUESTIONNAIRE
from safevoice.questionnaire_engine.tests.examples import every_type_questionnaire as fixture_questionnaire
from safevoice.questionnaires.models import QuestionnaireVersion
from safevoice.questionnaires.services import store_questionnaire

__all__ = ["FIXTURE", "REAL_QUESTIONNAIRE", "fixture_questionnaire", "make_consultation"]


def make_consultation(
    *,
    slug: str = "test-survey",
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    questionnaire_path: Path = FIXTURE,
) -> tuple[Consultation, QuestionnaireVersion]:
    now = timezone.now()
    consultation = Consultation.objects.create(
        slug=slug,
        title="Test survey",
        summary="A survey for tests.",
        content_version="1",
        opens_at=opens_at or now - timedelta(days=7),
        closes_at=closes_at or now + timedelta(days=21),
        contact_email="survey@example.org",
    )
    version = store_questionnaire(
        consultation=consultation, questionnaire=read_questionnaire(questionnaire_path)
    )
    return consultation, version
