"""Weighting responses to the population: raking to age band × sex within each unitary authority.

Raking uses weightipy (maintained, MIT, the RIM algorithm of the Quantipy lineage; samplics, the usual choice, is
archived, and svy is a larger framework whose raking needs its own data model). Margins within each unitary are
raked as combined area × sex × age (or area × sex and area × age) keys in one flat scheme.

Two shapes of margin:
- ``joint`` (default): each unitary's sex × age band cells are one margin, so weighting is post-stratification
  on the 28 cells of the population table. Every cell needs respondents.
- ``separate``: within each unitary, rake to the sex margin and the age-band margin separately. Use it when some
  sex × age cells have no respondents; only each unitary's sexes and age bands then need respondents.

Respondents whose area, sex or age band cannot be matched to the population table (a skipped question, "prefer
not to say", a sex the population estimates do not record) keep a weight of 1 and are counted in the result, so
nobody silently vanishes from a table. Weights have mean 1 over the weighted respondents, so weighted counts are
on the sample's scale and weighted percentages are the estimates to quote.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import polars as pl
from numpy.typing import ArrayLike, NDArray

POPULATION_FILE = Path(__file__).resolve().parents[3] / "content" / "reference" / "population.csv"
TOTAL_BANDS = ("16+", "all ages")  # rows of the population file that add up the bands
SEX_WORDS = {
    "female": "females",
    "females": "females",
    "woman": "females",
    "women": "females",
    "f": "females",
    "male": "males",
    "males": "males",
    "man": "males",
    "men": "males",
    "m": "males",
}
SEX_LABELS = {"females": "female", "males": "male"}

Margins = Literal["joint", "separate"]


class WeightingError(ValueError):
    """Weighting cannot be done as asked; the message says which cell and what to do."""


def design_effect(weights: ArrayLike) -> float:
    """Kish's design effect from unequal weights: n·Σw²/(Σw)², which is 1 + CV² of the weights."""
    w = np.asarray(weights, dtype=np.float64)
    return float(w.size * np.sum(w * w) / np.sum(w) ** 2)


def effective_sample_size(weights: ArrayLike) -> float:
    """Kish's effective sample size (Σw)²/Σw²: how many unweighted responses the weighted ones are worth."""
    w = np.asarray(weights, dtype=np.float64)
    return float(np.sum(w) ** 2 / np.sum(w * w))


def load_population(path: Path = POPULATION_FILE) -> pl.DataFrame:
    """The population by area, sex and age band (the 16+ and all-ages rows are totals, not bands)."""
    frame = pl.read_csv(path, columns=["area_code", "area_name", "sex", "age_band", "population"])
    return frame.filter(~pl.col("age_band").is_in(TOTAL_BANDS))


@dataclass(frozen=True)
class Weighting:
    weights: NDArray[np.float64]
    weighted: NDArray[np.bool_]
    margins: Margins

    @property
    def not_weighted(self) -> int:
        return int((~self.weighted).sum())

    @property
    def design_effect(self) -> float:
        return design_effect(self.weights[self.weighted])

    @property
    def effective_sample_size(self) -> float:
        return effective_sample_size(self.weights[self.weighted])

    def summary(self) -> str:
        text = (
            f"Weighted {int(self.weighted.sum()):,} responses to the population by area, sex and age band "
            f"({'sex × age band' if self.margins == 'joint' else 'sex and age band separately'} within each area): "
            f"design effect {self.design_effect:.2f}, effective sample size {self.effective_sample_size:,.0f}."
        )
        if self.not_weighted:
            text += (
                f" {self.not_weighted:,} responses had no area, sex or age band that matches the population "
                f"estimates and keep a weight of 1."
            )
        return text


def _normalise_age(value: str) -> str:
    """ "16-24", "16_24", "age_16_24", "16 to 24" → "16-24"; "75+", "75_plus", "75 or over" → "75+"."""
    text = value.strip().lower()
    over = re.search(r"(\d+)\s*[-_ ]*(\+|plus|or over|and over|over)", text)
    if over:
        return f"{over.group(1)}+"
    between = re.search(r"(\d+)\D+?(\d+)", text)
    if between:
        return f"{between.group(1)}-{between.group(2)}"
    return text


