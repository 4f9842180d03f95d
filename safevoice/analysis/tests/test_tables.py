"""Frequency tables and breakdowns: every option visible, honest bases, Wilson intervals, linked protection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safevoice.analysis.tables.answers import AnswerProblems, encode
from safevoice.analysis.tables.codebook import Codebook, Option, Question, load_codebook
from safevoice.analysis.tables.disclosure import DisclosureRules, audit, audit_failures
from safevoice.analysis.tables.frequencies import protected_question, question_table
from safevoice.analysis.tables.intervals import wilson_interval
from safevoice.content import ContentErrors

SAFE = Question(
    "feel_safe",
    "How safe do you feel walking alone after dark?",
    "single",
    (
        Option("safe", "Safe"),
        Option("unsafe", "Unsafe"),
        Option("not_sure", "Not sure"),
        Option("prefer_not_to_say", "Prefer not to say"),
    ),
)
WORRIES = Question(
    "worries",
    "Which of these worry you?",
    "multiple",
    (
        Option("knives", "Knife crime"),
        Option("drugs", "Drug dealing"),
        Option("prefer_not_to_say", "Prefer not to say"),
    ),
)
AREA = Question("area", "Where do you live?", "single", (Option("north", "North"), Option("west", "West")))
AGE = Question(
    "age", "How old are you?", "single", (Option("16-34", "16 to 34"), Option("35+", "35 or over"))
)
CODEBOOK = Codebook(questions=(SAFE, WORRIES, AREA), breakdowns=("area",))


def answers(rows: list[tuple[str, str, str]]) -> pl.DataFrame:
    """Rows of (feel_safe, worries joined by '+', area)."""
    return pl.DataFrame(
        {
            "feel_safe": [r[0] for r in rows],
            **{
                f"worries__{o.id}": ["1" if o.id in r[1].split("+") else "0" for r in rows]
                for o in WORRIES.options
            },
            "area": [r[2] for r in rows],
        }
    )


def by_option(table: pl.DataFrame, group: str = "all") -> dict[str, dict[str, Any]]:
    return {row["option_id"]: row for row in table.filter(pl.col("group_id") == group).iter_rows(named=True)}


def test_wilson_interval_matches_hand_worked_values() -> None:
    low, high = wilson_interval([5, 0, 10], [10, 10, 10])

    # 5 of 10: 0.5 ± 1.96·√(0.025 + 0.0096)/1.3841 → 0.2366 to 0.7634; 0 of 10: upper z²/(n + z²) = 0.2775.
    assert low.tolist() == pytest.approx([0.2366, 0.0, 0.7225], abs=1e-4)
    assert high.tolist() == pytest.approx([0.7634, 0.2775, 1.0], abs=1e-4)


def test_a_zero_base_has_no_interval() -> None:
    low, high = wilson_interval([0], [0])

    assert np.isnan(low[0])
    assert np.isnan(high[0])


EVERY_OPTION = [("not_sure", "", "north")] * 10 + [("prefer_not_to_say", "", "west")] * 10


def test_single_choice_table_counts_percentages_and_says_what_they_are_of() -> None:
    frame = answers(
        [("safe", "", "north")] * 60 + [("unsafe", "", "west")] * 20 + EVERY_OPTION + [("", "", "west")] * 7
    )
    encoded = encode(frame, CODEBOOK)

    rows = by_option(question_table(encoded["feel_safe"]))

    assert rows["safe"]["count"] == 60
    assert rows["safe"]["percent"] == 60.0
    assert rows["not_sure"]["percent"] == 10.0
    assert rows["safe"]["base"] == 100  # the 7 who skipped the question are not in the base
    assert rows["safe"]["base_description"] == (
        "% of the 100 (rounded to the nearest 5) people who answered this question"
    )
    assert rows["safe"]["ci_low"] == pytest.approx(50.2, abs=0.1)
    assert rows["safe"]["ci_high"] == pytest.approx(69.1, abs=0.1)


def test_one_small_answer_hides_a_second_so_it_cannot_be_taken_from_the_total() -> None:
    frame = answers([("safe", "", "north")] * 60 + [("unsafe", "", "west")] * 40 + EVERY_OPTION[:13])

    rows = by_option(question_table(encode(frame, CODEBOOK)["feel_safe"]))

    assert rows["prefer_not_to_say"]["count"] is None  # 3 people
    assert rows["not_sure"]["count"] is None  # 10 people, the smallest other answer
    assert rows["safe"]["count"] == 60
    assert rows["safe"]["base"] == 115


def test_prefer_not_to_say_and_not_sure_keep_their_rows_even_when_nobody_chose_them() -> None:
    frame = answers([("safe", "", "north")] * 60 + [("unsafe", "", "west")] * 40)
    table = question_table(encode(frame, CODEBOOK)["feel_safe"])

    assert table["option"].to_list() == ["Safe", "Unsafe", "Not sure", "Prefer not to say"]
    rows = by_option(table)
    assert rows["not_sure"]["count"] is None  # 0 is under the threshold: shown as [c], never dropped
    assert rows["prefer_not_to_say"]["count"] is None


def test_multiple_choice_has_a_base_of_people_who_answered_and_percentages_over_100() -> None:
    frame = answers(
        [("safe", "knives+drugs", "north")] * 50
        + [("safe", "knives", "west")] * 30
        + [("safe", "prefer_not_to_say", "west")] * 20
        + [("safe", "", "west")] * 15  # did not answer this question: not in its base
    )
    rows = by_option(question_table(encode(frame, CODEBOOK)["worries"]))

    assert rows["knives"]["count"] == 80
    assert rows["knives"]["percent"] == 80.0
    assert rows["drugs"]["percent"] == 50.0
    assert rows["prefer_not_to_say"]["percent"] == 20.0
    assert rows["knives"]["base"] == 100
    assert "could choose more than one answer" in rows["knives"]["base_description"]


def test_a_breakdown_shows_each_group_its_own_base_and_a_group_for_no_answer() -> None:
    frame = answers(
        [(answer, "", area) for answer in ("not_sure", "prefer_not_to_say") for area in ("north", "west", "")]
        * 10
        + [("safe", "", "north")] * 60
        + [("unsafe", "", "north")] * 25
        + [("safe", "", "west")] * 30
        + [("unsafe", "", "west")] * 45
        + [("safe", "", "")] * 20
        + [("unsafe", "", "")] * 15
    )
    encoded = encode(frame, CODEBOOK)
    table = question_table(encoded["feel_safe"], breakdowns=[encoded["area"]])

    west = by_option(table, "west")
    assert west["unsafe"]["count"] == 45
    assert west["unsafe"]["percent"] == 47.4  # 45 of 95
    assert west["unsafe"]["base_description"] == (
        "% of the 95 (rounded to the nearest 5) people who answered this question "
        "and answered “West” to “Where do you live?”"
    )
    no_answer = by_option(table, "no_answer")
    assert no_answer["safe"]["count"] == 20
    assert "did not answer “Where do you live?”" in no_answer["safe"]["base_description"]


def test_a_small_group_is_hidden_with_its_percentages_and_the_linked_tables_pass_the_audit() -> None:
    frame = answers(
        [("safe", "knives", "north")] * 62
        + [("unsafe", "drugs", "north")] * 4
        + [("safe", "knives", "west")] * 33
        + [("unsafe", "knives+drugs", "west")] * 48
    )
    encoded = encode(frame, CODEBOOK)
    rules = DisclosureRules()
    for question in ("feel_safe", "worries"):
        result = protected_question(encoded[question], breakdowns=[encoded["area"]], rules=rules)

        assert audit_failures(audit(result.system, result.protection.hidden, rules), rules) == []
        hidden = result.table.filter(pl.col("count").is_null())
        assert hidden["percent"].is_null().all()
        assert hidden["ci_low"].is_null().all()
    north = by_option(question_table(encoded["feel_safe"], breakdowns=[encoded["area"]]), "north")
    assert north["unsafe"]["count"] is None


def test_percentages_are_worked_out_from_published_counts_so_they_reveal_nothing_more() -> None:
    frame = answers([("safe", "", "north")] * 13 + [("unsafe", "", "north")] * 28 + EVERY_OPTION)
    rows = by_option(question_table(encode(frame, CODEBOOK)["feel_safe"]))

    # 13 of 61 would be 21.3% and give the 13 away; the published 15 of 60 give 25.0%.
    assert rows["safe"]["count"] == 15
    assert rows["safe"]["base"] == 60
    assert rows["safe"]["percent"] == 25.0


def test_weighted_figures_sit_beside_unweighted_ones_with_design_effect() -> None:
    frame = answers([("safe", "", "north")] * 60 + [("unsafe", "", "west")] * 20 + EVERY_OPTION)
    weights = np.array([0.5] * 60 + [2.0] * 40)
    rows = by_option(question_table(encode(frame, CODEBOOK)["feel_safe"], weights=weights))

    # Weighted: 30 safe of 110. Kish: n·Σw²/(Σw)² = 100·(60·0.25 + 40·4)/110² = 1.45; n_eff = 110²/175 = 69.1.
    assert rows["safe"]["percent"] == 60.0
    assert rows["safe"]["weighted_percent"] == pytest.approx(27.3, abs=0.05)
    assert rows["safe"]["design_effect"] == pytest.approx(1.45, abs=0.005)
    assert rows["safe"]["effective_base"] == 70


def test_an_answer_the_codebook_does_not_know_is_named() -> None:
    frame = answers([("safe", "", "north")] * 3 + [("very_safe", "", "north")])

    with pytest.raises(AnswerProblems, match="column 'feel_safe' holds 'very_safe'"):
        encode(frame, CODEBOOK)


def test_a_missing_option_column_is_named() -> None:
    frame = answers([("safe", "", "north")]).drop("worries__drugs")

    with pytest.raises(AnswerProblems, match="'worries__drugs'"):
        encode(frame, CODEBOOK)


def test_a_multiple_choice_column_that_is_not_true_or_false_is_named() -> None:
    frame = answers([("safe", "", "north")]).with_columns(pl.lit("maybe").alias("worries__knives"))

    with pytest.raises(AnswerProblems, match="'worries__knives' should say whether the option was chosen"):
        encode(frame, CODEBOOK)


def test_yaml_codebook_loads(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(
        "questions:\n"
        "  - id: area\n    label: Where do you live?\n    type: single\n"
        "    options:\n      - {id: north, label: North}\n      - {id: west, label: West}\n"
        "  - id: worries\n    label: Which worry you?\n    type: multiple\n"
        "    options:\n      - {id: knives, label: Knife crime}\n"
        "breakdowns: [area]\n",
        encoding="utf-8",
    )

    codebook = load_codebook(path)

    assert [q.id for q in codebook.questions] == ["area", "worries"]
    assert codebook.question("worries").columns == ("worries__knives",)
    assert codebook.breakdowns == ("area",)


def test_csv_codebook_loads(tmp_path: Path) -> None:
    path = tmp_path / "codebook.csv"
    path.write_text(
        "question_id,question_label,type,option_id,option_label\n"
        "area,Where do you live?,single,north,North\n"
        "area,Where do you live?,single,west,West\n"
        "worries,Which worry you?,multiple,knives,Knife crime\n",
        encoding="utf-8",
    )

    codebook = load_codebook(path)

    assert codebook.question("area").options == (Option("north", "North"), Option("west", "West"))
    assert codebook.question("worries").type == "multiple"


def test_codebook_errors_name_the_line_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(
        "questions:\n  - id: area\n    label: Where?\n    type: ranking\n    options:\n      - {id: n, label: N}\n",
        encoding="utf-8",
    )

    with pytest.raises(ContentErrors) as caught:
        load_codebook(path)

    assert f"{path}:4: questions/0/type: 'ranking' is not one of ['single', 'multiple']" in str(caught.value)


def test_a_breakdown_must_be_a_single_choice_question_in_the_codebook(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(
        "questions:\n  - id: worries\n    label: W\n    type: multiple\n    options:\n      - {id: k, label: K}\n"
        "breakdowns: [worries, age]\n",
        encoding="utf-8",
    )

    with pytest.raises(ContentErrors) as caught:
        load_codebook(path)

    assert "the breakdown 'worries' must be a single-choice question" in str(caught.value)
    assert "the breakdown 'age' is not a question in the codebook" in str(caught.value)


def test_each_pair_of_breakdowns_is_tabulated_once() -> None:
    codebook = Codebook(questions=(SAFE, WORRIES, AREA, AGE), breakdowns=("area", "age"))

    assert codebook.breakdowns_for("feel_safe") == ("area", "age")
    assert codebook.breakdowns_for("area") == ("age",)
    assert codebook.breakdowns_for("age") == ()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    size=st.integers(min_value=20, max_value=400),
    question=st.sampled_from(["feel_safe", "worries"]),
)
def test_every_linked_question_table_passes_the_audit(seed: int, size: int, question: str) -> None:
    rng = np.random.default_rng(seed)
    frame = pl.DataFrame(
        {
            "feel_safe": rng.choice(["safe", "unsafe", "not_sure", "prefer_not_to_say", ""], size),
            **{f"worries__{o.id}": rng.choice(["1", "0"], size, p=[0.3, 0.7]) for o in WORRIES.options},
            "area": rng.choice(["north", "west", ""], size, p=[0.5, 0.45, 0.05]),
            "age": rng.choice(["16-34", "35+", ""], size, p=[0.3, 0.6, 0.1]),
        }
    )
    encoded = encode(frame, Codebook(questions=(SAFE, WORRIES, AREA, AGE)))
    rules = DisclosureRules()

    result = protected_question(encoded[question], breakdowns=[encoded["area"], encoded["age"]], rules=rules)

    assert audit_failures(audit(result.system, result.protection.hidden, rules), rules) == []
    published = result.table.filter(pl.col("count").is_not_null())
    assert (published["count"] >= 10).all()
    assert (published["count"] % 5 == 0).all()
