"""XLSForm in and out: what maps, what is listed as not imported (by sheet and row), what is refused.

The small forms here are written in the tests. Those marked "after pyxform's ..." follow the shape of pyxform's
own example forms (github.com/XLSForm/pyxform, tests/example_xls; BSD-2-Clause, Copyright (c) 2015, XLSForm),
rewritten with our own questions. ``test_pyxform_example_forms`` runs over pyxform's example files themselves where
a copy is kept outside the repository (SAFEVOICE_XLSFORM_EXAMPLES, by default /work/shared/data/xlsform).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook

from safevoice.questionnaire_engine import questionnaire_from_definition, read_questionnaire
from safevoice.questionnaire_engine.tests.examples import EVERY_TYPE, REAL_QUESTIONNAIRE
from safevoice.questionnaire_engine.xlsform import XLSFormError, read_xlsform, write_xlsform

EXAMPLES = Path(os.environ.get("SAFEVOICE_XLSFORM_EXAMPLES", "/work/shared/data/xlsform"))


def workbook(
    path: Path,
    survey: list[list[Any]],
    choices: list[list[Any]] | None = None,
    settings: list[list[Any]] | None = None,
) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    for name, rows in (("choices", choices), ("settings", settings)):
        if rows is not None:
            extra = book.create_sheet(name)
            for row in rows:
                extra.append(row)
    book.save(path)
    return path


SURVEY_HEADER = ["type", "name", "label", "hint", "required", "relevant", "constraint", "appearance"]
YES_NO = [["list_name", "name", "label"], ["yes_no", "yes", "Yes"], ["yes_no", "no", "No"]]


def small_form(tmp_path: Path) -> Path:
    """After pyxform's yes_or_no_question, field-list and or_other examples."""
    return workbook(
        tmp_path / "form.xlsx",
        [
            SURVEY_HEADER,
            ["select_one yes_no", "affected", "Have you been affected?", "", "yes", "", "", ""],
            [
                "select_multiple ways",
                "ways",
                "How?",
                "Select all that apply",
                "",
                "${affected} = 'yes'",
                "",
                "",
            ],
            ["begin group", "about", "About you", "", "", "", "", "field-list"],
            ["integer", "age", "How old are you?", "", "", "", ". >= 16 and . <= 120", ""],
            ["text", "comments", "Anything else?", "", "", "selected(${ways}, 'saw')", "", "multiline"],
            ["end group", "", "", "", "", "", "", ""],
            ["note", "thanks", "Nearly done\nOne more page.", "", "", "${age} != ''", "", ""],
            [
                "select_one yes_no or_other",
                "contact",
                "Can we contact you?",
                "",
                "",
                "not(selected(${ways}, 'saw'))",
                "",
                "",
            ],
        ],
        [*YES_NO, ["ways", "me", "It happened to me"], ["ways", "saw", "I saw it"]],
        [
            ["form_title", "form_id", "version", "default_language"],
            ["Community survey", "Community_2024", "3", ""],
        ],
    )


def test_a_small_form_becomes_a_questionnaire_our_loader_accepts(tmp_path):
    imported = read_xlsform(small_form(tmp_path))
    (tmp_path / "q.yaml").write_text(imported.yaml_text(), encoding="utf-8")
    questionnaire = read_questionnaire(tmp_path / "q.yaml")
    assert (questionnaire.id, questionnaire.version, questionnaire.title) == (
        "community_2024",
        "3",
        "Community survey",
    )
    assert [(q.id, q.type.value) for q in questionnaire.questions] == [
        ("affected", "single_choice"),
        ("ways", "multiple_choice"),
        ("age", "number"),
        ("comments", "long_text"),
        ("contact", "single_choice"),
    ]
    assert questionnaire.question("affected").required
    assert [o.id for o in questionnaire.question("ways").options] == ["me", "saw"]
    assert (questionnaire.question("age").min, questionnaire.question("age").max) == (16, 120)
    about = questionnaire.page("about")
    assert about.heading == "About you"
    assert [q.id for q in about.questions] == ["age", "comments"]
    assert imported.not_mapped == []


