"""What the sampler needs to know to answer one question, and who is answering: the vocabulary shared by the
sampler (``sampler.py``) and the survey profiles that tell it how a particular survey's respondents answer
(``profile.py``). No Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

Bools = NDArray[np.bool_]
Codes = NDArray[np.int64]
Floats = NDArray[np.float64]
#: A weight for every row (an array) or the same weight for all (a number).
Weight = float | Floats

#: The population file's age bands, youngest first; a persona's ``age`` indexes this (-1: under 16).
AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")
UNDER_16 = "under_16"


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
    """An area question: the respondent's own council with probability ``home``, else anywhere."""

    home: float = 0.9
    not_sure: float = 0.04
    prefer_not_to_say: float = 0.04
    skip: float = 0.02


@dataclass(frozen=True)
class TextSpec:
    """Free text composed from a bank of the comments corpus (``corpus/comments.yaml``)."""

    bank: str
    answer_rate: float = 0.5
    personal_detail_rate: float = 0.08


Spec = SingleSpec | MultipleSpec | GridSpec | AreaSpec | TextSpec


@dataclass(frozen=True)
class Tilt:
    """How much more or less likely than average each group is to answer: weighting should undo it."""

    sex: Mapping[str, float] = field(default_factory=dict)
    age_band: Mapping[str, float] = field(default_factory=dict)
    under_16_share: float = 0.0


@dataclass
class Persona:
    """Who each synthetic respondent is; the answers about them, and much else, follow from it."""

    #: index into ``unitaries``.
    unitary: Codes
    unitaries: tuple[str, ...]
    female: Bools
    #: index into AGE_BANDS; -1 for someone under 16.
    age: Codes
    #: how much more than average this person skips questions and prefers not to say (mean 1).
    reticence: Floats
    #: a standard normal score per person, which a profile turns into how unsafe they tend to feel.
    unease: Floats


class Evidence(Protocol):
    """What a profile may read when it decides how a question is answered: who answers, and what they chose."""

    n: int
    persona: Persona
    rng: np.random.Generator

    def chose(self, question_id: str, *option_ids: str) -> Bools:
        """Rows whose answer to ``question_id`` includes any of ``option_ids`` (false where unanswered)."""
        ...
