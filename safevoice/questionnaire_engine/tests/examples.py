"""Questionnaires the tests share: a fixture with every question type, and the real Serious Violence Duty one."""

from __future__ import annotations

from pathlib import Path

from safevoice.questionnaire_engine import Questionnaire, read_questionnaire

ROOT = Path(__file__).resolve().parents[3]
EVERY_TYPE = Path(__file__).parent / "fixtures" / "every_type.yaml"
REAL_QUESTIONNAIRE = ROOT / "content" / "consultations" / "serious-violence-duty-2023" / "questionnaire.yaml"


def every_type_questionnaire() -> Questionnaire:
    return read_questionnaire(EVERY_TYPE)
