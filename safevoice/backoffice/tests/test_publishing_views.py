"""A consultation from an uploaded zip of its content folder, and new questionnaire versions: every problem as
file:line: reason, a preview of every page and route, and nothing changed until a manager confirms."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.consultations.models import Consultation
from safevoice.publishing.folder_validation import validate_consultation_folder
from safevoice.questionnaire_engine import read_questionnaire
from safevoice.questionnaire_engine.tests.examples import EVERY_TYPE, REAL_QUESTIONNAIRE
from safevoice.questionnaires.models import QuestionnaireVersion
from safevoice.questionnaires.services import store_questionnaire

pytestmark = pytest.mark.django_db

REAL_FOLDER = settings.SAFEVOICE_CONTENT_DIR / "consultations" / "serious-violence-duty-2023"
NEW = "/staff/consultations/new/"
CHECK = "/staff/consultations/new/check/"


def _zip(files: dict[str, bytes], name: str = "folder.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            archive.writestr(path, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def _folder_files(folder: Path = REAL_FOLDER, *, top: str = "serious-violence-duty-2023") -> dict[str, bytes]:
    return {f"{top}/{p.relative_to(folder)}": p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def manager(staff_client) -> Client:
    return staff_client(Role.MANAGER, username="manager1")


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.SAFEVOICE_UPLOAD_DIR = tmp_path / "uploads"
    return settings.SAFEVOICE_UPLOAD_DIR


def test_a_zipped_content_folder_is_checked_then_created(manager: Client, uploads_in_tmp) -> None:
    response = manager.post(NEW, {"file": _zip(_folder_files())})
    assert response["Location"] == CHECK
    page = manager.get(CHECK).content.decode()
    assert "This is a new consultation." in page
    assert "Tackling violence and improving lives through the Serious Violence Duty" in page
    assert not Consultation.objects.exists(), "nothing is written before the manager confirms"

    response = manager.post(CHECK)
    assert response["Location"] == "/staff/consultations/serious-violence-duty-2023/"
    consultation = Consultation.objects.get()
    assert consultation.sections.count() == len(validate_consultation_folder(folder=REAL_FOLDER).sections)
    assert QuestionnaireVersion.objects.filter(consultation=consultation, is_current=True).exists()
    event = AuditEvent.objects.get(action="consultation.created")
    assert (event.actor, event.target) == ("manager1", "consultation:serious-violence-duty-2023")
    assert list(uploads_in_tmp.iterdir()) == [], "the upload is deleted once used"

    manager.post(NEW, {"file": _zip(_folder_files())})
    assert "This updates Tackling violence" in manager.get(CHECK).content.decode()
    manager.post(CHECK)
    assert AuditEvent.objects.filter(action="consultation.updated").count() == 1


def test_a_folder_zipped_without_its_top_folder_works_too(manager: Client) -> None:
    files = {name.split("/", 1)[1]: data for name, data in _folder_files().items()}
    assert manager.post(NEW, {"file": _zip(files)})["Location"] == CHECK


def test_every_problem_in_the_folder_is_listed_as_file_line_reason(manager: Client) -> None:
    files = _folder_files()
    manifest = files["serious-violence-duty-2023/consultation.yaml"].decode()
    files["serious-violence-duty-2023/consultation.yaml"] = manifest.replace(
        "contact_email:", "contact_email: not-an-email\nold_contact_email:", 1
    ).encode()
    page = manager.post(NEW, {"file": _zip(files)}).content.decode()
    assert "nothing was changed" in page
    assert "consultation.yaml:" in page
    assert "/tmp/" not in page, "files are named inside the uploaded folder"
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("folder.zip", b"this is not a zip"), "this is not a zip file"),
        (SimpleUploadedFile("folder.tar", b"x"), "The file must be a .zip file of the consultation"),
        (None, "Choose a file to upload"),
    ],
)
def test_a_file_that_is_not_a_zip_of_a_folder_gets_a_specific_message(
    manager: Client, upload, message
) -> None:
    page = manager.post(NEW, {"file": upload} if upload else {}).content.decode()
    assert message in page


def test_a_zip_that_reaches_outside_its_folder_is_refused_and_writes_nothing(
    manager: Client, tmp_path
) -> None:
    files = _folder_files()
    files["../../escaped.txt"] = b"gotcha"
    page = manager.post(NEW, {"file": _zip(files)}).content.decode()
    assert "points outside the folder" in page
    assert not list(Path("/tmp").glob("escaped.txt"))
    assert not Consultation.objects.exists()


def test_a_zip_bomb_is_stopped_while_unpacking(manager: Client) -> None:
    files = _folder_files()
    files["serious-violence-duty-2023/huge.md"] = b"\0" * (6 * 1024 * 1024)  # deflates to a few kilobytes
    page = manager.post(NEW, {"file": _zip(files)}).content.decode()
    assert "unpacks to more than 5 MB" in page


def test_a_zip_with_too_many_files_is_refused(manager: Client) -> None:
    files = {f"folder/file{i}.md": b"x" for i in range(301)}
    page = manager.post(NEW, {"file": _zip(files)}).content.decode()
    assert "the zip holds 301 files" in page


def test_the_check_page_without_an_upload_sends_back_to_upload(manager: Client) -> None:
    assert manager.get(CHECK)["Location"] == NEW


# Questionnaire versions -------------------------------------------------------------------------------------------

VERSIONS = "/staff/consultations/test-survey/questionnaire/"


def _questionnaire(text: str, name: str = "questionnaire.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="application/x-yaml")


def test_a_new_version_is_previewed_page_by_page_and_route_by_route_before_it_goes_live(
    manager: Client, survey
) -> None:
    text = EVERY_TYPE.read_text().replace('version: "1"', 'version: "2"', 1)
    response = manager.post(VERSIONS + "upload/", {"file": _questionnaire(text)})
    assert response["Location"] == VERSIONS + "upload/check/"
    page = manager.get(VERSIONS + "upload/check/").content.decode()
    assert "Check the new version before it goes live" in page
    assert "Page 1: " in page
    assert "Shown only when ‘" in page
    assert "Every route" in page
    assert "Make version 2 live" in page
    assert QuestionnaireVersion.objects.filter(consultation=survey).count() == 1, (
        "not stored before confirming"
    )

    assert manager.post(VERSIONS + "upload/check/")["Location"] == VERSIONS
    current = QuestionnaireVersion.objects.get(consultation=survey, is_current=True)
    assert current.version == "2"
    assert AuditEvent.objects.get(action="questionnaire.made_live").details["version"] == "2"

    old = QuestionnaireVersion.objects.get(consultation=survey, version="1")
    page = manager.get(f"{VERSIONS}{old.pk}/").content.decode()
    assert "Make version 1 live" in page
    manager.post(f"{VERSIONS}{old.pk}/")
    old.refresh_from_db()
    assert old.is_current


def test_a_broken_questionnaire_lists_each_problem_with_its_line(manager: Client, survey) -> None:
    text = (
        EVERY_TYPE.read_text()
        .replace('version: "1"', 'version: "2"', 1)
        .replace("type: likert_grid", "type: likert_grd", 1)
    )
    page = manager.post(
        VERSIONS + "upload/", {"file": _questionnaire(text, "my-questions.yaml")}
    ).content.decode()
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "likert_grd" in row)
    assert f"my-questions.yaml:{line}:" in page


def test_a_changed_questionnaire_under_a_version_already_stored_is_refused(manager: Client, survey) -> None:
    text = EVERY_TYPE.read_text().replace("Test survey with every question type", "A changed title", 1)
    page = manager.post(VERSIONS + "upload/", {"file": _questionnaire(text)}).content.decode()
    assert "questionnaire.yaml:4: version &#x27;1&#x27; is already stored with different content" in page
    same = manager.post(
        VERSIONS + "upload/", {"file": _questionnaire(EVERY_TYPE.read_text())}
    ).content.decode()
    assert "is already stored, exactly as in this file" in same


def test_the_real_questionnaire_previews_every_page_and_all_its_routes(manager: Client, survey) -> None:
    version = store_questionnaire(consultation=survey, questionnaire=read_questionnaire(REAL_QUESTIONNAIRE))
    page = manager.get(f"{VERSIONS}{version.pk}/").content.decode()
    questionnaire = read_questionnaire(REAL_QUESTIONNAIRE)
    for number, item in enumerate(questionnaire.pages, start=1):
        assert f'id="preview-page-{number}"' in page, item.id
    assert "different routes through the pages" in page
    assert "There are more routes than can be listed" not in page