def test_relevant_conditions_become_routing(tmp_path):
    definition = read_xlsform(small_form(tmp_path)).definition
    pages = {p["id"]: p for p in definition["pages"]}
    assert pages["ways_page"]["show_if"] == {"question": "affected", "equals": "yes"}
    about = pages["about"]["questions"]
    assert about[1]["show_if"] == {"question": "ways", "any_of": ["saw"]}
    assert pages["thanks"]["show_if"] == {"question": "age", "answered": True}
    assert pages["thanks"]["type"] == "information"
    assert (pages["thanks"]["heading"], pages["thanks"]["body_markdown"]) == ("Nearly done", "One more page.")
    assert pages["contact_page"]["show_if"] == {"question": "ways", "none_of": ["saw"]}


def test_or_other_gives_the_option_a_please_specify_box(tmp_path):
    definition = read_xlsform(small_form(tmp_path)).definition
    contact = next(p for p in definition["pages"] if p["id"] == "contact_page")["questions"][0]
    assert contact["options"][-1] == {"id": "other", "label": "Other", "other": True}


def test_a_condition_that_cannot_be_said_keeps_the_question_and_is_listed(tmp_path):
    path = workbook(
        tmp_path / "f.xlsx",
        [
            SURVEY_HEADER,
            ["integer", "age", "Age", "", "", "", "", ""],
            ["select_one yes_no", "driver", "Do you drive?", "", "", "${age} >= 17", "", ""],
        ],
        YES_NO,
    )
    imported = read_xlsform(path)
    driver = imported.definition["pages"][1]
    assert "show_if" not in driver
    [problem] = imported.not_mapped
    assert (problem.sheet, problem.row) == ("survey", 3)
    assert "'>=' compares numbers or dates" in problem.message
    assert "imported without this condition" in problem.message


def test_every_row_that_cannot_be_imported_is_listed_by_sheet_and_row(tmp_path):
    path = workbook(
        tmp_path / "f.xlsx",
        [
            ["type", "name", "label", "calculation", "default"],
            ["start", "start", "", "", ""],
            ["text", "name_of_place", "Where?", "", "Kettering"],
            ["geopoint", "where", "Where exactly?", "", ""],
            ["calculate", "twice", "", "1 + 1", ""],
            ["begin repeat", "people", "People", "", ""],
            ["text", "person", "Name", "", ""],
            ["end repeat", "", "", "", ""],
            ["decimal", "height", "Height", "", ""],
        ],
    )
    listed = {(p.row, p.message.split(":")[0]) for p in read_xlsform(path).not_mapped}
    assert {row for row, _ in listed} == {2, 3, 4, 5, 6, 7, 9}
    messages = "\n".join(str(p) for p in read_xlsform(path).not_mapped)
    assert (
        "survey sheet, row 2: 'start' (start) is device or time metadata, which SafeVoice never records"
        in messages
    )
    assert (
        "survey sheet, row 3: default = 'Kettering': SafeVoice never fills in an answer for anyone"
        in messages
    )
    assert "survey sheet, row 4: 'where' (geopoint)" in messages
    assert "survey sheet, row 7: 'person' is inside a repeat" in messages
    assert "survey sheet, row 9: 'height' (decimal): SafeVoice numbers are whole numbers" in messages


def test_a_typo_in_a_column_name_is_refused_naming_the_sheet_and_row(tmp_path):
    path = workbook(
        tmp_path / "f.xlsx",
        [
            ["type", "name", "label", "relevent"],
            ["select_one yes_no", "a", "A?", ""],
            ["text", "b", "B", "${a} = 'yes'"],
        ],
        YES_NO,
    )
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(path)
    assert [str(p) for p in refused.value.problems] == [
        "survey sheet, row 1: the column 'relevent' is not an XLSForm column: did you mean 'relevant'?"
    ]


