"""The one table layout: stored answers and synthetic ones land in the same columns, and the codebook matches."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl
import pytest

from safevoice.analysis.layout import (
    LayoutConflict,
    codebook_document,
    columns_of,
    merged_questions,
    questionnaire_codebook,
    table_from_answers,
)
from safevoice.analysis.tables.answers import encode
from safevoice.analysis.tables.codebook import SCHEMA, load_codebook
from safevoice.questionnaire_engine import Questionnaire, questionnaire_from_definition, read_questionnaire
from safevoice.synthetic.profile import profile_beside
from safevoice.synthetic.sampler import generate_answers, generate_table

ROOT = Path(__file__).resolve().parents[3]
SVD = ROOT / "content/consultations/serious-violence-duty-2023/questionnaire.yaml"
EVERY_TYPE = ROOT / "safevoice/questionnaire_engine/tests/fixtures/every_type.yaml"


@pytest.fixture(scope="module")
def svd() -> Questionnaire:
    return read_questionnaire(SVD)


@pytest.fixture(scope="module")
def every_type() -> Questionnaire:
    return read_questionnaire(EVERY_TYPE)


@pytest.mark.parametrize("path", [SVD, EVERY_TYPE], ids=["serious violence duty", "every type"])
def test_stored_answers_give_exactly_the_synthetic_table(path: Path) -> None:
    questionnaire = read_questionnaire(path)
    profile = profile_beside(questionnaire)
    expected = generate_table(questionnaire, n=1500, seed=11, profile=profile)
    stored = table_from_answers(
        questionnaire.questions, generate_answers(questionnaire, n=1500, seed=11, profile=profile)
    )
    assert stored.columns == expected.columns
    assert stored.equals(expected)


def test_each_answer_type_has_its_columns(every_type: Questionnaire) -> None:
    answers: list[dict[str, Any]] = [
        {
            "affected_how": ["victim", "other"],
            "affected_how__other": "Online",
            "reported": "no",
            "places": {"parks": "disagree"},
            "area": {"former_district": "E07000153", "unitary": "E06000061"},
            "age": 44,
            "when_happened": "2024-06",
        },
        {"affected_how": ["not_affected"], "area": {"not_sure": True}},
        {"affected_how": ["prefer_not_to_say"], "area": {"prefer_not_to_say": True}},
    ]
    table = table_from_answers(every_type.questions, answers)
    assert table.columns == [c for q in every_type.questions for c in columns_of(q)]
    rows = table.to_dicts()
    assert rows[0]["affected_how__victim"] is True
    assert rows[0]["affected_how__witness"] is False
    assert rows[0]["affected_how__other_text"] == "Online"
    assert rows[0]["places__parks"] == "disagree"
    assert rows[0]["places__town_centre"] is None
    assert rows[0]["area"] == "E07000153"
    assert (rows[0]["area__unitary"], rows[0]["area__former_district"]) == ("E06000061", "E07000153")
    assert rows[0]["age"] == 44
    assert rows[0]["when_happened"] == "2024-06"
    # Hidden or skipped questions are null, and so is the "please specify" text nobody gave.
    assert rows[1]["reported"] is None
    assert rows[1]["why_not"] is None
    assert rows[1]["affected_how__other_text"] is None
    assert not any(rows[1][f"affected_how__{o}"] for o in ("victim", "witness", "family", "other"))
    # "Not sure" and "Prefer not to say" are answers at every level of an area, so tables show them.
    assert (rows[1]["area"], rows[1]["area__unitary"], rows[1]["area__former_district"]) == ("not_sure",) * 3
    assert rows[2]["area__unitary"] == "prefer_not_to_say"
    assert table.schema["age"] == pl.Int64


def _second_version(questionnaire: Questionnaire) -> Questionnaire:
    """A later version that adds an option to a multiple choice and a row to the grid."""
    definition = copy.deepcopy(dict(questionnaire.definition))
    definition["version"] = "2"
    options = definition["pages"][0]["questions"][0]["options"]
    options.insert(3, {"id": "online", "label": "It happened online"})
    definition["pages"][0]["questions"][0]["max_choices"] = 4
    safety = next(p for p in definition["pages"] if p["id"] == "safety")
    safety["questions"][1]["rows"].append({"id": "buses", "label": "Buses"})
    return questionnaire_from_definition(definition)


def test_two_versions_share_one_layout(every_type: Questionnaire) -> None:
    later = _second_version(every_type)
    questions = merged_questions([every_type, later])
    affected = next(q for q in questions if q.id == "affected_how")
    assert [o.id for o in affected.options][-1] == "online"
    table = table_from_answers(
        questions,
        [{"affected_how": ["victim"]}, {"affected_how": ["victim", "online"], "places": {"buses": "agree"}}],
    )
    assert table["affected_how__victim"].to_list() == [True, True]
    assert table["affected_how__online"].to_list() == [False, True]
    assert table["places__buses"].to_list() == [None, "agree"]


def test_an_id_whose_answers_change_shape_is_refused(every_type: Questionnaire) -> None:
    definition = copy.deepcopy(dict(every_type.definition))
    definition["version"] = "3"
    reported = next(p for p in definition["pages"] if p["id"] == "reported_page")["questions"][0]
    reported["type"] = "multiple_choice"
    with pytest.raises(
        LayoutConflict, match="'reported' is single_choice in version 1 but multiple_choice in version 3"
    ):
        merged_questions([every_type, questionnaire_from_definition(definition)])


def test_the_codebook_is_valid_and_reads_the_table(svd: Questionnaire, tmp_path: Path) -> None:
    codebook = questionnaire_codebook([svd])
    document = codebook_document(codebook)
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    assert document["breakdowns"] == ["home_area__unitary", "age_band", "sex"]
    ids = [q["id"] for q in document["questions"]]
    assert "feel_safe__local_area_after_dark" in ids
    assert "feel_safe" not in ids
    assert {"home_area__unitary", "home_area__former_district", "home_area__postcode_district"} <= set(ids)
    assert "causes" not in ids  # free text has no table
    unitary = next(q for q in document["questions"] if q["id"] == "home_area__unitary")
    assert [o["id"] for o in unitary["options"]] == [
        "E06000061",
        "E06000062",
        "not_sure",
        "prefer_not_to_say",
    ]
    # Written out, it is a codebook analysts can use with `safevoice-analysis tables`.
    path = tmp_path / "codebook.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert load_codebook(path) == codebook
    encoded = encode(generate_table(svd, n=300, seed=3, profile=profile_beside(svd)), codebook)
    assert encoded["home_area__unitary"].answered.sum() > 250
