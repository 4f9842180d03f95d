"""Loading a consultation folder: all or nothing, every problem named by file and line, idempotent."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safevoice.consultations.models import Consultation, ConsultationSection, Event, PrivacyNotice
from safevoice.content import ContentErrors
from safevoice.publishing.tests.conftest import MINIMAL_MANIFEST, REAL_FOLDER, FolderFactory
from safevoice.publishing.writer import load_consultation_folder

pytestmark = pytest.mark.django_db


def _errors(folder: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_consultation_folder(folder=folder)
    assert Consultation.objects.count() == 0, "a refused folder must write nothing"
    assert ConsultationSection.objects.count() == 0
    return [str(error) for error in caught.value.errors]


def test_the_real_folder_loads_every_section_of_the_source_page() -> None:
    consultation = load_consultation_folder(folder=REAL_FOLDER)

    assert consultation.slug == "serious-violence-duty-2023"
    assert consultation.contact_email == "seriousviolenceduty@northantsopfcc.gov.uk"
    assert consultation.closes_at == datetime(2023, 10, 27, 23, 0, tzinfo=UTC)
    assert consultation.is_demonstration is False
    headings = list(consultation.sections.values_list("heading", flat=True))
    assert headings == [
        "Overview",
        "What is serious violence?",
        "How will the feedback be used?",
        "Your answers are anonymous",
        "Events to find out more",
        "How to provide your views",
        "Help, other formats and languages",
        "Closing date",
        "What happens next",
        "Privacy notices",
        "Share this page",
    ]
    meaning = consultation.sections.get(key="what-serious-violence-means").body_markdown
    for kind in (
        "personal robbery",
        "possession of a weapon",
        "domestic abuse",
        "sexual violence",
        "youth violence",
    ):
        assert kind in meaning
    assert "County lines" in meaning
    assert list(consultation.privacy_notices.values_list("title", flat=True)) == [
        "Community Safety and Engagement Privacy Notice",
        "Northamptonshire Police, Fire and Crime Commissioner Privacy Notice",
        "Engagement activities",
        "Community, safety and emergencies",
    ]
    assert consultation.events.count() == 0


def test_loading_the_same_folder_twice_changes_nothing(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder()
    first = load_consultation_folder(folder=folder)
    section_ids = list(ConsultationSection.objects.order_by("pk").values_list("pk", flat=True))

    second = load_consultation_folder(folder=folder)

    assert second.pk == first.pk
    assert Consultation.objects.count() == 1
    assert list(ConsultationSection.objects.order_by("pk").values_list("pk", flat=True)) == section_ids
    assert PrivacyNotice.objects.count() == 1


def test_a_new_version_updates_the_consultation_in_place(consultation_folder: FolderFactory) -> None:
    load_consultation_folder(folder=consultation_folder())
    changed = MINIMAL_MANIFEST.replace('version: "1"', 'version: "2"').replace(
        "title: A test consultation", "title: A clearer title"
    )
    changed = changed.replace(
        "  - key: respond\n", "  - key: extra\n    heading: Extra\n    file: extra.md\n  - key: respond\n"
    )

    consultation = load_consultation_folder(folder=consultation_folder(changed, {"extra.md": "More."}))

    assert Consultation.objects.count() == 1
    assert consultation.content_version == "2"
    assert consultation.title == "A clearer title"
    assert list(consultation.sections.values_list("key", flat=True)) == ["overview", "extra", "respond"]


def test_a_privacy_notice_address_set_by_staff_survives_a_reload(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder()
    load_consultation_folder(folder=folder)
    PrivacyNotice.objects.update(url="https://example.org/privacy")

    load_consultation_folder(folder=folder)

    assert PrivacyNotice.objects.get().url == "https://example.org/privacy"


def test_events_from_the_file_follow_it_and_events_added_by_staff_stay(
    consultation_folder: FolderFactory,
) -> None:
    with_event = MINIMAL_MANIFEST + (
        "events:\n"
        "  - key: library\n"
        "    title: Drop-in session\n"
        '    starts: "2023-10-02 10:00"\n'
        '    ends: "2023-10-02 12:00"\n'
        "    venue_name: Central Library\n"
        "    address: Abington Street, Northampton\n"
    )
    consultation = load_consultation_folder(folder=consultation_folder(with_event))
    event = consultation.events.get(key="library")
    assert event.starts_at == datetime(2023, 10, 2, 9, 0, tzinfo=UTC)  # 10:00 BST
    assert event.is_published
    staff_event = Event.objects.create(
        consultation=consultation,
        title="Added in the admin",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue_name="Guildhall",
        address="St Giles Square",
    )

    load_consultation_folder(folder=consultation_folder(MINIMAL_MANIFEST))

    assert list(consultation.events.all()) == [staff_event]


def test_bad_yaml_is_refused_with_its_line(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder(MINIMAL_MANIFEST.replace("summary: Tell us", "summary: [Tell us"))
    errors = _errors(folder)
    assert len(errors) == 1
    assert errors[0].startswith(f"{folder / 'consultation.yaml'}:")
    assert ":5:" in errors[0] or ":6:" in errors[0]


def test_every_problem_is_reported_at_once_with_file_line_and_reason(
    consultation_folder: FolderFactory,
) -> None:
    manifest = MINIMAL_MANIFEST.replace("title: A test consultation\n", "").replace(
        'version: "1"', "version: 1"
    )
    folder = consultation_folder(manifest)
    errors = _errors(folder)
    manifest_path = folder / "consultation.yaml"
    assert f"{manifest_path}:1: 'title' is a required property" in errors
    assert f"{manifest_path}:2: version: 1 is not of type 'string'" in errors


def test_a_missing_markdown_file_is_named(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder(MINIMAL_MANIFEST.replace("file: respond.md", "file: respnd.md"))
    errors = _errors(folder)
    assert errors == [
        f"{folder / 'consultation.yaml'}:15: the Markdown file 'respnd.md' is missing (looked for {folder / 'respnd.md'})"
    ]


def test_a_markdown_file_that_is_not_utf8_is_refused(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder(files={"overview.md": "Caf\xe9".encode("latin-1")})
    errors = _errors(folder)
    assert len(errors) == 1
    assert errors[0].startswith(f"{folder / 'overview.md'}: the file is not UTF-8 text")


def test_closing_before_opening_is_refused(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder(MINIMAL_MANIFEST.replace('"2023-10-27"', '"2023-08-31"'))
    assert _errors(folder) == [f"{folder / 'consultation.yaml'}:6: the consultation closes before it opens"]


def test_a_duplicate_section_key_is_refused(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder(MINIMAL_MANIFEST.replace("key: respond", "key: overview"))
    assert _errors(folder) == [
        f"{folder / 'consultation.yaml'}:13: the section key 'overview' is used twice (first on line 10)"
    ]


def test_an_event_that_ends_before_it_starts_is_refused(consultation_folder: FolderFactory) -> None:
    manifest = MINIMAL_MANIFEST + (
        "events:\n"
        "  - key: library\n"
        "    title: Drop-in session\n"
        '    starts: "2023-10-02 12:00"\n'
        '    ends: "2023-10-02 10:00"\n'
        "    venue_name: Central Library\n"
        "    address: Abington Street, Northampton\n"
    )
    folder = consultation_folder(manifest)
    assert _errors(folder) == [f"{folder / 'consultation.yaml'}:24: the event ends before it starts"]


def test_a_time_the_clocks_skip_is_refused(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder(
        MINIMAL_MANIFEST.replace('opens: "2023-09-01 09:00"', 'opens: "2023-03-26 01:30"')
    )
    assert _errors(folder) == [
        f"{folder / 'consultation.yaml'}:5: 2023-03-26 01:30 does not exist in UK time: "
        "the clocks go forward an hour then"
    ]


def test_an_unquoted_date_is_read_as_the_author_meant(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder(
        MINIMAL_MANIFEST.replace('closes_at_end_of: "2023-10-27"', "closes_at_end_of: 2023-10-27")
    )
    consultation = load_consultation_folder(folder=folder)
    assert consultation.closes_at == datetime(2023, 10, 27, 23, 0, tzinfo=UTC)


def test_the_command_prints_every_error_and_exits_non_zero(
    consultation_folder: FolderFactory, capsys
) -> None:
    folder = consultation_folder(
        MINIMAL_MANIFEST.replace("file: respond.md", "file: missing.md").replace(
            "key: respond", "key: overview"
        )
    )
    with pytest.raises(CommandError, match=r"2 problems .* nothing was loaded"):
        call_command("load_consultation", str(folder))
    printed = capsys.readouterr().err.splitlines()
    assert printed == [
        f"{folder / 'consultation.yaml'}:13: the section key 'overview' is used twice (first on line 10)",
        f"{folder / 'consultation.yaml'}:15: the Markdown file 'missing.md' is missing "
        f"(looked for {folder / 'missing.md'})",
    ]
    assert Consultation.objects.count() == 0


def test_the_command_loads_a_good_folder(consultation_folder: FolderFactory, capsys) -> None:
    call_command("load_consultation", str(consultation_folder()))
    assert "Loaded test-consultation (version 1)" in capsys.readouterr().out
    assert Consultation.objects.filter(slug="test-consultation").exists()


def test_a_questionnaire_problem_stops_the_whole_folder(tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(REAL_FOLDER, folder)
    (folder / "questionnaire.yaml").write_text("format: 1\nid: Not A Valid Id\n", encoding="utf-8")

    errors = _errors(folder)

    assert errors, "the questionnaire's own validator should have found problems"
    assert all(error.startswith(str(folder / "questionnaire.yaml")) for error in errors), errors
    assert not Consultation.objects.exists()


def test_a_missing_questionnaire_file_is_named(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder(MINIMAL_MANIFEST + "questionnaire: questions.yaml\n")
    assert _errors(folder) == [
        f"{folder / 'consultation.yaml'}:20: the questionnaire file is missing "
        f"(looked for {(folder / 'questions.yaml').resolve()})"
    ]


def test_a_bad_email_address_and_privacy_notice_address_are_named(consultation_folder: FolderFactory) -> None:
    manifest = MINIMAL_MANIFEST.replace("team@example.org", "team at example.org").replace(
        'url: ""', "url: www.example.org/privacy"
    )
    folder = consultation_folder(manifest)
    assert _errors(folder) == [
        f"{folder / 'consultation.yaml'}:7: 'team at example.org' is not an email address",
        f"{folder / 'consultation.yaml'}:19: 'www.example.org/privacy' is not a web address "
        "(start it with https://), or leave it empty",
    ]


def test_a_badly_written_date_says_how_to_write_it(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder(
        MINIMAL_MANIFEST.replace('opens: "2023-09-01 09:00"', 'opens: "1 Sept 2023"')
    )
    assert _errors(folder) == [
        f"{folder / 'consultation.yaml'}:5: opens: '1 Sept 2023' is not allowed here: "
        'write a UK date and time in quotes, like "2023-10-27 17:00"'
    ]


def test_the_manifest_can_set_how_long_responses_are_kept(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder(MINIMAL_MANIFEST + 'keep_responses_until: "2025-10-31"\n')
    consultation = load_consultation_folder(folder=folder)
    assert str(consultation.keep_responses_until) == "2025-10-31"


def test_a_retention_date_set_by_staff_survives_a_reload_of_a_file_that_gives_none(
    consultation_folder: FolderFactory,
) -> None:
    folder = consultation_folder()
    load_consultation_folder(folder=folder)
    Consultation.objects.update(keep_responses_until="2026-01-31")
    load_consultation_folder(folder=folder)
    assert str(Consultation.objects.get().keep_responses_until) == "2026-01-31"


def test_a_retention_date_before_the_closing_day_is_refused(consultation_folder: FolderFactory) -> None:
    folder = consultation_folder(MINIMAL_MANIFEST + 'keep_responses_until: "2023-10-26"\n')
    assert _errors(folder) == [
        f"{folder / 'consultation.yaml'}:20: responses must be kept at least until the consultation closes: give "
        "2023-10-27 or later"
    ]
