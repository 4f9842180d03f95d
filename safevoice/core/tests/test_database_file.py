"""The SQLite database holds answers: its file, and SQLite's -wal and -shm beside it, are readable by the site's
own user only, as the secret key is."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_a_new_database_and_its_journal_are_private_to_the_sites_user(tmp_path: Path) -> None:
    database = tmp_path / "fresh.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")},
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "safevoice.config.settings",
    }
    old_umask = os.umask(0o022)  # the common default, which would make new files world-readable
    try:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    finally:
        os.umask(old_umask)
    files = [database, database.with_name("fresh.sqlite3-wal"), database.with_name("fresh.sqlite3-shm")]
    for file in files:
        if file.exists():
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert database.exists()
