"""A survey profile: how one survey's synthetic respondents answer, read from a YAML file beside its questionnaire
(for the Serious Violence Duty survey, ``content/consultations/serious-violence-duty-2023/synthetic-profile.yaml``).

The file names the questionnaire's own question, option and row ids; ``load_profile`` checks every one of them
against the questionnaire and reports each problem as ``file:line: reason``, so the profile cannot silently drift
from the questionnaire it describes. The format is in ``docs/synthetic-responses.md``. No Django.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from safevoice.content import ContentError, ContentErrors, LocatedYaml, load_yaml, validate_against_schema
from safevoice.questionnaire_engine.areas import PREFER_NOT_TO_SAY
from safevoice.questionnaire_engine.model import Question, Questionnaire, QuestionType
from safevoice.synthetic import corpus
from safevoice.synthetic.specs import (
    AGE_BANDS,
    UNDER_16,
    AreaSpec,
    Bools,
    Evidence,
    Floats,
    GridSpec,
    MultipleSpec,
    SingleSpec,
    Spec,
    TextSpec,
    Tilt,
    Weight,
)

PROFILE_NAME = "synthetic-profile.yaml"
SCHEMA_PATH = Path(__file__).resolve().parent / "profile.schema.json"
#: Every age band a condition or a by_age_band weight may name: under 16, then the population file's.
ALL_AGE_BANDS = (UNDER_16, *AGE_BANDS)
SEXES = ("females", "males")

WeightOf = Callable[[Evidence], Weight]
Holds = Callable[[Evidence], Bools]
Path_ = tuple[str | int, ...]

#: Which profile key answers which question types.
KINDS: dict[str, tuple[QuestionType, ...]] = {
    "choose": (QuestionType.MULTIPLE_CHOICE,),
    "weights": (QuestionType.SINGLE_CHOICE, QuestionType.LIKERT),
    "from_respondent": (QuestionType.SINGLE_CHOICE,),
    "area": (QuestionType.AREA,),
    "text": (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT),
    "ordinal": (QuestionType.LIKERT_GRID,),
}


@dataclass(frozen=True)
class SurveyProfile:
    source: Path
    tilt: Tilt
    _specs: Mapping[str, Callable[[Evidence], Spec]]
    _write_ins: Mapping[tuple[str, str], tuple[str, ...]]

    def spec_for(self, question: Question, evidence: Evidence) -> Spec | None:
        """How ``question`` is answered by the respondents in ``evidence``; None where the profile is silent."""
        make = self._specs.get(question.id)
        return make(evidence) if make is not None else None

    def write_ins(self, question_id: str, option_id: str) -> tuple[str, ...]:
        """What people write in the "please specify" box of an option; empty where the profile gives none."""
        return self._write_ins.get((question_id, option_id), ())


def profile_beside(questionnaire: Questionnaire) -> SurveyProfile | None:
    """The profile in the questionnaire file's folder, if there is one (None for a questionnaire from the
    database, or a folder without a profile)."""
    if not questionnaire.source:
        return None
    path = Path(questionnaire.source).parent / PROFILE_NAME
    return load_profile(path, questionnaire) if path.is_file() else None


def load_profile(path: Path, questionnaire: Questionnaire) -> SurveyProfile:
    """The profile in ``path``, checked against ``questionnaire``; ContentErrors lists every problem."""
    document = load_yaml(path)
    errors = validate_against_schema(document, SCHEMA_PATH)
    if errors:
        raise ContentErrors(errors)
    reader = _ProfileReader(document, questionnaire)
    profile = reader.read()
    if reader.errors:
        raise ContentErrors(sorted(reader.errors, key=lambda e: e.line or 0))
    return profile


class _ProfileReader:
    """Turns the checked document into functions of the evidence, collecting every mismatch with the
    questionnaire on the way."""

    def __init__(self, document: LocatedYaml, questionnaire: Questionnaire) -> None:
        self.document = document
        self.questionnaire = questionnaire
        self.errors: list[ContentError] = []
        self.order = {q.id: i for i, q in enumerate(questionnaire.questions)}
        self.unease_terms: tuple[tuple[Holds, float], ...] = ()

    def error(self, where: Path_, reason: str) -> None:
        self.errors.append(self.document.error(where, reason))

    def read(self) -> SurveyProfile:
        data: dict[str, Any] = self.document.data
        if data["questionnaire"] != self.questionnaire.id:
            self.error(
                ("questionnaire",),
                f"this profile is for {data['questionnaire']!r}, not for the questionnaire "
                f"{self.questionnaire.id!r}",
            )
        respondents = data.get("respondents", {})
        tilt = self._tilt(respondents)
        first_ordinal = min(
            (self.order.get(qid, len(self.order)) for qid, e in data["questions"].items() if "ordinal" in e),
            default=len(self.order),
        )
        self.unease_terms = tuple(
            (
                self._condition(term["if"], ("respondents", "unease", i, "if"), before=first_ordinal),
                term["add"],
            )
            for i, term in enumerate(respondents.get("unease", []))
        )
        specs: dict[str, Callable[[Evidence], Spec]] = {}
        write_ins: dict[tuple[str, str], tuple[str, ...]] = {}
        for question_id, entry in data["questions"].items():
            where: Path_ = ("questions", question_id)
            question = self.questionnaire.question(question_id)
            if question is None:
                self.error(where, f"the questionnaire has no question {question_id!r}")
                continue
            for option_id, texts in entry.get("write_ins", {}).items():
                option = self._option(question, option_id, (*where, "write_ins", option_id))
                if option is not None and not option.other:
                    self.error(
                        (*where, "write_ins", option_id),
                        f"the option {option_id!r} has no 'please specify' box to write in",
                    )
                write_ins[question_id, option_id] = tuple(texts)
            make = self._spec(question, entry, where)
            if make is not None:
                specs[question_id] = make
        return SurveyProfile(
            source=Path(self.document.path),
            tilt=tilt,
            _specs=specs,
            _write_ins=write_ins,
        )

    # Respondents --------------------------------------------------------------------------------------------

    def _tilt(self, respondents: Mapping[str, Any]) -> Tilt:
        tilt = respondents.get("tilt", {})
        for sex in tilt.get("sex", {}):
            if sex not in SEXES:
                self.error(("respondents", "tilt", "sex", sex), f"{sex!r} is not 'females' or 'males'")
        for band in tilt.get("age_band", {}):
            if band not in AGE_BANDS:
                self.error(
                    ("respondents", "tilt", "age_band", band),
                    f"{band!r} is not an age band of the population file ({', '.join(AGE_BANDS)})",
                )
        return Tilt(
            sex=dict(tilt.get("sex", {})),
            age_band=dict(tilt.get("age_band", {})),
            under_16_share=float(respondents.get("under_16_share", 0.0)),
        )

    # One question ------------------------------------------------------------------------------------------

    def _spec(
        self, question: Question, entry: Mapping[str, Any], where: Path_
    ) -> Callable[[Evidence], Spec] | None:
        kinds = [key for key in KINDS if key in entry]
        if not kinds:
            return None
        if len(kinds) > 1:
            self.error(where, f"give one of {', '.join(kinds)} for a question, not several")
            return None
        kind = kinds[0]
        if question.type not in KINDS[kind]:
            allowed = " or ".join(t.value for t in KINDS[kind])
            self.error(
                (*where, kind),
                f"{kind!r} answers a {allowed} question, and {question.id!r} is a {question.type.value}",
            )
            return None
        position = self.order[question.id]
        skip = entry.get("skip")
        if kind == "choose":
            return self._multiple(question, entry, where, position, skip)
        if kind == "weights":
            weights = self._weights(question, entry["weights"], (*where, "weights"), position)
            return lambda ev: _with_skip(SingleSpec(_evaluate_all(weights, ev)), skip)
        if kind == "from_respondent":
            return self._from_respondent(question, entry, where, skip)
        if kind == "area":
            area = dict(entry["area"])
            return lambda ev: _with_skip(AreaSpec(**area), skip)
        if kind == "text":
            text = dict(entry["text"])
            if text["corpus"] not in corpus.bank_names():
                self.error(
                    (*where, "text", "corpus"),
                    f"there is no comments bank {text['corpus']!r} (there are {', '.join(corpus.bank_names())})",
                )
            bank = text.pop("corpus")
            return lambda ev: TextSpec(bank=bank, **text)
        return self._ordinal(question, entry, where, position, skip)

    def _multiple(
        self, question: Question, entry: Mapping[str, Any], where: Path_, position: int, skip: float | None
    ) -> Callable[[Evidence], Spec]:
        chance = self._weights(question, entry["choose"], (*where, "choose"), position)
        exclusive = self._weights(question, entry.get("exclusive", {}), (*where, "exclusive"), position)
        for option_id in entry["choose"]:
            option = question.option(option_id)
            if option is not None and option.exclusive:
                self.error(
                    (*where, "choose", option_id),
                    f"{option_id!r} is an exclusive option: give it under 'exclusive'",
                )
        for option_id in entry.get("exclusive", {}):
            option = question.option(option_id)
            if option is not None and not option.exclusive:
                self.error(
                    (*where, "exclusive", option_id),
                    f"{option_id!r} is not an exclusive option: give it under 'choose'",
                )
        rate = self._weight(entry.get("exclusive_rate", 0.0), (*where, "exclusive_rate"), position)
        gate = self._weight(entry["gate"], (*where, "gate"), position) if "gate" in entry else None

        def make(ev: Evidence) -> Spec:
            chances = _evaluate_all(chance, ev)
            if gate is not None:
                # Only people the question applies to choose any ordinary option; the rest take an exclusive one.
                applies = ev.rng.random(ev.n) < np.broadcast_to(
                    np.asarray(gate(ev), dtype=np.float64), (ev.n,)
                )
                chances = {option_id: np.where(applies, c, 0.0) for option_id, c in chances.items()}
            spec = MultipleSpec(
                chance=chances, exclusive=_evaluate_all(exclusive, ev), exclusive_rate=rate(ev)
            )
            return _with_skip(spec, skip)

        return make

    def _from_respondent(
        self, question: Question, entry: Mapping[str, Any], where: Path_, skip: float | None
    ) -> Callable[[Evidence], Spec] | None:
        trait = entry["from_respondent"]
        mapping: dict[str, str] = dict(entry.get("map", {}))
        known = ALL_AGE_BANDS if trait == "age_band" else SEXES
        for option_id, value in mapping.items():
            self._option(question, option_id, (*where, "map", option_id))
            if value not in known:
                self.error((*where, "map", option_id), f"{value!r} is not one of {', '.join(known)}")
        declining = float(entry.get("prefer_not_to_say", 0.0))
        if declining and question.option(PREFER_NOT_TO_SAY) is None:
            self.error((*where, "prefer_not_to_say"), f"{question.id!r} has no 'prefer_not_to_say' option")

        def make(ev: Evidence) -> Spec:
            persona = ev.persona
            weights: dict[str, Weight] = {}
            for option_id, value in mapping.items():
                if trait == "age_band":
                    matches = persona.age == ALL_AGE_BANDS.index(value) - 1
                else:
                    matches = persona.female == (value == "females")
                weights[option_id] = matches.astype(np.float64) * (1 - declining)
            if declining:
                weights[PREFER_NOT_TO_SAY] = declining
            return _with_skip(SingleSpec(weights), skip)

        return make

    def _ordinal(
        self, question: Question, entry: Mapping[str, Any], where: Path_, position: int, skip: float | None
    ) -> Callable[[Evidence], Spec]:
        ordinal = entry["ordinal"]
        scale: list[str] = list(ordinal["scale"])
        cuts = np.asarray(ordinal["cuts"], dtype=np.float64)
        if len(cuts) != len(scale) - 1:
            self.error(
                (*where, "ordinal", "cuts"), f"a scale of {len(scale)} steps needs {len(scale) - 1} cuts"
            )
        if list(cuts) != sorted(cuts):
            self.error((*where, "ordinal", "cuts"), "the cuts must go up")
        for index, option_id in enumerate(scale):
            self._option(question, option_id, (*where, "ordinal", "scale", index))
        row_ids = {row.id for row in question.rows}
        for row_id in [*ordinal["rows"], *entry.get("rows_also", {})]:
            if row_id not in row_ids:
                self.error((*where, "ordinal", "rows", row_id), f"{question.id!r} has no row {row_id!r}")
        also = self._weights(question, entry.get("also", {}), (*where, "also"), position)
        rows_also = {
            row_id: self._weights(question, weights, (*where, "rows_also", row_id), position)
            for row_id, weights in entry.get("rows_also", {}).items()
        }
        shifts: dict[str, float] = dict(ordinal["rows"])
        noise = float(ordinal.get("noise", 0.0))

        unease_terms = self.unease_terms

        def make(ev: Evidence) -> Spec:
            # Read when the grid is answered, by which time the questions the unease terms read are answered.
            unease = _unease(unease_terms, ev)
            rows: dict[str, Mapping[str, Weight]] = {}
            for row_id, shift in shifts.items():
                level = unease + shift + noise * ev.rng.standard_normal(ev.n)
                band = np.searchsorted(cuts, level)
                one_hot: dict[str, Weight] = {
                    option_id: (band == i).astype(np.float64) for i, option_id in enumerate(scale)
                }
                extra = {**_evaluate_all(also, ev), **_evaluate_all(rows_also.get(row_id, {}), ev)}
                rows[row_id] = {**one_hot, **extra}
            return _with_skip(GridSpec(rows=rows), skip)

        return make

    # Weights and conditions ----------------------------------------------------------------------------------

    def _weights(
        self, question: Question, weights: Mapping[str, Any], where: Path_, position: int
    ) -> dict[str, WeightOf]:
        compiled: dict[str, WeightOf] = {}
        for option_id, value in weights.items():
            self._option(question, option_id, (*where, option_id))
            compiled[option_id] = self._weight(value, (*where, option_id), position)
        return compiled

    def _weight(self, value: Any, where: Path_, position: int) -> WeightOf:
        if isinstance(value, int | float):
            number = float(value)
            return lambda ev: number
        if "if" in value:
            holds = self._condition(value["if"], (*where, "if"), before=position)
            then = self._weight(value["then"], (*where, "then"), position)
            otherwise = self._weight(value.get("else", 0.0), (*where, "else"), position)
            return lambda ev: np.where(holds(ev), then(ev), otherwise(ev))
        if "by_age_band" in value:
            bands = value["by_age_band"]
            missing = [band for band in ALL_AGE_BANDS if band not in bands]
            unknown = [band for band in bands if band not in ALL_AGE_BANDS]
            if missing or unknown:
                self.error(
                    (*where, "by_age_band"),
                    f"give a weight for each of {', '.join(ALL_AGE_BANDS)}"
                    + (f" (missing {', '.join(missing)})" if missing else "")
                    + (f" (unknown {', '.join(unknown)})" if unknown else ""),
                )
                return lambda ev: 0.0
            # A persona's age is -1 for under 16, so the under-16 weight goes last for numpy's indexing.
            table = np.array([bands[band] for band in AGE_BANDS] + [bands[UNDER_16]], dtype=np.float64)
            return lambda ev: table[ev.persona.age]
        # any_of: the chance that at least one of the options chosen makes it so (independent causes).
        ((question_id, chances),) = value["any_of"].items()
        self._earlier_question(question_id, list(chances), (*where, "any_of", question_id), position)
        otherwise = self._weight(value.get("otherwise", 0.0), (*where, "otherwise"), position)

        def any_of(ev: Evidence) -> Weight:
            none = np.ones(ev.n)
            chose_any = np.zeros(ev.n, dtype=bool)
            for option_id, chance in chances.items():
                chose = ev.chose(question_id, option_id)
                none *= np.where(chose, 1 - chance, 1.0)
                chose_any |= chose
            return np.asarray(np.where(chose_any, 1 - none, otherwise(ev)))

        return any_of

    def _condition(self, value: Any, where: Path_, *, before: int) -> Holds:
        if value == "female":
            return lambda ev: ev.persona.female
        if value == "male":
            return lambda ev: ~ev.persona.female
        if "age_band" in value:
            unknown = [band for band in value["age_band"] if band not in ALL_AGE_BANDS]
            if unknown:
                self.error(
                    (*where, "age_band"),
                    f"{', '.join(map(repr, unknown))} is not an age band ({', '.join(ALL_AGE_BANDS)})",
                )
            ages = np.array([ALL_AGE_BANDS.index(b) - 1 for b in value["age_band"] if b in ALL_AGE_BANDS])
            return lambda ev: np.isin(ev.persona.age, ages)
        if "chose" in value:
            tests = list(value["chose"].items())
            for question_id, option_ids in tests:
                self._earlier_question(question_id, option_ids, (*where, "chose", question_id), before)

            def chose(ev: Evidence) -> Bools:
                result = np.zeros(ev.n, dtype=bool)
                for question_id, option_ids in tests:
                    result |= ev.chose(question_id, *option_ids)
                return result

            return chose
        key = "all" if "all" in value else "any"
        parts = [self._condition(part, (*where, key, i), before=before) for i, part in enumerate(value[key])]
        combine = np.logical_and if key == "all" else np.logical_or

        def combined(ev: Evidence) -> Bools:
            result = parts[0](ev)
            for part in parts[1:]:
                result = combine(result, part(ev))
            return np.asarray(result)

        return combined

    def _earlier_question(self, question_id: str, option_ids: list[str], where: Path_, before: int) -> None:
        question = self.questionnaire.question(question_id)
        if question is None:
            self.error(where, f"the questionnaire has no question {question_id!r}")
            return
        if self.order[question_id] >= before:
            self.error(where, f"{question_id!r} is asked after the answer that depends on it")
        for option_id in option_ids:
            self._option(question, option_id, where)

    def _option(self, question: Question, option_id: str, where: Path_) -> Any:
        option = question.option(option_id)
        if option is None:
            ids = ", ".join(o.id for o in question.options)
            self.error(where, f"{question.id!r} has no option {option_id!r} (its options: {ids})")
        return option


def _unease(terms: tuple[tuple[Holds, float], ...], ev: Evidence) -> Floats:
    level = ev.persona.unease.copy()
    for holds, add in terms:
        level = level + add * holds(ev)
    return np.asarray(level)


def _evaluate_all(weights: Mapping[str, WeightOf], ev: Evidence) -> dict[str, Weight]:
    return {option_id: weight(ev) for option_id, weight in weights.items()}


SpecT = TypeVar("SpecT", SingleSpec, MultipleSpec, GridSpec, AreaSpec)


def _with_skip(spec: SpecT, skip: float | None) -> SpecT:
    """The profile's skip rate where it gives one, else the spec's own default."""
    return spec if skip is None else replace(spec, skip=float(skip))
