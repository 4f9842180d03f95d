"""The analysis core, the questionnaire engine, content reading and synthetic responses run without Django, so
analysts can use them on exported data. Importing each in a fresh interpreter must load no ``django`` module."""

from __future__ import annotations

import subprocess
import sys

import pytest

PLAIN_PACKAGES = [
    "safevoice.analysis.cli",
    "safevoice.analysis.layout",
    "safevoice.analysis.tables.frequencies",
    "safevoice.analysis.tables.weighting",
    "safevoice.analysis.text.redaction",
    "safevoice.analysis.text.themes",
    "safevoice.analysis.text.assignment",
    "safevoice.questionnaire_engine",
    "safevoice.content",
    "safevoice.synthetic.sampler",
    "safevoice.synthetic.profile",
]


@pytest.mark.parametrize("module", PLAIN_PACKAGES)
def test_importing_it_loads_no_django(module: str) -> None:
    code = (
        "import sys; import importlib; "
        f"importlib.import_module({module!r}); "
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(','.join(loaded))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PATH": "/usr/bin"}
    )
    assert result.stdout.strip() == "", f"{module} loaded Django modules: {result.stdout.strip()}"
