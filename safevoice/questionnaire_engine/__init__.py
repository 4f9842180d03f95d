"""The questionnaire engine: typed questionnaires, validation, routing and answer cleaning. No Django.

questionnaire = read_questionnaire(Path("content/consultations/x/questionnaire.yaml"))  # or ContentErrors
questionnaire.visible_pages(answers); questionnaire.next_page_id(after="age", answers=answers)
clean_page(questionnaire, page, form_data, answers=answers) -> PageResult(answers, errors)
questionnaire.drop_hidden_answers(answers); questionnaire.codebook()
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from safevoice.content import ContentError, ContentErrors, LocatedYaml, load_yaml, validate_against_schema
from safevoice.questionnaire_engine.areas import AreaCatalogue
from safevoice.questionnaire_engine.cleaning import ErrorCode, FieldError, PageResult, clean_page
from safevoice.questionnaire_engine.model import Answers, Page, Question, Questionnaire, QuestionType
from safevoice.questionnaire_engine.parsing import build_questionnaire
from safevoice.questionnaire_engine.validation import validate_definition

SCHEMA_PATH = Path(__file__).resolve().parent / "questionnaire.schema.json"

__all__ = [
    "SCHEMA_PATH",
    "Answers",
    "ErrorCode",
    "FieldError",
    "Page",
    "PageResult",
    "Question",
    "QuestionType",
    "Questionnaire",
    "check_document",
    "clean_page",
    "questionnaire_from_definition",
    "read_questionnaire",
]


def check_document(document: LocatedYaml) -> list[ContentError]:
    """Every problem in a questionnaire document: the schema first, then (if that passes) the validator."""
    errors = validate_against_schema(document, SCHEMA_PATH)
    if errors:
        return errors
    return sorted(
        (document.error(problem.path, problem.reason) for problem in validate_definition(document.data)),
        key=lambda e: e.line or 0,
    )


def read_questionnaire(path: Path, *, areas: AreaCatalogue | None = None) -> Questionnaire:
    """Parse, validate and build the questionnaire in ``path``; ContentErrors names every problem's line."""
    document = load_yaml(path)
    errors = check_document(document)
    if errors:
        raise ContentErrors(errors)
    return build_questionnaire(document.data, areas=areas, source=str(path))


def questionnaire_from_definition(
    definition: Mapping[str, Any], *, areas: AreaCatalogue | None = None
) -> Questionnaire:
    """A questionnaire from a definition that was validated when it was stored (a QuestionnaireVersion)."""
    return build_questionnaire(definition, areas=areas)
