"""XLSForm in and out: the spreadsheet standard of ODK and KoboToolbox, read into our questionnaire format and
written from it. Plain Python (openpyxl), no Django.

    imported = read_xlsform(Path("form.xlsx"))      # or XLSFormError listing every problem by sheet and row
    imported.yaml_text()                            # a questionnaire file our loader validates
    imported.not_mapped                             # every row, column or setting that was not carried over, and why
    notes = write_xlsform(questionnaire, Path("form.xlsx"))   # what our format has that XLSForm cannot say

Reading keeps every row it can map and lists every one it cannot, by sheet and row: nothing is dropped silently.
A form that is not a readable XLSForm at all (not an .xlsx, no survey sheet, a column name with a typo, an unknown
question type, a choice list that does not exist) is refused with every problem at once. docs/exports.md has the
mapping table.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from safevoice.content import LocatedYaml
from safevoice.questionnaire_engine.areas import NOT_SURE, PREFER_NOT_TO_SAY
from safevoice.questionnaire_engine.model import (
    All,
    Answered,
    AnyCondition,
    AnyOf,
    Condition,
    Equals,
    NoneOf,
    Not,
    Question,
    Questionnaire,
    QuestionType,
)

__all__ = ["XLSFormError", "XLSFormImport", "XLSFormProblem", "read_xlsform", "write_xlsform"]


@dataclass(frozen=True)
class XLSFormProblem:
    sheet: str
    row: int | None
    message: str

    def __str__(self) -> str:
        if not self.sheet:  # about the file as a whole
            return self.message
        where = f"{self.sheet} sheet, row {self.row}" if self.row else f"{self.sheet} sheet"
        return f"{where}: {self.message}"


class XLSFormError(Exception):
    """The file cannot be read as an XLSForm; ``problems`` names each by sheet and row."""

    def __init__(self, problems: Sequence[XLSFormProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class XLSFormImport:
    definition: dict[str, Any]
    #: Everything that was not carried over (or was changed on the way), by sheet and row, and why.
    not_mapped: list[XLSFormProblem] = field(default_factory=list)

    def yaml_text(self, *, source: str = "an XLSForm") -> str:
        """The questionnaire file, headed by comments listing what was not imported (so the file says it)."""
        lines = [
            f"# Imported from {source} by manage.py import_xlsform: check it, then edit it like any",
            "# questionnaire file (docs/questionnaire-format.md).",
        ]
        if self.not_mapped:
            lines.append(f"# Not imported or changed on the way ({len(self.not_mapped)}):")
            lines += [f"#   {' '.join(str(problem).split())}" for problem in self.not_mapped]
        body = yaml.safe_dump(self.definition, sort_keys=False, allow_unicode=True, width=110)
        return "\n".join(lines) + "\n" + body


# ---------------------------------------------------------------------------------------------------------------
# Reading the workbook
# ---------------------------------------------------------------------------------------------------------------

SURVEY_COLUMNS = {
    "type", "name", "label", "hint", "guidance_hint", "required", "required_message", "requiredmsg", "relevant",
    "constraint", "constraint_message", "appearance", "default", "calculation", "choice_filter", "read_only",
    "repeat_count", "parameters", "trigger", "image", "audio", "video", "big-image", "media", "autoplay", "body",
    "bind", "instance", "rows", "noapperrorstring", "buttontext", "note", "label_prefix",
}  # fmt: skip
CHOICES_COLUMNS = {"list_name", "name", "label", "image", "audio", "video", "big-image", "media", "filter"}
SETTINGS_COLUMNS = {
    "form_title", "form_id", "version", "default_language", "instance_name", "public_key", "submission_url",
    "style", "name", "allow_choice_duplicates", "auto_send", "auto_delete", "omit_instanceid",
    "clean_text_values", "add_none_option", "namespaces", "xml_root", "id_string", "title",
}  # fmt: skip
#: Columns whose values we carry over; any other column with a value is listed as not imported.
MAPPED_SURVEY = {"type", "name", "label", "hint", "required", "relevant", "constraint", "appearance"}
#: Columns pyxform itself ignores or that only say how a field looks in ODK Collect: nothing to carry over.
HARMLESS_SURVEY = {"rows", "label_prefix", "noapperrorstring", "buttontext", "autoplay"}

QUESTION_TYPES = {
    "text",
    "integer",
    "decimal",
    "date",
    "select_one",
    "select_multiple",
    "note",
    "range",
    "rank",
}
STRUCTURE_TYPES = {"begin group", "end group", "begin repeat", "end repeat", "begin_group", "end_group",
                   "begin_repeat", "end_repeat"}  # fmt: skip
METADATA_TYPES = {
    "start", "end", "today", "deviceid", "phonenumber", "username", "email", "audit", "subscriberid", "simserial",
    "uri:deviceid", "uri:email", "uri:username", "uri:phonenumber", "uri:subscriberid", "uri:simserial",
    "start-geopoint", "background-audio",
}  # fmt: skip
UNSUPPORTED_TYPES = {
    "geopoint": "SafeVoice never asks for a location beyond an area (anonymity)",
    "geotrace": "SafeVoice never asks for a location beyond an area (anonymity)",
    "geoshape": "SafeVoice never asks for a location beyond an area (anonymity)",
    "image": "SafeVoice takes no uploads: a photo or recording can identify someone",
    "audio": "SafeVoice takes no uploads: a photo or recording can identify someone",
    "video": "SafeVoice takes no uploads: a photo or recording can identify someone",
    "file": "SafeVoice takes no uploads: a photo or recording can identify someone",
    "barcode": "SafeVoice has no barcode question",
    "time": "SafeVoice has no time-of-day question (dates, months and years only)",
    "datetime": "SafeVoice has no time-of-day question (dates, months and years only)",
    "decimal": "SafeVoice numbers are whole numbers",
    "range": "SafeVoice has no range slider (a number or a choice can ask the same)",
    "rank": "SafeVoice has no ranking question",
    "calculate": "SafeVoice stores only what a person answered, never a calculated value",
    "hidden": "SafeVoice stores only what a person answered",
    "acknowledge": "SafeVoice has no acknowledge question (an information page can say the same)",
    "select_one_from_file": "choices must be in the choices sheet (no external files)",
    "select_multiple_from_file": "choices must be in the choices sheet (no external files)",
    "select_one_external": "choices must be in the choices sheet (no external files)",
    "xml-external": "SafeVoice uses no external data",
    "csv-external": "SafeVoice uses no external data",
    "osm": "SafeVoice has no map question",
    "trigger": "SafeVoice has no trigger question",
    "begin repeat": "SafeVoice has no repeated groups",
    "begin_repeat": "SafeVoice has no repeated groups",
    "include": "SafeVoice does not include other forms",
    "phone_number": "SafeVoice never asks for a phone number (anonymity)",
}
KNOWN_TYPES = QUESTION_TYPES | STRUCTURE_TYPES | METADATA_TYPES | set(UNSUPPORTED_TYPES)
TRUE_WORDS = {"yes", "true", "true()", "1"}
FALSE_WORDS = {"no", "false", "false()", "0", ""}
LANGUAGE_NAMES = {
    "en": "English", "cy": "Welsh", "pl": "Polish", "ro": "Romanian", "ur": "Urdu", "pa": "Punjabi",
    "gu": "Gujarati", "bn": "Bengali", "ar": "Arabic", "so": "Somali", "pt": "Portuguese", "lt": "Lithuanian",
    "fr": "French", "es": "Spanish", "sw": "Swahili", "zh": "Chinese",
}  # fmt: skip
LANGUAGE_CODES = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}
OTHER_SUFFIX = "__other"
#: Columns that come in one version per language ("label::English (en)").
LANGUAGE_COLUMNS = {
    "label",
    "hint",
    "constraint_message",
    "required_message",
    "guidance_hint",
    "image",
    "audio",
    "video",
    "media",
}
DEFAULT_CONFIRMATION = "Thank you, your answers have been sent"


@dataclass
class _Sheet:
    name: str
    #: Column heading (as written, stripped) to 0-based index.
    headings: dict[str, int]
    #: (spreadsheet row number, cells by heading) for every row that is not empty.
    rows: list[tuple[int, dict[str, Any]]]


def _load_sheets(path: Path) -> dict[str, _Sheet]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if path.suffix.lower() == ".xls":
        raise XLSFormError(
            [
                XLSFormProblem(
                    path.name, None, "this is an .xls file from an older Excel: save it as .xlsx first"
                )
            ]
        )
    if not path.is_file():
        raise XLSFormError([XLSFormProblem("", None, "there is no such file")])
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except InvalidFileException:
        raise XLSFormError(
            [
                XLSFormProblem(
                    "", None, f"{path.name} is not an .xlsx file: an XLSForm is an Excel workbook (.xlsx)"
                )
            ]
        ) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise XLSFormError(
            [
                XLSFormProblem(
                    "",
                    None,
                    "the file cannot be read as an .xlsx workbook: it may be damaged, or another kind of file "
                    "renamed .xlsx; open it in a spreadsheet program and save it as .xlsx again",
                )
            ]
        ) from None
    sheets: dict[str, _Sheet] = {}
    try:
        for worksheet in workbook.worksheets:
            rows = worksheet.iter_rows(values_only=True)
            header = next(rows, ())
            width = max((i + 1 for i, v in enumerate(header) if _text(v)), default=0)
            headings: dict[str, int] = {}
            for index, value in enumerate(header[:width]):
                heading = _text(value)
                if heading and heading not in headings:
                    headings[heading] = index
            kept: list[tuple[int, dict[str, Any]]] = []
            for number, row in enumerate(rows, start=2):
                cells = {h: row[i] for h, i in headings.items() if i < len(row) and _text(row[i])}
                if cells:
                    kept.append((number, cells))
            sheets[worksheet.title.strip().lower()] = _Sheet(worksheet.title, headings, kept)
    finally:
        workbook.close()
    return sheets


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _base(heading: str) -> tuple[str, str]:
    """A heading as (column, language): "label::English (en)" and "label:English" give ("label", "English …")."""
    separator = "::" if "::" in heading else ":" if ":" in heading else ""
    column, language = heading.split(separator, 1) if separator else (heading, "")
    return column.strip().lower().replace(" ", "_"), language.strip()


# ---------------------------------------------------------------------------------------------------------------
# Ids
# ---------------------------------------------------------------------------------------------------------------


class _Ids:
    """Our ids for XLSForm names: lower case, [a-z0-9_], starting with a letter, no '__', unique in a namespace."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def make(self, name: str, *, prefix: str) -> str:
        candidate = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower())
        candidate = re.sub(r"_+", "_", candidate).strip("_")
        if not candidate or not candidate[0].isalpha():
            candidate = f"{prefix}_{candidate}".strip("_")
        candidate = candidate[:60]
        unique, number = candidate, 1
        while unique in self.taken:
            number += 1
            unique = f"{candidate}_{number}"
        self.taken.add(unique)
        return unique


