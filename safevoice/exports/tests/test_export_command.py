"""`manage.py export_responses`: the same exports from the command line, for scheduled jobs."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from safevoice.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_writes_the_export_and_says_where(answered, tmp_path, capsys):
    out = tmp_path / "responses.xlsx"
    call_command("export_responses", "test-survey", "--format", "xlsx", "--out", str(out))
    printed = capsys.readouterr().out
    assert "Exported 2 responses to Test survey" in printed
    assert str(out) in printed
    assert out.exists()
    event = AuditEvent.objects.get(action="responses.exported")
    assert event.actor.endswith("(manage.py export_responses)")
    assert event.details["format"] == "xlsx"


def test_include_excluded_exports_every_response(answered, tmp_path, capsys):
    call_command(
        "export_responses",
        "test-survey",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "r.csv"),
        "--include-excluded",
    )
    assert "Exported 3 responses" in capsys.readouterr().out


def test_an_unknown_slug_lists_the_slugs_there_are(answered, tmp_path):
    with pytest.raises(
        CommandError, match=r"No consultation has the slug 'test-servey'\. Consultations: test-survey\."
    ):
        call_command("export_responses", "test-servey", "--format", "csv", "--out", str(tmp_path / "r.csv"))


def test_an_empty_consultation_is_refused_with_the_reason(db, tmp_path):
    from safevoice.questionnaires.tests.factories import make_consultation

    make_consultation()
    with pytest.raises(CommandError, match="has no responses yet: there is nothing to export"):
        call_command("export_responses", "test-survey", "--format", "sav", "--out", str(tmp_path / "r.sav"))
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_is_refused(answered, tmp_path):
    with pytest.raises(CommandError, match="there is no such folder"):
        call_command(
            "export_responses", "test-survey", "--format", "json", "--out", str(tmp_path / "no" / "r.json")
        )
