from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from safevoice.content import ContentErrors
from safevoice.questionnaire_engine import read_questionnaire
from safevoice.questionnaires.models import QuestionnaireVersion
from safevoice.questionnaires.services import store_questionnaire
from safevoice.questionnaires.tests.factories import FIXTURE, REAL_QUESTIONNAIRE, make_consultation


def test_the_real_questionnaire_is_valid() -> None:
    questionnaire = read_questionnaire(REAL_QUESTIONNAIRE)
    assert questionnaire.id == "serious-violence-duty"
    assert len(questionnaire.questions) > 20


def test_a_missing_file_is_named() -> None:
    with pytest.raises(ContentErrors, match="the file is missing"):
        read_questionnaire(Path("/nowhere/questionnaire.yaml"))


@pytest.mark.django_db
def test_storing_the_same_version_again_changes_nothing() -> None:
    consultation, first = make_consultation()
    again = store_questionnaire(consultation=consultation, questionnaire=read_questionnaire(FIXTURE))
    assert again.pk == first.pk
    assert QuestionnaireVersion.objects.count() == 1
    assert again.is_current


@pytest.mark.django_db
def test_a_changed_definition_under_the_same_version_is_refused() -> None:
    consultation, _ = make_consultation()
    questionnaire = read_questionnaire(FIXTURE)
    changed = dataclasses.replace(
        questionnaire, definition={**questionnaire.definition, "title": "Another title"}
    )
    with pytest.raises(ContentErrors, match="version '1' is already stored with different content"):
        store_questionnaire(consultation=consultation, questionnaire=changed)


@pytest.mark.django_db
def test_a_new_version_becomes_current_and_the_old_one_is_kept() -> None:
    consultation, first = make_consultation()
    questionnaire = read_questionnaire(FIXTURE)
    newer = dataclasses.replace(
        questionnaire, version="2", definition={**questionnaire.definition, "version": "2", "title": "Newer"}
    )
    second = store_questionnaire(consultation=consultation, questionnaire=newer)
    first.refresh_from_db()
    assert second.is_current
    assert not first.is_current
    assert QuestionnaireVersion.objects.count() == 2
