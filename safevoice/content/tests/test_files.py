from pathlib import Path

import pytest

from safevoice.content import ContentErrors, load_yaml, validate_against_schema


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "manifest.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "title: ok\nsections:\n  - a\n  b: [\n")
    with pytest.raises(ContentErrors) as caught:
        load_yaml(path)
    (error,) = caught.value.errors
    assert error.file == path
    assert error.line in {3, 4, 5}


def test_repeated_key_is_refused_with_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "title: one\nslug: a\ntitle: two\n")
    with pytest.raises(ContentErrors) as caught:
        load_yaml(path)
    (error,) = caught.value.errors
    assert error.line == 3
    assert "'title' appears twice (first on line 1)" in error.reason


def test_schema_error_points_at_the_offending_value(tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(
        '{"type": "object", "properties": {"events": {"type": "array", "items": {"type": "object",'
        ' "properties": {"venue": {"type": "string"}}, "required": ["venue"]}}}}'
    )
    path = write(tmp_path, "events:\n  - venue: Hall\n  - venue: 12\n")
    errors = validate_against_schema(load_yaml(path), schema)
    assert [(e.line, e.reason) for e in errors] == [(3, "events/1/venue: 12 is not of type 'string'")]


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ContentErrors, match="not UTF-8"):
        load_yaml(path)
