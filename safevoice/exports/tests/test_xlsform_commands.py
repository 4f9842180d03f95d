"""`manage.py import_xlsform` and `export_xlsform`, and the upload service the back office calls."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safevoice.exports.xlsform import import_xlsform_upload
from safevoice.questionnaire_engine import read_questionnaire
from safevoice.questionnaire_engine.tests.test_xlsform import YES_NO, small_form, workbook
from safevoice.questionnaire_engine.xlsform import XLSFormError
from safevoice.questionnaires.tests.factories import make_consultation


def test_import_writes_a_questionnaire_file_and_lists_what_was_not_imported(tmp_path):
    form = workbook(
        tmp_path / "f.xlsx", [["type", "name", "label"], ["text", "a", "A"], ["geopoint", "g", "Where?"]]
    )
    out = StringIO()
    call_command("import_xlsform", str(form), "--out", str(tmp_path / "q.yaml"), stdout=out)
    printed = out.getvalue()
    assert f"Wrote {tmp_path / 'q.yaml'}: 1 question(s) on 1 page(s)." in printed
    assert "survey sheet, row 3: 'g' (geopoint)" in printed
    assert read_questionnaire(tmp_path / "q.yaml").question("a") is not None


def test_import_says_when_every_row_was_imported(tmp_path):
    out = StringIO()
    call_command("import_xlsform", str(small_form(tmp_path)), "--out", str(tmp_path / "q.yaml"), stdout=out)
    assert "Every row was imported." in out.getvalue()


def test_import_never_replaces_a_file_without_being_asked(tmp_path):
    (tmp_path / "q.yaml").write_text("mine")
    with pytest.raises(CommandError, match="already exists: choose another name, or add --overwrite"):
        call_command("import_xlsform", str(small_form(tmp_path)), "--out", str(tmp_path / "q.yaml"))
    assert (tmp_path / "q.yaml").read_text() == "mine"
    call_command(
        "import_xlsform",
        str(small_form(tmp_path)),
        "--out",
        str(tmp_path / "q.yaml"),
        "--overwrite",
        stdout=StringIO(),
    )
    assert (tmp_path / "q.yaml").read_text() != "mine"


def test_a_broken_form_prints_every_problem_and_writes_nothing(tmp_path):
    form = workbook(tmp_path / "f.xlsx", [["type", "name", "lable"], ["select_one nope", "a", "A"]], YES_NO)
    err = StringIO()
    with pytest.raises(CommandError, match="cannot be imported: nothing was written"):
        call_command("import_xlsform", str(form), "--out", str(tmp_path / "q.yaml"), stderr=err)
    assert (
        "survey sheet, row 1: the column 'lable' is not an XLSForm column: did you mean 'label'?"
        in err.getvalue()
    )
    assert not (tmp_path / "q.yaml").exists()


def test_a_file_that_is_not_a_workbook_is_named(tmp_path):
    fake = tmp_path / "form.xlsx"
    fake.write_text("not a workbook")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_xlsform", str(fake), "--out", str(tmp_path / "q.yaml"), stderr=err)
    assert "cannot be read as an .xlsx workbook" in err.getvalue()


def test_the_upload_service_reads_the_bytes_of_an_upload(tmp_path):
    data = small_form(tmp_path).read_bytes()
    assert import_xlsform_upload(data=data, file_name="form.xlsx").definition["title"] == "Community survey"
    with pytest.raises(XLSFormError, match="cannot be read"):
        import_xlsform_upload(data=b"PK\x03\x04 broken", file_name="form.xlsx")


@pytest.mark.django_db
def test_export_writes_an_xlsform_that_pyxform_converts(tmp_path):
    from pyxform.xls2xform import convert

    make_consultation()
    out = StringIO()
    call_command("export_xlsform", "test-survey", "--out", str(tmp_path / "form.xlsx"), stdout=out)
    assert f"Wrote {tmp_path / 'form.xlsx'}." in out.getvalue()
    assert "Not in the XLSForm:" in out.getvalue()
    assert convert(xlsform=str(tmp_path / "form.xlsx"), validate=False).xform


@pytest.mark.django_db
def test_export_of_an_unknown_slug_lists_the_slugs(tmp_path):
    make_consultation()
    with pytest.raises(CommandError, match="No consultation has the slug 'survey'"):
        call_command("export_xlsform", "survey", "--out", str(tmp_path / "form.xlsx"))
    with pytest.raises(CommandError, match=r"an XLSForm's file name ends in \.xlsx"):
        call_command("export_xlsform", "test-survey", "--out", str(tmp_path / "form.xls"))