# ---------------------------------------------------------------------------------------------------------------
# relevant: the XPath subset that maps to our conditions
# ---------------------------------------------------------------------------------------------------------------


class _Unmappable(Exception):
    """A part of an expression our routing cannot say; the message says which and why."""


_TOKEN = re.compile(
    r"\s*(?:(?P<ref>\$\{[^}]+\})|(?P<string>'[^']*'|\"[^\"]*\"|‘[^’]*’|“[^”]*”)|(?P<number>-?\d+(?:\.\d+)?)"
    r"|(?P<op>!=|<=|>=|=|<|>)|(?P<punct>[(),])|(?P<word>[A-Za-z_][\w:-]*)|(?P<dot>\.))"
)


def _tokens(expression: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = expression.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise _Unmappable(f"cannot read {text[position:]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


@dataclass
class _Ref:
    name: str


class _Parser:
    """and / or / not(), selected(${q}, 'v'), ${q} = 'v', ${q} != 'v', ${q} = '', ${q} != '',
    string-length(${q}) > 0, count-selected(${q}) > 0 / = 0 — nothing else."""

    def __init__(self, expression: str) -> None:
        self.tokens = _tokens(expression)
        self.position = 0

    def parse(self) -> Any:
        node = self._or()
        if self.position != len(self.tokens):
            raise _Unmappable(f"unexpected {self.tokens[self.position][1]!r}")
        return node

    def _peek(self) -> tuple[str, str]:
        return self.tokens[self.position] if self.position < len(self.tokens) else ("", "")

    def _take(self, value: str | None = None) -> tuple[str, str]:
        token = self._peek()
        if value is not None and token[1] != value:
            raise _Unmappable(f"expected {value!r}, found {token[1] or 'the end'!r}")
        self.position += 1
        return token

    def _or(self) -> Any:
        parts = [self._and()]
        while self._peek() == ("word", "or"):
            self._take()
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def _and(self) -> Any:
        parts = [self._unary()]
        while self._peek() == ("word", "and"):
            self._take()
            parts.append(self._unary())
        return parts[0] if len(parts) == 1 else ("and", parts)

    def _unary(self) -> Any:
        kind, value = self._peek()
        if (kind, value) == ("word", "not"):
            self._take()
            self._take("(")
            inner = self._or()
            self._take(")")
            return ("not", inner)
        if value == "(":
            self._take()
            inner = self._or()
            self._take(")")
            return inner
        if (kind, value) == ("word", "selected"):
            self._take()
            self._take("(")
            ref = self._operand()
            self._take(",")
            option = self._operand()
            self._take(")")
            if not isinstance(ref, _Ref) or not isinstance(option, str):
                raise _Unmappable("selected() needs a question and a choice name")
            return ("selected", ref.name, option)
        if kind == "word" and value in ("string-length", "count-selected"):
            self._take()
            self._take("(")
            ref = self._operand()
            self._take(")")
            op = self._take()[1]
            number = self._take()[1]
            if not isinstance(ref, _Ref):
                raise _Unmappable(f"{value}() needs a question")
            if (op, number) in ((">", "0"), (">=", "1"), ("!=", "0")):
                return ("answered", ref.name, True)
            if (op, number) in (("=", "0"), ("<", "1"), ("<=", "0")):
                return ("answered", ref.name, False)
            raise _Unmappable(f"{value}(…) {op} {number} compares a count, which SafeVoice routing cannot")
        left = self._operand()
        op = self._take()[1]
        right = self._operand()
        if isinstance(right, _Ref) and not isinstance(left, _Ref):
            left, right = right, left
        if not isinstance(left, _Ref) or isinstance(right, _Ref):
            raise _Unmappable("a comparison needs one question and one value")
        if op not in ("=", "!="):
            raise _Unmappable(
                f"'{op}' compares numbers or dates; SafeVoice routes on choices and on answering"
            )
        if not isinstance(right, str):
            raise _Unmappable("comparing with a number; SafeVoice routes on choices and on answering")
        return ("compare", left.name, op, right)

    def _operand(self) -> Any:
        kind, value = self._take()
        if kind == "ref":
            return _Ref(value[2:-1].strip())
        if kind == "string":
            return value[1:-1]
        if kind == "number":
            return float(value)
        raise _Unmappable(f"cannot use {value!r} here")


# ---------------------------------------------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class _Draft:
    """One question as read, before it has a page."""

    row: int
    name: str
    id: str
    definition: dict[str, Any]
    relevant: str
    #: For choice questions: the XLSForm choice name -> our option id.
    choice_ids: dict[str, str] = field(default_factory=dict)
    #: For a grid: the select_one rows it was made from.
    grid_rows: list[_Draft] = field(default_factory=list)


@dataclass
class _Group:
    row: int
    name: str
    label: str
    relevant: str
    appearance: str
    children: list[Any] = field(default_factory=list)


@dataclass
class _Note:
    row: int
    name: str
    label: str
    hint: str
    relevant: str


class _Importer:
    def __init__(self, sheets: dict[str, _Sheet], *, source_name: str, language: str | None) -> None:
        self.sheets = sheets
        self.source_name = source_name
        self.wanted_language = language
        self.errors: list[XLSFormProblem] = []
        self.not_mapped: list[XLSFormProblem] = []
        self.ids = _Ids()
        self.lists: dict[str, list[tuple[int, str, str]]] = {}
        #: XLSForm name -> the draft it became (for relevant), in the order placed on pages.
        self.by_name: dict[str, _Draft] = {}
        self.page_of: dict[str, int] = {}
        self.pages: list[dict[str, Any]] = []
        self.option_sets: dict[str, list[dict[str, Any]]] = {}
        self.set_of_list: dict[str, str] = {}
        self.set_ids = _Ids()
        self.language = ""
        self.survey_sheet = "survey"
        self.languages_not_imported: set[str] = set()
        self.grid_rows: set[str] = set()

    # Sheets and columns ----------------------------------------------------------------------------------------

    def sheet(self, name: str) -> _Sheet | None:
        return self.sheets.get(name)

    def check_columns(self, sheet: _Sheet, known: set[str], required: Sequence[str]) -> dict[str, str]:
        """Column name (lower case base) to heading, for the language chosen; typos and missing columns are
        errors, other unknown columns are listed as not imported."""
        found: dict[str, list[str]] = {}
        for heading in sheet.headings:
            column = _base(heading)[0]
            if column == "list_name" or heading.lower() == "list name":
                column = "list_name"
            found.setdefault(column, []).append(heading)
            if column in known or column.startswith(("bind", "instance", "body", "media")):
                continue
            close = difflib.get_close_matches(column, sorted(known), n=1, cutoff=0.75)
            if close:
                self.errors.append(
                    XLSFormProblem(
                        sheet.name,
                        1,
                        f"the column {heading!r} is not an XLSForm column: did you mean {close[0]!r}?",
                    )
                )
            elif any(_text(cells.get(heading)) for _, cells in sheet.rows):
                self.not_mapped.append(
                    XLSFormProblem(
                        sheet.name, 1, f"the column {heading!r} is not part of XLSForm; not imported"
                    )
                )
        for column in required:
            if column not in found:
                self.errors.append(XLSFormProblem(sheet.name, 1, f"there is no {column!r} column"))
        return {column: headings[0] for column, headings in found.items()}

    def language_columns(self, sheet: _Sheet, column: str, language: str) -> str | None:
        """The heading of ``column`` in ``language`` ("" for no language), or the plain one."""
        options = [h for h in sheet.headings if _base(h)[0] == column]
        for heading in options:
            if _base(heading)[1].lower() == language.lower():
                return heading
        plain = [h for h in options if not _base(h)[1]]
        return plain[0] if plain else (options[0] if options else None)

    def check_sheet_names(self) -> None:
        """A sheet that is not survey, choices or settings: a typo (an error, when it holds anything) or not
        XLSForm (listed as not imported)."""
        known = ("survey", "choices", "settings")
        for key, sheet in self.sheets.items():
            if key in known or key in ("external_choices", "entities", "osm", "columns", "changelog"):
                if key not in known and sheet.rows:
                    self.not_mapped.append(
                        XLSFormProblem(sheet.name, None, "SafeVoice does not use this sheet; not imported")
                    )
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
            if close and sheet.rows:
                self.errors.append(
                    XLSFormProblem(
                        sheet.name,
                        None,
                        f"the sheet {sheet.name!r} is not an XLSForm sheet: did you mean {close[0]!r}?",
                    )
                )
            elif sheet.rows or close:
                self.not_mapped.append(XLSFormProblem(sheet.name, None, "not an XLSForm sheet; not imported"))

    # Settings ---------------------------------------------------------------------------------------------------

    def read_settings(self) -> dict[str, str]:
        sheet = self.sheet("settings")
        if sheet is None or not sheet.rows:
            return {}
        self.check_columns(sheet, SETTINGS_COLUMNS, ())
        row, cells = sheet.rows[0]
        settings = {_base(h)[0]: _text(v) for h, v in cells.items()}
        for key in settings:
            if key not in ("form_title", "form_id", "version", "default_language", "title", "id_string"):
                self.not_mapped.append(
                    XLSFormProblem(
                        sheet.name, row, f"the setting {key!r} has no SafeVoice equivalent; not imported"
                    )
                )
        return settings

    # Choices ----------------------------------------------------------------------------------------------------

    def read_choices(self, language: str, *, duplicates_allowed: bool) -> None:
        sheet = self.sheet("choices")
        if sheet is None or not (sheet.headings or sheet.rows):
            return
        columns = self.check_columns(sheet, CHOICES_COLUMNS, ("list_name", "name"))
        if "list_name" not in columns or "name" not in columns:
            return
        label = self.language_columns(sheet, "label", language)
        self.other_languages(sheet)
        for row, cells in sheet.rows:
            list_name, name = _text(cells.get(columns["list_name"])), _text(cells.get(columns["name"]))
            if not list_name or not name:
                self.errors.append(
                    XLSFormProblem(sheet.name, row, "a choice needs both a list_name and a name")
                )
                continue
            text = _text(cells.get(label)) if label else ""
            if not text:
                self.not_mapped.append(
                    XLSFormProblem(sheet.name, row, f"the choice {name!r} has no label: its name was used")
                )
                text = name
            entries = self.lists.setdefault(list_name, [])
            if any(existing == name for _, existing, _ in entries):
                if duplicates_allowed:  # allow_choice_duplicates: only a choice_filter could tell them apart
                    self.not_mapped.append(
                        XLSFormProblem(
                            sheet.name,
                            row,
                            f"the list {list_name!r} already has the choice {name!r}; this one was not imported",
                        )
                    )
                else:
                    self.errors.append(
                        XLSFormProblem(
                            sheet.name, row, f"the list {list_name!r} has the choice {name!r} twice"
                        )
                    )
                continue
            entries.append((row, name, text))
            for heading in cells:
                column, _ = _base(heading)
                if column in ("image", "audio", "video", "big-image", "media") or column == "filter":
                    self.not_mapped.append(
                        XLSFormProblem(
                            sheet.name,
                            row,
                            f"the choice's {heading!r} has no SafeVoice equivalent; not imported",
                        )
                    )

    # Survey -----------------------------------------------------------------------------------------------------

    def read_survey(self, language: str) -> list[Any]:
        sheet = self.sheet("survey")
        assert sheet is not None
        columns = self.check_columns(sheet, SURVEY_COLUMNS, ("type", "name"))
        if "type" not in columns or "name" not in columns:
            return []
        self.survey_sheet = sheet.name
        self.languages_not_imported = self.other_languages(sheet)
        headings = {c: self.language_columns(sheet, c, language) for c in ("label", "hint")}
        headings |= {
            c: columns.get(c) for c in ("required", "relevant", "constraint", "appearance", "type", "name")
        }
        root = _Group(row=0, name="", label="", relevant="", appearance="")
        stack = [root]
        repeat_depth = 0
        names: dict[str, int] = {}
        for row, cells in sheet.rows:
            value = {key: _text(cells.get(h)) if h else "" for key, h in headings.items()}
            kind = _normalise_type(value["type"])
            head, _, rest = kind.partition(" ")
            if not kind:
                if value["name"] or value["label"]:
                    self.errors.append(XLSFormProblem(sheet.name, row, "the row has no type"))
                continue
            kind_word = kind if kind in STRUCTURE_TYPES else head
            if kind_word not in KNOWN_TYPES:
                close = difflib.get_close_matches(kind_word, sorted(KNOWN_TYPES), n=1, cutoff=0.7)
                hint = f": did you mean {close[0]!r}?" if close else ""
                self.errors.append(
                    XLSFormProblem(sheet.name, row, f"unknown question type {value['type']!r}{hint}")
                )
                continue
            if kind in ("begin repeat", "begin_repeat"):
                repeat_depth += 1
                self.not_mapped.append(
                    XLSFormProblem(
                        sheet.name,
                        row,
                        f"the repeat {value['name']!r} and every row inside it: {UNSUPPORTED_TYPES['begin repeat']}",
                    )
                )
                continue
            if kind in ("end repeat", "end_repeat"):
                if repeat_depth == 0:
                    self.errors.append(
                        XLSFormProblem(sheet.name, row, "'end repeat' without a 'begin repeat' before it")
                    )
                else:
                    repeat_depth -= 1
                continue
            if repeat_depth:
                self.not_mapped.append(
                    XLSFormProblem(
                        sheet.name, row, f"{value['name'] or kind!r} is inside a repeat: not imported"
                    )
                )
                continue
            if kind in ("end group", "end_group"):
                if len(stack) == 1:
                    self.errors.append(
                        XLSFormProblem(sheet.name, row, "'end group' without a 'begin group' before it")
                    )
                else:
                    stack.pop()
                continue
            name = value["name"]
            if not name:
                self.errors.append(XLSFormProblem(sheet.name, row, f"the {kind!r} row has no name"))
                continue
            if name in names:
                self.errors.append(
                    XLSFormProblem(sheet.name, row, f"the name {name!r} is already used on row {names[name]}")
                )
                continue
            names[name] = row
            if head not in METADATA_TYPES and head not in UNSUPPORTED_TYPES:
                self.unmapped_columns(sheet, row, cells)
            if kind in ("begin group", "begin_group"):
                group = _Group(row, name, value["label"], value["relevant"], value["appearance"].lower())
                stack[-1].children.append(group)
                stack.append(group)
                continue
            if head in METADATA_TYPES:
                self.not_mapped.append(
                    XLSFormProblem(
                        sheet.name,
                        row,
                        f"{name!r} ({head}) is device or time metadata, which SafeVoice never records",
                    )
                )
                continue
            if head in UNSUPPORTED_TYPES:
                self.not_mapped.append(
                    XLSFormProblem(sheet.name, row, f"{name!r} ({head}): {UNSUPPORTED_TYPES[head]}")
                )
                continue
            if head == "note":
                stack[-1].children.append(_Note(row, name, value["label"], value["hint"], value["relevant"]))
                continue
            draft = self.question(sheet.name, row, head, rest, value)
            if draft is not None:
                stack[-1].children.append(draft)
        if len(stack) > 1:
            self.errors.append(
                XLSFormProblem(sheet.name, stack[-1].row, f"the group {stack[-1].name!r} has no 'end group'")
            )
        if repeat_depth:
            self.errors.append(XLSFormProblem(sheet.name, None, "a 'begin repeat' has no 'end repeat'"))
        return root.children

    def other_languages(self, sheet: _Sheet) -> set[str]:
        """Headings in a language other than the one imported: listed once each, as row 1 of their sheet."""
        chosen = {self.language_columns(sheet, c, self.language) for c in ("label", "hint")}
        others = set()
        for heading in sheet.headings:
            column, language = _base(heading)
            in_another = language and language.lower() != self.language.lower() and heading not in chosen
            if in_another and column in LANGUAGE_COLUMNS:
                others.add(heading)
                if any(_text(cells.get(heading)) for _, cells in sheet.rows):
                    self.not_mapped.append(
                        XLSFormProblem(
                            sheet.name,
                            1,
                            f"the column {heading!r}: one questionnaire file is one language, so this one was not imported (import_xlsform --language {language!r} imports it)",
                        )
                    )
        return others

    def unmapped_columns(self, sheet: _Sheet, row: int, cells: Mapping[str, Any]) -> None:
        chosen = {self.language_columns(sheet, c, self.language) for c in ("label", "hint")}
        for heading, value in cells.items():
            column, _ = _base(heading)
            if column in MAPPED_SURVEY and (column not in ("label", "hint") or heading in chosen):
                continue
            if column in HARMLESS_SURVEY or heading in self.languages_not_imported:
                continue
            what = f"{heading} = {_text(value)!r}: {_COLUMN_REASONS.get(column, 'no SafeVoice equivalent')}"
            self.not_mapped.append(XLSFormProblem(sheet.name, row, f"{what}; not imported"))
        for column in ("label", "hint"):
            text = _text(cells.get(self.language_columns(sheet, column, self.language) or ""))
            if "${" in text:
                self.not_mapped.append(
                    XLSFormProblem(
                        sheet.name,
                        row,
                        f"the {column} shows an earlier answer (${{…}}); SafeVoice shows the text as written",
                    )
                )

    def question(self, sheet: str, row: int, head: str, rest: str, value: dict[str, str]) -> _Draft | None:
        name = value["name"]
        question_id = self.ids.make(name, prefix="q")
        if question_id != name:
            self.not_mapped.append(
                XLSFormProblem(
                    sheet,
                    row,
                    f"{name!r} is called {question_id!r} here (SafeVoice ids are lower case letters, digits and _)",
                )
            )
        label = value["label"]
        if not label:
            self.not_mapped.append(XLSFormProblem(sheet, row, f"{name!r} has no label: its name was used"))
            label = name
        definition: dict[str, Any] = {"id": question_id, "label": label}
        if value["hint"]:
            definition["hint"] = value["hint"]
        required = value["required"].lower()
        if required in TRUE_WORDS:
            definition["required"] = True
        elif required not in FALSE_WORDS:
            self.not_mapped.append(
                XLSFormProblem(
                    sheet, row, f"required = {value['required']!r} depends on answers; imported as optional"
                )
            )
        appearance = value["appearance"].lower()
        draft = _Draft(row, name, question_id, definition, value["relevant"])
        constraint = value["constraint"]
        if head in ("select_one", "select_multiple"):
            parts = rest.split()
            list_name = parts[0] if parts else ""
            if list_name not in self.lists:
                known = ", ".join(sorted(self.lists)) or "none"
                self.errors.append(
                    XLSFormProblem(
                        sheet,
                        row,
                        f"the choice list {list_name!r} is not in the choices sheet (lists: {known})",
                    )
                )
                return None
            options: list[dict[str, Any]] = []
            option_ids = _Ids()
            for _choice_row, choice, text in self.lists[list_name]:
                option_id = option_ids.make(choice, prefix="option")
                draft.choice_ids[choice] = option_id
                options.append({"id": option_id, "label": text})
            renamed = [f"{c!r} → {o!r}" for c, o in draft.choice_ids.items() if c != o]
            if renamed:
                self.not_mapped.append(
                    XLSFormProblem(
                        sheet, row, f"choices of {name!r} renamed for SafeVoice ids: {', '.join(renamed)}"
                    )
                )
            if "or_other" in parts[1:]:
                other_id = option_ids.make("other", prefix="option")
                draft.choice_ids["other"] = other_id
                options.append({"id": other_id, "label": "Other", "other": True})
            if head == "select_one":
                definition["type"] = (
                    "likert" if "likert" in appearance and "or_other" not in parts else "single_choice"
                )
            else:
                definition["type"] = "multiple_choice"
            definition["options"] = options
            if definition["type"] == "likert":
                draft.definition["_list"] = list_name
            if constraint:
                self.choice_constraint(sheet, row, draft, constraint)
            self.appearance(
                sheet,
                row,
                name,
                appearance,
                {"likert", "minimal", "quick", "horizontal", "columns", "columns-pack"},
            )
        elif head == "text":
            definition["type"] = "long_text" if "multiline" in appearance else "short_text"
            if constraint:
                match = re.fullmatch(r"\s*string-length\(\s*\.\s*\)\s*<=?\s*(\d+)\s*", constraint)
                if match:
                    definition["max_length"] = int(match.group(1))
                else:
                    self.not_mapped.append(
                        XLSFormProblem(
                            sheet,
                            row,
                            f"constraint {constraint!r} of {name!r} is not a length limit; not imported",
                        )
                    )
            self.appearance(sheet, row, name, appearance, {"multiline"})
        elif head == "integer":
            definition["type"] = "number"
            if constraint:
                self.bounds(sheet, row, draft, constraint, r"(-?\d+)", int)
            self.appearance(sheet, row, name, appearance, set())
        elif head == "date":
            month = "month-year" in appearance
            definition["type"] = "month_year" if month else "date"
            if "year" in appearance.split():
                self.not_mapped.append(
                    XLSFormProblem(sheet, row, f"{name!r} asks for a year alone; imported as a date")
                )
            if constraint:
                self.bounds(
                    sheet,
                    row,
                    draft,
                    constraint,
                    r"date\(\s*'(\d{4}-\d{2}-\d{2})'\s*\)",
                    (lambda d: d[:7]) if month else str,
                )
            self.appearance(sheet, row, name, appearance, {"month-year", "year"})
        else:
            self.not_mapped.append(
                XLSFormProblem(
                    sheet, row, f"{name!r} ({head}): {UNSUPPORTED_TYPES.get(head, 'no SafeVoice equivalent')}"
                )
            )
            return None
        return draft

    def appearance(self, sheet: str, row: int, name: str, appearance: str, understood: set[str]) -> None:
        ignored = [a for a in appearance.split() if a not in understood]
        if ignored:
            self.not_mapped.append(
                XLSFormProblem(
                    sheet,
                    row,
                    f"appearance {' '.join(ignored)!r} of {name!r} is how ODK Collect shows it; not imported",
                )
            )

    def bounds(self, sheet: str, row: int, draft: _Draft, constraint: str, value: str, convert: Any) -> None:
        """``. >= X and . <= Y`` as min and max; ``value`` is a pattern with one group, the bound."""
        for part in (p.strip() for p in re.split(r"\band\b", constraint)):
            match = re.fullmatch(rf"\.\s*(>=|<=)\s*{value}", part)
            if match is None:
                self.not_mapped.append(
                    XLSFormProblem(
                        sheet,
                        row,
                        f"constraint {part!r} of {draft.name!r} is not a minimum or maximum; not imported",
                    )
                )
                continue
            draft.definition["min" if match.group(1) == ">=" else "max"] = convert(match.group(2))

    def choice_constraint(self, sheet: str, row: int, draft: _Draft, constraint: str) -> None:
        definition = draft.definition
        parts = [p.strip() for p in _split_top_level(constraint, "and")]
        for part in parts:
            limit = re.fullmatch(r"count-selected\(\s*\.\s*\)\s*<=\s*(\d+)", part)
            exclusive = re.fullmatch(
                r"\(?\s*not\(\s*selected\(\s*\.\s*,\s*'([^']+)'\s*\)\s*\)\s+or\s+count-selected\(\s*\.\s*\)\s*=\s*1\s*\)?",
                part,
            )
            if limit and definition["type"] == "multiple_choice":
                definition["max_choices"] = int(limit.group(1))
            elif (
                exclusive
                and definition["type"] == "multiple_choice"
                and exclusive.group(1) in draft.choice_ids
            ):
                option_id = draft.choice_ids[exclusive.group(1)]
                for option in definition["options"]:
                    if option["id"] == option_id:
                        option["exclusive"] = True
            else:
                self.not_mapped.append(
                    XLSFormProblem(
                        sheet,
                        row,
                        f"constraint {part!r} of {draft.name!r} has no SafeVoice equivalent; not imported",
                    )
                )

    # Conditions -------------------------------------------------------------------------------------------------

    def condition(self, expression: str, row: int, *, page_index: int, what: str) -> dict[str, Any] | None:
        """Our show_if for a relevant expression, reading only questions on pages before ``page_index``; None
        (and a line in the not-mapped list) when it cannot be said."""
        if not expression:
            return None
        try:
            return self._condition(_Parser(expression).parse(), page_index)
        except _Unmappable as exc:
            self.not_mapped.append(
                XLSFormProblem(
                    self.survey_sheet,
                    row,
                    f"relevant {expression!r} of {what}: {exc}; imported without this condition, so it is shown to everyone it would otherwise be shown to",
                )
            )
            return None

    def _draft(self, name: str, page_index: int) -> _Draft:
        draft = self.by_name.get(name)
        if draft is None:
            raise _Unmappable(f"${{{name}}} is not a question SafeVoice imported")
        if name in self.grid_rows:
            raise _Unmappable(f"${{{name}}} is one row of a grid; SafeVoice routes on whole questions")
        if self.page_of[name] >= page_index:
            raise _Unmappable(
                f"${{{name}}} is on the same page or a later one (SafeVoice routes on earlier pages only)"
            )
        return draft

    def _option(self, draft: _Draft, choice: str) -> str:
        if choice not in draft.choice_ids:
            raise _Unmappable(f"{choice!r} is not a choice of ${{{draft.name}}}")
        return draft.choice_ids[choice]

    def _condition(self, node: Any, page_index: int) -> dict[str, Any]:
        kind = node[0]
        if kind in ("and", "or"):
            parts = [self._condition(n, page_index) for n in node[1]]
            if kind == "or":
                parts = _merge_any_of(parts)
                if len(parts) == 1:
                    return parts[0]
            return {"all" if kind == "and" else "any": parts}
        if kind == "not":
            inner = self._condition(node[1], page_index)
            if set(inner) == {"question", "any_of"}:
                return {"question": inner["question"], "none_of": inner["any_of"]}
            return {"not": inner}
        if kind == "answered":
            draft = self._draft(node[1], page_index)
            return {"question": draft.id, "answered": node[2]}
        if kind == "selected":
            draft = self._draft(node[1], page_index)
            if not draft.choice_ids:
                raise _Unmappable(f"selected() on ${{{node[1]}}}, which is not a choice question")
            return {"question": draft.id, "any_of": [self._option(draft, node[2])]}
        _, name, op, value = node
        draft = self._draft(name, page_index)
        if value == "":
            return {"question": draft.id, "answered": op == "!="}
        kind_of = draft.definition["type"]
        if kind_of not in ("single_choice", "likert"):
            raise _Unmappable(f"'{op}' on ${{{name}}} ({kind_of}); SafeVoice compares single choices only")
        equals: dict[str, Any] = {"question": draft.id, "equals": self._option(draft, value)}
        return equals if op == "=" else {"not": equals}

    # Pages ------------------------------------------------------------------------------------------------------

    def place(self, items: list[Any], conditions: list[tuple[str, int, str]]) -> None:
        """Pages for ``items``; ``conditions``: the relevant expressions of the groups around them."""
        for item in items:
            if isinstance(item, _Group):
                self.place_group(item, conditions)
            elif isinstance(item, _Note):
                if not (item.label or item.hint):
                    self.not_mapped.append(
                        XLSFormProblem(
                            self.survey_sheet, item.row, f"the note {item.name!r} has no text; not imported"
                        )
                    )
                    continue
                page_index = len(self.pages)
                heading, _, body = item.label.partition("\n")
                body = (body.strip() or item.hint or item.label).strip()
                page: dict[str, Any] = {
                    "id": self.ids.make(item.name, prefix="page"),
                    "type": "information",
                    "heading": heading.strip() or item.name,
                    "body_markdown": body,
                }
                self.show_if(page, [*conditions, (item.relevant, item.row, repr(item.name))], page_index)
                self.pages.append(page)
            else:
                page_index = len(self.pages)
                page = {
                    "id": self.ids.make(f"{item.id}_page", prefix="page"),
                    "questions": [self.finish(item)],
                }
                self.show_if(page, [*conditions, (item.relevant, item.row, repr(item.name))], page_index)
                self.pages.append(page)
                self.placed(item, page_index)

    def place_group(self, group: _Group, conditions: list[tuple[str, int, str]]) -> None:
        inherited = [*conditions, (group.relevant, group.row, f"the group {group.name!r}")]
        if "field-list" not in group.appearance and "table-list" not in group.appearance:
            if group.label:
                self.not_mapped.append(
                    XLSFormProblem(
                        self.survey_sheet,
                        group.row,
                        f"the label of the group {group.name!r} is not shown: without field-list each of its questions has a page of its own, as in ODK Collect",
                    )
                )
            self.place(group.children, inherited)
            return
        self.field_list_pages(group, inherited)

    def field_list_pages(self, group: _Group, inherited: list[tuple[str, int, str]]) -> None:
        """One page for a field-list group, split where a question's condition reads one on the same page."""
        flat: list[tuple[Any, list[tuple[str, int, str]]]] = []

        def collect(children: list[Any], around: list[tuple[str, int, str]]) -> None:
            for child in children:
                if isinstance(child, _Group):
                    collect(
                        child.children, [*around, (child.relevant, child.row, f"the group {child.name!r}")]
                    )
                else:
                    flat.append((child, around))

        collect(group.children, [])
        page: dict[str, Any] | None = None
        part = 0
        for item, around in flat:
            conditions = [*around, (item.relevant, item.row, repr(item.name))]
            reads = {n for expression, _, _ in conditions for n in re.findall(r"\$\{([^}]+)\}", expression)}
            if page is None or (reads & {q.name for q in page["_drafts"]}):
                part += 1
                page_index = len(self.pages)
                page = {
                    "id": self.ids.make(group.name if part == 1 else f"{group.name}_{part}", prefix="page"),
                    "heading": group.label or group.name,
                    "questions": [],
                    "_drafts": [],
                }
                self.show_if(page, inherited, page_index)
                self.pages.append(page)
            page_index = len(self.pages) - 1
            if isinstance(item, _Note):
                text = "\n\n".join(t for t in (item.label, item.hint) if t)
                if not text:
                    self.not_mapped.append(
                        XLSFormProblem(
                            self.survey_sheet, item.row, f"the note {item.name!r} has no text; not imported"
                        )
                    )
                    continue
                page["body_markdown"] = (page.get("body_markdown", "") + "\n\n" + text).strip()
                if item.relevant:
                    self.not_mapped.append(
                        XLSFormProblem(
                            self.survey_sheet,
                            item.row,
                            f"relevant of the note {item.name!r}: a note on a page with questions is shown with the page; not imported",
                        )
                    )
                continue
            question = self.finish(item)
            condition = self.combined(conditions, page_index)
            if condition is not None:
                question["show_if"] = condition
            page["questions"].append(question)
            page["_drafts"].append(item)
            self.placed(item, page_index)
        if page is None:
            self.not_mapped.append(
                XLSFormProblem(
                    self.survey_sheet,
                    group.row,
                    f"the group {group.name!r} has no question SafeVoice could import",
                )
            )

    def grids(self, items: list[Any]) -> list[Any]:
        """Every table-list group of single choices on one list becomes one likert grid question."""
        result: list[Any] = []
        for item in items:
            if isinstance(item, _Group):
                grid = self.as_grid(item) if "table-list" in item.appearance else None
                if grid is not None:
                    result.append(grid)
                    continue
                item.children = self.grids(item.children)
            result.append(item)
        return result

    def as_grid(self, group: _Group) -> _Draft | None:
        drafts = [c for c in group.children if isinstance(c, _Draft)]
        lists = {
            d.definition.get("_list") or tuple(o["id"] for o in d.definition.get("options", []))
            for d in drafts
        }
        if not drafts or len(drafts) != len(group.children) or len(lists) != 1:
            return None
        if any(d.definition["type"] not in ("single_choice", "likert") for d in drafts):
            return None
        grid_id = self.ids.make(group.name, prefix="q")
        rows = []
        row_ids = _Ids()
        for draft in drafts:
            name = draft.name
            row_id = name[len(group.name) :].lstrip("_") if name.startswith(group.name) else name
            rows.append(
                {"id": row_ids.make(row_id or name, prefix="row"), "label": draft.definition["label"]}
            )
            self.ids.taken.discard(draft.id)  # a row of the grid, not a question of its own
            self.grid_rows.add(name)
            if draft.relevant:
                self.not_mapped.append(
                    XLSFormProblem(
                        self.survey_sheet,
                        draft.row,
                        f"relevant of the grid row {name!r}: grid rows are all shown together; not imported",
                    )
                )
        # Their names are row ids now, so a question-id rename does not apply to them.
        rows_at = {d.row for d in drafts}
        self.not_mapped = [p for p in self.not_mapped if not (p.row in rows_at and "is called" in p.message)]
        definition: dict[str, Any] = {
            "id": grid_id,
            "type": "likert_grid",
            "label": group.label or group.name,
            "option_set": self.option_set(drafts[0]),
            "rows": rows,
        }
        return _Draft(group.row, group.name, grid_id, definition, group.relevant, grid_rows=drafts)

    def option_set(self, draft: _Draft) -> str:
        """The option set of a likert or grid question: one per choice list, however many questions use it."""
        list_name = str(draft.definition.get("_list") or f"{draft.id}_scale")
        if list_name not in self.set_of_list:
            set_id = self.set_ids.make(list_name, prefix="scale")
            self.set_of_list[list_name] = set_id
            self.option_sets[set_id] = [dict(o) for o in draft.definition["options"]]
        return self.set_of_list[list_name]

    def finish(self, draft: _Draft) -> dict[str, Any]:
        definition = {k: v for k, v in draft.definition.items() if not k.startswith("_")}
        if definition["type"] == "likert":
            definition["option_set"] = self.option_set(draft)
            definition.pop("options")
        return definition

    def placed(self, draft: _Draft, page_index: int) -> None:
        for placed in (draft, *draft.grid_rows):
            self.by_name[placed.name] = placed
            self.page_of[placed.name] = page_index

    def combined(self, conditions: list[tuple[str, int, str]], page_index: int) -> dict[str, Any] | None:
        parts = [
            c
            for expression, row, what in conditions
            if (c := self.condition(expression, row, page_index=page_index, what=what))
        ]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else {"all": parts}

    def show_if(self, page: dict[str, Any], conditions: list[tuple[str, int, str]], page_index: int) -> None:
        condition = self.combined(conditions, page_index)
        if condition is not None:
            page["show_if"] = condition

    # "Please specify" boxes written by write_xlsform ---------------------------------------------------------

    def fold_other_boxes(self, items: list[Any]) -> list[Any]:
        """A text question named ``<select>__other`` right after its select, shown when one of its choices is
        selected: that choice's "please specify" box (as write_xlsform writes it), not a question of its own."""
        folded: list[Any] = []
        for item in items:
            if isinstance(item, _Group):
                item.children = self.fold_other_boxes(item.children)
            previous = folded[-1] if folded else None
            if (
                isinstance(item, _Draft)
                and isinstance(previous, _Draft)
                and item.name == previous.name + OTHER_SUFFIX
                and item.definition["type"] == "short_text"
                and previous.choice_ids
            ):
                chosen = re.findall(
                    r"selected\(\s*\$\{" + re.escape(previous.name) + r"\}\s*,\s*'([^']+)'\s*\)",
                    item.relevant,
                )
                options = {previous.choice_ids.get(c) for c in chosen}
                if chosen and None not in options:
                    for option in previous.definition["options"]:
                        if option["id"] in options:
                            option["other"] = True
                            if item.definition.get("required"):
                                option["other_required"] = True
                    self.ids.taken.discard(item.id)
                    self.not_mapped = [
                        p for p in self.not_mapped if not (p.row == item.row and p.sheet == self.survey_sheet)
                    ]
                    continue
            folded.append(item)
        return folded


#: Older and alternative spellings of types that pyxform accepts.
_TYPE_ALIASES = {
    "int": "integer",
    "string": "text",
    "select1": "select_one",
    "imei": "deviceid",
    "dateTime": "datetime",
}


def _normalise_type(text: str) -> str:
    kind = re.sub(r"\s+", " ", text.strip().lower())
    kind = re.sub(r"^select one (from )?", "select_one ", kind)
    kind = re.sub(r"^select (all that apply|multiple) (from )?", "select_multiple ", kind)
    kind = re.sub(r" or specify other$", " or_other", kind)
    kind = re.sub(r"^begin loop( over .*)?$", "begin repeat", kind)
    kind = re.sub(r"^end loop$", "end repeat", kind)
    kind = re.sub(r"^phone number$", "phone_number", kind)
    head, _, rest = kind.partition(" ")
    head = _TYPE_ALIASES.get(head, head)
    return f"{head} {rest}".strip()


def _split_top_level(expression: str, word: str) -> list[str]:
    """``expression`` split on ``word`` outside parentheses."""
    parts, depth, start = [], 0, 0
    pattern = re.compile(rf"\(|\)|\b{word}\b")
    for match in pattern.finditer(expression):
        piece = match.group(0)
        if piece == "(":
            depth += 1
        elif piece == ")":
            depth -= 1
        elif depth == 0:
            parts.append(expression[start : match.start()])
            start = match.end()
    parts.append(expression[start:])
    return [p for p in parts if p.strip()]


def _merge_any_of(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``selected(${q}, 'a') or selected(${q}, 'b')`` as one any_of."""
    merged: list[dict[str, Any]] = []
    for part in parts:
        previous = merged[-1] if merged else None
        if (
            previous
            and set(part) == {"question", "any_of"} == set(previous)
            and part["question"] == previous["question"]
        ):
            previous["any_of"] = [
                *previous["any_of"],
                *(v for v in part["any_of"] if v not in previous["any_of"]),
            ]
        else:
            merged.append(dict(part))
    return merged


_COLUMN_REASONS = {
    "calculation": "SafeVoice stores only what a person answered",
    "default": "SafeVoice never fills in an answer for anyone",
    "choice_filter": "SafeVoice shows every choice of a question",
    "constraint_message": "SafeVoice writes its own error messages",
    "required_message": "SafeVoice writes its own error messages",
    "requiredmsg": "SafeVoice writes its own error messages",
    "read_only": "every SafeVoice question can be answered",
    "repeat_count": "SafeVoice has no repeated groups",
    "parameters": "no SafeVoice question takes parameters",
    "guidance_hint": "SafeVoice shows one hint",
    "image": "SafeVoice shows no media in questions",
    "audio": "SafeVoice shows no media in questions",
    "video": "SafeVoice shows no media in questions",
    "big-image": "SafeVoice shows no media in questions",
    "media": "SafeVoice shows no media in questions",
    "trigger": "SafeVoice has no triggers",
}


def read_xlsform(path: Path, *, language: str | None = None) -> XLSFormImport:
    """Our questionnaire format from the XLSForm in ``path``; XLSFormError when it cannot be read.

    ``language``: which labels to take when the form has several (a language name as in its columns, e.g.
    "English (en)"); by default the form's default_language, else the plain label column, else the first."""
    sheets = _load_sheets(path)
    if "survey" not in sheets:
        names = ", ".join(s.name for s in sheets.values()) or "none"
        raise XLSFormError([XLSFormProblem("", None, f"there is no 'survey' sheet (sheets: {names})")])
    importer = _Importer(sheets, source_name=path.name, language=language)
    settings = importer.read_settings()
    language_name = language or settings.get("default_language", "")
    survey = sheets["survey"]
    label_languages = [_base(h)[1] for h in survey.headings if _base(h)[0] == "label"]
    if not language_name:
        language_name = "" if "" in label_languages else (label_languages[0] if label_languages else "")
    importer.language = language_name
    importer.check_sheet_names()
    importer.read_choices(
        language_name, duplicates_allowed=settings.get("allow_choice_duplicates", "").lower() in TRUE_WORDS
    )
    items = importer.read_survey(language_name)
    if importer.errors:
        raise XLSFormError(importer.errors)
    items = importer.grids(importer.fold_other_boxes(items))
    importer.place(items, [])
    importer.pages = [page for page in (_settle(page) for page in importer.pages) if page is not None]
    if not any(page.get("questions") for page in importer.pages):
        raise XLSFormError(
            [
                XLSFormProblem(survey.name, None, "no question in the form could be imported"),
                *importer.not_mapped,
            ]
        )
    title = settings.get("form_title") or settings.get("title") or path.stem
    form_id = settings.get("form_id") or settings.get("id_string") or path.stem
    slug = re.sub(r"[^a-z0-9_-]+", "-", form_id.lower()).strip("-_") or "imported"
    if not slug[0].isalpha():
        slug = f"form-{slug}"
    version = re.sub(r"[^A-Za-z0-9._-]+", "-", settings.get("version", "")).strip("-._") or "1"
    code = _language_code(language_name)
    if code is None:
        code = "en"
        importer.not_mapped.append(
            XLSFormProblem(
                "settings",
                None,
                f"the language {language_name!r} has no code SafeVoice knows: written as 'en'; change 'language' in the file",
            )
        )
    definition: dict[str, Any] = {
        "format": 1,
        "id": slug[:63],
        "version": version[:50],
        "language": code,
        "title": title,
        "start": {"heading": title},
        "confirmation": {"heading": DEFAULT_CONFIRMATION},
    }
    if importer.option_sets:
        definition["option_sets"] = importer.option_sets
    definition["pages"] = importer.pages
    order = {name: i for i, name in enumerate(("survey", "choices", "settings"))}
    importer.not_mapped.sort(key=lambda p: (order.get(p.sheet.lower(), 3), p.sheet, p.row or 0))
    imported = XLSFormImport(definition=definition, not_mapped=importer.not_mapped)
    _check_imported(imported)
    return imported


def _settle(page: dict[str, Any]) -> dict[str, Any] | None:
    """A page made from a field-list group: without questions it is an information page (or nothing)."""
    page.pop("_drafts", None)
    if page.get("type") == "information" or page.get("questions"):
        return page
    if not page.get("body_markdown"):
        return None
    settled = {
        "id": page["id"],
        "type": "information",
        "heading": page["heading"],
        "body_markdown": page["body_markdown"],
    }
    if "show_if" in page:
        settled["show_if"] = page["show_if"]
    return settled


def _language_code(name: str) -> str | None:
    if not name:
        return "en"
    bracket = re.search(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\)", name)
    if bracket:
        return bracket.group(1).lower()
    if re.fullmatch(r"[a-z]{2,3}", name.strip().lower()):
        return name.strip().lower()
    return LANGUAGE_CODES.get(name.strip().lower())


def _check_imported(imported: XLSFormImport) -> None:
    """The file we would write must pass our own loader's checks; if it does not, refuse rather than write it."""
    from safevoice.questionnaire_engine import check_document

    # Through the YAML text and back, so what is checked is what the file will say.
    document = LocatedYaml(path=Path("imported.yaml"), data=yaml.safe_load(imported.yaml_text()))
    errors = check_document(document)
    if errors:
        raise XLSFormError(
            [
                XLSFormProblem("survey", None, f"the imported questionnaire is not valid: {e.reason}")
                for e in errors
            ]
        )


# ---------------------------------------------------------------------------------------------------------------
# Writing ours as XLSForm
# ---------------------------------------------------------------------------------------------------------------


def _quote(value: str) -> str:
    return "'" + value.replace("'", "") + "'"


def _xpath(condition: Condition, questionnaire: Questionnaire) -> str:
    if isinstance(condition, Equals):
        return f"${{{condition.question}}} = {_quote(condition.value)}"
    if isinstance(condition, AnyOf):
        parts = [f"selected(${{{condition.question}}}, {_quote(v)})" for v in condition.values]
        return parts[0] if len(parts) == 1 else "(" + " or ".join(parts) + ")"
    if isinstance(condition, NoneOf):
        return (
            "not("
            + " or ".join(f"selected(${{{condition.question}}}, {_quote(v)})" for v in condition.values)
            + ")"
        )
    if isinstance(condition, Answered):
        question = questionnaire.question(condition.question)
        names = (
            [f"{condition.question}__{r.id}" for r in question.rows]
            if question is not None and question.type == QuestionType.LIKERT_GRID
            else [condition.question]
        )
        op, joiner = ("!=", " or ") if condition.expected else ("=", " and ")
        text = joiner.join(f"${{{n}}} {op} ''" for n in names)
        return text if len(names) == 1 else f"({text})"
    if isinstance(condition, All | AnyCondition):
        joiner = " and " if isinstance(condition, All) else " or "
        return "(" + joiner.join(_xpath(c, questionnaire) for c in condition.conditions) + ")"
    if isinstance(condition, Not):
        return f"not({_xpath(condition.condition, questionnaire)})"
    raise TypeError(f"no XPath for {condition!r}")  # pragma: no cover


def _both(first: Condition | None, second: Condition | None) -> Condition | None:
    conditions = tuple(c for c in (first, second) if c is not None)
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else All(conditions)


def write_xlsform(questionnaire: Questionnaire, path: Path) -> list[str]:
    """Write ``questionnaire`` as an XLSForm that pyxform converts; returns what XLSForm cannot say, in words."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    language = questionnaire.language
    language_name = f"{LANGUAGE_NAMES.get(language.split('-')[0], language)} ({language})"
    label, hint = f"label::{language_name}", f"hint::{language_name}"
    survey_columns = ["type", "name", label, hint, "required", "relevant", "constraint", "appearance"]
    survey: list[dict[str, str]] = []
    choices: list[tuple[str, str, str]] = []
    lists: dict[tuple[tuple[str, str], ...], str] = {}
    notes: list[str] = ["the start and confirmation pages are not in the form: XLSForm has no such pages"]
    if questionnaire.estimated_minutes:
        notes.append("estimated_minutes is not in the form: XLSForm has no such setting")

    def choice_list(question: Question, entries: Sequence[tuple[str, str]]) -> str:
        key = tuple(entries)
        if key not in lists:
            name = question.id if question.id not in lists.values() else f"{question.id}_choices"
            lists[key] = name
            choices.extend((name, code, text) for code, text in entries)
        return lists[key]

    def write_question(question: Question, relevant: Condition | None) -> None:
        row: dict[str, str] = {"name": question.id, label: question.label}
        if question.hint:
            row[hint] = question.hint
        if question.required:
            row["required"] = "yes"
        if relevant is not None:
            row["relevant"] = _xpath(relevant, questionnaire)
        kind = question.type
        constraints: list[str] = []
        if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.LIKERT):
            entries = [(o.id, o.label) for o in question.options]
            select = "select_multiple" if kind == QuestionType.MULTIPLE_CHOICE else "select_one"
            row["type"] = f"{select} {choice_list(question, entries)}"
            if kind == QuestionType.LIKERT:
                row["appearance"] = "likert"
            if question.max_choices:
                constraints.append(f"count-selected(.) <= {question.max_choices}")
            constraints += [
                f"(not(selected(., {_quote(o.id)})) or count-selected(.) = 1)"
                for o in question.options
                if o.exclusive and kind == QuestionType.MULTIPLE_CHOICE
            ]
            if any(o.hint for o in question.options):
                notes.append(
                    f"{question.id}: the hints of its options are not in the form (XLSForm choices have none)"
                )
        elif kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            row["type"] = "text"
            if kind == QuestionType.LONG_TEXT:
                row["appearance"] = "multiline"
            if question.max_length:
                constraints.append(f"string-length(.) <= {question.max_length}")
        elif kind == QuestionType.NUMBER:
            row["type"] = "integer"
            if question.min is not None:
                constraints.append(f". >= {question.min}")
            if question.max is not None:
                constraints.append(f". <= {question.max}")
            if question.unit:
                notes.append(
                    f"{question.id}: its unit ({question.unit}) is not in the form (XLSForm has no units)"
                )
        elif kind in (QuestionType.DATE, QuestionType.MONTH_YEAR):
            row["type"] = "date"
            month = kind == QuestionType.MONTH_YEAR
            if month:
                row["appearance"] = "month-year"
            for op, value in ((">=", question.min), ("<=", question.max)):
                if value:
                    constraints.append(f". {op} date('{value}-01')" if month else f". {op} date('{value}')")
        elif kind == QuestionType.AREA:
            entries = [
                (c.code, f"{c.label} ({c.hint})" if c.hint else c.label) for c in question.area_choices
            ]
            entries += [(NOT_SURE, "Not sure"), (PREFER_NOT_TO_SAY, "Prefer not to say")]
            row["type"] = f"select_one {choice_list(question, entries)}"
            notes.append(
                f"{question.id}: an area question, written as a choice of the {len(question.area_choices)} areas it "
                "offers; the coarser levels SafeVoice works out from the answer are not in the form"
            )
        elif kind == QuestionType.LIKERT_GRID:
            entries = [(o.id, o.label) for o in question.options]
            scale = choice_list(question, entries)
            group = {
                "type": "begin group",
                "name": question.id,
                label: question.label,
                "appearance": "table-list",
            }
            if relevant is not None:
                group["relevant"] = _xpath(relevant, questionnaire)
            if question.hint:
                group[hint] = question.hint
            survey.append(group)
            for grid_row in question.rows:
                survey.append(
                    {
                        "type": f"select_one {scale}",
                        "name": f"{question.id}__{grid_row.id}",
                        label: grid_row.label,
                    }
                )
            survey.append({"type": "end group", "name": question.id})
            return
        if constraints:
            row["constraint"] = " and ".join(constraints)
        survey.append(row)
        others = question.other_options
        if others:
            box = {
                "type": "text",
                "name": question.id + OTHER_SUFFIX,
                label: "Please specify",
                "relevant": " or ".join(f"selected(${{{question.id}}}, {_quote(o.id)})" for o in others),
                "constraint": "string-length(.) <= 200",
            }
            if all(o.other_required for o in others):
                box["required"] = "yes"
            elif any(o.other_required for o in others):
                notes.append(
                    f"{question.id}: only some of its 'please specify' boxes are required; written as optional"
                )
            survey.append(box)

    for page in questionnaire.pages:
        if page.is_information:
            row = {"type": "note", "name": page.id, label: f"{page.heading}\n\n{page.body_markdown}".strip()}
            if page.show_if is not None:
                row["relevant"] = _xpath(page.show_if, questionnaire)
            survey.append(row)
            continue
        single = page.single_question
        if single is not None and not page.body_markdown:
            write_question(single, _both(page.show_if, single.show_if))
            continue
        group = {"type": "begin group", "name": page.id, label: page.title, "appearance": "field-list"}
        if page.show_if is not None:
            group["relevant"] = _xpath(page.show_if, questionnaire)
        survey.append(group)
        if page.body_markdown:
            survey.append({"type": "note", "name": f"{page.id}_text", label: page.body_markdown.strip()})
        for question in page.questions:
            write_question(question, question.show_if)
        survey.append({"type": "end group", "name": page.id})

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "survey"
    sheet.append(survey_columns)
    for row in survey:
        sheet.append([row.get(column, "") for column in survey_columns])
    choices_sheet = workbook.create_sheet("choices")
    choices_sheet.append(["list_name", "name", label])
    for entry in choices:
        choices_sheet.append(list(entry))
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([questionnaire.title, questionnaire.id, questionnaire.version, language_name])
    for worksheet in workbook.worksheets:
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        # Text only: a label starting with "=" must stay a label.
        for row_cells in worksheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    workbook.save(path)
    return notes
