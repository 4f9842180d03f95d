"""The table of answers and the codebook that analysis gets from a consultation's stored responses."""

from __future__ import annotations

import copy
import json
import uuid
from datetime import datetime
from typing import Any

import jsonschema
import polars as pl
import pytest
from django.utils import timezone

from safevoice.analysis.layout import columns_of
from safevoice.analysis.tables.codebook import SCHEMA
from safevoice.consultations.models import Consultation
from safevoice.questionnaire_engine import questionnaire_from_definition
from safevoice.questionnaires.models import QuestionnaireVersion
from safevoice.questionnaires.selectors import questionnaire_for_version
from safevoice.questionnaires.services import store_questionnaire
from safevoice.questionnaires.tests.factories import (
    REAL_QUESTIONNAIRE,
    fixture_questionnaire,
    make_consultation,
)
from safevoice.responses.models import Channel, Response
from safevoice.responses.selectors import RESPONSE_COLUMNS, answers_frame, codebook_for
from safevoice.responses.services import submit_response

pytestmark = pytest.mark.django_db


def submit(
    consultation: Consultation,
    answers: dict[str, Any],
    *,
    version: QuestionnaireVersion | None = None,
    language: str = "en",
    channel: str = Channel.ONLINE,
) -> None:
    version = version or QuestionnaireVersion.objects.get(consultation=consultation, is_current=True)
    now = timezone.now()
    submit_response(
        consultation=consultation,
        version=version,
        questionnaire=questionnaire_for_version(version=version),
        answers=answers,
        token=uuid.uuid4().hex,
        language=language,
        started_at=now,
        now=now,
        channel=channel,
    )


def welsh_version(consultation: Consultation) -> QuestionnaireVersion:
    """A Welsh version of the test questionnaire: the same ids, Welsh labels, and one option English lacks."""
    definition = copy.deepcopy(dict(fixture_questionnaire().definition))
    definition |= {"version": "1-cy", "language": "cy", "title": "Arolwg prawf"}
    question = definition["pages"][0]["questions"][0]
    question["label"] = "Yn ystod y 12 mis diwethaf, a ydych chi wedi cael eich effeithio gan drais difrifol?"
    question["options"][0]["label"] = "Digwyddodd i mi"
    question["options"].insert(3, {"id": "online", "label": "Ar-lein"})
    question["max_choices"] = 4
    definition["option_sets"]["yes_no"][0]["label"] = "Do"
    current = QuestionnaireVersion.objects.get(consultation=consultation, is_current=True)
    store_questionnaire(consultation=consultation, questionnaire=questionnaire_from_definition(definition))
    # Loading made the Welsh version current; the English one stays the version analysis words tables in.
    return QuestionnaireVersion.objects.exclude(pk=current.pk).get(consultation=consultation)


def test_one_row_per_response_with_answers_in_the_analysis_columns() -> None:
    consultation, _ = make_consultation()
    submit(
        consultation,
        {
            "affected_how": ["victim", "other"],
            "affected_how__other": "Online",
            "reported": "no",
            "why_not": "I was scared",
            "places": {"parks": "disagree"},
            "area": {"former_district": "E07000153", "unitary": "E06000061"},
            "age": 44,
        },
    )
    # Answers to questions routing hides (why_not needs reported = no) are not stored, so they are null.
    submit(
        consultation,
        {"affected_how": ["not_affected"], "reported": "no", "why_not": "hidden"},
        channel="paper",
    )
    frame = answers_frame(consultation=consultation)

    questionnaire = fixture_questionnaire()
    assert frame.columns == [c for q in questionnaire.questions for c in columns_of(q)] + list(
        RESPONSE_COLUMNS
    )
    first, second = frame.to_dicts()
    assert first["affected_how__victim"] is True
    assert first["affected_how__witness"] is False
    assert first["affected_how__other_text"] == "Online"
    assert first["why_not"] == "I was scared"
    assert first["places__parks"] == "disagree"
    assert first["area__unitary"] == "E06000061"
    assert first["age"] == 44
    assert second["reported"] is None
    assert second["why_not"] is None
    assert second["affected_how__not_affected"] is True
    assert (first["channel"], second["channel"]) == ("online", "paper")
    assert first["questionnaire_version"] == "1"
    assert first["language"] == "en"
    assert isinstance(first["submitted_at"], datetime)
    assert first["submitted_at"].tzinfo is not None
    assert first["submitted_at"] <= second["submitted_at"]
    assert first["flagged_for_review"] is False


def test_answers_in_two_versions_and_languages_share_option_ids_and_columns() -> None:
    consultation, english = make_consultation()
    welsh = welsh_version(consultation)
    submit(consultation, {"affected_how": ["victim"], "reported": "yes"}, version=english)
    submit(
        consultation, {"affected_how": ["victim", "online"], "reported": "yes"}, version=welsh, language="cy"
    )
    frame = answers_frame(consultation=consultation)
    assert frame["affected_how__victim"].to_list() == [True, True]
    assert frame["affected_how__online"].to_list() == [False, True]
    assert frame["reported"].to_list() == ["yes", "yes"]
    assert frame["questionnaire_version"].to_list() == ["1", "1-cy"]
    assert frame["language"].to_list() == ["en", "cy"]

    codebook = {q["id"]: q for q in codebook_for(consultation=consultation)["questions"]}
    affected = codebook["affected_how"]
    # Labels in the site's language (English), options from every version.
    assert affected["label"].startswith("In the last 12 months")
    assert affected["options"][0] == {"id": "victim", "label": "It happened to me"}
    assert {"id": "online", "label": "Ar-lein"} in affected["options"]
    assert codebook["reported"]["options"][0] == {"id": "yes", "label": "Yes"}


def test_the_codebook_follows_the_schema_and_breaks_down_by_area_age_and_sex() -> None:
    consultation, _ = make_consultation(questionnaire_path=REAL_QUESTIONNAIRE)
    document = codebook_for(consultation=consultation)
    jsonschema.validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert document["breakdowns"] == ["home_area__unitary", "age_band", "sex"]
    ids = [q["id"] for q in document["questions"]]
    assert "feel_safe__local_area_after_dark" in ids
    assert "home_area__former_district" in ids
    assert "causes" not in ids


def test_reading_costs_the_same_few_queries_however_many_responses(django_assert_max_num_queries) -> None:
    consultation, _ = make_consultation()
    for _ in range(30):
        submit(consultation, {"affected_how": ["witness"], "reported": "yes"})
    answers_frame(consultation=consultation)  # parses the version once, as every later read reuses
    with django_assert_max_num_queries(3):
        frame = answers_frame(consultation=consultation)
    assert frame.height == 30


def test_a_consultation_without_responses_is_an_empty_table_with_every_column() -> None:
    consultation, _ = make_consultation()
    frame = answers_frame(consultation=consultation)
    assert frame.height == 0
    assert "affected_how__victim" in frame.columns
    assert frame.schema["submitted_at"] == pl.Datetime("us", "UTC")


def test_an_answer_of_the_wrong_type_is_named_not_a_crash() -> None:
    consultation, _ = make_consultation()
    submit(consultation, {"affected_how": ["witness"], "age": 40})
    # As an importer with a bug might store it: a number as words.
    Response.objects.update(answers={"affected_how": ["witness"], "age": "forty"})
    with pytest.raises(ValueError, match="a stored answer does not have the type its question gives it"):
        answers_frame(consultation=consultation)
