"""Synthetic responses to a questionnaire: seeded, any number, following the questionnaire's routing.

For demonstrations, tests and benchmarks (a million rows for the analysis benchmark). No Django.

    questionnaire = read_questionnaire(Path("content/consultations/serious-violence-duty-2023/questionnaire.yaml"))
    frame = generate_table(questionnaire, n=1_000_000, seed=1)     # polars, one row per response
    answers = generate_answers(questionnaire, n=500, seed=1)       # the engine's answer dicts

Routing is the engine's, not a copy of it: pages and questions are visited in order, and whether each is shown is
decided by the engine's own ``Condition.holds`` on every distinct combination of the earlier answers it reads
(a handful), broadcast back to all rows with numpy. Hidden questions are never answered, so every answer set is one
the web journey could have produced. Sampling is vectorised per question (numpy), never a Python loop per row,
except ``table_to_answers``, which turns rows into dicts for small samples.

The marginals are plausible rather than measured: respondents are drawn from the ONS mid-2022 population of the two
unitary authorities by sex and age band (``content/reference/population.csv``), tilted the way online surveys
usually are (more women, fewer of the youngest and oldest) so weighting has something to correct; most people
are not affected; answers about what happened depend on the kind of violence (domestic abuse at home, night-time
violence at night); feeling unsafe depends on sex, age and being affected; a per-person reticence makes the same
people skip and choose "Prefer not to say" more often. Questions the Serious Violence Duty profile does not know
get generic answers, so any valid questionnaire works.

Free text is composed from templates over a varied vocabulary of causes and prevention of violence; about one in
twelve answers also carries a UK-style personal detail (a name, a phone number in Ofcom's drama ranges such as
07700 900123, a postcode such as NN1 2AB, an email at example.com) so redaction has something to find.

The table layout (one row per response, a column per answer) is defined in ``safevoice.analysis.layout``, which
stored responses are read into as well.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from safevoice.analysis.layout import columns_of, other_text_column, table_to_answers
from safevoice.questionnaire_engine.areas import DEFAULT_REFERENCE_DIR, NOT_SURE, PREFER_NOT_TO_SAY
from safevoice.questionnaire_engine.model import (
    OTHER_MAX_LENGTH,
    Answers,
    Condition,
    Question,
    Questionnaire,
    QuestionType,
)

__all__ = [
    "columns_of",
    "compose_text",
    "generate_answers",
    "generate_table",
    "labelled_texts",
    "other_text_column",
    "table_to_answers",
]

Bools = NDArray[np.bool_]
Codes = NDArray[np.int64]
Floats = NDArray[np.float64]
#: A weight for every row (an array) or the same weight for all (a number).
Weight = float | Floats

AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")
#: How much more or less likely than average each group is to answer an online survey (assumed, typical of
#: community surveys): weighting to the population file should undo it.
RESPONSE_TILT_SEX = {"females": 1.3, "males": 0.8}
RESPONSE_TILT_AGE = {
    "16-24": 0.6,
    "25-34": 0.9,
    "35-44": 1.15,
    "45-54": 1.2,
    "55-64": 1.15,
    "65-74": 0.95,
    "75+": 0.6,
}
UNDER_16_SHARE = 0.01


# ---------------------------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------------------------


def generate_table(
    questionnaire: Questionnaire, *, n: int, seed: int, reference_dir: Path = DEFAULT_REFERENCE_DIR
) -> pl.DataFrame:
    """``n`` synthetic responses as one row each (layout in the module docstring); the same seed, the same table."""
    if n < 0:
        raise ValueError(f"n must be zero or more, not {n}")
    context = _Context(questionnaire, n=n, rng=np.random.default_rng(seed), reference_dir=reference_dir)
    for page in questionnaire.pages:
        if not page.questions:
            continue
        page_shown = context.holds(page.show_if)
        for question in page.questions:
            shown = page_shown & context.holds(question.show_if)
            sampled = _sample(question, context)
            sampled.hide(~shown)
            context.sampled[question.id] = sampled
    return pl.DataFrame([series for s in context.sampled.values() for series in s.to_columns(context)])


def generate_answers(
    questionnaire: Questionnaire, *, n: int, seed: int, reference_dir: Path = DEFAULT_REFERENCE_DIR
) -> list[Answers]:
    """``n`` synthetic answer sets in the form the engine cleans and ``responses`` stores."""
    return table_to_answers(
        questionnaire, generate_table(questionnaire, n=n, seed=seed, reference_dir=reference_dir)
    )


# ---------------------------------------------------------------------------------------------------------------
# What has been sampled so far, and routing on it
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class _Sampled:
    """One question's answers for every row, in the cheapest form to sample and to route on."""

    question: Question
    #: single choice, likert, area: index into ``choices`` (-1: no answer). Grid: one column per row.
    codes: Codes | None = None
    choices: tuple[str, ...] = ()
    #: multiple choice: one column per option.
    chosen: Bools | None = None
    #: text, number and dates: the values (null: no answer).
    values: pl.Series | None = None
    #: the "please specify" text (null where none).
    other_text: pl.Series | None = None

    def hide(self, hidden: Bools) -> None:
        if not hidden.any():
            return
        if self.codes is not None:
            self.codes[hidden] = -1
        if self.chosen is not None:
            self.chosen[hidden] = False
        if self.values is not None:
            self.values = _null_where(self.values, hidden)
        if self.other_text is not None:
            self.other_text = _null_where(self.other_text, hidden)

    def answered(self) -> Bools:
        if self.codes is not None:
            return np.asarray(self.codes.reshape(len(self.codes), -1).max(axis=1) >= 0)
        if self.chosen is not None:
            return np.asarray(self.chosen.any(axis=1))
        assert self.values is not None
        return self.values.is_not_null().to_numpy()

    def routing_keys(self) -> list[Codes]:
        """Small non-negative integer arrays that together tell apart every answer a condition could see."""
        if self.codes is not None:
            codes = self.codes.reshape(len(self.codes), -1)
            return [codes[:, i] + 1 for i in range(codes.shape[1])]
        if self.chosen is not None:
            return [self.chosen[:, i].astype(np.int64) for i in range(self.chosen.shape[1])]
        return [self.answered().astype(np.int64)]

    def engine_value(self, row: int) -> Any:
        """The answer at ``row`` as the engine stores it; None when there is none."""
        question = self.question
        kind = question.type
        if kind == QuestionType.MULTIPLE_CHOICE:
            assert self.chosen is not None
            return [o.id for o, c in zip(question.options, self.chosen[row], strict=True) if c] or None
        if kind == QuestionType.LIKERT_GRID:
            assert self.codes is not None
            grid = {
                r.id: self.choices[c] for r, c in zip(question.rows, self.codes[row], strict=True) if c >= 0
            }
            return grid or None
        if self.codes is not None:
            code = int(self.codes[row])
            if code < 0:
                return None
            choice = self.choices[code]
            if kind == QuestionType.AREA:
                if choice in (NOT_SURE, PREFER_NOT_TO_SAY):
                    return {choice: True}
                return dict(question.area_answers.get(choice, {}))
            return choice
        assert self.values is not None
        return self.values[row]

    def to_columns(self, context: _Context) -> list[pl.Series]:
        question = self.question
        kind = question.type
        n = context.n
        columns: list[pl.Series] = []
        if kind == QuestionType.MULTIPLE_CHOICE:
            assert self.chosen is not None
            columns = [
                pl.Series(f"{question.id}__{o.id}", self.chosen[:, i], dtype=pl.Boolean)
                for i, o in enumerate(question.options)
            ]
        elif kind == QuestionType.LIKERT_GRID:
            assert self.codes is not None
            columns = [
                _decode(f"{question.id}__{r.id}", self.codes[:, i], self.choices)
                for i, r in enumerate(question.rows)
            ]
        elif kind == QuestionType.AREA:
            assert self.codes is not None
            columns = [_decode(question.id, self.codes, self.choices)]
            for level in question.levels:
                level_codes = tuple(
                    choice
                    if choice in (NOT_SURE, PREFER_NOT_TO_SAY)
                    else question.area_answers.get(choice, {}).get(level) or ""
                    for choice in self.choices
                )
                columns.append(_decode(f"{question.id}__{level}", self.codes, level_codes))
        elif self.codes is not None:
            columns = [_decode(question.id, self.codes, self.choices)]
        else:
            assert self.values is not None
            columns = [self.values.alias(question.id)]
        if question.other_options:
            other = (
                self.other_text
                if self.other_text is not None
                else pl.repeat(None, n, dtype=pl.String, eager=True)
            )
            columns.append(other.alias(other_text_column(question)))
        return columns


