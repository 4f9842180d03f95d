"""What an analyst finds in each export file: the responses, their data dictionary, labels, dates without times,
and text that a spreadsheet will show but never run."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import polars as pl
import pyarrow.parquet as pq
import pyreadstat
import pytest

from safevoice.analysis.spreadsheets import neutralise
from safevoice.audit.models import AuditEvent
from safevoice.exports.services import ExportRefused, export_responses
from safevoice.exports.tests.conftest import FORMULAS
from safevoice.responses.selectors import answers_frame

pytestmark = pytest.mark.django_db


def export(consultation, tmp_path: Path, kind: str, **options) -> list[Path]:
    return export_responses(
        consultation=consultation,
        export_format=kind,
        out=tmp_path / f"responses.{kind}",
        actor="analyst1",
        **options,
    ).files


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_it_as_utf8(answered, tmp_path):
    data, dictionary = export(answered, tmp_path, "csv")
    assert data.read_bytes().startswith(b"\xef\xbb\xbf")
    assert dictionary.name == "responses-data-dictionary.csv"
    assert dictionary.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_csv(data)
    assert "Café lighting – “better” please" in [r["anything_else"] for r in rows]


def test_csv_leaves_out_excluded_responses_unless_asked(answered, tmp_path):
    data, _ = export(answered, tmp_path, "csv")
    rows = read_csv(data)
    assert len(rows) == 2
    assert "Left out" not in data.read_text(encoding="utf-8-sig")
    assert "excluded_from_analysis" not in rows[0]
    (tmp_path / "all").mkdir()
    data, _ = export(answered, tmp_path / "all", "csv", include_excluded=True)
    rows = read_csv(data)
    assert len(rows) == 3
    assert sorted(r["excluded_from_analysis"] for r in rows) == ["0", "0", "1"]


def test_every_format_gives_the_uk_date_and_never_the_time(answered, tmp_path):
    # Sent at 23:30 UTC on 1 July, which is 00:30 on 2 July in the UK.
    csv_rows = read_csv(export(answered, tmp_path, "csv")[0])
    assert {r["submitted_on"] for r in csv_rows} == {"2026-07-02"}
    assert "submitted_at" not in csv_rows[0]
    everything = "".join(p.read_bytes().decode("utf-8", "replace") for p in tmp_path.iterdir())
    assert "23:30" not in everything
    assert ":30:17" not in everything
    document = json.loads(export(answered, tmp_path, "json")[0].read_text(encoding="utf-8"))
    assert {r["submitted_on"] for r in document["responses"]} == {"2026-07-02"}
    parquet = pl.read_parquet(export(answered, tmp_path, "parquet")[0])
    assert parquet.schema["submitted_on"] == pl.Date
    sav, _ = pyreadstat.read_sav(str(export(answered, tmp_path, "sav")[0]))
    assert {str(d) for d in sav["submitted_on"]} == {"2026-07-02"}
    workbook = openpyxl.load_workbook(export(answered, tmp_path, "xlsx")[0], read_only=True)
    sheet = list(workbook["Responses"].iter_rows(values_only=True))
    date_column = sheet[0].index("submitted_on")
    assert {row[date_column].date().isoformat() for row in sheet[1:]} == {"2026-07-02"}
    assert {(row[date_column].hour, row[date_column].minute) for row in sheet[1:]} == {(0, 0)}


def test_csv_text_that_a_spreadsheet_would_run_is_neutralised(answered, tmp_path):
    rows = read_csv(export(answered, tmp_path, "csv")[0])
    cells = [value for row in rows for value in row.values()]
    for formula in FORMULAS:
        assert "'" + formula in cells
    assert "'" + FORMULAS[2] in [r["affected_how__other_text"] for r in rows]  # the "please specify" text too
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_xlsx_has_the_responses_a_labels_sheet_and_the_data_dictionary(answered, tmp_path):
    (data,) = export(answered, tmp_path, "xlsx")
    workbook = openpyxl.load_workbook(data)
    assert workbook.sheetnames == ["About", "Responses", "Labels", "Data dictionary"]
    responses = list(workbook["Responses"].iter_rows(values_only=True))
    assert len(responses) == 3  # the heading and two responses
    heading = responses[0]
    assert heading[: len(answers_frame(consultation=answered).columns)] == tuple(
        "submitted_on" if c == "submitted_at" else c for c in answers_frame(consultation=answered).columns
    )
    labels = list(workbook["Labels"].iter_rows(values_only=True))
    assert ("feel_safe", "strongly_agree", "Strongly agree") in labels
    assert ("channel", "online", "Online") in labels
    dictionary = {row[0]: row for row in workbook["Data dictionary"].iter_rows(values_only=True)}
    assert dictionary["why_not"][2] == "Why did you not report it?"
    assert "Asked if" in dictionary["why_not"][5]
    assert "‘No’" in dictionary["why_not"][5]


def test_xlsx_text_is_stored_as_text_with_formulas_neutralised(answered, tmp_path):
    (data,) = export(answered, tmp_path, "xlsx")
    workbook = openpyxl.load_workbook(data)
    sheet = workbook["Responses"]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]
    assert not [c for c in cells if c.data_type == "f"], "no cell may be a formula"
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for formula in FORMULAS:
        assert "'" + formula in texts


def test_json_and_parquet_keep_text_exactly_as_written(answered, tmp_path):
    document = json.loads(export(answered, tmp_path, "json")[0].read_text(encoding="utf-8"))
    assert FORMULAS[0] in [r["why_not"] for r in document["responses"]]
    assert document["consultation"] == "test-survey"
    assert len(document["responses"]) == 2
    columns = [entry["column"] for entry in document["data_dictionary"]]
    assert columns == list(document["responses"][0])
    parquet = pl.read_parquet(export(answered, tmp_path, "parquet")[0])
    assert FORMULAS[0] in parquet["why_not"].to_list()


def test_parquet_carries_its_data_dictionary_in_the_file_and_beside_it(answered, tmp_path):
    data, dictionary = export(answered, tmp_path, "parquet")
    metadata = pq.read_schema(data).metadata
    entries = json.loads(metadata[b"safevoice.data_dictionary"])
    assert [e["column"] for e in entries] == pl.read_parquet(data).columns
    assert dictionary.exists()


def test_sav_has_variable_labels_and_value_labels(answered, tmp_path):
    data, dictionary = export(answered, tmp_path, "sav")
    frame, meta = pyreadstat.read_sav(str(data))
    assert len(frame) == 2
    assert meta.column_names_to_labels["feel_safe"] == "I feel safe in my area after dark"
    assert meta.variable_value_labels["feel_safe"][1.0] == "Strongly agree"
    assert meta.variable_value_labels["affected_how__victim"] == {0.0: "No", 1.0: "Yes"}
    agree = [code for code, label in meta.variable_value_labels["feel_safe"].items() if label == "Agree"]
    assert frame["feel_safe"].dropna().tolist() == agree
    assert meta.variable_measure["feel_safe"] == "ordinal"
    rows = {row["column"]: row for row in read_csv(dictionary)}
    assert "2 (agree) = Agree" in rows["feel_safe"]["values"]


def test_the_data_dictionary_names_every_column_with_wording_type_options_and_routing(answered, tmp_path):
    data, dictionary = export(answered, tmp_path, "csv")
    rows = read_csv(dictionary)
    assert [r["column"] for r in rows] == list(read_csv(data)[0])
    by_column = {r["column"]: r for r in rows}
    assert by_column["reported"]["wording"] == "Did you report it to the police?"
    assert by_column["reported"]["type"] == "single_choice"
    assert by_column["reported"]["values"] == "yes = Yes; no = No; prefer_not_to_say = Prefer not to say"
    assert by_column["reported"]["asked_if"].startswith("Asked if the answer to ‘In the last 12 months")
    assert by_column["affected_how__victim"]["values"] == "1 = chosen, 0 = not chosen"
    assert by_column["places__parks"]["wording"].endswith("– Parks")
    assert by_column["age"]["wording"] == "How old are you? (years)"
    assert by_column["feel_safe"]["asked_if"] == "Everyone"


def test_every_export_is_audited_with_who_the_format_and_the_count(answered, tmp_path):
    export(answered, tmp_path, "parquet")
    export(answered, tmp_path, "csv", include_excluded=True)
    first, second = AuditEvent.objects.filter(action="responses.exported").order_by("pk")
    assert (first.actor, first.action, first.target) == (
        "analyst1",
        "responses.exported",
        "consultation:test-survey",
    )
    assert first.details == {"format": "parquet", "count": 2, "include_excluded": False}
    assert second.details == {"format": "csv", "count": 3, "include_excluded": True}


def test_an_empty_consultation_is_refused_with_the_reason(db, tmp_path):
    from safevoice.questionnaires.tests.factories import make_consultation

    consultation, _ = make_consultation()
    with pytest.raises(ExportRefused, match=r"Test survey \(test-survey\) has no responses yet"):
        export(consultation, tmp_path, "csv")
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.exists()


def test_a_consultation_whose_responses_are_all_excluded_says_so(answered, tmp_path):
    from safevoice.responses.models import Response
    from safevoice.responses.services import exclude_response

    for response in Response.objects.filter(excluded_from_analysis=False):
        exclude_response(response=response, reason="Test", actor="lead")
    with pytest.raises(ExportRefused, match=r"All 3 responses .* are excluded from analysis"):
        export(answered, tmp_path, "xlsx")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("responses.csv", "a xlsx export's file name must end in .xlsx, e.g. responses.xlsx"),
        ("missing/responses.xlsx", "there is no such folder"),
    ],
)
def test_a_file_name_that_cannot_work_is_refused(answered, tmp_path, name, message):
    with pytest.raises(ExportRefused, match=message):
        export_responses(consultation=answered, export_format="xlsx", out=tmp_path / name, actor="a")


def test_an_unknown_format_names_the_formats_there_are(answered, tmp_path):
    with pytest.raises(
        ExportRefused, match="no export format 'xls': choose one of csv, xlsx, sav, json, parquet"
    ):
        export_responses(consultation=answered, export_format="xls", out=tmp_path / "r.xls", actor="a")


def test_rows_are_ordered_by_day_but_not_by_time_within_a_day(answered, tmp_path):
    """Within one day, the order of the rows must not tell who answered first."""
    from datetime import UTC, datetime

    from safevoice.responses.models import Response

    early, late = Response.objects.filter(excluded_from_analysis=False).order_by("answers_digest")
    early.submitted_at = datetime(2026, 7, 2, 18, 0, tzinfo=UTC)
    late.submitted_at = datetime(2026, 7, 2, 7, 0, tzinfo=UTC)
    Response.objects.bulk_update([early, late], ["submitted_at"])
    rows = read_csv(export(answered, tmp_path, "csv")[0])
    # By digest, not by time: the response sent at 18:00 comes first.
    assert [r["nickname"] for r in rows] == [
        neutralise(early.answers["nickname"]),
        neutralise(late.answers["nickname"]),
    ]


def test_a_large_export_is_written_a_chunk_at_a_time_with_progress(answered, tmp_path):
    seen: list[tuple[int, int]] = []
    export_responses(
        consultation=answered,
        export_format="json",
        out=tmp_path / "r.json",
        actor="a",
        include_excluded=True,
        chunk_size=1,
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert len(json.loads((tmp_path / "r.json").read_text())["responses"]) == 3
