"""The checks a JSON schema cannot make: ids, cross-references, routing order and reachability.

Works on the raw (schema-valid) document so that every problem is reported with the JSON path of the place it is
in; ``loading.py`` turns paths into file lines. Plain Python, no Django.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

JsonPath = tuple[str | int, ...]

SINGLE_VALUED = {"single_choice", "likert"}
WITH_OPTIONS = {"single_choice", "multiple_choice", "likert", "likert_grid"}
#: Beyond this many yes/no facts a condition depends on, reachability is not searched exhaustively (it would be
#: slow) and the page is assumed reachable. Real conditions depend on a handful.
MAX_ATOMS_FOR_REACHABILITY = 14


@dataclass(frozen=True)
class Problem:
    path: JsonPath
    reason: str


@dataclass
class _QuestionInfo:
    id: str
    type: str
    page_index: int
    options: list[dict[str, Any]]
    path: JsonPath
    reachable: bool = True


def _options_of(question: Mapping[str, Any], option_sets: Mapping[str, Any]) -> list[dict[str, Any]]:
    if "options" in question:
        return list(question["options"])
    return list(option_sets.get(question.get("option_set", ""), []))


def validate_definition(data: Mapping[str, Any]) -> list[Problem]:
    """Every semantic problem in a questionnaire that already satisfies the JSON schema."""
    problems: list[Problem] = []
    option_sets: Mapping[str, Any] = data.get("option_sets", {}) or {}

    for set_id, options in option_sets.items():
        problems += _duplicate_option_ids(options, ("option_sets", set_id), "option set")

    seen_ids: dict[str, JsonPath] = {}
    questions: dict[str, _QuestionInfo] = {}

    def claim(identifier: str, path: JsonPath, what: str) -> None:
        if identifier in seen_ids:
            first = "/".join(str(p) for p in seen_ids[identifier])
            problems.append(Problem(path, f"the {what} id {identifier!r} is already used (at {first})"))
        else:
            seen_ids[identifier] = path
        if "__" in identifier:
            problems.append(
                Problem(
                    path,
                    f"the id {identifier!r} contains '__', which is kept for answer columns like 'x__other'",
                )
            )

    for page_index, page in enumerate(data.get("pages", [])):
        page_path: JsonPath = ("pages", page_index)
        claim(page["id"], (*page_path, "id"), "page")
        page_questions = page.get("questions", [])
        if len(page_questions) > 1 and "heading" not in page:
            problems.append(Problem(page_path, "a page with more than one question needs a 'heading'"))
        for question_index, question in enumerate(page_questions):
            question_path: JsonPath = (*page_path, "questions", question_index)
            claim(question["id"], (*question_path, "id"), "question")
            problems += _check_question(question, question_path, option_sets)
            questions.setdefault(
                question["id"],
                _QuestionInfo(
                    id=question["id"],
                    type=question["type"],
                    page_index=page_index,
                    options=_options_of(question, option_sets),
                    path=question_path,
                ),
            )

    # Routing: conditions read earlier pages only (so routing can never loop), name real questions and options,
    # and can come true for some respondent (otherwise the page or question is unreachable).
    for page_index, page in enumerate(data.get("pages", [])):
        page_path = ("pages", page_index)
        page_reachable = True
        if "show_if" in page:
            found = list(_check_condition(page["show_if"], (*page_path, "show_if"), page_index, questions))
            problems += found
            if not found and not _can_hold(page["show_if"], questions):
                page_reachable = False
                problems.append(
                    Problem(
                        (*page_path, "show_if"),
                        f"the page {page['id']!r} can never be shown: no set of earlier answers makes its "
                        "'show_if' true",
                    )
                )
        for question_index, question in enumerate(page.get("questions", [])):
            info = questions.get(question["id"])
            if info is None or info.path != (*page_path, "questions", question_index):
                continue
            info.reachable = page_reachable
            if "show_if" not in question:
                continue
            question_path = (*page_path, "questions", question_index, "show_if")
            found = list(_check_condition(question["show_if"], question_path, page_index, questions))
            problems += found
            if not found and page_reachable and not _can_hold(question["show_if"], questions):
                info.reachable = False
                problems.append(
                    Problem(
                        question_path,
                        f"the question {question['id']!r} can never be shown: no set of earlier answers makes "
                        "its 'show_if' true",
                    )
                )
    return problems


def _duplicate_option_ids(options: list[dict[str, Any]], path: JsonPath, what: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, option in enumerate(options):
        if option["id"] in seen:
            problems.append(
                Problem((*path, index, "id"), f"the option id {option['id']!r} appears twice in this {what}")
            )
        seen.add(option["id"])
    return problems


def _check_question(
    question: Mapping[str, Any], path: JsonPath, option_sets: Mapping[str, Any]
) -> list[Problem]:
    problems: list[Problem] = []
    kind = question["type"]
    if "option_set" in question and question["option_set"] not in option_sets:
        problems.append(
            Problem((*path, "option_set"), f"there is no option set called {question['option_set']!r}")
        )
    if "options" in question:
        problems += _duplicate_option_ids(question["options"], (*path, "options"), "question")
    options = _options_of(question, option_sets)
    others = [o for o in options if o.get("other")]
    if len(others) > 1 and kind == "multiple_choice":
        problems.append(
            Problem(
                path,
                "only one option of a multiple choice question may have 'other: true' (its text is "
                "stored once, as '<question>__other')",
            )
        )
    problems += [
        Problem(
            path,
            f"option {o.get('id')!r} has 'other_required' but no 'other: true', so it has no text box to require",
        )
        for o in options
        if o.get("other_required") and not o.get("other")
    ]
    if others and kind not in {"single_choice", "multiple_choice"}:
        problems.append(
            Problem(path, f"'other: true' options are only for single and multiple choice, not {kind}")
        )
    if kind == "multiple_choice":
        if options and all(o.get("exclusive") for o in options):
            problems.append(Problem(path, "every option is exclusive, so only one could ever be chosen"))
        max_choices = question.get("max_choices")
        if max_choices is not None and options and max_choices > len(options):
            problems.append(
                Problem(
                    (*path, "max_choices"),
                    f"max_choices is {max_choices} but there are {len(options)} options",
                )
            )
    if kind == "likert_grid":
        seen: set[str] = set()
        for index, row in enumerate(question["rows"]):
            if row["id"] in seen:
                problems.append(
                    Problem((*path, "rows", index, "id"), f"the row id {row['id']!r} appears twice")
                )
            seen.add(row["id"])
    if kind in {"number", "month_year", "date"} and "min" in question and "max" in question:
        if kind == "date":
            for key in ("min", "max"):
                try:
                    date.fromisoformat(question[key])
                except ValueError:
                    problems.append(Problem((*path, key), f"{question[key]!r} is not a real date"))
                    return problems
        if question["min"] > question["max"]:
            problems.append(
                Problem((*path, "min"), f"min ({question['min']}) is more than max ({question['max']})")
            )
    return problems


def _check_condition(
    condition: Mapping[str, Any], path: JsonPath, page_index: int, questions: Mapping[str, _QuestionInfo]
) -> Iterator[Problem]:
    for key in ("all", "any"):
        if key in condition:
            for index, part in enumerate(condition[key]):
                yield from _check_condition(part, (*path, key, index), page_index, questions)
            return
    if "not" in condition:
        yield from _check_condition(condition["not"], (*path, "not"), page_index, questions)
        return
    question_id = condition["question"]
    target = questions.get(question_id)
    if target is None:
        yield Problem(
            (*path, "question"), f"the condition refers to {question_id!r}, which is not a question here"
        )
        return
    if target.page_index >= page_index:
        where = "this page" if target.page_index == page_index else "a later page"
        yield Problem(
            (*path, "question"),
            f"the condition refers to {question_id!r} on {where}; a condition may only read earlier pages "
            "(otherwise the routing could go round in a cycle)",
        )
        return
    option_ids = {o["id"] for o in target.options}
    if "equals" in condition:
        if target.type not in SINGLE_VALUED:
            yield Problem(
                (*path, "equals"),
                f"'equals' needs a single choice or likert question, and {question_id!r} is {target.type} "
                "(use any_of or none_of for multiple choice)",
            )
        elif condition["equals"] not in option_ids:
            yield Problem((*path, "equals"), f"{question_id!r} has no option {condition['equals']!r}")
    for key in ("any_of", "none_of"):
        if key in condition:
            if target.type not in {"single_choice", "multiple_choice", "likert"}:
                yield Problem(
                    (*path, key), f"'{key}' needs a choice question, and {question_id!r} is {target.type}"
                )
                continue
            for index, value in enumerate(condition[key]):
                if value not in option_ids:
                    yield Problem((*path, key, index), f"{question_id!r} has no option {value!r}")


# Reachability -----------------------------------------------------------------------------------------------

_ANSWERED = "\x00answered"


def _atoms(condition: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for key in ("all", "any"):
        if key in condition:
            for part in condition[key]:
                yield from _atoms(part)
            return
    if "not" in condition:
        yield from _atoms(condition["not"])
        return
    question = condition["question"]
    yield (question, _ANSWERED)
    if "equals" in condition:
        yield (question, condition["equals"])
    for value in condition.get("any_of", []) + condition.get("none_of", []):
        yield (question, value)


def _evaluate(condition: Mapping[str, Any], truth: Mapping[tuple[str, str], bool]) -> bool:
    if "all" in condition:
        return all(_evaluate(c, truth) for c in condition["all"])
    if "any" in condition:
        return any(_evaluate(c, truth) for c in condition["any"])
    if "not" in condition:
        return not _evaluate(condition["not"], truth)
    question = condition["question"]
    if "answered" in condition:
        return truth[(question, _ANSWERED)] == condition["answered"]
    if "equals" in condition:
        return truth[(question, condition["equals"])]
    if "any_of" in condition:
        return any(truth[(question, v)] for v in condition["any_of"])
    return not any(truth[(question, v)] for v in condition["none_of"])


def _consistent(truth: Mapping[tuple[str, str], bool], questions: Mapping[str, _QuestionInfo]) -> bool:
    by_question: dict[str, list[str]] = {}
    for (question, value), is_true in truth.items():
        if is_true and value != _ANSWERED:
            by_question.setdefault(question, []).append(value)
    for question_id in {q for q, _ in truth}:
        info = questions[question_id]
        chosen = by_question.get(question_id, [])
        answered = truth[(question_id, _ANSWERED)]
        if not info.reachable and answered:
            return False
        if chosen and not answered:
            return False
        if info.type in SINGLE_VALUED and len(chosen) > 1:
            return False
        exclusive = {o["id"] for o in info.options if o.get("exclusive")}
        if info.type == "multiple_choice" and len(chosen) > 1 and exclusive & set(chosen):
            return False
        mentioned = {v for q, v in truth if q == question_id and v != _ANSWERED}
        every_option_mentioned = bool(info.options) and {o["id"] for o in info.options} <= mentioned
        if answered and every_option_mentioned and not chosen and info.type in WITH_OPTIONS:
            return False
    return True


def _can_hold(condition: Mapping[str, Any], questions: Mapping[str, _QuestionInfo]) -> bool:
    """Whether some consistent set of earlier answers makes ``condition`` true (exhaustive over its facts)."""
    atoms = sorted(set(_atoms(condition)))
    if len(atoms) > MAX_ATOMS_FOR_REACHABILITY:
        return True
    for values in itertools.product((False, True), repeat=len(atoms)):
        truth = dict(zip(atoms, values, strict=True))
        if _consistent(truth, questions) and _evaluate(condition, truth):
            return True
    return False
