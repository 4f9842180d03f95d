"""Weighting to the population, checked against weights worked out by hand."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from safevoice.analysis.tables.weighting import (
    WeightingError,
    design_effect,
    effective_sample_size,
    load_population,
    rake_to_population,
)


def population(rows: list[tuple[str, str, str, str, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["area_code", "area_name", "sex", "age_band", "population"], orient="row"
    )


ONE_AREA = population(
    [
        ("E1", "Northtown", "females", "16-44", 30),
        ("E1", "Northtown", "females", "45+", 30),
        ("E1", "Northtown", "males", "16-44", 20),
        ("E1", "Northtown", "males", "45+", 20),
    ]
)


def respondents(rows: list[tuple[str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["area", "sex", "age"], orient="row")


def test_kish_design_effect_and_effective_sample_size_by_hand() -> None:
    # Weights 2/3, 2/3, 2/3, 2: Σw = 4, Σw² = 16/3, so deff = 4·(16/3)/16 = 4/3 and n_eff = 16/(16/3) = 3.
    weights = [2 / 3, 2 / 3, 2 / 3, 2]

    assert design_effect(weights) == pytest.approx(4 / 3)
    assert effective_sample_size(weights) == pytest.approx(3)
    assert design_effect(weights) == pytest.approx(1 + np.var(weights) / np.mean(weights) ** 2)


def test_joint_margins_post_stratify_each_sex_and_age_cell() -> None:
    # Population shares 30/30/20/20; the sample has 3, 1, 1, 1 in those cells (n = 6).
    # Weight = share·n/count: 0.3·6/3 = 0.6, 0.3·6/1 = 1.8, 0.2·6/1 = 1.2, 1.2.
    frame = respondents(
        [("Northtown", "female", "16-44")] * 3
        + [("Northtown", "female", "45+"), ("E1", "male", "16_44"), ("northtown", "Male", "45 and over")]
    )

    weighting = rake_to_population(frame, area="area", sex="sex", age_band="age", population=ONE_AREA)

    assert weighting.weights.tolist() == pytest.approx([0.6, 0.6, 0.6, 1.8, 1.2, 1.2])
    # Σw = 6, Σw² = 3·0.36 + 3.24 + 2·1.44 = 7.2: deff = 6·7.2/36 = 1.2, n_eff = 36/7.2 = 5.
    assert weighting.design_effect == pytest.approx(1.2)
    assert weighting.effective_sample_size == pytest.approx(5)


def test_separate_margins_rake_sex_and_age_one_after_the_other() -> None:
    # One of each cell; sexes should be 60/40 and ages 50/50. Raking on sex gives 1.2 to women and 0.8 to
    # men, after which each age band already sums to 2 of 4: the raking has converged.
    frame = respondents(
        [("E1", "female", "16-44"), ("E1", "female", "45+"), ("E1", "male", "16-44"), ("E1", "male", "45+")]
    )

    weighting = rake_to_population(
        frame, area="area", sex="sex", age_band="age", population=ONE_AREA, margins="separate"
    )

    assert weighting.weights.tolist() == pytest.approx([1.2, 1.2, 0.8, 0.8], abs=1e-3)
    assert weighting.design_effect == pytest.approx(1.04, abs=1e-3)


def test_each_area_is_scaled_to_its_share_of_the_population() -> None:
    two_areas = population(
        [("E1", "Northtown", "females", "16+", 100), ("E2", "Westbury", "females", "16+", 300)]
    )
    frame = respondents([("E1", "female", "16+")] * 2 + [("E2", "female", "16+")] * 2)

    weighting = rake_to_population(frame, area="area", sex="sex", age_band="age", population=two_areas)

    assert weighting.weights.tolist() == pytest.approx([0.5, 0.5, 1.5, 1.5])


def test_age_bands_are_read_the_ways_questionnaires_write_them() -> None:
    ages = ["age_16_44", "45 or over", "16 to 44", "age_45_plus", "under_16"]
    frame = respondents([("E1", sex, age) for sex, age in zip("ffmmm", ages, strict=True)])

    weighting = rake_to_population(frame, area="area", sex="sex", age_band="age", population=ONE_AREA)

    assert weighting.weighted.tolist() == [True, True, True, True, False]  # no band for under-16s


def test_a_column_with_no_value_the_population_knows_is_named() -> None:
    frame = respondents([("E1", "female", "young")] * 4)

    with pytest.raises(
        WeightingError, match=r"No value in the column 'age' matches the population's age bands"
    ):
        rake_to_population(frame, area="area", sex="sex", age_band="age", population=ONE_AREA)


def test_people_who_cannot_be_matched_keep_a_weight_of_one_and_are_counted() -> None:
    balanced = [
        ("E1", "female", "16-44"),
        ("E1", "female", "45+"),
        ("E1", "male", "16-44"),
        ("E1", "male", "45+"),
    ]
    frame = respondents([*balanced, ("E1", "prefer_not_to_say", "45+"), ("", "female", "16-44")])

    weighting = rake_to_population(frame, area="area", sex="sex", age_band="age", population=ONE_AREA)

    assert weighting.weights[4:].tolist() == [1.0, 1.0]
    assert weighting.not_weighted == 2
    assert "2 responses had no area, sex or age band that matches" in weighting.summary()


def test_a_cell_with_no_respondents_is_named_with_what_to_do() -> None:
    frame = respondents([("E1", "female", "16-44"), ("E1", "female", "45+"), ("E1", "male", "16-44")] * 3)

    with pytest.raises(
        WeightingError, match=r"^No respondents in Northtown, male, 45\+: merge bands or drop"
    ):
        rake_to_population(frame, area="area", sex="sex", age_band="age", population=ONE_AREA)


def test_separate_margins_need_only_each_sex_and_each_age_band() -> None:
    frame = respondents([("E1", "female", "16-44"), ("E1", "female", "45+"), ("E1", "male", "16-44")] * 3)

    weighting = rake_to_population(
        frame, area="area", sex="sex", age_band="age", population=ONE_AREA, margins="separate"
    )

    assert weighting.weighted.all()


def test_a_whole_area_with_no_respondents_is_named() -> None:
    frame = respondents([("E06000061", "female", "16-24")] * 20)

    with pytest.raises(WeightingError, match=r"^No respondents in West Northamptonshire at all"):
        rake_to_population(frame, area="area", sex="sex", age_band="age")


def test_the_shipped_population_file_has_every_band_for_both_unitaries() -> None:
    shipped = load_population()

    assert shipped.height == 2 * 2 * 7
    assert shipped.filter(pl.col("area_code") == "E06000062")["population"].sum() == 176271 + 169951
