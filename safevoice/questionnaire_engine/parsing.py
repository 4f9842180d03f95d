"""Turning a schema-valid, semantically valid questionnaire document into typed objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from safevoice.questionnaire_engine.areas import AreaCatalogue, load_area_catalogue
from safevoice.questionnaire_engine.model import (
    DEFAULT_MAX_LENGTH,
    All,
    Answered,
    AnyCondition,
    AnyOf,
    Condition,
    Equals,
    GridRow,
    NoneOf,
    Not,
    Option,
    Page,
    Question,
    Questionnaire,
    QuestionType,
    TextBlock,
)


def parse_condition(raw: Mapping[str, Any]) -> Condition:
    if "all" in raw:
        return All(tuple(parse_condition(c) for c in raw["all"]))
    if "any" in raw:
        return AnyCondition(tuple(parse_condition(c) for c in raw["any"]))
    if "not" in raw:
        return Not(parse_condition(raw["not"]))
    question = raw["question"]
    if "equals" in raw:
        return Equals(question, str(raw["equals"]))
    if "any_of" in raw:
        return AnyOf(question, tuple(raw["any_of"]))
    if "none_of" in raw:
        return NoneOf(question, tuple(raw["none_of"]))
    return Answered(question, bool(raw["answered"]))


def _options(raw: Mapping[str, Any], option_sets: Mapping[str, Any]) -> tuple[Option, ...]:
    source = raw["options"] if "options" in raw else option_sets.get(raw.get("option_set", ""), [])
    return tuple(
        Option(
            id=o["id"],
            label=o["label"],
            hint=o.get("hint", ""),
            exclusive=bool(o.get("exclusive", False)),
            other=bool(o.get("other", False)),
            other_required=bool(o.get("other_required", False)),
        )
        for o in source
    )


def _question(raw: Mapping[str, Any], option_sets: Mapping[str, Any], areas: AreaCatalogue) -> Question:
    kind = QuestionType(raw["type"])
    levels = tuple(raw.get("levels", ()))
    area_choices = areas.choices_at(areas.asked_level(levels)) if kind == QuestionType.AREA else ()
    return Question(
        id=raw["id"],
        type=kind,
        label=raw["label"],
        hint=raw.get("hint", ""),
        required=bool(raw.get("required", False)),
        show_if=parse_condition(raw["show_if"]) if "show_if" in raw else None,
        options=_options(raw, option_sets),
        max_choices=raw.get("max_choices"),
        max_length=raw.get("max_length", DEFAULT_MAX_LENGTH.get(kind)),
        min=raw.get("min"),
        max=raw.get("max"),
        unit=raw.get("unit", ""),
        rows=tuple(GridRow(id=r["id"], label=r["label"]) for r in raw.get("rows", ())),
        levels=levels,
        area_choices=area_choices,
        area_answers={c.code: areas.answer_for(c.code, levels) for c in area_choices},
    )


def build_questionnaire(
    data: Mapping[str, Any], *, areas: AreaCatalogue | None = None, source: str = ""
) -> Questionnaire:
    """The typed questionnaire. ``data`` must already have passed the schema and ``validate_definition``."""
    areas = areas or load_area_catalogue()
    option_sets = data.get("option_sets", {}) or {}
    pages = tuple(
        Page(
            id=p["id"],
            heading=p.get("heading", ""),
            body_markdown=p.get("body_markdown", ""),
            is_information=p.get("type") == "information",
            show_if=parse_condition(p["show_if"]) if "show_if" in p else None,
            questions=tuple(_question(q, option_sets, areas) for q in p.get("questions", ())),
        )
        for p in data["pages"]
    )
    return Questionnaire(
        id=data["id"],
        version=str(data["version"]),
        language=data["language"],
        title=data["title"],
        start=TextBlock(data["start"]["heading"], data["start"].get("body_markdown", "")),
        confirmation=TextBlock(
            data["confirmation"]["heading"], data["confirmation"].get("body_markdown", "")
        ),
        pages=pages,
        estimated_minutes=data.get("estimated_minutes"),
        areas=areas,
        definition=data,
        source=source,
    )
