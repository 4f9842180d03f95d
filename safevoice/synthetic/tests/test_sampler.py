"""The synthetic-response generator: reproducible, accepted by the engine, true to the routing, and plausible."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from safevoice.analysis.layout import columns_of, table_to_answers
from safevoice.questionnaire_engine import Questionnaire, QuestionType, clean_page, read_questionnaire
from safevoice.questionnaire_engine.cleaning import page_form_data
from safevoice.synthetic import corpus
from safevoice.synthetic.profile import SurveyProfile, profile_beside
from safevoice.synthetic.sampler import generate_answers, generate_table
from safevoice.synthetic.text import labelled_texts

ROOT = Path(__file__).resolve().parents[3]
SVD = ROOT / "content" / "consultations" / "serious-violence-duty-2023" / "questionnaire.yaml"
EVERY_TYPE = ROOT / "safevoice" / "questionnaire_engine" / "tests" / "fixtures" / "every_type.yaml"
POPULATION = ROOT / "content" / "reference" / "population.csv"


FIRST_NAMES = corpus.personal_details().first_names


@pytest.fixture(scope="module")
def svd() -> Questionnaire:
    return read_questionnaire(SVD)


@pytest.fixture(scope="module")
def profile(svd: Questionnaire) -> SurveyProfile:
    found = profile_beside(svd)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def every_type() -> Questionnaire:
    return read_questionnaire(EVERY_TYPE)


@pytest.fixture(scope="module")
def svd_table(svd: Questionnaire, profile: SurveyProfile) -> pl.DataFrame:
    return generate_table(svd, n=4000, seed=7, profile=profile)


def share(flags: pl.Series) -> float:
    """The share of true values."""
    return float(flags.cast(pl.Float64).to_numpy().mean())


def walk_like_a_resident(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Send ``answers`` through the engine page by page, as the web journey would, failing on any refusal.

    Returns what the engine kept: equal to ``answers`` only if every answer sits on a page the respondent reaches
    and the engine accepts each page as it was filled in.
    """
    kept: dict[str, Any] = {}
    page_id = questionnaire.next_page_id(after=None, answers=kept)
    while page_id is not None:
        page = questionnaire.page(page_id)
        assert page is not None
        form = page_form_data(questionnaire, page, answers)
        result = clean_page(questionnaire, page, form, answers=kept)
        assert result.errors == [], f"page {page_id} refused {form}: {result.errors}"
        kept.update(result.answers)
        page_id = questionnaire.next_page_id(after=page_id, answers=kept)
    return kept


def test_the_same_seed_gives_the_same_responses_and_another_seed_does_not(
    svd: Questionnaire, profile: SurveyProfile
) -> None:
    first = generate_table(svd, n=300, seed=11, profile=profile)
    assert first.equals(generate_table(svd, n=300, seed=11, profile=profile))
    assert not first.equals(generate_table(svd, n=300, seed=12, profile=profile))
    assert generate_answers(svd, n=50, seed=3, profile=profile) == generate_answers(
        svd, n=50, seed=3, profile=profile
    )


