"""Reading stored questionnaires. The parsed form of each version is kept in process memory: versions never change,
so a question page costs one small query for the version row, however many questions and options it has."""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock

from django.http import Http404

from safevoice.consultations.models import Consultation
from safevoice.questionnaire_engine import Questionnaire, questionnaire_from_definition
from safevoice.questionnaires.models import QuestionnaireVersion

_parsed: dict[tuple[int, str], Questionnaire] = {}
_parsed_lock = Lock()


@dataclass(frozen=True)
class LiveQuestionnaire:
    """A stored version together with its parsed, typed form."""

    version: QuestionnaireVersion
    questionnaire: Questionnaire


def questionnaire_for_version(*, version: QuestionnaireVersion) -> Questionnaire:
    key = (version.pk, version.sha256)
    found = _parsed.get(key)
    if found is None:
        # The version row is read without its (large) definition; fetch it only the first time it is needed.
        definition = QuestionnaireVersion.objects.values_list("definition", flat=True).get(pk=version.pk)
        found = questionnaire_from_definition(definition)
        with _parsed_lock:
            _parsed[key] = found
    return found


def get_current_questionnaire(*, consultation: Consultation) -> LiveQuestionnaire:
    """The version new respondents answer; Http404 when the consultation has no questionnaire."""
    version = (
        QuestionnaireVersion.objects.filter(consultation=consultation, is_current=True)
        .defer("definition")
        .first()
    )
    if version is None:
        raise Http404("This consultation has no questionnaire")
    return LiveQuestionnaire(version=version, questionnaire=questionnaire_for_version(version=version))


def get_questionnaire_version(*, consultation: Consultation, version_id: int) -> LiveQuestionnaire | None:
    """A version an attempt began on (it may no longer be current); None if it is not this consultation's."""
    version = (
        QuestionnaireVersion.objects.filter(consultation=consultation, pk=version_id)
        .defer("definition")
        .first()
    )
    if version is None:
        return None
    return LiveQuestionnaire(version=version, questionnaire=questionnaire_for_version(version=version))
