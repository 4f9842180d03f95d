"""`manage.py generate_responses`: synthetic responses stored as sending stores real ones, never in production."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from safevoice.questionnaire_engine import read_questionnaire
from safevoice.questionnaires.tests.factories import REAL_QUESTIONNAIRE, make_consultation
from safevoice.responses.models import Response
from safevoice.responses.selectors import answers_frame

pytestmark = pytest.mark.django_db

PROFILE = REAL_QUESTIONNAIRE.parent / "synthetic-profile.yaml"


@pytest.fixture
def survey():
    consultation, _ = make_consultation(questionnaire_path=REAL_QUESTIONNAIRE)
    return consultation


def run(*args: str) -> str:
    out = StringIO()
    call_command("generate_responses", *args, stdout=out)
    return out.getvalue()


def test_it_adds_responses_the_journey_could_have_sent(survey):
    printed = run("test-survey", "--count", "300", "--seed", "4", "--profile", str(PROFILE))
    assert "Added 300 synthetic responses to test-survey" in printed
    questionnaire = read_questionnaire(REAL_QUESTIONNAIRE)
    for response in Response.objects.all():
        assert questionnaire.drop_hidden_answers(response.answers) == response.answers
        assert questionnaire.first_incomplete_page_id(response.answers) is None
        assert response.language == questionnaire.language
        assert response.questionnaire_version.is_current
    assert answers_frame(consultation=survey).height == 300


def test_times_are_spread_over_the_open_period_so_far_and_kept_to_the_hour(survey):
    run("test-survey", "--count", "200")
    times = list(Response.objects.values_list("submitted_at", flat=True))
    assert min(times) >= survey.opens_at - dt.timedelta(hours=1)
    assert max(times) <= timezone.now()
    assert len({t.date() for t in times}) >= 6  # open for a week
    assert {(t.minute, t.second, t.microsecond) for t in times} == {(0, 0, 0)}


def test_the_same_seed_gives_the_same_answers(survey):
    run("test-survey", "--count", "50", "--seed", "9", "--profile", str(PROFILE))
    first = sorted(Response.objects.values_list("answers_digest", flat=True))
    Response.objects.all().delete()
    run("test-survey", "--count", "50", "--seed", "9", "--profile", str(PROFILE))
    assert sorted(Response.objects.values_list("answers_digest", flat=True)) == first


def test_it_is_refused_in_production(survey, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not run with SAFEVOICE_ENV=production"):
        run("test-survey", "--count", "5")
    assert not Response.objects.exists()


def test_the_service_refuses_in_production_too(survey, settings):
    from safevoice.responses.synthetic_responses import (
        SyntheticResponsesRefused,
        generate_synthetic_responses,
    )

    settings.PRODUCTION = True
    with pytest.raises(SyntheticResponsesRefused, match="never added with SAFEVOICE_ENV=production"):
        generate_synthetic_responses(consultation=survey, count=5, seed=1)


def test_an_unknown_slug_lists_the_slugs(survey):
    with pytest.raises(
        CommandError, match=r"No consultation has the slug 'nope'\. Consultations: test-survey\."
    ):
        run("nope", "--count", "5")


def test_a_consultation_that_has_not_opened_is_refused(db):
    make_consultation(
        opens_at=timezone.now() + dt.timedelta(days=1), closes_at=timezone.now() + dt.timedelta(days=9)
    )
    with pytest.raises(CommandError, match="has not opened yet"):
        run("test-survey", "--count", "5")


def test_a_missing_profile_file_is_named(survey, tmp_path):
    with pytest.raises(CommandError, match="there is no such profile file"):
        run("test-survey", "--count", "5", "--profile", str(tmp_path / "nope.yaml"))


def test_a_profile_for_another_questionnaire_is_refused_with_its_problems(db):
    make_consultation()  # the every-type test survey: the real profile names other questions
    err = StringIO()
    with pytest.raises(CommandError, match="the profile does not fit the questionnaire; nothing was added"):
        call_command(
            "generate_responses", "test-survey", "--count", "5", "--profile", str(PROFILE), stderr=err
        )
    assert "synthetic-profile.yaml:" in err.getvalue()
    assert not Response.objects.exists()


def test_a_count_below_one_is_refused(survey):
    with pytest.raises(CommandError, match="must be 1 or more"):
        run("test-survey", "--count", "0")