def _decode(name: str, codes: Codes, choices: Sequence[str]) -> pl.Series:
    """Option ids from codes, null for -1 (and for an empty string in ``choices``)."""
    lookup = pl.Series(name, [c or None for c in choices], dtype=pl.String)
    index = pl.Series(name, codes, dtype=pl.Int64)
    return lookup.gather(index.set(index < 0, None))


def _null_where(series: pl.Series, hidden: Bools) -> pl.Series:
    return series.set(pl.Series(hidden), None)


@dataclass
class _Persona:
    """Who each synthetic respondent is; the answers about them, and much else, follow from it."""

    #: index into ``unitaries``.
    unitary: Codes
    unitaries: tuple[str, ...]
    female: Bools
    #: index into AGE_BANDS; -1 for someone under 16.
    age: Codes
    #: how much more than average this person skips questions and prefers not to say (mean 1).
    reticence: Floats
    #: how unsafe this person tends to feel, standard normal before the effects of sex, age and experience.
    unease: Floats


@dataclass
class _Context:
    questionnaire: Questionnaire
    n: int
    rng: np.random.Generator
    reference_dir: Path
    sampled: dict[str, _Sampled] = field(default_factory=dict)
    _routing_cache: dict[Condition, Bools] = field(default_factory=dict)
    persona: _Persona = field(init=False)

    def __post_init__(self) -> None:
        self.persona = _draw_persona(self.rng, self.n, self.reference_dir)

    def holds(self, condition: Condition | None) -> Bools:
        """Where ``condition`` holds, decided by the engine on each distinct combination of the answers it reads.

        Answers are only ever added in page order and a condition reads earlier pages only, so the result for a
        condition never changes once computed (the section's shared condition is evaluated once).
        """
        if condition is None:
            return np.ones(self.n, dtype=bool)
        if condition in self._routing_cache:
            return self._routing_cache[condition]
        read = [self.sampled[q] for q in dict.fromkeys(condition.questions()) if q in self.sampled]
        keys = [key for s in read for key in s.routing_keys()] if self.n else []
        if self.n == 0:
            result = np.zeros(0, dtype=bool)
        elif not keys:
            result = np.full(self.n, condition.holds({}), dtype=bool)
        else:
            representatives, inverse = _distinct_rows(keys)
            verdicts = np.array(
                [condition.holds(self._answers_at(read, int(row))) for row in representatives], dtype=bool
            )
            result = verdicts[inverse]
        self._routing_cache[condition] = result
        return result

    @staticmethod
    def _answers_at(read: Iterable[_Sampled], row: int) -> Answers:
        answers: Answers = {}
        for sampled in read:
            value = sampled.engine_value(row)
            if value is not None:
                answers[sampled.question.id] = value
        return answers

    # Helpers for the profile: what earlier answers say, False where the question is missing or unanswered.

    def chose(self, question_id: str, *option_ids: str) -> Bools:
        sampled = self.sampled.get(question_id)
        result = np.zeros(self.n, dtype=bool)
        if sampled is None:
            return result
        for option_id in option_ids:
            if sampled.chosen is not None:
                index = _option_index(sampled.question, option_id)
                if index is not None:
                    result |= sampled.chosen[:, index]
            elif sampled.codes is not None and option_id in sampled.choices and sampled.codes.ndim == 1:
                result |= sampled.codes == sampled.choices.index(option_id)
        return result


def _option_index(question: Question, option_id: str) -> int | None:
    return next((i for i, o in enumerate(question.options) if o.id == option_id), None)


def _distinct_rows(keys: list[Codes]) -> tuple[Codes, Codes]:
    """For columns of small non-negative integers: one representative row per distinct combination, and for every
    row the index of its combination."""
    bases = [int(k.max()) + 1 for k in keys]
    if float(np.prod(np.array(bases, dtype=np.float64))) < 2**62:
        combined = np.zeros(len(keys[0]), dtype=np.int64)
        for key, base in zip(keys, bases, strict=True):
            combined = combined * base + key
        _, representatives, inverse = np.unique(combined, return_index=True, return_inverse=True)
    else:
        _, representatives, inverse = np.unique(
            np.stack(keys, axis=1), axis=0, return_index=True, return_inverse=True
        )
    return representatives, inverse.reshape(-1)


# ---------------------------------------------------------------------------------------------------------------
# Who answers
# ---------------------------------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _draw_persona(rng: np.random.Generator, n: int, reference_dir: Path) -> _Persona:
    cells: list[tuple[str, bool, int]] = []
    weights: list[float] = []
    for row in _read_csv(reference_dir / "population.csv"):
        if row["age_band"] not in AGE_BANDS:
            continue  # the file also has 16+ and all-ages totals
        cells.append((row["area_code"], row["sex"] == "females", AGE_BANDS.index(row["age_band"])))
        weights.append(
            float(row["population"]) * RESPONSE_TILT_SEX[row["sex"]] * RESPONSE_TILT_AGE[row["age_band"]]
        )
    p = np.array(weights) / sum(weights)
    cell = rng.choice(len(cells), size=n, p=p)
    unitaries = tuple(dict.fromkeys(c[0] for c in cells))
    unitary = np.array([unitaries.index(c[0]) for c in cells], dtype=np.int64)[cell]
    female = np.array([c[1] for c in cells])[cell]
    age = np.array([c[2] for c in cells], dtype=np.int64)[cell]
    age[rng.random(n) < UNDER_16_SHARE] = -1
    return _Persona(
        unitary=unitary,
        unitaries=unitaries,
        female=female,
        age=age,
        reticence=rng.gamma(shape=2.0, scale=0.5, size=n),
        unease=rng.standard_normal(n),
    )


# ---------------------------------------------------------------------------------------------------------------
# Sampling one question
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SingleSpec:
    """A single choice (or likert): relative weight per option id, per row if an array."""

    weights: Mapping[str, Weight]
    skip: float = 0.04


@dataclass(frozen=True)
class MultipleSpec:
    """A multiple choice: each non-exclusive option is chosen independently with its chance; a row that chooses
    none (or is sent there with ``exclusive_rate``) chooses one exclusive option by ``exclusive`` weights."""

    chance: Mapping[str, Weight]
    exclusive: Mapping[str, Weight]
    exclusive_rate: Weight = 0.0
    skip: float = 0.03


@dataclass(frozen=True)
class GridSpec:
    """A likert grid: weights per row id (rows it does not name use ``default``)."""

    rows: Mapping[str, Mapping[str, Weight]]
    default: Mapping[str, Weight] = field(default_factory=dict)
    skip: float = 0.03


