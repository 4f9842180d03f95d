"""XLSForm for staff: a questionnaire file from an uploaded XLSForm, and a consultation's questionnaire as one.
The conversion itself is the questionnaire engine's (``safevoice.questionnaire_engine.xlsform``, no Django)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from safevoice.consultations.models import Consultation
from safevoice.questionnaire_engine.xlsform import XLSFormImport, read_xlsform, write_xlsform
from safevoice.questionnaires.selectors import get_current_questionnaire


def import_xlsform_upload(*, data: bytes, file_name: str, language: str | None = None) -> XLSFormImport:
    """``read_xlsform`` for an uploaded file's bytes (XLSFormError names every problem by sheet and row)."""
    suffix = Path(file_name).suffix.lower() or ".xlsx"
    with tempfile.TemporaryDirectory(prefix="xlsform-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        imported = read_xlsform(path, language=language)
    return imported


def export_xlsform(*, consultation: Consultation, out: Path) -> list[str]:
    """Write the consultation's current questionnaire to ``out`` as an XLSForm; returns what XLSForm cannot
    say (Http404 when the consultation has no questionnaire)."""
    live = get_current_questionnaire(consultation=consultation)
    return write_xlsform(live.questionnaire, out)
