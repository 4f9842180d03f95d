"""Reading content files (consultation manifests, questionnaires) with errors that name the file, line and reason.

Plain Python: no Django import, so the same checks run in the loader, in tests and from the command line.
"""

from safevoice.content.files import (
    ContentError,
    ContentErrors,
    LocatedYaml,
    load_yaml,
    read_text,
    validate_against_schema,
)

__all__ = [
    "ContentError",
    "ContentErrors",
    "LocatedYaml",
    "load_yaml",
    "read_text",
    "validate_against_schema",
]