@dataclass(frozen=True)
class AreaSpec:
    """An area question: the respondent's own unitary with probability ``home``, else anywhere."""

    home: float = 0.9
    not_sure: float = 0.04
    prefer_not_to_say: float = 0.04
    skip: float = 0.02


@dataclass(frozen=True)
class TextSpec:
    bank: str
    answer_rate: float = 0.5
    personal_detail_rate: float = 0.08


Spec = SingleSpec | MultipleSpec | GridSpec | AreaSpec | TextSpec


def _sample(question: Question, context: _Context) -> _Sampled:
    spec = _profile_spec(question, context) or _generic_spec(question)
    kind = question.type
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.LIKERT):
        assert isinstance(spec, SingleSpec)
        sampled = _sample_single(question, spec, context)
    elif kind == QuestionType.MULTIPLE_CHOICE:
        assert isinstance(spec, MultipleSpec)
        sampled = _sample_multiple(question, spec, context)
    elif kind == QuestionType.LIKERT_GRID:
        assert isinstance(spec, GridSpec)
        sampled = _sample_grid(question, spec, context)
    elif kind == QuestionType.AREA:
        assert isinstance(spec, AreaSpec)
        sampled = _sample_area(question, spec, context)
    elif kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
        assert isinstance(spec, TextSpec)
        sampled = _sample_text(question, spec, context)
    elif kind == QuestionType.NUMBER:
        sampled = _sample_number(question, context)
    else:
        sampled = _sample_date(question, context)
    return sampled


def _skipped(question: Question, skip: float, context: _Context) -> Bools:
    if question.required:
        return np.zeros(context.n, dtype=bool)
    chance = np.clip(skip * context.persona.reticence, 0.0, 0.95)
    return np.asarray(context.rng.random(context.n) < chance)


def _weight_matrix(option_ids: Sequence[str], weights: Mapping[str, Weight], context: _Context) -> Floats:
    """Rows of probabilities over ``option_ids``; "Prefer not to say" weighs more for reticent people."""
    matrix = np.zeros((context.n, len(option_ids)))
    for i, option_id in enumerate(option_ids):
        weight = weights.get(option_id, 0.0)
        if option_id == PREFER_NOT_TO_SAY:
            weight = weight * context.persona.reticence
        matrix[:, i] = weight
    totals = matrix.sum(axis=1, keepdims=True)
    # A row whose weights are all zero (nothing applies to it) falls back to equal weights.
    matrix = np.where(totals > 0, matrix, 1.0)
    return np.asarray(matrix / matrix.sum(axis=1, keepdims=True))


def _choose(option_ids: Sequence[str], weights: Mapping[str, Weight], context: _Context) -> Codes:
    """One option index per row, drawn by ``weights`` (see ``_weight_matrix``)."""
    scalars = {o: weights.get(o, 0.0) for o in option_ids}
    if any(isinstance(w, np.ndarray) for w in scalars.values()):
        return _draw(_weight_matrix(option_ids, weights, context), context.rng)
    # Weights shared by every row (the common case): no n-by-k matrix, just the per-person chance of
    # "Prefer not to say" and one draw among the rest.
    rng, n = context.rng, context.n
    fixed = np.array([0.0 if o == PREFER_NOT_TO_SAY else float(w) for o, w in scalars.items()])
    if PREFER_NOT_TO_SAY in option_ids:
        declining = float(scalars[PREFER_NOT_TO_SAY]) * context.persona.reticence
    else:
        declining = np.zeros(n)
    if fixed.sum() == 0 and not declining.any():
        return rng.integers(0, len(option_ids), size=n).astype(np.int64)
    codes = (
        rng.choice(len(option_ids), size=n, p=fixed / fixed.sum())
        if fixed.sum() > 0
        else np.zeros(n, np.int64)
    )
    if PREFER_NOT_TO_SAY in option_ids:
        chance = declining / (fixed.sum() + declining)
        codes = np.where(rng.random(n) < chance, option_ids.index(PREFER_NOT_TO_SAY), codes)
    return codes.astype(np.int64)


def _draw(matrix: Floats, rng: np.random.Generator) -> Codes:
    """One column index per row, drawn from that row's probabilities."""
    cumulative = np.cumsum(matrix, axis=1)
    draws = rng.random(len(matrix))[:, None]
    return np.minimum((draws > cumulative).sum(axis=1), matrix.shape[1] - 1).astype(np.int64)


def _sample_single(question: Question, spec: SingleSpec, context: _Context) -> _Sampled:
    option_ids = tuple(o.id for o in question.options)
    codes = _choose(option_ids, spec.weights, context)
    codes[_skipped(question, spec.skip, context)] = -1
    other_text = _other_text(question, codes[:, None] == np.arange(len(option_ids))[None, :], context)
    return _Sampled(question, codes=codes, choices=option_ids, other_text=other_text)


def _sample_multiple(question: Question, spec: MultipleSpec, context: _Context) -> _Sampled:
    n, rng = context.n, context.rng
    options = question.options
    chosen = np.zeros((n, len(options)), dtype=bool)
    for i, option in enumerate(options):
        if not option.exclusive:
            chance = np.broadcast_to(np.asarray(spec.chance.get(option.id, 0.0), dtype=np.float64), (n,))
            chosen[:, i] = rng.random(n) < chance
    exclusive_index = [i for i, o in enumerate(options) if o.exclusive]
    if question.max_choices is not None:
        chosen = _keep_at_most(chosen, question.max_choices, rng)
    if exclusive_index:
        rate = np.broadcast_to(np.asarray(spec.exclusive_rate, dtype=np.float64), (n,))
        to_exclusive = (rng.random(n) < rate) | ~chosen.any(axis=1)
        exclusive_ids = [options[i].id for i in exclusive_index]
        pick = _choose(exclusive_ids, spec.exclusive, context)
        chosen[to_exclusive] = False
        rows = np.flatnonzero(to_exclusive)
        chosen[rows, np.array(exclusive_index)[pick[rows]]] = True
    elif not chosen.any(axis=1).all():
        # Nothing exclusive to fall back on: an empty row is a skipped question, unless it is required.
        empty = ~chosen.any(axis=1)
        if question.required:
            chosen[np.flatnonzero(empty), rng.integers(0, len(options), size=int(empty.sum()))] = True
    chosen[_skipped(question, spec.skip, context)] = False
    return _Sampled(question, chosen=chosen, other_text=_other_text(question, chosen, context))


def _keep_at_most(chosen: Bools, limit: int, rng: np.random.Generator) -> Bools:
    """Each row keeps at most ``limit`` of its choices, dropping the rest at random."""
    priority = np.where(chosen, rng.random(chosen.shape), -1.0)
    rank = (-priority).argsort(axis=1).argsort(axis=1)
    return np.asarray(chosen & (rank < limit))


def _sample_grid(question: Question, spec: GridSpec, context: _Context) -> _Sampled:
    option_ids = tuple(o.id for o in question.options)
    codes = np.empty((context.n, len(question.rows)), dtype=np.int64)
    for i, row in enumerate(question.rows):
        weights = spec.rows.get(row.id, spec.default)
        codes[:, i] = _choose(option_ids, weights, context)
        # Some people leave a row out; a few leave the whole grid.
        codes[context.rng.random(context.n) < 0.02, i] = -1
    codes[_skipped(question, spec.skip, context)] = -1
    return _Sampled(question, codes=codes, choices=option_ids)


