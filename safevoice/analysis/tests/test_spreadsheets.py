"""Nothing the analysis core writes runs as a formula when an analyst opens it in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from safevoice.analysis.spreadsheets import neutralise, neutralise_column, neutralise_frame
from safevoice.analysis.tables.disclosure import DisclosureRules
from safevoice.analysis.tables.export import PublishedTable, write_csv, write_workbook


def test_text_that_starts_like_a_formula_is_written_as_text() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+44 7700 900123") == "'+44 7700 900123"
    assert neutralise("@everyone") == "'@everyone"
    assert neutralise("\t=cmd") == "'\t=cmd"
    assert neutralise("A normal answer") == "A normal answer"
    assert neutralise(-3) == -3  # numbers are numbers


def test_every_text_column_of_a_frame_is_neutralised_and_numbers_are_left_alone() -> None:
    frame = pl.DataFrame({"text": ["=A1", "fine", None], "count": [-1, 2, 3]})
    out = neutralise_frame(frame)
    assert out["text"].to_list() == ["'=A1", "fine", None]
    assert out["count"].to_list() == [-1, 2, 3]


def test_table_csvs_and_workbooks_hold_no_formula(tmp_path: Path) -> None:
    write_csv(tmp_path / "t.csv", [["option", "count"], ['=HYPERLINK("x")', 5]])
    assert (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()[1].startswith("\"'=HYPERLINK")
    frame = pl.DataFrame({"option": ["=2+2"], "count": [12]})
    table = PublishedTable(file_stem="t", title="A table", frame=frame)
    write_workbook(tmp_path / "t.xlsx", [table], title="Tables", rules=DisclosureRules())
    sheet = load_workbook(tmp_path / "t.xlsx")["Table_1"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=2+2" in values
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)


@pytest.mark.parametrize(
    "text", ["=1+1", "+44 1604 000000", "-2", "@SUM(A1)", "\t=1", "\r=1", "\0x", "＝1+1", "＋1", "－1", "＠x"]
)
def test_a_cell_starting_like_a_formula_gets_a_quote_in_front(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Plain", "a=1", " =1", "'=1", "2+2", "Café – “yes”"])
def test_other_text_is_unchanged(text):
    assert neutralise(text) == text


def test_the_polars_version_agrees_with_the_python_one():
    texts = ["=1", "+1", "-1", "@a", "\tx", "\rx", "\0x", "＝1", "fine", "a-b", None]
    out = pl.DataFrame({"t": texts}).select(neutralise_column("t"))["t"].to_list()
    assert out == [None if t is None else neutralise(t) for t in texts]
