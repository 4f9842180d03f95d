"""The text synthetic residents write, kept as data files in ``corpus/`` (see each file's header). No Django."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"


def _read(name: str) -> dict[str, Any]:
    data = yaml.safe_load((CORPUS_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{name} must hold a mapping"
    return data


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(value) for value in values)


@dataclass(frozen=True)
class Comments:
    """Building blocks of free-text comments: banks of core sentences, and what goes before and after them."""

    banks: dict[str, tuple[str, ...]]
    openers: dict[str, tuple[str, ...]]
    follow_on: tuple[str, ...]
    endings: dict[str, tuple[str, ...]]
    prepositions: tuple[str, ...]
    places: tuple[str, ...]

    def bank(self, name: str) -> tuple[str, ...]:
        """A bank's core sentences; ``general`` also draws every other sentence of the causes and prevention."""
        if name == "general":
            return self.banks["causes"][::2] + self.banks["prevention"][1::2] + self.banks["general"]
        return self.banks[name]


@dataclass(frozen=True)
class PersonalDetails:
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    #: Sentence templates with {name}, {first}, {phone}, {email} or {postcode} in braces.
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class ShortAnswers:
    short_text: tuple[str, ...]
    please_specify: tuple[str, ...]


@cache
def comments() -> Comments:
    data = _read("comments.yaml")
    return Comments(
        banks={name: _strings(values) for name, values in data["banks"].items()},
        openers={name: _strings(values) for name, values in data["openers"].items()},
        follow_on=_strings(data["follow_on"]),
        endings={name: _strings(values) for name, values in data["endings"].items()},
        prepositions=_strings(data["prepositions"]),
        places=_strings(data["places"]),
    )


@cache
def personal_details() -> PersonalDetails:
    data = _read("personal_details.yaml")
    return PersonalDetails(
        first_names=_strings(data["first_names"]),
        surnames=_strings(data["surnames"]),
        sentences=_strings(data["sentences"]),
    )


@cache
def short_answers() -> ShortAnswers:
    data = _read("short_answers.yaml")
    return ShortAnswers(
        short_text=_strings(data["short_text"]), please_specify=_strings(data["please_specify"])
    )


def bank_names() -> tuple[str, ...]:
    return tuple(comments().banks)
