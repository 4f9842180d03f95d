"""The `crosstab` and `tables` commands, as an analyst runs them, including every kind of bad input."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from safevoice.analysis.cli import main

CODEBOOK = """\
questions:
  - id: area
    label: Where do you live?
    type: single
    options:
      - {id: north, label: North Northamptonshire}
      - {id: west, label: West Northamptonshire}
  - id: feel_safe
    label: How safe do you feel after dark?
    type: single
    options:
      - {id: safe, label: Safe}
      - {id: unsafe, label: Unsafe}
      - {id: prefer_not_to_say, label: Prefer not to say}
  - id: worries
    label: Which of these worry you?
    type: multiple
    options:
      - {id: knives, label: Knife crime}
      - {id: drugs, label: Drug dealing}
breakdowns: [area]
"""


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    rows = (
        [["north", "safe", "1", "0", "1.2", "E06000061", "female", "16-24"]] * 40
        + [["north", "unsafe", "1", "1", "0.8", "E06000061", "male", "75+"]] * 35
        + [["north", "prefer_not_to_say", "0", "0", "1.0", "E06000061", "male", "16-24"]] * 3
        + [["west", "safe", "0", "1", "1.0", "E06000062", "female", "75+"]] * 50
        + [["west", "unsafe", "1", "1", "1.1", "E06000062", "male", "16-24"]] * 45
        + [["west", "prefer_not_to_say", "0", "0", "1.0", "E06000062", "female", "16-24"]] * 12
        + [["", "safe", "1", "0", "1.0", "E06000062", "male", "75+"]] * 11
        + [["", "unsafe", "1", "0", "1.0", "E06000061", "female", "75+"]] * 10
        + [["", "prefer_not_to_say", "0", "1", "1.0", "E06000061", "female", "75+"]] * 10
    )
    header = ["area", "feel_safe", "worries__knives", "worries__drugs", "weight", "unitary", "sex", "age"]
    return write(tmp_path / "survey.csv", header, rows)


@pytest.fixture
def codebook(tmp_path: Path) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return path


def test_crosstab_writes_row_categories_totals_and_hidden_cells(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"

    assert main(["crosstab", str(survey), "--rows", "feel_safe", "--cols", "area", "--out", str(out)]) == 0

    table = read(out)
    assert table[0] == ["feel_safe", "north", "west", "No answer", "Total"]
    assert [row[0] for row in table[1:]] == ["prefer_not_to_say", "safe", "unsafe", "Total"]
    assert table[1][1] == "[c]"  # 3 people in North said "prefer not to say"
    assert sum(row.count("[c]") for row in table) >= 2  # and its row needs a second hidden cell
    assert table[4][4] == "215"  # 216 people, rounded to the nearest 5
    assert all(v == "[c]" or int(v) % 5 == 0 for row in table[1:] for v in row[1:])


def test_crosstab_threshold_and_rounding_can_be_changed(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"

    main(["crosstab", str(survey), "--rows", "feel_safe", "--cols", "area", "--out", str(out),
          "--threshold", "3", "--rounding", "1"])  # fmt: skip

    table = read(out)
    assert table[1][1] == "3"
    assert table[4][4] == "216"


def test_zeros_can_be_published(
    survey: Path, codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    args = ["crosstab", str(survey), "--rows", "worries__knives", "--cols", "feel_safe", "--out", str(out)]

    main(args)
    assert read(out)[2][:2] == ["1", "[c]"]  # nobody who preferred not to say how safe they feel chose knives
    assert "--publish-zeros shows them" in capsys.readouterr().err
    main([*args, "--publish-zeros"])
    assert read(out)[2][:2] == ["1", "0"]


def test_crosstab_with_weights_shows_weighted_counts_beside_counts(
    survey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"

    main(
        [
            "crosstab",
            str(survey),
            "--rows",
            "feel_safe",
            "--cols",
            "area",
            "--weights",
            "weight",
            "--out",
            str(out),
        ]
    )

    table = read(out)
    assert table[0][:3] == ["feel_safe", "north", "north (weighted)"]
    safe_north = table[2]
    assert safe_north[1:3] == ["40", "50"]  # 40 people × 1.2 = 48, rounded to 50
    assert safe_north[1] != "[c]"
    assert "design effect" in capsys.readouterr().err


def test_tables_writes_a_csv_per_question_and_a_workbook(
    survey: Path, codebook: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tables"

    assert main(["tables", str(survey), "--codebook", str(codebook), "--out", str(out)]) == 0

    assert sorted(p.name for p in out.iterdir()) == [
        "area.csv",
        "feel_safe.csv",
        "tables.xlsx",
        "worries.csv",
    ]
    rows = read(out / "feel_safe.csv")
    header = rows[0]
    north_prefer = next(
        r for r in rows if r[header.index("group_id")] == "north" and r[2 + 4] == "prefer_not_to_say"
    )
    assert north_prefer[header.index("count")] == "[c]"
    assert north_prefer[header.index("percent")] == "[c]"
    workbook = load_workbook(out / "tables.xlsx")
    assert workbook.sheetnames == ["Cover", "Contents", "Notes", "Table_1", "Table_2", "Table_3"]
    contents = [[c.value for c in row] for row in workbook["Contents"].iter_rows(min_row=4)]
    assert contents[1] == ["Table_2", "How safe do you feel after dark?", "feel_safe.csv"]
    notes = " ".join(str(c.value) for row in workbook["Notes"].iter_rows() for c in row)
    assert "Counts under 10 are hidden and shown as [c]" in notes
    table_2 = [[c.value for c in row] for row in workbook["Table_2"].iter_rows(min_row=3)]
    assert table_2[0][8:10] == ["Count", "Percentage"]
    assert "[c]" in [row[8] for row in table_2[1:]]


def test_tables_with_raking_adds_weighted_columns_and_notes(
    survey: Path, codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    population = write(
        tmp_path / "population.csv",
        ["area_code", "area_name", "sex", "age_band", "population"],
        [
            [code, name, sex, band, "1000"]
            for code, name in (
                ("E06000061", "North Northamptonshire"),
                ("E06000062", "West Northamptonshire"),
            )
            for sex in ("females", "males")
            for band in ("16-24", "75+")
        ],
    )
    out = tmp_path / "tables"

    code = main(["tables", str(survey), "--codebook", str(codebook), "--out", str(out),
                 "--rake", "unitary", "sex", "age", "--population", str(population)])  # fmt: skip

    assert code == 0
    header = read(out / "feel_safe.csv")[0]
    assert {"weighted_percent", "effective_base", "design_effect"} <= set(header)
    assert "design effect" in capsys.readouterr().err


def test_tables_names_an_empty_weighting_margin(
    survey: Path, codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["tables", str(survey), "--codebook", str(codebook), "--out", str(tmp_path / "t"),
                 "--rake", "unitary", "sex", "age"])  # fmt: skip

    assert code == 2
    assert "No respondents in North Northamptonshire, female, 25-34" in capsys.readouterr().err


def test_tables_can_rake_to_sex_and_age_separately_when_a_cell_is_empty(
    survey: Path, codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two_bands = tmp_path / "population.csv"
    # Unequal cells, so that an empty cell does not force another to weight 0 (raking would not converge).
    cells = {
        ("females", "16-24"): 1000,
        ("females", "75+"): 1000,
        ("males", "16-24"): 1500,
        ("males", "75+"): 500,
    }
    two_bands.write_text(
        "area_code,area_name,sex,age_band,population\n"
        + "".join(f"E0600006{a},Area {a},{s},{b},{n}\n" for a in (1, 2) for (s, b), n in cells.items()),
        encoding="utf-8",
    )
    survey.write_text(
        "\n".join(
            line
            for line in survey.read_text(encoding="utf-8").splitlines()
            if "E06000061,female,75+" not in line
        )
        + "\n",
        encoding="utf-8",
    )
    args = ["tables", str(survey), "--codebook", str(codebook), "--out", str(tmp_path / "t"),
            "--rake", "unitary", "sex", "age", "--population", str(two_bands)]  # fmt: skip

    assert main(args) == 2
    assert "No respondents in Area 1, female, 75+: merge bands or drop this margin" in capsys.readouterr().err
    assert main([*args, "--margins", "separate"]) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"area,feel_safe\n", "has a header but no rows"),
        ("area,feel_safe\nnorth,s\u00fbr\n".encode("latin-1"), "is not UTF-8 text"),
        (b"region,feel_safe\nnorth,safe\n", "no column named 'area'"),
    ],
)
def test_crosstab_refuses_bad_input_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    path = tmp_path / "in.csv"
    if content is not None:
        path.write_bytes(content)

    code = main(
        ["crosstab", str(path), "--rows", "feel_safe", "--cols", "area", "--out", str(tmp_path / "o.csv")]
    )

    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_crosstab_refuses_weights_that_are_not_numbers(
    survey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(survey.read_text(encoding="utf-8").replace(",1.2,", ",heavy,", 1), encoding="utf-8")

    code = main(["crosstab", str(bad), "--rows", "feel_safe", "--cols", "area", "--weights", "weight",
                 "--out", str(tmp_path / "o.csv")])  # fmt: skip

    assert code == 2
    assert "row 2 holds 'heavy'" in capsys.readouterr().err


def test_tables_refuses_an_answer_missing_from_the_codebook(
    survey: Path, codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        survey.read_text(encoding="utf-8").replace(",unsafe,", ",very_unsafe,", 1), encoding="utf-8"
    )

    code = main(["tables", str(bad), "--codebook", str(codebook), "--out", str(tmp_path / "t")])

    assert code == 2
    assert "column 'feel_safe' holds 'very_unsafe'" in capsys.readouterr().err


def test_tables_refuses_a_missing_option_column(
    survey: Path, codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        survey.read_text(encoding="utf-8").replace("worries__drugs", "worries_drugs"), encoding="utf-8"
    )

    code = main(["tables", str(bad), "--codebook", str(codebook), "--out", str(tmp_path / "t")])

    assert code == 2
    assert "the codebook needs columns the file does not have: 'worries__drugs'" in capsys.readouterr().err


def test_tables_reports_every_codebook_problem_with_its_line(
    survey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "codebook.yaml"
    bad.write_text(CODEBOOK.replace("type: multiple", "type: ranking"), encoding="utf-8")

    code = main(["tables", str(survey), "--codebook", str(bad), "--out", str(tmp_path / "t")])

    assert code == 2
    assert f"{bad}:17: questions/2/type: 'ranking' is not one of" in capsys.readouterr().err


def test_the_command_exits_non_zero_without_a_traceback_and_no_progress_bar_in_a_pipe(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "safevoice.analysis.cli", "crosstab", str(tmp_path / "missing.csv"),
         "--rows", "a", "--cols", "b", "--out", str(tmp_path / "o.csv")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert result.returncode == 2
    assert result.stderr.strip() == f"safevoice-analysis crosstab: {tmp_path / 'missing.csv'}: no such file"