def test_a_missing_name_column_and_a_typo_in_a_type_are_refused_together(tmp_path):
    path = workbook(tmp_path / "f.xlsx", [["type", "nmae", "label"], ["txet", "a", "A"]])
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(path)
    assert [str(p) for p in refused.value.problems] == [
        "survey sheet, row 1: the column 'nmae' is not an XLSForm column: did you mean 'name'?",
        "survey sheet, row 1: there is no 'name' column",
    ]
    path = workbook(tmp_path / "g.xlsx", [["type", "name", "label"], ["select_on yes_no", "a", "A"]], YES_NO)
    with pytest.raises(
        XLSFormError,
        match=r"survey sheet, row 2: unknown question type 'select_on yes_no': did you mean 'select_one'\?",
    ):
        read_xlsform(path)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["select_one colours", "a", "A"]],
            "survey sheet, row 2: the choice list 'colours' is not in the choices sheet",
        ),
        ([["end group", "", ""]], "survey sheet, row 2: 'end group' without a 'begin group' before it"),
        (
            [["begin group", "g", "G"], ["text", "a", "A"]],
            "survey sheet, row 2: the group 'g' has no 'end group'",
        ),
        (
            [["text", "a", "A"], ["text", "a", "Again"]],
            "survey sheet, row 3: the name 'a' is already used on row 2",
        ),
    ],
)
def test_a_broken_form_is_refused_with_the_row(tmp_path, rows, message):
    path = workbook(tmp_path / "f.xlsx", [["type", "name", "label"], *rows], YES_NO)
    with pytest.raises(XLSFormError, match=message):
        read_xlsform(path)


def test_files_that_are_not_xlsforms_say_what_they_are(tmp_path):
    text = tmp_path / "form.xlsx"
    text.write_text("type,name,label\n")
    with pytest.raises(XLSFormError, match=r"cannot be read as an \.xlsx workbook"):
        read_xlsform(text)
    old = tmp_path / "form.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(XLSFormError, match=r"an \.xls file from an older Excel: save it as \.xlsx"):
        read_xlsform(old)
    with pytest.raises(XLSFormError, match="there is no such file"):
        read_xlsform(tmp_path / "missing.xlsx")
    book = Workbook()
    book.active.title = "Sheet1"
    book.save(tmp_path / "nosurvey.xlsx")
    with pytest.raises(XLSFormError, match=r"there is no 'survey' sheet \(sheets: Sheet1\)"):
        read_xlsform(tmp_path / "nosurvey.xlsx")


def test_a_form_in_several_languages_takes_one_and_lists_the_others_once(tmp_path):
    path = workbook(
        tmp_path / "f.xlsx",
        [
            ["type", "name", "label::English (en)", "label::Welsh (cy)"],
            ["text", "a", "Name?", "Enw?"],
            ["text", "b", "Town?", "Tref?"],
        ],
        settings=[["default_language"], ["Welsh (cy)"]],
    )
    imported = read_xlsform(path)
    assert imported.definition["language"] == "cy"
    assert [p["questions"][0]["label"] for p in imported.definition["pages"]] == ["Enw?", "Tref?"]
    assert [str(p) for p in imported.not_mapped] == [
        "survey sheet, row 1: the column 'label::English (en)': one questionnaire file is one language, so this "
        "one was not imported (import_xlsform --language 'English (en)' imports it)"
    ]
    english = read_xlsform(path, language="English (en)")
    assert english.definition["language"] == "en"
    assert english.definition["pages"][0]["questions"][0]["label"] == "Name?"


def test_names_our_ids_cannot_hold_are_renamed_and_listed(tmp_path):
    path = workbook(
        tmp_path / "f.xlsx",
        [["type", "name", "label"], ["select_one n", "Q1.Age", "Age band"]],
        [["list_name", "name", "label"], ["n", "1", "Under 16"], ["n", "2", "16 or over"]],
    )
    imported = read_xlsform(path)
    question = imported.definition["pages"][0]["questions"][0]
    assert question["id"] == "q1_age"
    assert [o["id"] for o in question["options"]] == ["option_1", "option_2"]
    messages = [str(p) for p in imported.not_mapped]
    assert "survey sheet, row 2: 'Q1.Age' is called 'q1_age' here" in messages[0]