def _sample_area(question: Question, spec: AreaSpec, context: _Context) -> _Sampled:
    n, rng = context.n, context.rng
    choices = (*(c.code for c in question.area_choices), NOT_SURE, PREFER_NOT_TO_SAY)
    known = context.persona.unitaries
    unitary_of_choice = np.array(
        [_index_or(known, question.area_answers.get(c, {}).get("unitary")) for c in choices[:-2]],
        dtype=np.int64,
    )
    # Border postcode districts, whose council the reference data is unsure of, are chosen less often.
    base = np.where(unitary_of_choice >= 0, 1.0, 0.15)
    at_home = rng.random(n) < spec.home
    matrix = np.zeros((n, len(choices)))
    home = unitary_of_choice[None, :] == context.persona.unitary[:, None]
    matrix[:, :-2] = np.where(at_home[:, None] & home.any(axis=1)[:, None], base * home, base)
    matrix[:, :-2] /= matrix[:, :-2].sum(axis=1, keepdims=True)
    matrix[:, :-2] *= 1 - spec.not_sure - spec.prefer_not_to_say
    matrix[:, -2] = spec.not_sure
    matrix[:, -1] = spec.prefer_not_to_say * context.persona.reticence
    matrix /= matrix.sum(axis=1, keepdims=True)
    codes = _draw(matrix, rng)
    codes[_skipped(question, spec.skip, context)] = -1
    return _Sampled(question, codes=codes, choices=choices)


def _index_or(values: Sequence[str], value: str | None, default: int = -1) -> int:
    return values.index(value) if value in values else default


def _sample_text(question: Question, spec: TextSpec, context: _Context) -> _Sampled:
    n, rng = context.n, context.rng
    answering = rng.random(n) < (1.0 if question.required else spec.answer_rate)
    rows = np.flatnonzero(answering)
    limit = question.max_length or 2000
    if question.type == QuestionType.SHORT_TEXT:
        texts = _pick(SHORT_ANSWERS, rng.integers(0, len(SHORT_ANSWERS), len(rows)))
    else:
        texts = compose_text(rng, len(rows), bank=spec.bank, personal_detail_rate=spec.personal_detail_rate)
    texts = texts.str.slice(0, limit).str.strip_chars()
    values = _scatter(n, rows, texts)
    return _Sampled(question, values=values)


def _sample_number(question: Question, context: _Context) -> _Sampled:
    low = int(question.min) if question.min is not None else 0
    high = int(question.max) if question.max is not None else max(low, 0) + 100
    values = pl.Series(question.id, context.rng.integers(low, high + 1, size=context.n), dtype=pl.Int64)
    skipped = _skipped(question, 0.05, context)
    return _Sampled(question, values=_null_where(values, skipped))


def _sample_date(question: Question, context: _Context) -> _Sampled:
    month_only = question.type == QuestionType.MONTH_YEAR
    first = _parse_date(question.min, month_only) or date(2022, 10, 1)
    last = _parse_date(question.max, month_only, end=True) or date(2023, 10, 27)
    days = context.rng.integers(0, (last - first).days + 1, size=context.n)
    dates = pl.Series(question.id, np.datetime64(first, "D") + days.astype("timedelta64[D]"), dtype=pl.Date)
    text = dates.dt.strftime("%Y-%m" if month_only else "%Y-%m-%d")
    return _Sampled(question, values=_null_where(text, _skipped(question, 0.05, context)))


def _parse_date(value: Any, month_only: bool, *, end: bool = False) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value)
    if month_only or len(text) == 7:
        year, month = (int(part) for part in text.split("-")[:2])
        if not end:
            return date(year, month, 1)
        following = date(year + (month == 12), month % 12 + 1, 1)
        return following - timedelta(days=1)
    return date.fromisoformat(text)


def _other_text(question: Question, chosen: Bools, context: _Context) -> pl.Series | None:
    """The "please specify" text of rows that chose an option with a box: written by some of them (the text is
    optional unless the option says ``other_required``; reticent people leave it empty more often), from the
    write-ins that option draws (an ethnic background for "any other White background", a service for "Somewhere
    else"), or generic ones for options the profile does not know."""
    if not question.other_options:
        return None
    n, rng = context.n, context.rng
    writes = rng.random(n) < np.clip(OTHER_WRITTEN_RATE / context.persona.reticence, 0.0, 1.0)
    texts = pl.repeat(None, n, dtype=pl.String, eager=True)
    for i, option in enumerate(question.options):
        if not option.other:
            continue
        rows = np.flatnonzero(chosen[:, i] & (writes | option.other_required))
        bank = WRITE_INS.get((question.id, option.id), OTHER_ANSWERS)
        picked = _pick(bank, rng.integers(0, len(bank), len(rows))).str.slice(0, OTHER_MAX_LENGTH)
        texts = texts.scatter(rows, picked)
    return texts


# ---------------------------------------------------------------------------------------------------------------
# Generic answers for any question, and the Serious Violence Duty profile
# ---------------------------------------------------------------------------------------------------------------


def _generic_spec(question: Question) -> Spec:
    kind = question.type
    ids = [o.id for o in question.options]
    # Real answers lean towards the first options of a list and away from "prefer not to say".
    leaning = {
        option_id: (0.05 if option_id == PREFER_NOT_TO_SAY else 1.0 / (1 + 0.3 * i))
        for i, option_id in enumerate(ids)
    }
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.LIKERT):
        return SingleSpec(leaning)
    if kind == QuestionType.MULTIPLE_CHOICE:
        ordinary = [o.id for o in question.options if not o.exclusive]
        chance = {option_id: 0.35 / (1 + 0.2 * i) for i, option_id in enumerate(ordinary)}
        return MultipleSpec(chance=chance, exclusive=leaning, exclusive_rate=0.15)
    if kind == QuestionType.LIKERT_GRID:
        return GridSpec(rows={}, default=leaning)
    if kind == QuestionType.AREA:
        return AreaSpec()
    return TextSpec(bank="general", answer_rate=0.35)


def _profile_spec(question: Question, context: _Context) -> Spec | None:
    """The Serious Violence Duty profile's spec for ``question``, if it has one that fits its options exactly."""
    make = SVD_PROFILE.get(question.id)
    if make is None:
        return None
    spec = make(context)
    named: set[str] = set()
    if isinstance(spec, SingleSpec):
        named = set(spec.weights)
    elif isinstance(spec, MultipleSpec):
        named = set(spec.chance) | set(spec.exclusive)
    elif isinstance(spec, GridSpec):
        named = {o for weights in [*spec.rows.values(), spec.default] for o in weights}
        if not set(spec.rows) <= {r.id for r in question.rows}:
            return None
    option_ids = {o.id for o in question.options}
    expected_type = {
        SingleSpec: (QuestionType.SINGLE_CHOICE, QuestionType.LIKERT),
        MultipleSpec: (QuestionType.MULTIPLE_CHOICE,),
        GridSpec: (QuestionType.LIKERT_GRID,),
        AreaSpec: (QuestionType.AREA,),
        TextSpec: (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT),
    }[type(spec)]
    if question.type not in expected_type or not named <= option_ids:
        return None
    return spec


def _affected(context: _Context) -> Bools:
    return context.chose("affected_how", "victim", "witness", "family_friend", "professional", "other")


def _connection(context: _Context) -> Spec:
    return MultipleSpec(
        chance={"live": 0.93, "work_or_study": 0.35, "visit": 0.12},
        exclusive={PREFER_NOT_TO_SAY: 1.0},
        exclusive_rate=0.015 * context.persona.reticence,
    )


