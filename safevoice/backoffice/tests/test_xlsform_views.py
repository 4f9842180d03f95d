"""XLSForm in the back office: an uploaded XLSForm becomes a questionnaire version to preview (every row not
carried over listed), and the live questionnaire downloads as an XLSForm."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.questionnaires.models import QuestionnaireVersion

pytestmark = pytest.mark.django_db

VERSIONS = "/staff/consultations/test-survey/questionnaire/"


def _xlsform(survey_rows: list[list[str]], *, version: str = "7") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in [["type", "name", "label", "relevant"], *survey_rows]:
        survey.append(row)
    choices = book.create_sheet("choices")
    for row in (["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]):
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(["A survey from a spreadsheet", "every_type", version, "English (en)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("from-kobo.xlsx", buffer.getvalue())


def test_an_uploaded_xlsform_is_converted_previewed_and_made_live(staff_client, survey) -> None:
    client = staff_client(Role.MANAGER)
    rows = [
        ["select_one yn", "felt_safe", "Do you feel safe where you live?", ""],
        ["text", "why", "Why not?", "${felt_safe} = 'no'"],
        ["calculate", "score", "", ""],
    ]
    response = client.post(VERSIONS + "upload/", {"file": _xlsform(rows)})
    assert response["Location"] == VERSIONS + "upload/check/"
    page = client.get(VERSIONS + "upload/check/").content.decode()
    assert "Do you feel safe where you live?" in page
    assert "Shown only when ‘Do you feel safe where you live?’ is ‘No’" in page
    not_mapped = page.split('id="not-mapped"')[1].split("</ul>")[0]
    assert "survey sheet, row 4" in not_mapped, "the calculate row is listed, not dropped silently"
    converted = client.get(VERSIONS + "upload/file/")
    assert converted["Content-Disposition"] == 'attachment; filename="from-kobo.yaml"'
    assert b"felt_safe" in converted.content
    client.post(VERSIONS + "upload/check/")
    assert QuestionnaireVersion.objects.get(consultation=survey, is_current=True).version == "7"


def test_an_xlsform_with_a_typo_lists_each_problem_by_sheet_and_row(staff_client, survey) -> None:
    page = (
        staff_client(Role.MANAGER)
        .post(
            VERSIONS + "upload/", {"file": _xlsform([["select_on yn", "felt_safe", "Do you feel safe?", ""]])}
        )
        .content.decode()
    )
    assert "from-kobo.xlsx: survey sheet, row 2:" in page
    assert "select_one" in page


def test_an_old_excel_file_is_told_to_be_saved_as_xlsx(staff_client, survey) -> None:
    page = (
        staff_client(Role.MANAGER)
        .post(VERSIONS + "upload/", {"file": SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0")})
        .content.decode()
    )
    assert "save it as .xlsx" in page


def test_the_live_questionnaire_downloads_as_an_xlsform(staff_client, survey) -> None:
    response = staff_client(Role.MANAGER, username="manager1").get(VERSIONS + "xlsform/")
    assert response["Content-Disposition"] == 'attachment; filename="test-survey-questionnaire.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"survey", "choices", "settings"} <= set(book.sheetnames)
    assert AuditEvent.objects.get(action="questionnaire.exported_xlsform").actor == "manager1"