def rake_to_population(
    frame: pl.DataFrame,
    *,
    area: str,
    sex: str,
    age_band: str,
    population: pl.DataFrame | None = None,
    margins: Margins = "joint",
) -> Weighting:
    """Weights for every row of ``frame`` from its area, sex and age-band columns.

    Areas match the population's area code or name; sex matches female/male (and their plurals); age bands
    match the population's bands ("16-24", "75+"; "16_24" and "75_plus" too).
    """
    population = load_population() if population is None else population
    areas = {row["area_code"]: row["area_name"] for row in population.iter_rows(named=True)}
    area_lookup = {code.lower(): code for code in areas} | {
        name.lower(): code for code, name in areas.items()
    }
    bands = sorted(set(population["age_band"].to_list()))
    # Normalise each distinct answer once, not each row: a million rows have a dozen distinct age answers.
    distinct_ages = frame.get_column(age_band).cast(pl.String).drop_nulls().unique().to_list()
    ages = {value: _normalise_age(value) for value in distinct_ages if _normalise_age(value) in bands}
    frame = frame.select(
        pl.col(area)
        .cast(pl.String)
        .str.strip_chars()
        .str.to_lowercase()
        .replace_strict(area_lookup, default=None)
        .alias("area"),
        pl.col(sex)
        .cast(pl.String)
        .str.strip_chars()
        .str.to_lowercase()
        .replace_strict(SEX_WORDS, default=None)
        .alias("sex"),
        pl.col(age_band).cast(pl.String).replace_strict(ages, default=None).alias("age_band"),
    )
    matched = frame.select(pl.all_horizontal(pl.all().is_not_null())).to_series().to_numpy()
    respondents = frame.filter(matched).with_columns(
        pl.concat_str("sex", "age_band", separator="|").alias("sex_age")
    )
    for name, column, known in (
        ("area", area, sorted(areas.values())),
        ("sex", sex, ["female", "male"]),
        ("age_band", age_band, bands),
    ):
        if frame.get_column(name).is_null().all():
            raise WeightingError(
                f"No value in the column {column!r} matches the population's {name.replace('_', ' ')}s "
                f"({', '.join(known)})"
            )
    if respondents.height == 0:
        raise WeightingError(
            "No response has an area, sex and age band that all match the population estimates"
        )
    _refuse_empty_margins(respondents, population, areas, margins)
    weights = np.ones(frame.height)
    weights[matched] = _rake(respondents, population, margins)
    return Weighting(weights=weights, weighted=matched.astype(bool), margins=margins)


def _refuse_empty_margins(
    respondents: pl.DataFrame, population: pl.DataFrame, areas: Mapping[str, str], margins: Margins
) -> None:
    present = set(respondents.select("area", "sex", "age_band").unique().iter_rows())
    present_sex = {(a, s) for a, s, _ in present}
    present_age = {(a, b) for a, _, b in present}
    present_areas = {a for a, _, _ in present}
    missing_areas = [name for code, name in areas.items() if code not in present_areas]
    if missing_areas:
        raise WeightingError(
            f"No respondents in {' or '.join(missing_areas)} at all: weight to the areas that have responses "
            f"(leave the others out of the population file) or do not weight"
        )
    empty: list[str] = []
    for row in population.filter(pl.col("population") > 0).iter_rows(named=True):
        code, sex, band = row["area_code"], row["sex"], row["age_band"]
        name, sex_label = areas[code], SEX_LABELS.get(sex, sex)
        if margins == "joint":
            if (code, sex, band) not in present:
                empty.append(f"{name}, {sex_label}, {band}")
            continue
        if (code, sex) not in present_sex and f"{name}, {sex_label}" not in empty:
            empty.append(f"{name}, {sex_label}")
        if (code, band) not in present_age and f"{name}, {band}" not in empty:
            empty.append(f"{name}, {band}")
    if empty:
        shown = "; ".join(empty[:6]) + (f"; and {len(empty) - 6} more" if len(empty) > 6 else "")
        advice = (
            "merge bands or drop this margin"
            if margins == "joint"
            else "merge bands or drop this margin (weight on fewer variables)"
        )
        raise WeightingError(f"No respondents in {shown}: {advice}")


def _rake(respondents: pl.DataFrame, population: pl.DataFrame, margins: Margins) -> NDArray[np.float64]:
    import weightipy  # pandas-based; imported here so that table runs without weighting never load it

    # One flat scheme over combined keys, not weightipy's segmented scheme: its segment bookkeeping is quadratic
    # in the number of rows (a list membership test per row) and never finishes on a million responses. Raking to
    # area × sex and area × age margins is the same thing as raking to sex and age within each area.
    def targets(*columns: str) -> dict[str, float]:
        grouped = population.group_by(["area_code", *columns]).agg(pl.col("population").sum())
        return {
            "|".join(str(r[c]) for c in ("area_code", *columns)): float(r["population"])
            for r in grouped.iter_rows(named=True)
        }

    def key(*columns: str) -> pl.Expr:
        return pl.concat_str("area", *columns, separator="|")

    if margins == "joint":
        dimensions = {"area_sex_age": targets("sex", "age_band")}
        keys = respondents.select(key("sex", "age_band").alias("area_sex_age"))
    else:
        dimensions = {"area_sex": targets("sex"), "area_age": targets("age_band")}
        keys = respondents.select(key("sex").alias("area_sex"), key("age_band").alias("area_age"))
    scheme = weightipy.scheme_from_dict(dimensions, name="population")
    chatter = io.StringIO()
    with contextlib.redirect_stdout(chatter):  # weightipy reports convergence problems by printing
        weights = weightipy.weight(keys.to_pandas(), scheme)
    if "did not occur" in chatter.getvalue() or "partial convergence" in chatter.getvalue():
        raise WeightingError(
            "Raking did not converge: the margins can only be met by giving some group a weight near zero "
            "(usually a nearly empty band); merge bands or weight on fewer margins"
        )
    result = weights.to_numpy(dtype=np.float64)
    return result / result.mean()