def _affected_how(context: _Context) -> Spec:
    age = context.persona.age
    # Younger people see and meet more violence; about a third of respondents say it affected them.
    any_affected = np.array([0.5, 0.45, 0.38, 0.33, 0.27, 0.2, 0.12, 0.14])[
        age
    ]  # -1 (under 16) takes the last
    affected = context.rng.random(context.n) < any_affected
    scale = np.where(affected, 1.0, 0.0)
    return MultipleSpec(
        chance={
            "victim": 0.35 * scale,
            "witness": 0.5 * scale,
            "family_friend": 0.35 * scale,
            "professional": 0.12 * scale,
            "other": 0.03 * scale,
        },
        exclusive={"not_affected": 0.93, PREFER_NOT_TO_SAY: 0.07},
    )


def _violence_types(context: _Context) -> Spec:
    female = context.persona.female
    young = context.persona.age <= 1  # under 16, 16-24 and 25-34
    return MultipleSpec(
        chance={
            "robbery": 0.15,
            "weapon": np.where(young, 0.32, 0.22),
            "domestic_abuse": np.where(female, 0.36, 0.15),
            "sexual_violence": np.where(female, 0.22, 0.05),
            "youth_violence": np.where(context.persona.age <= 0, 0.45, 0.18),
            "night_time_economy": np.where(young, 0.32, 0.15),
        },
        exclusive={"not_sure": 0.5, PREFER_NOT_TO_SAY: 0.5},
        exclusive_rate=0.06,
        skip=0.05,
    )


def _happened_in_county(context: _Context) -> Spec:
    return SingleSpec({"yes": 0.85, "no": 0.07, "not_sure": 0.04, PREFER_NOT_TO_SAY: 0.04})


def _place_type(context: _Context) -> Spec:
    def given(option_by_type: Mapping[str, float], otherwise: float) -> Floats:
        # The chance of a kind of place: at least one of the kinds of violence chosen makes it likely.
        none = np.ones(context.n)
        any_type = np.zeros(context.n, dtype=bool)
        for violence_type, chance in option_by_type.items():
            chose = context.chose("violence_types", violence_type)
            none *= np.where(chose, 1 - chance, 1.0)
            any_type |= chose
        return np.asarray(np.where(any_type, 1 - none, otherwise))

    return MultipleSpec(
        chance={
            "home": given({"domestic_abuse": 0.85, "sexual_violence": 0.4}, 0.15),
            "street": given(
                {"robbery": 0.7, "weapon": 0.6, "youth_violence": 0.5, "night_time_economy": 0.4}, 0.45
            ),
            "public_transport": given({"robbery": 0.15, "youth_violence": 0.12}, 0.06),
            "night_time_venue": given({"night_time_economy": 0.8, "sexual_violence": 0.25}, 0.08),
            "school_college": given({"youth_violence": 0.25}, 0.04),
            "workplace": np.where(context.chose("affected_how", "professional"), 0.5, 0.04),
            "online": given({"domestic_abuse": 0.2, "youth_violence": 0.2, "sexual_violence": 0.15}, 0.05),
        },
        exclusive={"not_sure": 0.4, PREFER_NOT_TO_SAY: 0.6},
        exclusive_rate=0.05,
    )


def _time_of_day(context: _Context) -> Spec:
    night_time = context.chose("violence_types", "night_time_economy")
    domestic = context.chose("violence_types", "domestic_abuse")
    return MultipleSpec(
        chance={
            "day": np.where(night_time, 0.05, np.where(domestic, 0.3, 0.45)),
            "evening": np.where(domestic, 0.5, 0.35),
            "night": np.where(night_time, 0.9, np.where(domestic, 0.4, 0.25)),
        },
        exclusive={"not_sure": 0.6, PREFER_NOT_TO_SAY: 0.4},
        exclusive_rate=0.06,
    )


def _how_often(context: _Context) -> Spec:
    domestic = context.chose("violence_types", "domestic_abuse")
    return SingleSpec(
        {
            "once": np.where(domestic, 0.15, 0.45),
            "more_than_once": np.where(domestic, 0.45, 0.35),
            "still_happening": np.where(domestic, 0.25, 0.06),
            "not_sure": 0.07,
            PREFER_NOT_TO_SAY: 0.05,
        },
        skip=0.05,
    )


def _reported(context: _Context) -> Spec:
    hidden_harm = context.chose("violence_types", "domestic_abuse", "sexual_violence")
    robbery = context.chose("violence_types", "robbery")
    return MultipleSpec(
        chance={
            "police": np.where(robbery, 0.6, np.where(hidden_harm, 0.25, 0.38)),
            "other_service": np.where(hidden_harm, 0.3, 0.12),
        },
        exclusive={"no": 0.75, "dont_know": 0.15, PREFER_NOT_TO_SAY: 0.1},
        exclusive_rate=0.05,
    )


def _why_not_reported(context: _Context) -> Spec:
    domestic = context.chose("violence_types", "domestic_abuse")
    return MultipleSpec(
        chance={
            "not_serious_enough": np.where(domestic, 0.1, 0.3),
            "police_would_not_help": 0.35,
            "do_not_trust_police": 0.18,
            "scared_of_what_might_happen": np.where(domestic, 0.5, 0.18),
            "not_believed": np.where(domestic, 0.3, 0.08),
            "private_matter": np.where(domestic, 0.35, 0.06),
            "dealt_with_it": 0.12,
            "did_not_know_how": 0.1,
        },
        exclusive={"dont_know": 0.4, PREFER_NOT_TO_SAY: 0.6},
        exclusive_rate=0.06,
        skip=0.06,
    )


def _support_received(context: _Context) -> Spec:
    told_police = context.chose("reported", "police")
    hidden_harm = context.chose("violence_types", "domestic_abuse", "sexual_violence")
    return MultipleSpec(
        chance={
            "police": np.where(told_police, 0.5, 0.05),
            "victim_service": np.where(told_police, 0.15, 0.04),
            "health": 0.15,
            "specialist_service": np.where(hidden_harm, 0.25, 0.02),
            "school_college_work": 0.08,
            "council_housing": np.where(hidden_harm, 0.12, 0.04),
            "charity_community": 0.06,
            "family_friends": 0.45,
            "other": 0.02,
        },
        exclusive={"no_support": 0.85, PREFER_NOT_TO_SAY: 0.15},
        exclusive_rate=0.25,
    )


def _support_wanted(context: _Context) -> Spec:
    domestic = context.chose("violence_types", "domestic_abuse")
    return MultipleSpec(
        chance={
            "someone_to_talk_to": 0.4,
            "information": 0.35,
            "counselling": 0.25,
            "practical_help": np.where(domestic, 0.4, 0.12),
            "police_courts_help": 0.15,
            "help_for_children": np.where(domestic, 0.3, 0.05),
            "other": 0.02,
        },
        exclusive={"none_needed": 0.8, PREFER_NOT_TO_SAY: 0.2},
        exclusive_rate=0.2,
    )


def _impact(context: _Context) -> Spec:
    victim = context.chose("affected_how", "victim")
    return MultipleSpec(
        chance={
            "feel_less_safe": 0.55,
            "avoid_places": 0.35,
            "mental_health": np.where(victim, 0.6, 0.3),
            "physical_harm": np.where(victim, 0.2, 0.01),
            "work_or_study": 0.12,
            "money": np.where(context.chose("violence_types", "robbery"), 0.5, 0.05),
            "relationships": 0.15,
        },
        exclusive={"no_effect": 0.75, PREFER_NOT_TO_SAY: 0.25},
        exclusive_rate=0.12,
    )


def _unease(context: _Context) -> Floats:
    """How unsafe each person tends to feel: women, older people and those affected more so."""
    persona = context.persona
    return np.asarray(
        persona.unease
        + 0.45 * persona.female
        + 0.15 * (persona.age >= 5)
        + 0.5 * context.chose("affected_how", "victim")
        + 0.25 * _affected(context)
    )


