"""`manage.py write_tables`: every protected table of a consultation's stored responses, or a clear refusal."""

from __future__ import annotations

import csv
import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from safevoice.consultations.models import Consultation
from safevoice.questionnaires.selectors import questionnaire_for_version
from safevoice.questionnaires.tests.factories import REAL_QUESTIONNAIRE, make_consultation
from safevoice.responses.models import Response
from safevoice.synthetic.profile import PROFILE_NAME, load_profile
from safevoice.synthetic.sampler import generate_answers

pytestmark = pytest.mark.django_db

RESPONSES = 400


def with_responses(count: int, *, seed: int = 5) -> Consultation:
    """The real questionnaire with ``count`` synthetic responses, each one the web journey could have stored."""
    consultation, version = make_consultation(slug="serious-violence", questionnaire_path=REAL_QUESTIONNAIRE)
    questionnaire = questionnaire_for_version(version=version)
    profile = load_profile(REAL_QUESTIONNAIRE.parent / PROFILE_NAME, questionnaire)
    start = timezone.now() - timedelta(days=3)
    Response.objects.bulk_create(
        Response(
            consultation=consultation,
            questionnaire_version=version,
            answers=answers,
            language="en",
            submitted_at=start + timedelta(minutes=i),
            idempotency_token=uuid.uuid4(),
        )
        for i, answers in enumerate(generate_answers(questionnaire, n=count, seed=seed, profile=profile))
    )
    return consultation


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_writes_every_table_with_small_counts_hidden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    consultation = with_responses(RESPONSES)
    out = tmp_path / "tables"

    # One breakdown and one weighting run keep this test quick; the default breakdowns are the codebook's
    # (test_selectors), and every table goes through the same code as `safevoice-analysis tables`.
    call_command(
        "write_tables", consultation.slug, "--out", str(out), "--by", "sex", "--rake", "--margins", "separate"
    )

    codebook = json.loads((out / "codebook.json").read_text(encoding="utf-8"))
    assert codebook["breakdowns"] == ["sex"]
    question_ids = [q["id"] for q in codebook["questions"]]
    assert sorted(p.stem for p in out.glob("*.csv")) == sorted(question_ids)
    rows = read_csv(out / "how_often.csv")  # asked only of people affected: few answers, so small counts
    assert "[c]" in {row["count"] for row in rows}
    published = [int(row["count"]) for row in rows if row["count"] != "[c]"]
    assert all(count >= 10 and count % 5 == 0 for count in published)
    assert {row["breakdown_id"] for row in rows} == {"", "sex"}
    # Weighted beside unweighted, hidden wherever the unweighted count is.
    assert all(row["weighted_percent"] == "[c]" for row in rows if row["count"] == "[c]")
    # "Prefer not to say" and "Not sure" keep their rows in the area table.
    area_options = {row["option_id"] for row in read_csv(out / "home_area__unitary.csv")}
    assert {"E06000061", "E06000062", "not_sure", "prefer_not_to_say"} <= area_options
    workbook = load_workbook(out / "tables.xlsx", read_only=True)
    assert len(workbook.sheetnames) == 3 + len(question_ids)
    sheet = workbook["Table_" + str(question_ids.index("how_often") + 1)]
    assert "[c]" in {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    output = capsys.readouterr().out
    assert f"{RESPONSES} responses to Test survey." in output
    assert f"Wrote {len(question_ids)} tables to {out}" in output
    assert "design effect" in output


def test_the_threshold_and_rounding_are_the_analysts_to_set(tmp_path: Path) -> None:
    consultation = with_responses(60)
    out = tmp_path / "unrounded"
    call_command(
        "write_tables",
        consultation.slug,
        "--out",
        str(out),
        "--threshold",
        "0",
        "--rounding",
        "1",
        "--by",
        "sex",
    )
    rows = read_csv(out / "connection.csv")
    overall = [row for row in rows if row["breakdown_id"] == ""]
    # Nothing hidden, nothing rounded: every count is the exact number of people.
    assert "[c]" not in {row["count"] for row in overall}
    live = {row["option_id"]: int(row["count"]) for row in overall}
    stored = [r.answers.get("connection", []) for r in Response.objects.all()]
    assert live["live"] == sum("live" in chosen for chosen in stored)
    assert {row["breakdown_id"] for row in rows} == {"", "sex"}


def test_an_unknown_slug_names_the_consultations_there_are(tmp_path: Path) -> None:
    make_consultation(slug="serious-violence")
    with pytest.raises(
        CommandError, match=r"No consultation has the slug 'violence'\. Consultations: serious-violence\."
    ):
        call_command("write_tables", "violence", "--out", str(tmp_path))


def test_a_consultation_without_responses_says_so(tmp_path: Path) -> None:
    make_consultation(slug="quiet")
    with pytest.raises(CommandError, match=r"Test survey \(quiet\) has no responses yet"):
        call_command("write_tables", "quiet", "--out", str(tmp_path / "tables"))
    assert not (tmp_path / "tables").exists()


def test_a_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    consultation = with_responses(20)
    blocker = tmp_path / "report.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"report.txt/tables: cannot create the folder \(Not a directory\)"
    ):
        call_command("write_tables", consultation.slug, "--out", str(blocker / "tables"))
    with pytest.raises(CommandError, match=r"report.txt: is a file; give a folder for the tables"):
        call_command("write_tables", consultation.slug, "--out", str(blocker))


def test_a_breakdown_that_is_not_a_question_is_refused(tmp_path: Path) -> None:
    consultation = with_responses(20)
    with pytest.raises(CommandError, match="the breakdown 'postcode' is not a question in the codebook"):
        call_command("write_tables", consultation.slug, "--out", str(tmp_path), "--by", "postcode")


def test_raking_with_empty_population_cells_says_which(tmp_path: Path) -> None:
    consultation = with_responses(40)
    with pytest.raises(
        CommandError, match=r"No respondents in (North|West) Northamptonshire, (female|male), "
    ):
        call_command("write_tables", consultation.slug, "--out", str(tmp_path), "--rake")
    with pytest.raises(CommandError, match="--rake takes no column names, or three"):
        call_command("write_tables", consultation.slug, "--out", str(tmp_path), "--rake", "sex")


def test_responses_flagged_as_possible_repeats_can_be_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    consultation = with_responses(60)
    repeats = list(Response.objects.order_by("pk")[:15])
    Response.objects.filter(pk__in=[r.pk for r in repeats]).update(flagged_for_review=True)
    flagged_age_answers = sum("age_band" in r.answers for r in repeats)
    assert flagged_age_answers > 0
    options = ["--threshold", "0", "--rounding", "1", "--by", "sex"]

    call_command("write_tables", consultation.slug, "--out", str(tmp_path / "all"), *options)
    assert "15 of them flagged for review as possible repeats (included" in capsys.readouterr().out
    call_command(
        "write_tables", consultation.slug, "--out", str(tmp_path / "kept"), *options, "--without-flagged"
    )
    assert "(left out)" in capsys.readouterr().out

    def base(folder: str) -> int:
        rows = read_csv(tmp_path / folder / "age_band.csv")
        return int(next(row["base"] for row in rows if row["breakdown_id"] == ""))

    assert base("all") - base("kept") == flagged_age_answers
