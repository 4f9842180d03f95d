from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True)
class ContentError:
    """One problem in one content file, located as precisely as the file allows."""

    file: Path
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.reason}"


class ContentErrors(Exception):
    """Every problem found in a content folder; raised before anything is written."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class LocatedYaml:
    """A parsed YAML document plus the line on which each value starts (1-based), keyed by its JSON path."""

    path: Path
    data: Any
    lines: dict[JsonPath, int] = field(default_factory=dict)

    def line_of(self, json_path: Iterable[str | int]) -> int | None:
        """The line of the deepest part of ``json_path`` that exists in the file."""
        parts = tuple(json_path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.lines.get((), None)

    def error(self, json_path: Iterable[str | int], reason: str) -> ContentError:
        return ContentError(self.path, self.line_of(json_path), reason)


def _index_lines(node: yaml.Node, here: JsonPath, lines: dict[JsonPath, int]) -> None:
    lines[here] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*here, key)] = key_node.start_mark.line + 1
            _index_lines(value_node, (*here, key), lines)
            lines[(*here, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*here, index), lines)


class _UniqueKeyLoader(yaml.SafeLoader):
    """Refuses a mapping that repeats a key: YAML would silently keep the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"the key {key!r} appears twice (first on line {seen[key]})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def read_text(path: Path) -> str:
    """A content file's text (a UTF-8 byte-order mark, as spreadsheet programs write, is dropped).

    Raises ContentErrors naming the file when it is missing or not UTF-8.
    """
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ContentErrors([ContentError(path, None, "the file is missing")]) from None
    except UnicodeDecodeError as exc:
        raise ContentErrors(
            [ContentError(path, None, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")]
        ) from None


def load_yaml(path: Path) -> LocatedYaml:
    """Parse a YAML file, raising ContentErrors with the file and line on any syntax problem."""
    text = read_text(path)
    try:
        node = yaml.compose(text, Loader=_UniqueKeyLoader)
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(part for part in (exc.context, exc.problem) if part) or "the YAML cannot be read"
        raise ContentErrors([ContentError(path, line, reason)]) from None
    lines: dict[JsonPath, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return LocatedYaml(path=path, data=data, lines=lines)


@cache
def _validator(schema_path: Path) -> Draft202012Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _describe(error: Any) -> str:
    where = "/".join(str(p) for p in error.absolute_path)
    return f"{where}: {error.message}" if where else error.message


def validate_against_schema(document: LocatedYaml, schema_path: Path) -> list[ContentError]:
    """Every schema violation in ``document``, each with its line, in file order."""
    validator = _validator(schema_path)
    errors = [
        document.error(error.absolute_path, _describe(error))
        for error in validator.iter_errors(document.data)
    ]
    return sorted(errors, key=lambda e: e.line or 0)


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