def _ordinal(
    context: _Context, option_ids: Sequence[str], level: Floats, cuts: Sequence[float]
) -> dict[str, Weight]:
    """One-hot weights putting each row in the ordinal option where ``level`` falls between ``cuts``."""
    band = np.searchsorted(np.asarray(cuts), level)
    return {option_id: (band == i).astype(np.float64) for i, option_id in enumerate(option_ids)}


def _feel_safe(context: _Context) -> Spec:
    scale = ("very_safe", "fairly_safe", "a_bit_unsafe", "very_unsafe")
    unease = _unease(context)
    rows: dict[str, Mapping[str, Weight]] = {}
    for row, shift in {
        "local_area_day": -0.9,
        "local_area_after_dark": 0.2,
        "town_centre_day": -0.6,
        "town_centre_after_dark": 0.6,
    }.items():
        level = unease + shift + 0.5 * context.rng.standard_normal(context.n)
        weights = _ordinal(context, scale, level, cuts=(-0.3, 0.9, 1.9))
        after_dark = row.endswith("after_dark")
        # Some people do not go out after dark at all, mostly the uneasy and the oldest.
        stays_in = after_dark & (context.rng.random(context.n) < 0.03 + 0.08 * (unease > 1.2))
        rows[row] = {
            **{k: np.where(stays_in, 0.0, v) for k, v in weights.items()},
            "dont_go_out_then": stays_in.astype(np.float64),
            "dont_know": 0.01,
            PREFER_NOT_TO_SAY: 0.005,
        }
    return GridSpec(rows=rows)


def _worry_about(context: _Context) -> Spec:
    scale = ("not_at_all_worried", "not_very_worried", "fairly_worried", "very_worried")
    unease = _unease(context)
    rows: dict[str, Mapping[str, Weight]] = {}
    for row, shift in {"county_lines": 0.1, "knife_crime": 0.4, "youth_exploitation": 0.2}.items():
        level = unease + shift + 0.6 * context.rng.standard_normal(context.n)
        rows[row] = {
            **_ordinal(context, scale, level, cuts=(-0.8, 0.2, 1.2)),
            "dont_know": np.where(row == "county_lines", 0.06, 0.02),
            PREFER_NOT_TO_SAY: 0.005,
        }
    return GridSpec(rows=rows)


def _age_band(context: _Context) -> Spec:
    bands = (
        "under_16",
        "age_16_24",
        "age_25_34",
        "age_35_44",
        "age_45_54",
        "age_55_64",
        "age_65_74",
        "age_75_plus",
    )
    age = context.persona.age
    weights: dict[str, Weight] = {
        band: (age == i - 1).astype(np.float64) * 0.96 for i, band in enumerate(bands)
    }
    weights[PREFER_NOT_TO_SAY] = 0.04
    return SingleSpec(weights, skip=0.02)


def _sex(context: _Context) -> Spec:
    female = context.persona.female.astype(np.float64)
    return SingleSpec(
        {"female": female * 0.97, "male": (1 - female) * 0.97, PREFER_NOT_TO_SAY: 0.03}, skip=0.02
    )


def _gender_identity(context: _Context) -> Spec:
    return SingleSpec({"yes": 0.95, "no": 0.006, PREFER_NOT_TO_SAY: 0.044}, skip=0.03)


def _sexual_orientation(context: _Context) -> Spec:
    young = context.persona.age == 0
    return SingleSpec(
        {
            "straight_heterosexual": 0.87,
            "gay_lesbian": 0.02,
            "bisexual": np.where(young, 0.06, 0.012),
            "other": 0.004,
            PREFER_NOT_TO_SAY: 0.08,
        },
        skip=0.04,
    )


def _ethnicity(context: _Context) -> Spec:
    # Roughly Northamptonshire's Census 2021 mix.
    return SingleSpec(
        {
            "white_british": 0.80,
            "white_irish": 0.006,
            "white_gypsy_irish_traveller": 0.002,
            "white_roma": 0.002,
            "white_other": 0.07,
            "mixed_white_black_caribbean": 0.009,
            "mixed_white_black_african": 0.004,
            "mixed_white_asian": 0.006,
            "mixed_other": 0.005,
            "asian_indian": 0.02,
            "asian_pakistani": 0.004,
            "asian_bangladeshi": 0.005,
            "asian_chinese": 0.004,
            "asian_other": 0.008,
            "black_caribbean": 0.006,
            "black_african": 0.025,
            "black_other": 0.003,
            "other_arab": 0.002,
            "other_ethnic_group": 0.005,
            PREFER_NOT_TO_SAY: 0.04,
        },
        skip=0.03,
    )


def _long_term_condition(context: _Context) -> Spec:
    chance = np.array([0.17, 0.18, 0.2, 0.25, 0.3, 0.36, 0.5, 0.15])[context.persona.age]
    return SingleSpec({"yes": chance, "no": 1 - chance, PREFER_NOT_TO_SAY: 0.05}, skip=0.03)


def _condition_reduces_activities(context: _Context) -> Spec:
    return SingleSpec({"yes_a_lot": 0.3, "yes_a_little": 0.45, "not_at_all": 0.2, PREFER_NOT_TO_SAY: 0.05})


#: Question id -> the spec for it in the Serious Violence Duty questionnaire (used only where the options fit).
SVD_PROFILE: dict[str, Callable[[_Context], Spec]] = {
    "connection": _connection,
    "home_area": lambda context: AreaSpec(home=1.0, not_sure=0.03, prefer_not_to_say=0.05),
    "affected_how": _affected_how,
    "violence_types": _violence_types,
    "happened_in_county": _happened_in_county,
    "happened_area": lambda context: AreaSpec(home=0.8, not_sure=0.08, prefer_not_to_say=0.07),
    "place_type": _place_type,
    "time_of_day": _time_of_day,
    "how_often": _how_often,
    "reported": _reported,
    "why_not_reported": _why_not_reported,
    "support_received": _support_received,
    "support_wanted": _support_wanted,
    "impact": _impact,
    "feel_safe": _feel_safe,
    "worry_about": _worry_about,
    "causes": lambda context: TextSpec(bank="causes", answer_rate=0.6),
    "prevention": lambda context: TextSpec(bank="prevention", answer_rate=0.55),
    "age_band": _age_band,
    "sex": _sex,
    "gender_identity": _gender_identity,
    "sexual_orientation": _sexual_orientation,
    "ethnicity": _ethnicity,
    "long_term_condition": _long_term_condition,
    "condition_reduces_activities": _condition_reduces_activities,
}


# ---------------------------------------------------------------------------------------------------------------
# Free text
# ---------------------------------------------------------------------------------------------------------------

