"""Synthetic responses to any questionnaire: seeded, any number, following the questionnaire's routing. No Django.

    questionnaire = read_questionnaire(Path("content/consultations/serious-violence-duty-2023/questionnaire.yaml"))
    profile = profile_beside(questionnaire)                                   # synthetic-profile.yaml, if any
    frame = generate_table(questionnaire, n=1_000_000, seed=1, profile=profile)   # polars, one row per response
    answers = generate_answers(questionnaire, n=500, seed=1, profile=profile)     # the engine's answer dicts

Routing is the engine's, not a copy of it: pages and questions are visited in order, and whether each is shown is
decided by the engine's own ``Condition.holds`` on every distinct combination of the earlier answers it reads
(a handful), broadcast back to all rows with numpy. Hidden questions are never answered, so every answer set is one
the web journey could have produced. Sampling is vectorised per question (numpy), never a Python loop per row.

Respondents are drawn from the population file by council, sex and age band (``content/reference/population.csv``),
tilted as the profile says; a per-person reticence makes the same people skip and choose "Prefer not to say"
more often. How each question is answered comes from the survey's profile (``profile.py``) where it names the
question, and from generic rules otherwise, so any valid questionnaire works. The table layout is
``safevoice.analysis.layout``'s, which stored responses are read into as well.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from safevoice.analysis.layout import other_text_column, table_to_answers
from safevoice.questionnaire_engine.areas import DEFAULT_REFERENCE_DIR, NOT_SURE, PREFER_NOT_TO_SAY
from safevoice.questionnaire_engine.model import (
    OTHER_MAX_LENGTH,
    Answers,
    Condition,
    Question,
    Questionnaire,
    QuestionType,
)
from safevoice.synthetic import corpus
from safevoice.synthetic.specs import (
    AGE_BANDS,
    AreaSpec,
    Bools,
    Codes,
    Floats,
    GridSpec,
    MultipleSpec,
    Persona,
    SingleSpec,
    Spec,
    TextSpec,
    Tilt,
    Weight,
)
from safevoice.synthetic.text import compose_text, pick, scatter

if TYPE_CHECKING:
    from safevoice.synthetic.profile import SurveyProfile

#: The share of people choosing an option with an optional box who write something in it (before reticence).
OTHER_WRITTEN_RATE = 0.6


def generate_table(
    questionnaire: Questionnaire,
    *,
    n: int,
    seed: int,
    profile: SurveyProfile | None = None,
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
) -> pl.DataFrame:
    """``n`` synthetic responses as one row each; the same seed and profile, the same table."""
    if n < 0:
        raise ValueError(f"n must be zero or more, not {n}")
    context = _Context(
        questionnaire, n=n, rng=np.random.default_rng(seed), reference_dir=reference_dir, profile=profile
    )
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
    questionnaire: Questionnaire,
    *,
    n: int,
    seed: int,
    profile: SurveyProfile | None = None,
    reference_dir: Path = DEFAULT_REFERENCE_DIR,
) -> list[Answers]:
    """``n`` synthetic answer sets in the form the engine cleans and ``responses`` stores."""
    table = generate_table(questionnaire, n=n, seed=seed, profile=profile, reference_dir=reference_dir)
    return table_to_answers(questionnaire, table)


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
class _Context:
    questionnaire: Questionnaire
    n: int
    rng: np.random.Generator
    reference_dir: Path
    profile: SurveyProfile | None = None
    sampled: dict[str, _Sampled] = field(default_factory=dict)
    _routing_cache: dict[Condition, Bools] = field(default_factory=dict)
    persona: Persona = field(init=False)

    def __post_init__(self) -> None:
        tilt = self.profile.tilt if self.profile is not None else Tilt()
        self.persona = _draw_persona(self.rng, self.n, self.reference_dir, tilt)

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


def _draw_persona(rng: np.random.Generator, n: int, reference_dir: Path, tilt: Tilt) -> Persona:
    cells: list[tuple[str, bool, int]] = []
    weights: list[float] = []
    for row in _read_csv(reference_dir / "population.csv"):
        if row["age_band"] not in AGE_BANDS:
            continue  # the file also has 16+ and all-ages totals
        cells.append((row["area_code"], row["sex"] == "females", AGE_BANDS.index(row["age_band"])))
        weights.append(
            float(row["population"]) * tilt.sex.get(row["sex"], 1.0) * tilt.age_band.get(row["age_band"], 1.0)
        )
    p = np.array(weights) / sum(weights)
    cell = rng.choice(len(cells), size=n, p=p)
    unitaries = tuple(dict.fromkeys(c[0] for c in cells))
    unitary = np.array([unitaries.index(c[0]) for c in cells], dtype=np.int64)[cell]
    female = np.array([c[1] for c in cells])[cell]
    age = np.array([c[2] for c in cells], dtype=np.int64)[cell]
    age[rng.random(n) < tilt.under_16_share] = -1
    return Persona(
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


def _sample(question: Question, context: _Context) -> _Sampled:
    spec = (context.profile.spec_for(question, context) if context.profile else None) or _generic_spec(
        question
    )
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
        short = corpus.short_answers().short_text
        texts = pick(short, rng.integers(0, len(short), len(rows)))
    else:
        texts = compose_text(rng, len(rows), bank=spec.bank, personal_detail_rate=spec.personal_detail_rate)
    texts = texts.str.slice(0, limit).str.strip_chars()
    values = scatter(n, rows, texts)
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
        bank = (context.profile.write_ins(question.id, option.id) if context.profile else ()) or (
            corpus.short_answers().please_specify
        )
        picked = pick(bank, rng.integers(0, len(bank), len(rows))).str.slice(0, OTHER_MAX_LENGTH)
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