def test_the_file_written_lists_what_was_not_imported_at_the_top(tmp_path):
    path = workbook(
        tmp_path / "f.xlsx", [["type", "name", "label"], ["text", "a", "A"], ["geopoint", "g", "Where?"]]
    )
    text = read_xlsform(path).yaml_text(source="f.xlsx")
    assert text.startswith("# Imported from f.xlsx")
    assert "#   survey sheet, row 3: 'g' (geopoint)" in text
    assert yaml.safe_load(text)["pages"][0]["questions"][0]["id"] == "a"


# Ours to XLSForm, and back -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source", [EVERY_TYPE, REAL_QUESTIONNAIRE], ids=["every-type", "serious-violence-duty"]
)
def test_pyxform_converts_our_questionnaires_without_error(tmp_path, source):
    from pyxform.xls2xform import convert

    out = tmp_path / "form.xlsx"
    write_xlsform(read_questionnaire(source), out)
    result = convert(xlsform=str(out), validate=False)
    assert "<h:title>" in result.xform
    assert result.warnings == []


@pytest.mark.parametrize(
    "source", [EVERY_TYPE, REAL_QUESTIONNAIRE], ids=["every-type", "serious-violence-duty"]
)
def test_a_round_trip_keeps_the_questions_and_the_routing(tmp_path, source):
    from safevoice.synthetic.profile import profile_beside
    from safevoice.synthetic.sampler import generate_answers

    original = read_questionnaire(source)
    out = tmp_path / "form.xlsx"
    notes = write_xlsform(original, out)
    assert any("start and confirmation pages" in n for n in notes)
    back = questionnaire_from_definition(read_xlsform(out).definition)
    assert [q.id for q in back.questions] == [q.id for q in original.questions]
    for mine, theirs in zip(original.questions, back.questions, strict=True):
        if mine.type.value == "area":
            assert theirs.type.value == "single_choice"
            continue
        assert theirs.type == mine.type
        assert [(o.id, o.label, o.exclusive, o.other) for o in theirs.options] == [
            (o.id, o.label, o.exclusive, o.other) for o in mine.options
        ]
        assert (theirs.required, theirs.max_choices, theirs.min, theirs.max) == (
            mine.required,
            mine.max_choices,
            mine.min,
            mine.max,
        )
        assert [r.id for r in theirs.rows] == [r.id for r in mine.rows]
    # Who sees what: the same for many answer sets the journey could produce.
    for answers in generate_answers(original, n=300, seed=5, profile=profile_beside(original)):
        shown = [
            q.id for p in original.visible_pages(answers) for q in original.visible_questions(p, answers)
        ]
        also = [q.id for p in back.visible_pages(answers) for q in back.visible_questions(p, answers)]
        assert also == shown


def test_pyxform_example_forms_import_or_are_refused_with_reasons():
    """pyxform's own example forms: each imports as a questionnaire our loader accepts, or is refused with the
    reasons (a form of calculations alone, or with no survey sheet)."""
    forms = sorted(EXAMPLES.glob("*.xlsx")) if EXAMPLES.is_dir() else []
    if not forms:
        pytest.skip(f"no copy of pyxform's example forms at {EXAMPLES}")
    imported = refused = 0
    for form in forms:
        try:
            result = read_xlsform(form)
        except XLSFormError as exc:
            problems = exc.problems
            refused += 1
            assert problems, form.name
            continue
        imported += 1
        assert questionnaire_from_definition(result.definition).questions, form.name
        assert all(p.message for p in result.not_mapped)
    assert imported >= 15, f"only {imported} of {len(forms)} example forms imported"