@pytest.mark.parametrize("fixture", ["svd", "every_type"])
def test_every_answer_set_is_one_the_engine_accepts_page_by_page(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    questionnaire: Questionnaire = request.getfixturevalue(fixture)
    for answers in generate_answers(questionnaire, n=400, seed=5, profile=profile_beside(questionnaire)):
        assert walk_like_a_resident(questionnaire, answers) == answers
        assert questionnaire.first_incomplete_page_id(answers) is None


def test_no_hidden_question_is_ever_answered(svd: Questionnaire, profile: SurveyProfile) -> None:
    for answers in generate_answers(svd, n=1000, seed=8, profile=profile):
        assert svd.drop_hidden_answers(answers) == answers
        if "not_affected" in answers["affected_how"] or "prefer_not_to_say" in answers["affected_how"]:
            assert not {"violence_types", "place_type", "reported", "impact"} & answers.keys()
        if answers.get("age_band") == "under_16":
            assert "sexual_orientation" not in answers
            assert "gender_identity" not in answers


def test_every_page_is_reached_by_someone(svd: Questionnaire, every_type: Questionnaire) -> None:
    for questionnaire in (svd, every_type):
        seen: Counter[str] = Counter()
        for answers in generate_answers(questionnaire, n=3000, seed=2, profile=profile_beside(questionnaire)):
            seen.update(page.id for page in questionnaire.visible_pages(answers))
        assert {page.id for page in questionnaire.pages} == set(seen)


def test_the_table_has_the_documented_columns_and_gives_back_the_same_answers(
    svd: Questionnaire, svd_table: pl.DataFrame, profile: SurveyProfile
) -> None:
    assert svd_table.columns == [c for q in svd.questions for c in columns_of(q)]
    home_area = svd.question("home_area")
    assert home_area is not None
    assert svd_table["affected_how__victim"].dtype == pl.Boolean
    assert svd_table["support_received__other_text"].dtype == pl.String
    assert set(svd_table["home_area"].drop_nulls()) <= {
        *(c.code for c in home_area.area_choices),
        "not_sure",
        "prefer_not_to_say",
    }
    small = generate_table(svd, n=200, seed=9, profile=profile)
    assert table_to_answers(svd, small) == generate_answers(svd, n=200, seed=9, profile=profile)


def test_write_ins_fit_the_option_chosen_and_are_left_empty_by_some(
    svd_table: pl.DataFrame, profile: SurveyProfile
) -> None:
    any_other_white = svd_table.filter(pl.col("ethnicity") == "white_other")["ethnicity__other_text"]
    written = any_other_white.drop_nulls()
    assert 0 < written.len() < any_other_white.len()  # the text is optional: some choose the option and stop
    assert set(written) <= set(profile.write_ins("ethnicity", "white_other"))
    # Nobody has a write-in for an option without a box.
    assert (
        svd_table.filter(pl.col("ethnicity") == "white_british")["ethnicity__other_text"]
        .drop_nulls()
        .is_empty()
    )
    assert (
        svd_table.filter(pl.col("gender_identity") != "no")["gender_identity__other_text"]
        .drop_nulls()
        .is_empty()
    )


def test_no_responses_is_an_empty_table_and_a_negative_number_is_refused(
    svd: Questionnaire, profile: SurveyProfile
) -> None:
    empty = generate_table(svd, n=0, seed=1, profile=profile)
    assert empty.height == 0
    assert "affected_how__victim" in empty.columns
    with pytest.raises(ValueError, match="n must be zero or more"):
        generate_table(svd, n=-1, seed=1)


def test_most_people_are_not_affected_and_the_rest_take_the_longer_route(svd_table: pl.DataFrame) -> None:
    not_affected = share(svd_table["affected_how__not_affected"])
    assert 0.5 < not_affected < 0.8
    affected = svd_table.filter(
        pl.any_horizontal(
            [
                pl.col(f"affected_how__{o}")
                for o in ("victim", "witness", "family_friend", "professional", "other")
            ]
        )
    )
    assert 0.2 < affected.height / svd_table.height < 0.45
    # Domestic abuse mostly happens at home; violence in the night-time economy mostly at night.
    domestic = affected.filter(pl.col("violence_types__domestic_abuse"))
    assert share(domestic["place_type__home"]) > 0.6
    night = affected.filter(pl.col("violence_types__night_time_economy"))
    assert share(night["time_of_day__night"]) > 0.6


def test_age_and_sex_look_like_the_population_tilted_as_online_surveys_are(svd_table: pl.DataFrame) -> None:
    population = pl.read_csv(POPULATION).filter(~pl.col("age_band").is_in(["16+", "all ages"]))
    female_in_population = (
        population.filter(pl.col("sex") == "females")["population"].to_numpy().sum()
        / population["population"].to_numpy().sum()
    )
    answered_sex = svd_table["sex"].drop_nulls().filter(svd_table["sex"].drop_nulls() != "prefer_not_to_say")
    female = share(answered_sex == "female")
    assert female_in_population < female < female_in_population + 0.15
    bands = svd_table["age_band"].value_counts(normalize=True)
    band_share = dict(zip(bands["age_band"], bands["proportion"], strict=True))
    for band in ("age_16_24", "age_25_34", "age_35_44", "age_45_54", "age_55_64", "age_65_74", "age_75_plus"):
        assert 0.04 < band_share[band] < 0.3
    assert band_share["under_16"] < 0.03
    # Both councils, in roughly their share of the population (West is the larger).
    councils = svd_table["home_area__unitary"].drop_nulls().value_counts(normalize=True)
    west = councils.filter(pl.col("home_area__unitary") == "E06000062")["proportion"].item()
    assert 0.47 < west < 0.62


def test_women_and_people_affected_feel_less_safe_after_dark(svd_table: pl.DataFrame) -> None:
    unsafe = pl.col("feel_safe__local_area_after_dark").is_in(["a_bit_unsafe", "very_unsafe"])
    by_sex = svd_table.filter(pl.col("sex").is_in(["female", "male"])).group_by("sex").agg(unsafe.mean())
    rates = dict(zip(by_sex["sex"], by_sex["feel_safe__local_area_after_dark"], strict=True))
    assert rates["female"] > rates["male"] + 0.05
    victims = svd_table.filter(pl.col("affected_how__victim")).select(unsafe.mean()).item()
    not_affected = svd_table.filter(pl.col("affected_how__not_affected")).select(unsafe.mean()).item()
    assert victims > not_affected + 0.05
    day = svd_table.select(
        pl.col("feel_safe__local_area_day").is_in(["a_bit_unsafe", "very_unsafe"]).mean()
    ).item()
    assert day < svd_table.select(unsafe.mean()).item()


def test_free_text_is_varied_and_some_of_it_holds_personal_details_to_redact(svd_table: pl.DataFrame) -> None:
    texts = pl.concat([svd_table["causes"], svd_table["prevention"]]).drop_nulls().to_list()
    assert len(texts) > 2000
    assert len(set(texts)) > 0.9 * len(texts)  # people do repeat each other, but not wholesale
    phone = re.compile(r"(?:07700 ?900|\+44 7700 900|01632 960)\d{3}\b")
    postcode = re.compile(r"\bNN\d{1,2} \d[A-Z]{2}\b")
    email = re.compile(r"\b[a-z._]+\d*@example\.(?:com|org|net)\b")
    name = re.compile(r"\b(?:" + "|".join(FIRST_NAMES) + r")\b")
    with_details = [
        t for t in texts if phone.search(t) or postcode.search(t) or email.search(t) or name.search(t)
    ]
    assert 0.04 < len(with_details) / len(texts) < 0.14
    for pattern in (phone, postcode, email, name):
        assert any(pattern.search(t) for t in texts), pattern.pattern
    assert all(t == t.strip() and len(t) <= 2000 for t in texts)


def test_other_question_types_are_filled_within_their_limits(every_type: Questionnaire) -> None:
    table = generate_table(every_type, n=500, seed=4)
    ages = table["age"].drop_nulls()
    assert ages.to_numpy().min() >= 16
    assert ages.to_numpy().max() <= 120
    months = table["when_happened"].drop_nulls()
    assert months.len() > 0
    assert months.str.contains(r"^\d{4}-\d{2}$").all()
    assert table["nickname"].drop_nulls().str.len_chars().to_numpy().max() <= 50
    question = every_type.question("affected_how")
    assert question is not None
    option_columns = [f"affected_how__{o.id}" for o in question.options]
    chosen = table.select(pl.sum_horizontal(pl.col(option_columns).cast(pl.Int32))).to_series()
    assert chosen.to_numpy().max() <= 3
    assert chosen.to_numpy().min() >= 1
    assert QuestionType.DATE in {q.type for q in every_type.questions}
    assert table["last_visit"].drop_nulls().str.contains(r"^\d{4}-\d{2}-\d{2}$").all()


def test_labelled_texts_mark_exactly_the_personal_details_they_hold() -> None:
    records = labelled_texts(600, seed=6)
    assert records == labelled_texts(600, seed=6)
    shapes = {
        "PHONE": re.compile(r"(?:07700 ?900|\+44 7700 900|01632 960)\d{3}"),
        "POSTCODE": re.compile(r"NN\d{1,2} \d[A-Z]{2}"),
        "EMAIL": re.compile(r"[a-z._]+\d*@example\.(?:com|org|net)"),
        "PERSON": re.compile(r"(?:" + "|".join(FIRST_NAMES) + r")(?: [A-Z][A-Za-z']+)?"),
    }
    with_spans = [r for r in records if r["spans"]]
    assert 0.4 < len(with_spans) / len(records) < 0.6
    for record in records:
        text = record["text"]
        for span in record["spans"]:
            assert shapes[span["type"]].fullmatch(text[span["start"] : span["end"]]), (span, text)
        if not record["spans"]:
            assert not any(shape.search(text) for shape in shapes.values()), text
    assert {span["type"] for r in with_spans for span in r["spans"]} == set(shapes)