# fmt: off
CAUSES = (
    "there is nothing for young people to do in the evenings",
    "youth clubs have closed and nothing replaced them",
    "drug dealing has taken over some of the streets",
    "gangs from the cities are bringing drugs into the county",
    "young people carry knives because they are scared of being stabbed",
    "there are not enough police on the streets",
    "people drink far too much in town on Friday and Saturday nights",
    "families are struggling with money and the stress spills over",
    "kids are being groomed on social media",
    "there is not enough mental health support, especially for young men",
    "some parents have no idea where their children are at night",
    "excluded teenagers have nothing to do all day",
    "half the street lights are broken or switched off",
    "people have stopped reporting things because nothing happens",
    "alcohol and drugs make people aggressive",
    "there are not enough jobs or apprenticeships for young people",
    "domestic abuse stays hidden behind closed doors",
    "some men think they can get away with harassing women",
    "videos online make violence look normal and even cool",
    "the town centre is empty at night apart from pubs and takeaways",
    "overcrowded housing means people have nowhere to go",
    "older criminals use children to sell drugs for them",
    "everyone is angrier since the cost of living went up",
    "the services do not talk to each other",
    "cuts mean problems are not caught early any more",
    "there is no respect for anyone any more",
    "boredom and peer pressure",
    "a few families cause most of the trouble and everyone knows it",
)
PREVENTION = (
    "we need more youth clubs and things for teenagers to do",
    "there should be more police patrols at night",
    "better street lighting would make a big difference",
    "more CCTV in the town centre and the parks would help",
    "schools should teach children about knife crime and exploitation",
    "parents need support before things go wrong",
    "mentors who have been through it could talk to young people",
    "pubs and clubs need better trained door staff",
    "there should be safe spaces for women at night",
    "people need an easy way to report things without giving their name",
    "mental health services should be quicker to get into",
    "there should be knife amnesty bins in every town",
    "sports clubs and boxing gyms would keep kids busy",
    "we need community support officers who actually know the area",
    "the council should sort out empty buildings and dark alleys",
    "domestic abuse services need more money",
    "buses should run later so people are not stranded",
    "teachers should be trained to spot grooming",
    "the police should follow up when things are reported",
    "there should be more jobs and training for young people",
    "street pastors and night marshals help a lot",
    "young people should be listened to when decisions are made",
    "landlords should be made to deal with drug houses",
    "social media companies should take down videos of fights",
    "local people should be involved in making the plans",
    "free activities in the school holidays would help",
)
GENERAL = (
    CAUSES[::2]
    + PREVENTION[1::2]
    + (
        "this survey was easy to fill in",
        "I hope something actually changes this time",
        "it feels like nobody listens to people round here",
    )
)
OPENERS = {
    "causes": (
        "I think ", "In my opinion ", "Honestly, ", "I believe ", "The main problem is that ",
        "To be honest ", "People round here feel that ", "From what I have seen, ", "It seems to me that ",
        "Mainly because ",
    ),
    "prevention": (
        "I think ", "In my view ", "Honestly, ", "I really believe ", "For me, ", "Simply put, ",
        "From experience, ", "Most of all, ", "Firstly, ", "I would say ",
    ),
    "general": (
        "I think ", "Honestly, ", "Just to say, ", "I feel ", "Overall, ",
    ),
}
FOLLOW_ON = (
    "Also ", "On top of that, ", "And ", "As well as that, ", "Plus ", "Another thing is that ",
)
ENDINGS = {
    "causes": (
        ".", ".", ".", "!", ", especially after dark.", " and it is getting worse.", " and nobody seems to care.",
        ". That is what I have noticed.", " in my opinion.", "...",
    ),
    "prevention": (
        ".", ".", ".", "!", ", especially for young people.", " and it needs to happen soon.",
        ". That would make a real difference.", " before things get worse.", "...",
    ),
    "general": (".", ".", "!", "...", ". Thank you."),
}
PREPOSITIONS = (
    " in ", " around ", " near ",
)
PLACES = (
    "Northampton town centre", "Abington Street", "the Drapery", "Corby", "Kettering", "Wellingborough",
    "Rushden", "Daventry", "Towcester", "Brackley", "the estates", "the parks", "the bus station",
    "the railway station", "Oundle", "Raunds", "Desborough", "Burton Latimer", "Irthlingborough",
    "Higham Ferrers", "Thrapston", "Rothwell", "Brixworth", "Moulton", "Weston Favell", "Kingsthorpe",
    "Far Cotton", "Lumbertubs",
)
FIRST_NAMES = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Sophie", "Emily", "Jack", "Oliver", "Harry", "George",
    "Noah", "Leo", "Charlie", "Jacob", "Mohammed", "Aisha", "Priya", "Kwame", "Tomasz", "Agnieszka", "Callum",
    "Kayleigh", "Darren", "Sharon", "Gary", "Dylan", "Chloe", "Jade", "Ewa", "Ioana",
)
SURNAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Patel", "Khan", "Begum", "Okafor", "Nowak", "Kowalski", "Murphy", "O'Brien", "Campbell",
    "Hughes", "Clarke", "Walker", "Wright", "Green", "Popescu",
)
#: Sentences with a personal detail; {name}, {first}, {phone}, {email}, {postcode} are filled in.
PERSONAL_DETAIL_SENTENCES = (
    "If you want to talk to me, my number is {phone}.",
    "You can email me at {email}.",
    "{name} who lives on my road has seen it happen too.",
    "It keeps happening near {postcode}.",
    "Ring {first} on {phone} if you need to know more.",
    "My son's friend {name} was threatened with a knife.",
    "Contact me on {email} or {phone}.",
    "The house at {postcode} is where the dealing happens.",
)
#: Generic "please specify" answers, for options ``WRITE_INS`` does not know.
OTHER_ANSWERS = (
    "My GP", "A helpline", "My church", "A neighbour", "Citizens Advice", "My union", "An online forum",
    "A counsellor I paid for", "Samaritans", "My children's school", "People at work",
    "A friend who is a nurse", "My mosque", "A women's group",
)
#: The share of people choosing an option with an optional box who write something in it (before reticence).
OTHER_WRITTEN_RATE = 0.6
#: What people write in the box of a Serious Violence Duty option: for the Census write-ins, answers like those the
#: ONS lists among the most common; elsewhere, short answers that fit the question.
WRITE_INS: dict[tuple[str, str], tuple[str, ...]] = {
    ("affected_how", "other"): (
        "I live near where it happens", "Through my children", "A neighbour was attacked", "I am a carer",
        "Living near a drug house", "At my children's school",
    ),
    ("why_not_reported", "other"): (
        "I was afraid of them", "It happened too long ago", "Someone else was dealing with it",
        "I did not want them to get in trouble", "I was too upset at the time", "Worried about my immigration status",
    ),
    ("impact", "other"): (
        "I moved house", "I changed my route to work", "My children are scared", "I drink more",
        "I stopped going to the gym", "I had to take time off",
    ),
    ("support_received", "other"): OTHER_ANSWERS,
    ("support_wanted", "other"): (
        "Help to move", "A support group", "Someone to go to court with me", "Advice about my rights",
        "Help for my son", "Someone to check on me",
    ),
    ("gender_identity", "no"): ("Non-binary", "Trans woman", "Trans man", "Genderfluid", "Agender", "Woman"),
    ("sexual_orientation", "other"): ("Pansexual", "Asexual", "Queer", "Demisexual"),
    ("ethnicity", "white_other"): ("Polish", "Romanian", "Lithuanian", "Italian", "Portuguese", "Latvian", "Bulgarian"),
    ("ethnicity", "mixed_other"): ("Black and Asian", "White and Arab", "White and Latin American", "Mixed"),
    ("ethnicity", "asian_other"): ("Sri Lankan", "Filipino", "Nepalese", "Tamil", "Afghan", "Kashmiri"),
    ("ethnicity", "black_african"): ("Nigerian", "Zimbabwean", "Ghanaian", "Somali", "Congolese", "Eritrean"),
    ("ethnicity", "black_other"): ("Black British", "Black Caribbean and African", "Jamaican"),
    ("ethnicity", "other_ethnic_group"): ("Kurdish", "Turkish", "Latin American", "Iranian", "Berber"),
}
SHORT_ANSWERS = (
    "Safer streets", "Light up the night", "Youth hub", "Community watch", "More patrols", "Safe walk home",
    "Open doors", "Knife free town",
)
# fmt: on
#: The redaction entity type of each placeholder (safevoice/analysis/text/recognisers.py uses the same names).
ENTITY_OF_PLACEHOLDER = {
    "name": "PERSON",
    "first": "PERSON",
    "phone": "PHONE",
    "email": "EMAIL",
    "postcode": "POSTCODE",
}
#: Letters the second half of a UK postcode never uses.
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _pick(bank: Sequence[str], index: NDArray[np.int64]) -> pl.Series:
    return pl.Series(list(bank), dtype=pl.String).gather(pl.Series(index, dtype=pl.Int64))


