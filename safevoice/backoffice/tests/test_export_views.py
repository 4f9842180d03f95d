"""An analyst exports a consultation's responses: a format, a background job with its progress, the files to
download. Refusals say why; every export and download is in the audit log."""

from __future__ import annotations

import re

import pytest

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import add_response
from safevoice.exports.models import ExportJob
from safevoice.exports.services import run_export_job
from safevoice.questionnaires.tests.factories import make_consultation

pytestmark = pytest.mark.django_db

EXPORTS = "/staff/consultations/test-survey/exports/"


def test_an_export_runs_in_the_background_then_its_files_download(staff_client, survey) -> None:
    add_response(survey, answers={"affected_how": ["victim"], "nickname": '=HYPERLINK("x")'})
    client = staff_client((Role.ANALYST, survey), username="analyst1")
    page = client.get(EXPORTS).content.decode()
    for name in ("CSV", "SPSS", "Parquet", "JSON"):
        assert name in page
    response = client.post(EXPORTS, {"export_format": "csv"})
    job = ExportJob.objects.get()
    assert response["Location"] == f"{EXPORTS}{job.pk}/"
    waiting = client.get(response["Location"]).content.decode()
    assert "Your export is being prepared" in waiting
    assert "Check progress" in waiting

    run_export_job(job_id=str(job.pk))  # what the task worker does
    ready = client.get(response["Location"]).content.decode()
    assert "Your export is ready" in ready
    links = re.findall(r'href="(/staff/consultations/test-survey/exports/[^"]+/[^"/]+)" download', ready)
    assert len(links) == 2, "the data and its dictionary"
    download = client.get(links[0])
    assert download["Content-Disposition"].startswith("attachment")
    data = b"".join(download.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf"), "CSV with a byte-order mark, for Excel"
    assert b"'=HYPERLINK" in data, "a formula is neutralised"
    assert AuditEvent.objects.filter(action="responses.exported").exists()
    assert AuditEvent.objects.get(action="export.downloaded").actor == "analyst1"


def test_an_export_of_nothing_is_refused_with_the_reason(staff_client, survey) -> None:
    page = staff_client((Role.ANALYST, survey)).post(EXPORTS, {"export_format": "xlsx"}).content.decode()
    assert "govuk-error-summary" in page
    assert not ExportJob.objects.exists()


def test_a_format_must_be_chosen(staff_client, survey) -> None:
    add_response(survey)
    page = staff_client((Role.ANALYST, survey)).post(EXPORTS, {}).content.decode()
    assert '<a href="#export_format_0">Select a format for the export</a>' in page


def test_an_export_of_another_consultation_is_not_found_here(staff_client, survey) -> None:
    other, _ = make_consultation(slug="other-survey")
    add_response(other)
    client = staff_client(Role.ANALYST)
    client.post("/staff/consultations/other-survey/exports/", {"export_format": "json"})
    job = ExportJob.objects.get()
    assert client.get(f"{EXPORTS}{job.pk}/").status_code == 404
