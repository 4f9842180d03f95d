"""A survey profile is checked against its questionnaire: every mismatch is named with its line, all at once."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from safevoice.content import ContentErrors
from safevoice.questionnaire_engine import Questionnaire, read_questionnaire
from safevoice.questionnaire_engine.tests.examples import REAL_QUESTIONNAIRE
from safevoice.synthetic.profile import PROFILE_NAME, load_profile, profile_beside
from safevoice.synthetic.sampler import generate_table


@pytest.fixture(scope="module")
def svd() -> Questionnaire:
    return read_questionnaire(REAL_QUESTIONNAIRE)


def problems(tmp_path: Path, questionnaire: Questionnaire, text: str) -> list[str]:
    path = tmp_path / PROFILE_NAME
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_profile(path, questionnaire)
    return [str(error).removeprefix(f"{path}:") for error in caught.value.errors]


def test_the_real_profile_fits_the_real_questionnaire(svd: Questionnaire) -> None:
    profile = profile_beside(svd)
    assert profile is not None
    assert profile.write_ins("ethnicity", "white_other")[:2] == ("Polish", "Romanian")
    assert profile.write_ins("ethnicity", "white_british") == ()


def test_every_mismatch_with_the_questionnaire_is_named_with_its_line(
    tmp_path: Path, svd: Questionnaire
) -> None:
    found = problems(
        tmp_path,
        svd,
        """\
questionnaire: serious-violence-duty
questions:
  no_such_question:
    weights: {a: 1}
  sex:
    choose: {female: 0.5}
  violence_types:
    choose:
      robbery: 0.1
      kidnap: 0.2
      not_sure: 0.3
  affected_how:
    choose:
      victim: {if: {chose: {violence_types: [robbery]}}, then: 0.5}
  causes:
    text: {corpus: poetry}
  ethnicity:
    write_ins:
      white_british: [English]
""",
    )
    assert found == [
        "3: the questionnaire has no question 'no_such_question'",
        "6: 'choose' answers a multiple_choice question, and 'sex' is a single_choice",
        "10: 'violence_types' has no option 'kidnap' (its options: robbery, weapon, domestic_abuse, "
        "sexual_violence, youth_violence, night_time_economy, other, not_sure, prefer_not_to_say)",
        "11: 'not_sure' is an exclusive option: give it under 'exclusive'",
        "14: 'violence_types' is asked after the answer that depends on it",
        "16: there is no comments bank 'poetry' (there are causes, prevention, general)",
        "19: the option 'white_british' has no 'please specify' box to write in",
    ]


def test_a_profile_for_another_questionnaire_is_refused(tmp_path: Path, svd: Questionnaire) -> None:
    found = problems(tmp_path, svd, "questionnaire: something-else\nquestions: {}\n")
    assert found == [
        "1: this profile is for 'something-else', not for the questionnaire 'serious-violence-duty'"
    ]


def test_a_shape_the_format_does_not_allow_is_refused_before_anything_else(
    tmp_path: Path, svd: Questionnaire
) -> None:
    found = problems(
        tmp_path, svd, "questionnaire: serious-violence-duty\nquestions:\n  sex:\n    weights: 3\n"
    )
    assert len(found) == 1
    assert found[0].startswith("4: ")


def test_without_a_profile_answers_are_generic_and_with_it_they_follow_the_survey(svd: Questionnaire) -> None:
    profile = profile_beside(svd)
    with_profile = generate_table(svd, n=3000, seed=3, profile=profile)
    generic = generate_table(svd, n=3000, seed=3)

    # The profile says domestic abuse mostly happens at home; generic answers know nothing of it.
    def at_home(table: pl.DataFrame) -> float:
        abused = table.filter(pl.col("violence_types__domestic_abuse"))
        return float(abused["place_type__home"].cast(pl.Float64).mean())  # type: ignore[arg-type]

    assert at_home(with_profile) > 0.6
    assert at_home(generic) < 0.5