def compose_text(
    rng: np.random.Generator, n: int, *, bank: str, personal_detail_rate: float = 0.08
) -> pl.Series:
    """``n`` free-text answers of one to three sentences, about a tenth carrying a personal detail (vectorised)."""
    return _compose(rng, n, bank=bank, personal_detail_rate=personal_detail_rate)[0]


def labelled_texts(
    n: int, *, seed: int, bank: str = "causes", personal_detail_rate: float = 0.5
) -> list[dict[str, Any]]:
    """``n`` free-text answers with the span of every personal detail in them, for measuring redaction on any
    amount of text: ``{"text": ..., "spans": [{"type": "PHONE", "start": 40, "end": 52}]}``, the layout of the
    hand-labelled set in ``safevoice/analysis/text/data`` (types PERSON, PHONE, EMAIL, POSTCODE; end exclusive)."""
    texts, rows, details = _compose(
        np.random.default_rng(seed), n, bank=bank, personal_detail_rate=personal_detail_rate
    )
    records: list[dict[str, Any]] = [{"text": text, "spans": []} for text in texts.to_list()]
    values = {name: series.to_list() for name, series in details.values.items()}
    for j, (row, sentence) in enumerate(zip(rows.tolist(), details.sentences.to_list(), strict=True)):
        # The sentence with the detail is always the last part of the answer.
        offset = len(records[row]["text"]) - len(sentence)
        position = offset
        for literal, placeholder in _template_pieces(PERSONAL_DETAIL_SENTENCES[details.template[j]]):
            position += len(literal)
            if placeholder:
                value = values[placeholder][j]
                records[row]["spans"].append(
                    {
                        "type": ENTITY_OF_PLACEHOLDER[placeholder],
                        "start": position,
                        "end": position + len(value),
                    }
                )
                position += len(value)
    return records


def _template_pieces(template: str) -> list[tuple[str, str]]:
    """A sentence template as (literal text, placeholder after it or "") pairs."""
    pieces: list[tuple[str, str]] = []
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, _, rest = after.partition("}")
        pieces.append((before, name))
    pieces.append((rest, ""))
    return pieces


def _compose(
    rng: np.random.Generator, n: int, *, bank: str, personal_detail_rate: float
) -> tuple[pl.Series, NDArray[np.int64], _Details]:
    cores = {"causes": CAUSES, "prevention": PREVENTION}.get(bank, GENERAL)
    openers = OPENERS.get(bank, OPENERS["general"])
    endings = ENDINGS.get(bank, ENDINGS["general"])
    sentences = rng.choice(3, size=n, p=(0.5, 0.35, 0.15)) + 1
    parts: list[pl.Series] = []
    for position in range(3):
        # Each part is built only for the answers that have it, then put in place (null elsewhere).
        rows = np.flatnonzero(sentences > position)
        size = len(rows)
        starts = openers if position == 0 else FOLLOW_ON
        opener = _pick(starts, rng.integers(0, len(starts), size))
        core = _pick(cores, rng.integers(0, len(cores), size))
        with_place = pl.Series(rng.random(size) < 0.35)
        place = (
            _pick(PREPOSITIONS, rng.integers(0, len(PREPOSITIONS), size))
            + _pick(PLACES, rng.integers(0, len(PLACES), size))
            + "."
        )
        ending = _pick(endings, rng.integers(0, len(endings), size))
        sentence = opener + core + pl.select(pl.when(with_place).then(place).otherwise(ending)).to_series()
        parts.append(_scatter(n, rows, sentence).alias(f"s{position}"))
    rows = np.flatnonzero(rng.random(n) < personal_detail_rate)
    details = _personal_details(rng, len(rows))
    parts.append(_scatter(n, rows, details.sentences).alias("detail"))
    texts = pl.DataFrame(parts).select(pl.concat_str(pl.all(), separator=" ", ignore_nulls=True)).to_series()
    return texts, rows, details


def _scatter(n: int, rows: NDArray[np.int64], values: pl.Series) -> pl.Series:
    """A text column of length ``n`` holding ``values`` at ``rows`` and null elsewhere."""
    return pl.repeat(None, n, dtype=pl.String, eager=True).scatter(rows, values)


@dataclass(frozen=True)
class _Details:
    """Sentences carrying a personal detail, the values put in them, and which template each used."""

    sentences: pl.Series
    values: dict[str, pl.Series]
    template: NDArray[np.int64]


def _personal_details(rng: np.random.Generator, n: int) -> _Details:
    first = _pick(FIRST_NAMES, rng.integers(0, len(FIRST_NAMES), n))
    last = _pick(SURNAMES, rng.integers(0, len(SURNAMES), n))
    # Ofcom keeps 07700 900000-900999 and 01632 960000-960999 for fiction: these can never ring anyone.
    number = pl.Series(rng.integers(0, 1000, n)).cast(pl.String).str.zfill(3)
    phone_style = rng.integers(0, 4, n)
    phone = pl.select(
        pl.when(pl.Series(phone_style == 0))
        .then("07700900" + number)
        .when(pl.Series(phone_style == 1))
        .then("+44 7700 900" + number)
        .when(pl.Series(phone_style == 2))
        .then("01632 960" + number)
        .otherwise("07700 900" + number)
    ).to_series()
    domain = _pick(("example.com", "example.org", "example.net"), rng.integers(0, 3, n))
    email = (
        first.str.to_lowercase()
        + _pick((".", "_", ""), rng.integers(0, 3, n))
        + last.str.to_lowercase().str.replace_all("'", "")
        + pl.Series(rng.integers(0, 100, n)).cast(pl.String)
        + "@"
        + domain
    )
    district = _pick([f"NN{i}" for i in range(1, 19)], rng.integers(0, 18, n))
    letters = list(_POSTCODE_LETTERS)
    postcode = (
        district
        + " "
        + pl.Series(rng.integers(0, 10, n)).cast(pl.String)
        + _pick(letters, rng.integers(0, len(letters), n))
        + _pick(letters, rng.integers(0, len(letters), n))
    )
    values = {
        "name": first + " " + last,
        "first": first,
        "phone": phone,
        "email": email,
        "postcode": postcode,
    }
    template = rng.integers(0, len(PERSONAL_DETAIL_SENTENCES), n)
    filled = [_fill(t, values) for t in PERSONAL_DETAIL_SENTENCES]
    chosen = [pl.when(pl.Series(template == i)).then(sentence) for i, sentence in enumerate(filled)]
    sentences = pl.select(pl.coalesce(chosen)).to_series() if n else pl.Series([], dtype=pl.String)
    return _Details(sentences=sentences, values=values, template=template)


def _fill(template: str, values: Mapping[str, pl.Series]) -> pl.Series:
    """A sentence template with its {placeholders} replaced by the matching column, row by row."""
    pieces: list[pl.Series | str] = []
    for literal, placeholder in _template_pieces(template):
        pieces.append(literal)
        if placeholder:
            pieces.append(values[placeholder])
    height = len(next(iter(values.values())))
    return (
        pl.DataFrame(
            [
                p if isinstance(p, pl.Series) else pl.repeat(p, height, dtype=pl.String, eager=True)
                for p in pieces
            ],
            schema=[f"p{i}" for i in range(len(pieces))],
        )
        .select(pl.concat_str(pl.all()))
        .to_series()
    )
