"""The codebook: which columns of an export are which questions, their options and labels.

A codebook is YAML or JSON (validated against ``codebook.schema.json``) or a CSV with one row per option. The
questionnaire engine writes one for every consultation; an analyst can write one by hand for any survey export.
See docs/analysis.md for the format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from safevoice.content import ContentError, ContentErrors, load_yaml, read_text, validate_against_schema

SCHEMA = Path(__file__).with_name("codebook.schema.json")
CSV_COLUMNS = ("question_id", "question_label", "type", "option_id", "option_label")

QuestionType = Literal["single", "multiple"]


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    """One question. A single-choice answer is one column named ``id`` holding an option id (blank: no answer);
    a multiple-choice answer is one true/false column per option, named ``<id>__<option id>``."""

    id: str
    label: str
    type: QuestionType
    options: tuple[Option, ...]

    def column_for(self, option: Option) -> str:
        return f"{self.id}__{option.id}"

    @property
    def columns(self) -> tuple[str, ...]:
        if self.type == "single":
            return (self.id,)
        return tuple(self.column_for(option) for option in self.options)


@dataclass(frozen=True)
class Codebook:
    questions: tuple[Question, ...]
    breakdowns: tuple[str, ...] = field(default=())

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def breakdowns_for(self, question_id: str) -> tuple[str, ...]:
        """The breakdowns of one question's table. A breakdown question is broken down only by the breakdowns
        after it, so that each pair (area × sex, say) is one table: sex × area as well would publish the same
        cells twice, protected separately, and one table's published cell could be the other's hidden one."""
        if question_id in self.breakdowns:
            return self.breakdowns[self.breakdowns.index(question_id) + 1 :]
        return self.breakdowns

    def with_breakdowns(self, breakdowns: Sequence[str]) -> Codebook:
        codebook = Codebook(questions=self.questions, breakdowns=tuple(breakdowns))
        problems = _breakdown_problems(codebook)
        if problems:
            raise ContentErrors(ContentError(Path("--by"), None, problem) for problem in problems)
        return codebook


def load_codebook(path: Path) -> Codebook:
    """Read a codebook from YAML, JSON or CSV, raising ContentErrors that name the file, line and reason."""
    if path.suffix.lower() == ".csv":
        return _from_csv(path)
    document = load_yaml(path)
    errors = validate_against_schema(document, SCHEMA)
    if errors:
        raise ContentErrors(errors)
    questions = tuple(
        Question(
            id=q["id"],
            label=q["label"],
            type=q["type"],
            options=tuple(Option(id=str(o["id"]), label=o["label"]) for o in q["options"]),
        )
        for q in document.data["questions"]
    )
    codebook = Codebook(questions=questions, breakdowns=tuple(document.data.get("breakdowns", ())))
    problems = _duplicate_problems(codebook) + _breakdown_problems(codebook)
    if problems:
        raise ContentErrors(ContentError(path, None, problem) for problem in problems)
    return codebook


def _from_csv(path: Path) -> Codebook:
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ContentErrors(
            [
                ContentError(
                    path, 1, f"the header needs the columns {', '.join(CSV_COLUMNS)}; missing {missing}"
                )
            ]
        )
    errors: list[ContentError] = []
    order: list[str] = []
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    options: dict[str, list[Option]] = {}
    for line, row in enumerate(reader, start=2):
        qid, qtype = (row["question_id"] or "").strip(), (row["type"] or "").strip()
        oid, olabel = (row["option_id"] or "").strip(), (row["option_label"] or "").strip()
        if not qid or not oid or not olabel:
            errors.append(
                ContentError(path, line, "question_id, option_id and option_label must not be blank")
            )
            continue
        if qtype not in ("single", "multiple"):
            errors.append(ContentError(path, line, f"type must be 'single' or 'multiple', not {qtype!r}"))
            continue
        if qid not in labels:
            order.append(qid)
            labels[qid] = (row["question_label"] or "").strip() or qid
            types[qid] = qtype
            options[qid] = []
        elif types[qid] != qtype:
            errors.append(ContentError(path, line, f"question {qid!r} was {types[qid]!r} on an earlier row"))
            continue
        options[qid].append(Option(id=oid, label=olabel))
    if not order and not errors:
        errors.append(ContentError(path, None, "the codebook has no questions"))
    if errors:
        raise ContentErrors(errors)
    codebook = Codebook(
        questions=tuple(
            Question(id=q, label=labels[q], type=types[q], options=tuple(options[q]))  # type: ignore[arg-type]
            for q in order
        )
    )
    problems = _duplicate_problems(codebook)
    if problems:
        raise ContentErrors(ContentError(path, None, problem) for problem in problems)
    return codebook


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


def _duplicate_problems(codebook: Codebook) -> list[str]:
    problems = [f"the question id {q!r} appears twice" for q in _duplicates(q.id for q in codebook.questions)]
    for question in codebook.questions:
        problems += [
            f"question {question.id!r}: the option id {o!r} appears twice"
            for o in _duplicates(o.id for o in question.options)
        ]
    return problems


def _breakdown_problems(codebook: Codebook) -> list[str]:
    known = {q.id: q for q in codebook.questions}
    problems = []
    for breakdown in codebook.breakdowns:
        if breakdown not in known:
            problems.append(f"the breakdown {breakdown!r} is not a question in the codebook")
        elif known[breakdown].type != "single":
            problems.append(
                f"the breakdown {breakdown!r} must be a single-choice question (each person in one group)"
            )
    return problems
