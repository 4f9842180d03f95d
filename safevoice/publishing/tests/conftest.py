from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

REAL_FOLDER = settings.SAFEVOICE_CONTENT_DIR / "consultations" / "serious-violence-duty-2023"

MINIMAL_MANIFEST = """\
slug: test-consultation
version: "1"
title: A test consultation
summary: Tell us what you think.
opens: "2023-09-01 09:00"
closes_at_end_of: "2023-10-27"
contact_email: team@example.org
share_text: Have your say
sections:
  - key: overview
    heading: Overview
    file: overview.md
  - key: respond
    heading: How to respond
    file: respond.md
    shows: start
privacy_notices:
  - title: Our privacy notice
    url: ""
"""

FolderFactory = Callable[..., Path]


@pytest.fixture
def consultation_folder(tmp_path: Path) -> FolderFactory:
    """A consultation folder on disk: the minimal manifest, or the text given, with its Markdown files."""

    def make(manifest: str = MINIMAL_MANIFEST, files: dict[str, str | bytes] | None = None) -> Path:
        folder = tmp_path / "consultation"
        folder.mkdir(exist_ok=True)
        (folder / "consultation.yaml").write_text(manifest, encoding="utf-8")
        default_files: dict[str, str | bytes] = {
            "overview.md": "Serious violence affects **many** communities.\n",
            "respond.md": "Complete the online survey.\n",
        }
        for name, content in {**default_files, **(files or {})}.items():
            path = folder / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return make
