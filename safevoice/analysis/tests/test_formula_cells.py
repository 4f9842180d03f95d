"""Neutralising text a spreadsheet would run as a formula (OWASP CSV injection)."""

from __future__ import annotations

import polars as pl
import pytest

from safevoice.analysis.spreadsheets import neutralise, neutralise_column


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
