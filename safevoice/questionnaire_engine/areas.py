"""The areas an ``area`` question offers, read from the reference data shipped with the product.

An area question asks once, at the finest level it names (postcode district, then former district, then unitary
authority), and stores that answer together with the coarser levels it also names, derived from the reference
lists. Postcode districts map to councils only approximately (the reference README says which straddle two), which
is why every area question also offers "Not sure".
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEVELS = ("unitary", "former_district", "postcode_district")
#: The order in which a question's levels are asked: the finest level it names is the one shown.
FINEST_FIRST = ("postcode_district", "former_district", "unitary")
NOT_SURE = "not_sure"
PREFER_NOT_TO_SAY = "prefer_not_to_say"
DEFAULT_REFERENCE_DIR = Path(__file__).resolve().parents[2] / "content" / "reference"

_CODE_IN_BRACKETS = re.compile(r"\(([A-Z][0-9]{8})\)")


@dataclass(frozen=True)
class AreaChoice:
    level: str
    code: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class AreaCatalogue:
    choices: tuple[AreaChoice, ...]
    #: code -> {level: code} of every level the code determines (itself and its parents).
    parents: dict[str, dict[str, str]]

    def choices_at(self, level: str) -> tuple[AreaChoice, ...]:
        return tuple(c for c in self.choices if c.level == level)

    def asked_level(self, levels: Sequence[str]) -> str:
        return next(level for level in FINEST_FIRST if level in levels)

    def answer_for(self, code: str, levels: Sequence[str]) -> dict[str, str]:
        """The stored answer when ``code`` is chosen: one entry per level the question names."""
        known = self.parents.get(code, {})
        return {level: known[level] for level in levels if level in known}


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def load_area_catalogue(reference_dir: Path = DEFAULT_REFERENCE_DIR) -> AreaCatalogue:
    choices: list[AreaChoice] = []
    parents: dict[str, dict[str, str]] = {}
    for row in _read_rows(reference_dir / "areas.csv"):
        choices.append(AreaChoice(level=row["level"], code=row["code"], label=row["name"]))
        parents[row["code"]] = {row["level"]: row["code"]}
        if row["parent_code"]:
            parents[row["code"]]["unitary"] = row["parent_code"]
    for row in _read_rows(reference_dir / "postcode_districts.csv"):
        code = row["postcode_district"]
        choices.append(AreaChoice(level="postcode_district", code=code, label=code, hint=row["post_town"]))
        mapping = {"postcode_district": code}
        # A council is derived only where the reference data is reasonably sure of it; otherwise the answer
        # keeps the postcode district alone and analysis treats the council as unknown.
        if row["primary_ua_code"] and row["ua_confidence"] != "low":
            mapping["unitary"] = row["primary_ua_code"]
        districts = _CODE_IN_BRACKETS.findall(row["primary_former_district"] or "")
        if len(districts) == 1 and row["former_district_confidence"] != "low":
            mapping["former_district"] = districts[0]
        parents[code] = mapping
    return AreaCatalogue(choices=tuple(choices), parents=parents)
