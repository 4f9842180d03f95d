"""Storing a questionnaire as an immutable version. The consultation loader calls this in its transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from safevoice.consultations.models import Consultation
from safevoice.content import ContentError, ContentErrors
from safevoice.questionnaire_engine import Questionnaire
from safevoice.questionnaires.models import QuestionnaireVersion


def definition_sha256(definition: Mapping[str, Any]) -> str:
    """A hash of the definition that ignores key order and YAML formatting, so only a real change alters it."""
    canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def store_questionnaire(*, consultation: Consultation, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """Store ``questionnaire`` as the consultation's current version; call inside the loader's transaction.

    Loading the same version again changes nothing. A different definition under a version number already
    stored is refused: responses point at versions, so a version must never change after it is stored.
    """
    # Through JSON and back, so what is hashed is exactly what the database keeps (dates become strings).
    definition = json.loads(json.dumps(questionnaire.definition, default=str))
    digest = definition_sha256(definition)
    existing = QuestionnaireVersion.objects.filter(
        consultation=consultation, version=questionnaire.version
    ).first()
    if existing is not None:
        if existing.sha256 != digest:
            source = Path(questionnaire.source or "questionnaire.yaml")
            raise ContentErrors(
                [
                    ContentError(
                        source,
                        None,
                        f"version {questionnaire.version!r} is already stored with different content; versions "
                        "cannot change once stored, so give the changed questionnaire a new 'version'",
                    )
                ]
            )
        version = existing
    else:
        version = QuestionnaireVersion.objects.create(
            consultation=consultation,
            questionnaire_id=questionnaire.id,
            version=questionnaire.version,
            language=questionnaire.language,
            definition=definition,
            sha256=digest,
        )
    if not version.is_current:
        QuestionnaireVersion.objects.filter(consultation=consultation, is_current=True).update(
            is_current=False
        )
        version.is_current = True
        version.save(update_fields=["is_current"])
    return version
